"""Keyset pagination and shared query parameters for list routes.

A list answers ``{"items": [...], "next": token | null}``. The token is the sort key of the
page's last row (``chronicle.store.keyset``), as URL-safe base64 of its JSON: the next page
is the rows after that key, read along an index, so a page deep in a list costs what the
first does and rows stored meanwhile neither shift nor repeat the ones already seen. Pages
and their JSON twins take the same tokens, and a story's or an entity's paged sections take
the tokens of the list routes they page through.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Query

from chronicle.store.keyset import Key, Page
from chronicle.web.errors import BadParameter

MAX_LIMIT = 500
MAX_CURSOR = 512  # characters of a token: a key holds at most a name of 200
# A list page's items in JSON at most: pages stay under 300 KB, and a page's encoding (about
# 5 ms per 100 KB in FastAPI) stays small beside its reads.
PAGE_BYTES = 120_000
CODE_PATTERN = r"^[A-Za-z0-9]{2,8}$"  # ISO alpha-3 and CAMEO IGO codes (UNO, EUR, MERCOSUR)
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1..500).")]
CURSOR_HELP = "The `next` token of the previous page (the sort key of its last row)."
Cursor = Annotated[str | None, Query(max_length=MAX_CURSOR, description=CURSOR_HELP)]


def encode(key: Key) -> str:
    raw = json.dumps(list(key), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str | None, name: str = "cursor") -> Key | None:
    """The sort key a token carries (None for no token); a token this API did not hand out
    is a 422 naming ``name``."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.b64decode(padded, altchars=b"-_", validate=True).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        key = None
    if not (isinstance(key, list) and key and len(cursor) <= MAX_CURSOR and all(
            isinstance(v, str | int | float) and not isinstance(v, bool) for v in key)):
        raise BadParameter(name, "not a `next` token this API returned")
    return tuple(key)


@contextmanager
def keyed(name: str = "cursor") -> Iterator[None]:
    """A well-formed token of another list (a key of the wrong shape) is a 422 too."""
    try:
        yield
    except (ValueError, TypeError):
        raise BadParameter(name, "not a `next` token of this list") from None


def fit(page: Page, budget: int = PAGE_BYTES) -> Page:
    """The page ended early, before its items' JSON passes ``budget`` bytes (one item at
    least): ``limit`` is a most, so a page of long records stays small."""
    size = 0
    for n, item in enumerate(page.items):
        size += len(json.dumps(item, ensure_ascii=False, default=str).encode())
        if size > budget and n:
            return page.cut(n)
    return page


def paginate(page: Page, budget: int = PAGE_BYTES) -> dict[str, Any]:
    """``{"items": [...], "next": token or None}`` of a store page, ``fit`` to ``budget``."""
    page = fit(page, budget)
    return {"items": page.items, "next": token(page)}


def token(page: Page) -> str | None:
    return encode(page.next) if page.next is not None else None


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    """``RUS,VNM`` (or ``RUS-VNM``) -> ("RUS", "VNM")."""
    if value is None:
        return None
    parts = re.split(r"[,\-]", value.strip())
    if len(parts) != 2 or not all(re.fullmatch(CODE_PATTERN, p) for p in parts):
        raise BadParameter("dyad", "give two actor country codes, e.g. `RUS,VNM`")
    return parts[0].upper(), parts[1].upper()


# --- a long article in parts -------------------------------------------------------------

PART_CHARS = 20_000  # an article's text a page shows at most, and its raw text likewise
PART_HELP = (f"Long articles come in parts of at most {PART_CHARS:,} characters of text "
             "(and of raw lines): which one (1 = the first; with `hl`, the one holding it).")
Part = Annotated[int | None, Query(ge=1, le=100_000, description=PART_HELP)]


def text_parts(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """``text`` as consecutive ``(start, end)`` ranges of at most ``size`` (``PART_CHARS``)
    characters, each ending after a paragraph break (else a line break, else a space) when
    one falls in its second half; a short text is one range."""
    size = size or PART_CHARS
    out, start = [], 0
    while len(text) - start > size:
        limit, cut = start + size, start + size
        for separator in ("\n\n", "\n", " "):
            at = text.rfind(separator, start + size // 2, limit)
            if at >= 0:
                cut = at + len(separator)
                break
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def line_parts(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """``text``'s lines as consecutive ``(first, last)`` line numbers (from 1) holding at
    most ``size`` (``PART_CHARS``) characters each (a longer line alone)."""
    size = size or PART_CHARS
    out, first, held = [], 1, 0
    for number, line in enumerate(text.split("\n"), start=1):
        if held and held + len(line) + 1 > size:
            out.append((first, number - 1))
            first, held = number, 0
        held += len(line) + 1
    out.append((first, text.count("\n") + 1))
    return out
