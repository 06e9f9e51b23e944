"""Quotation marks: pair opening and closing marks into quoted spans, paragraph by paragraph.

Double marks (straight ``"``, curly “ ”, „ and « ») are paired first. A quote still open at
the end of its paragraph runs to that paragraph's end: news style leaves a quote that goes
on in the next paragraph unclosed and reopens it there, so a paragraph that starts with an
opening mark right after such a paragraph is marked ``continued``. Single marks (' ‘ ’) are
paired only outside double quotes and only where they cannot be apostrophes (``people's``,
``’90s``); whether a single-quoted span is anybody's words is decided later, from the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
SINGLE_OPEN = "‘'"
SINGLE_CLOSE = "’'"
BEFORE_OPENING = "([{—–-/"  # characters an opening mark may follow besides a space
DOUBLE_MARKS = OPENERS + CLOSERS + STRAIGHT
ALL_MARKS = DOUBLE_MARKS + SINGLE_OPEN + SINGLE_CLOSE
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_DECADE = re.compile(r"\d\ds\b")  # ’90s is an elision, not a quote


@dataclass(slots=True)
class Marked:
    """One quoted span: where its marks are and the quoted words between them."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when the paragraph ended first
    start: int  # the quoted words, marks and edge spaces (and a trailing comma) left out
    end: int
    single: bool
    continued: bool = False  # reopens a quote left open at the end of the previous paragraph

    @property
    def outer_end(self) -> int:
        return self.close + 1 if self.close is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank lines separate them."""
    out, pos = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        out.append((pos, brk.start()))
        pos = brk.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def find(text: str) -> list[Marked]:
    """Every quoted span in ``text``, in order."""
    found: list[Marked] = []
    left_open = False
    for a, b in paragraphs(text):
        doubles = _doubles(text, a, b)
        first = len(text[a:b]) - len(text[a:b].lstrip()) + a
        if doubles and left_open and doubles[0].open == first:
            doubles[0].continued = True
        left_open = bool(doubles) and doubles[-1].close is None
        found.extend(doubles)
        gaps = _gaps(a, b, doubles)
        for lo, hi in gaps:
            found.extend(_singles(text, lo, hi))
    return sorted(found, key=lambda m: m.open)


def _looks_opening(text: str, i: int, lo: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in BEFORE_OPENING or before in ALL_MARKS) \
        and not after.isspace()


def _doubles(text: str, a: int, b: int) -> list[Marked]:
    out: list[Marked] = []
    opened: int | None = None
    for i in range(a, b):
        ch = text[i]
        if ch not in DOUBLE_MARKS:
            continue
        if opened is None:
            if ch in OPENERS or _looks_opening(text, i, a):  # else a stray mark (12")
                opened = i
        elif ch == "“" and _looks_opening(text, i, a):
            _add(out, text, opened, None, i, single=False)  # a new quote: the last one ran on
            opened = i
        else:
            _add(out, text, opened, i, i, single=False)
            opened = None
    if opened is not None:
        _add(out, text, opened, None, b, single=False)
    return out


def _add(out: list[Marked], text: str, opened: int, close: int | None, stop: int,
         single: bool) -> None:
    start, end = opened + 1, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if any(c.isalnum() for c in text[start:end]):
        out.append(Marked(opened, close, start, end, single))


def _gaps(a: int, b: int, doubles: list[Marked]) -> list[tuple[int, int]]:
    gaps, pos = [], a
    for m in doubles:
        gaps.append((pos, m.open))
        pos = m.outer_end
    gaps.append((pos, b))
    return [(lo, hi) for lo, hi in gaps if hi > lo]


def _singles(text: str, lo: int, hi: int) -> list[Marked]:
    out: list[Marked] = []
    i = lo
    while i < hi:
        if text[i] in SINGLE_OPEN and _single_opens(text, i, lo):
            close = next((j for j in range(i + 2, hi) if _single_closes(text, j, hi)), None)
            if close is not None:
                _add(out, text, i, close, close, single=True)
                i = close + 1
                continue
        i += 1
    return out


def _single_opens(text: str, i: int, lo: int) -> bool:
    after = text[i + 1: i + 4]
    if not after or not after[0].isalnum() or _DECADE.match(after):
        return False
    before = text[i - 1] if i > lo else " "
    return before.isspace() or before in BEFORE_OPENING or before in DOUBLE_MARKS


def _single_closes(text: str, j: int, hi: int) -> bool:
    if text[j] not in SINGLE_CLOSE or text[j - 1].isspace():
        return False
    after = text[j + 1] if j + 1 < hi else " "
    return not after.isalnum()
