"""Pagination and shared query parameters for list routes.

A cursor is an opaque token the API hands out in ``next``; it encodes a position in the
route's stable ordering (the order ``chronicle.api`` yields records in). The database is
opened read-only, so positions stay valid for the life of the server.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Annotated, Any

from fastapi import Query

from chronicle.web.errors import BadParameter

MAX_LIMIT = 500
CODE_PATTERN = r"^[A-Za-z0-9]{2,8}$"  # ISO alpha-3 and CAMEO IGO codes (UNO, EUR, MERCOSUR)
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1..500).")]
Cursor = Annotated[str | None, Query(
    max_length=64, description="The `next` token of the previous page.")]


@dataclass(slots=True, frozen=True)
class Page:
    limit: int
    offset: int

    @property
    def stop(self) -> int:
        """How many records the page needs from the start, plus one to know if more follow."""
        return self.offset + self.limit + 1


def encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    match = re.fullmatch(r"o(\d{1,9})", raw)
    if not match:
        raise BadParameter("cursor", "not a `next` token this API returned")
    return int(match.group(1))


def page_of(limit: int, cursor: str | None) -> Page:
    return Page(limit=limit, offset=decode(cursor))


def paginate(items: Iterable[Any], page: Page) -> dict[str, Any]:
    """``{"items": [...], "next": token or None}`` over any iterable, read lazily."""
    chunk = list(islice(items, page.offset, page.stop))
    more = len(chunk) > page.limit
    return {"items": chunk[:page.limit], "next": encode(page.offset + page.limit) if more else None}


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    """``RUS,VNM`` (or ``RUS-VNM``) -> ("RUS", "VNM")."""
    if value is None:
        return None
    parts = re.split(r"[,\-]", value.strip())
    if len(parts) != 2 or not all(re.fullmatch(CODE_PATTERN, p) for p in parts):
        raise BadParameter("dyad", "give two actor country codes, e.g. `RUS,VNM`")
    return parts[0].upper(), parts[1].upper()
