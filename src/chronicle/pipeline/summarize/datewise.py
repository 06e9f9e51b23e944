"""The dates that matter in a set of articles, from what the articles say about days.

A day is important when many reports name it ("on June 25", "last Thursday") and when
many reports are written on it: the first is what journalists look back on, the second
what happened as it happened. Each article counts once per day it names (a day named in
five paragraphs of one article is one vote), a date named as the article's own day counts
as publication, not as a reference. Only day-precise dates count: a month names no day.
The score of a day is ``references + publication_weight * published``; the top days are
the timeline, each with the sentence that names it in the article nearest that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from chronicle.model import Span, TimeValue

PUBLICATION_WEIGHT = 0.5  # a report written on a day is weaker evidence than one naming it


@dataclass(slots=True)
class DatedArticle:
    """One article as the ranking reads it: its publication and the days its text names."""

    article_id: str
    published: TimeValue
    days: list[tuple[Span, TimeValue]] = field(default_factory=list)


@dataclass(slots=True)
class RankedDay:
    day: str  # ISO date
    score: float
    references: int  # articles that name the day
    published: int  # articles written that day
    evidence: Span | None  # a sentence-level span that names the day


def single_day(value: TimeValue) -> str | None:
    if value.precision == "day" and value.earliest and value.earliest == value.latest:
        return value.earliest
    return None


def rank_days(articles: Iterable[DatedArticle],
              publication_weight: float = PUBLICATION_WEIGHT) -> list[RankedDay]:
    """Every day the articles name or were written on, most important first (ties: earlier
    day first)."""
    refs: dict[str, set[str]] = defaultdict(set)
    pubs: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, Span] = {}
    for article in articles:
        own = single_day(article.published)
        if own:
            pubs[own].add(article.article_id)
        for span, value in article.days:
            day = single_day(value)
            if day is None or day == own:
                continue
            refs[day].add(article.article_id)
            evidence.setdefault(day, span)
    days = set(refs) | set(pubs)
    ranked = [RankedDay(d, len(refs[d]) + publication_weight * len(pubs[d]), len(refs[d]),
                        len(pubs[d]), evidence.get(d)) for d in days]
    return sorted(ranked, key=lambda r: (-r.score, r.day))


def top_days(articles: Iterable[DatedArticle], k: int, start: str | None = None,
             end: str | None = None) -> list[RankedDay]:
    """The ``k`` most important days between ``start`` and ``end`` (ISO, inclusive)."""
    chosen = [r for r in rank_days(articles) if (start is None or r.day >= start)
              and (end is None or r.day <= end)]
    return chosen[:k]
