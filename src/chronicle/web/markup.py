"""Safe markup from untrusted article text.

Article text, titles and snippets come from crawled pages, so they are never marked up as
they are: the text is cut at annotation boundaries and every segment is escaped on its own
before tags we build are put around it. Attribute values are escaped too, classes come from
a fixed set and links only ever point at our own pages (ids checked to be hex).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape

# Classes a mark may carry; anything else is a programming error, not data.
CLASSES = frozenset({"mention", "quote", "event", "trigger", "cited", "conflict", "hit"})
_HEX_ID = re.compile(r"[0-9a-f]{4,64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(slots=True, frozen=True)
class Mark:
    """One annotation over ``[start, end)`` of a text: a class, a tooltip, a link target."""

    start: int
    end: int
    cls: str
    title: str = ""
    entity: str | None = None  # entity id: the segment links to its page
    anchor: str | None = None  # element id put on the mark's first segment
    data: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.cls not in CLASSES:
            raise ValueError(f"unknown mark class `{self.cls}`")


def clean(text: str | None) -> str:
    """Text as shown: control characters (other than newlines and tabs) dropped."""
    return _CONTROL.sub("", text or "")


def local_href(kind: str, ident: str | None, fragment: str | None = None) -> str | None:
    """A link to one of our pages, or None when ``ident`` is not a plain hex id."""
    if kind not in {"articles", "entities", "stories"} or not ident:
        return None
    if not _HEX_ID.fullmatch(ident):
        return None
    href = f"/{kind}/{quote(ident, safe='')}"
    return href + (f"#{quote(fragment, safe='-_')}" if fragment else "")


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` escaped, with each mark wrapped around the segments it covers.

    Overlapping marks are fine: the text is cut at every boundary and each segment gets
    the union of the classes covering it, so the output is always well nested.
    """
    text = text or ""
    kept = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)),
                  key=lambda m: (m.start, -m.end))
    cuts = sorted({0, len(text), *(m.start for m in kept), *(m.end for m in kept)})
    out: list[str] = []
    anchored: set[str] = set()
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        active = [m for m in kept if m.start <= lo and hi <= m.end]
        out.append(_segment(clean(text[lo:hi]), active, anchored))
    return Markup("".join(out))


def _segment(piece: str, active: Sequence[Mark], anchored: set[str]) -> str:
    body = str(escape(piece))
    if not active:
        return body
    classes = sorted({m.cls for m in active})
    attrs = [f'class="{" ".join(classes)}"']
    titles = [m.title for m in active if m.title]
    if titles:
        attrs.append(f'title="{escape(" · ".join(dict.fromkeys(titles)))}"')
    for mark in active:
        if mark.anchor and mark.anchor not in anchored:
            anchored.add(mark.anchor)
            attrs.append(f'id="{escape(mark.anchor)}"')
        attrs += [f'data-{escape(k)}="{escape(v)}"' for k, v in mark.data]
    inner = f'<span {" ".join(attrs)}>{body}</span>'
    entity = next((m.entity for m in active if m.entity), None)
    href = local_href("entities", entity)
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def snippet(text: str | None) -> Markup:
    """An FTS snippet whose hits are marked ``\\x02 ... \\x03``: escaped, hits in <mark>."""
    out: list[str] = []
    for i, part in enumerate(re.split(r"[\x02\x03]", text or "")):
        piece = str(escape(clean(part)))
        out.append(f"<mark>{piece}</mark>" if i % 2 else piece)
    return Markup("".join(out))


def mark_in(sentence: str | None, needle: str | None) -> Markup:
    """A sentence with the first occurrence of ``needle`` marked (mention in its context)."""
    sentence = sentence or ""
    at = sentence.find(needle) if needle else -1
    if at < 0:
        return Markup(escape(clean(sentence)))
    return highlight(sentence, [Mark(at, at + len(needle or ""), "hit")])
