"""What an article says about its own time: every date expression with its tense,
the explicit days it states, and the years it presents as current.

Body hits carry offsets into ``article.text``; caption and title hits are kept apart
(captions are not in the text) but count as evidence for the anchor.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from chronicle.model import Article
from chronicle.pipeline.time import lexicon as lx
from chronicle.pipeline.time.find import Found, scan
from chronicle.pipeline.time.resolve import Tense, explicit_interval

Where = Literal["body", "caption", "title"]

# A future cue spans its verb group ("will be held"), so "held" there is not a past cue.
_FUTURE = re.compile(
    r"(?:\b(?:will|shall|would|won['’]t|(?:is|are|was|were)\s+(?:due|set|scheduled|expected"
    r"|slated|going|planning)\s+to|plans?\s+to|to\s+be)|['’]ll)"
    r"(?:\s+(?:not|also|then|soon|now|again|be|have|been))*\s+[a-z]+\b"
    r"|\b(?:upcoming|forthcoming|scheduled|slated|due\s+to|next(?!\s+to\b))\b")
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|held|met|took|came|went|made|saw|began|gave|left|won|"
    r"led|paid|sent|spoke|ago|spent|sued|flew|ran|wrote|fought|brought|bought|sought|lost|"
    r"struck|stood|sat|kept|felt|fell|rose|drew|grew|threw|chose|broke|spoke|swore|tore|"
    r"became|found|heard|meant|taught|caught|won|shot|led|fled|sold|built|sent|overtook|"
    r"withdrew|undertook|(?!(?:hundred|indeed|need|speed|proceed|succeed|exceed|feed|seed"
    r"|bleed|breed)\b)[a-z]\w{2,}ed)\b")
_CLAUSE_BOUNDARY = re.compile(r"\b(?:that|which|because|although|whereas)\b|;")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_REACH = 400  # characters: tense cues further away belong to another sentence
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z\"“‘(])|\n+")
# Years after these words read as the story's own time ("in 2021"); "until 2030" does not.
_CURRENT_YEAR_CUES = frozenset({"in", "during", "throughout", "early", "mid", "late"})
# A full date after these words is a deadline, not something that already happened.
_DEADLINE_CUES = frozenset({"by", "until", "till", "before", "through"})


@dataclass(slots=True, frozen=True)
class Hit:
    """One date expression found in the article, wherever it sits."""

    found: Found
    where: Where
    tense: Tense
    block: int = 0  # index into article.paragraphs, or into article.captions
    previous_word: str = ""


@dataclass(slots=True)
class Evidence:
    body: list[Hit] = field(default_factory=list)
    other: list[Hit] = field(default_factory=list)  # captions and title

    def all(self) -> list[Hit]:
        return self.body + self.other


def collect(article: Article, extra_spans: Iterable[Sequence[int]] | None = None) -> Evidence:
    evidence = Evidence()
    # Paragraphs are blank-line separated in the cleaned text.
    starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(article.text)]
    for found in scan(article.text, extra_spans):
        para = bisect.bisect_right(starts, found.start) - 1
        evidence.body.append(_hit(article.text, found, "body", para))
    for index, caption in enumerate(article.captions):
        evidence.other += [_hit(caption, f, "caption", index) for f in scan(caption)]
    if article.title:
        evidence.other += [_hit(article.title, f, "title") for f in scan(article.title)]
    return evidence


def _hit(text: str, found: Found, where: Where, block: int = 0) -> Hit:
    return Hit(found, where, tense_at(text, found.start, found.end), block,
               lx.previous_word(text, found.start))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``[start, end)``, looking at most ``_REACH`` characters away."""
    lo = floor = max(0, start - _REACH)
    for m in _SENTENCE_END.finditer(text, floor, start):
        lo = m.end()
    after = _SENTENCE_END.search(text, end, end + _REACH)
    return lo, after.start() + 1 if after else min(len(text), end + _REACH)


def tense_at(text: str, start: int, end: int) -> Tense:
    """Past or future from the verb cue nearest the expression in its clause.

    A clause boundary ("that", "which", ";") between a cue and the expression puts the cue
    in another clause: in "said on Tuesday that talks would resume", Tuesday is past.
    """
    lo, hi = sentence_around(text, start, end)
    for boundary in _CLAUSE_BOUNDARY.finditer(text, lo, hi):
        if boundary.end() <= start:
            lo = max(lo, boundary.end())
        elif boundary.start() >= end:
            hi = min(hi, boundary.start())
            break
    future = [m.span() for m in _FUTURE.finditer(text, lo, hi)]
    past = [m.span() for m in _PAST.finditer(text, lo, hi)
            if not any(a <= m.start() < b for a, b in future)]
    best: tuple[int, Tense] | None = None
    for spans, tense in ((future, "future"), (past, "past")):
        for a, b in spans:
            if start <= a < end:
                continue  # a cue inside the expression itself ("ago")
            gap = start - b if b <= start else a - end
            if best is None or gap < best[0]:
                best = (gap, tense)  # type: ignore[assignment]
    return best[1] if best else "unknown"


def explicit_days(evidence: Evidence) -> list[tuple[date, Hit]]:
    """Days the article states in full (with a year), excluding future and deadlines."""
    days: list[tuple[date, Hit]] = []
    for hit in evidence.all():
        expr = hit.found.expr
        if expr.kind != "date" or expr.day is None or not expr.explicit:
            continue
        if hit.tense == "future" or hit.previous_word in _DEADLINE_CUES:
            continue
        iv = explicit_interval(expr)
        if iv is not None:
            days.append((iv.lo, hit))
    return days


def stated_years(evidence: Evidence, lo: date | None = None, hi: date | None = None
                 ) -> tuple[int, ...]:
    """Years the article states as past or present, within the anchor's bounds.

    Full dates and month-years count wherever they are; a bare year only after a cue
    like "in" ("in 2021", not "until 2030"); a range of years states both of its ends
    ("1991-2021"). The caller treats more than one distinct year as ambiguous: an
    anniversary story naming 1908 and 2016 has no single year.
    """
    years: set[int] = set()
    for hit in evidence.all():
        expr = hit.found.expr
        if hit.tense == "future":
            continue
        if expr.kind == "range":
            # "1991-2021", "from 2019 to 2023": a span of years states both of its ends
            ends = {p.year for p in (expr.parts[0], expr.parts[-1]) if p.year is not None}
            years |= {y for y in ends if not (lo and y < lo.year or hi and y > hi.year)}
            continue
        if expr.kind != "date" or expr.year is None:
            continue
        if lo and expr.year < lo.year or hi and expr.year > hi.year:
            continue
        if expr.month is not None or hit.previous_word in _CURRENT_YEAR_CUES or expr.modifier:
            years.add(expr.year)
    return tuple(sorted(years))


def latest_past_day(evidence: Evidence, hi: date | None = None) -> tuple[date, Hit] | None:
    """The latest full date stated as past: the article cannot be older than it."""
    days = [(d, h) for d, h in explicit_days(evidence) if hi is None or d <= hi]
    return max(days, key=lambda item: item[0], default=None)
