"""Date a whole article: its publication, then every date expression in its text.

When the publication day is not known, the article's own evidence narrows it. News
style names a weekday only for the past week, so a past-tense "on Tuesday" next to a
stated "November 30, 2021" that is a Tuesday fixes that Tuesday, and puts publication
within the six days after it. The refined anchor then resolves everything else, so
other weekdays stay ranges unless that window pins them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import NamedTuple

from chronicle.model import Article, Span, TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.time import days as dd
from chronicle.pipeline.time.evidence import Evidence, Hit, collect, explicit_days, stated_years
from chronicle.pipeline.time.foreign import foreign_dates
from chronicle.pipeline.time.publication import publication_from
from chronicle.pipeline.time.resolve import resolve_expr

Dated = list[tuple[Span, TimeValue]]
_NEAR_BLOCKS = 1  # paragraphs between a weekday and the full date that may pin it
_LEAD_BLOCKS = 3  # a date in the opening paragraphs speaks for the whole story


class CaptionDate(NamedTuple):
    """A date in a caption (captions are not in ``article.text``, so no span)."""

    caption: int
    start: int
    end: int
    text: str
    value: TimeValue


def resolve_article(
    article: Article, extra_spans: Iterable[Sequence[int]] | None = None
) -> tuple[TimeValue, Dated]:
    """The publication date and every date expression in ``article.text``, resolved.

    ``extra_spans`` are optional DATE entity spans from spaCy, used where the grammar
    found nothing. Caption dates count as evidence; see ``resolve_captions`` for them.
    """
    evidence = collect(article, extra_spans)
    anchor, pinned = refine_anchor(publication_from(article, evidence), evidence)
    return anchor, _resolve_body(article, evidence, anchor, pinned)


def refine_anchor(published: TimeValue, evidence: Evidence) -> tuple[TimeValue, dict[int, date]]:
    """Narrow an unknown or ranged publication with weekdays the article pins to dates.

    Returns the anchor and, by body hit index, the weekdays pinned to a day.
    """
    if dd.single_day(published) is not None:
        return published, {}
    lo, hi = dd.bounds(published)
    pinned = pin_weekdays(evidence, hi)
    if not pinned:
        return published, {}
    # A past "Tuesday" means publication within the week after it ("last Tuesday": after).
    offsets = {i: d + timedelta(days=_after(evidence.body[i])) for i, d in pinned.items()}
    new_lo, new_hi = dd.intersect(published, max(offsets.values()),
                                  min(offsets.values()) + timedelta(days=6))
    if new_lo is None or new_hi is None or new_lo > new_hi:
        return published, {}  # the evidence disagrees: trust none of it
    value = dd.to_value(new_lo, new_hi, dd.vague_precision(new_lo, new_hi), "inferred")
    return value, pinned


def _after(hit: Hit) -> int:
    return 1 if hit.found.expr.modifier == "last" else 0


def pin_weekdays(evidence: Evidence, hi: date | None = None) -> dict[int, date]:
    """Past-tense weekdays that exactly one nearby stated full date matches."""
    days = [(d, h) for d, h in explicit_days(evidence) if hi is None or d <= hi]
    if not days:
        return {}
    # The story is no older than its latest past date, so a weekday of the past week
    # cannot fall more than six days before that date.
    floor = max(d for d, _ in days) - timedelta(days=6)
    pinned: dict[int, date] = {}
    for index, hit in enumerate(evidence.body):
        expr = hit.found.expr
        if expr.kind != "weekday" or expr.modifier not in (None, "last") or hit.tense != "past":
            continue
        options = {d for d, h in days
                   if d.weekday() == expr.weekday and d >= floor and _near(h, hit)}
        if len(options) == 1:
            pinned[index] = options.pop()
    return pinned


def _near(stated: Hit, weekday: Hit) -> bool:
    if stated.where != "body":
        return True  # captions and the title describe the story's own moment
    return stated.block < _LEAD_BLOCKS or abs(stated.block - weekday.block) <= _NEAR_BLOCKS


def _resolve_body(article: Article, evidence: Evidence, anchor: TimeValue,
                  pinned: dict[int, date]) -> Dated:
    lo, hi = dd.bounds(anchor)
    years = stated_years(evidence, lo, hi)
    dated: Dated = []
    last_day: TimeValue | None = None  # "the previous day" counts from the last day named
    last_any: TimeValue | None = None
    for index, hit in enumerate(evidence.body):
        expr, (start, end) = hit.found.expr, hit.found[:2]
        span = Span(article.id, start, end, article.text[start:end])
        if index in pinned:
            iso = pinned[index].isoformat()
            value = TimeValue(iso, iso, "day", "inferred")
        else:
            context = last_day if expr.unit in ("day", "night") else last_any
            value = resolve_expr(expr, anchor, years, hit.tense, context)
        value = replace(value, evidence=span)
        dated.append((span, value))
        last_day = value if expr.day_level else last_day
        last_any = value if value.is_known else last_any
    return dated


def resolve_captions(article: Article, anchor: TimeValue | None = None) -> list[CaptionDate]:
    """Dates in ``article.captions``, resolved against ``anchor`` (default: publication)."""
    evidence = collect(article)
    if anchor is None:
        anchor, _ = refine_anchor(publication_from(article, evidence), evidence)
    lo, hi = dd.bounds(anchor)
    years = stated_years(evidence, lo, hi)
    out = []
    for hit in evidence.other:
        if hit.where != "caption":
            continue
        start, end = hit.found.start, hit.found.end
        value = resolve_expr(hit.found.expr, anchor, years, hit.tense)
        text = article.captions[hit.block][start:end]
        out.append(CaptionDate(hit.block, start, end, text, value))
    return out


def date_article(article: Article, ctx: RunContext) -> Dated:
    """Set ``article.published`` (refined) and return the article's dated spans."""
    published, dated = resolve_article(article)
    if article.language and article.language not in {*ctx.config.ingest.english, "unknown"}:
        # what the English grammar read for sure stays; "10/4/2023", ambiguous to it, is
        # read in the article's language (day first in Vietnamese)
        sure = [(s.start, s.end) for s, v in dated if v.precision != "unknown"]
        other = foreign_dates(article, dd.single_day(published), sure)
        dated = sorted([(s, v) for s, v in dated if not any(
            s.start < o.end and o.start < s.end for o, _ in other)] + other,
                       key=lambda item: item[0].start)
    article.published = published
    ctx.count(f"time_published_{published.source}")
    ctx.count("time_published_day" if dd.single_day(published) else "time_published_range")
    ctx.count("time_expressions", len(dated))
    ctx.count("time_expressions_day", sum(1 for _, v in dated if dd.single_day(v)))
    return dated


def run(articles: Iterable[Article], ctx: RunContext) -> Iterator[tuple[Article, Dated]]:
    """The time stage over records: kept articles are dated, others pass through."""
    for article in articles:
        yield article, date_article(article, ctx) if article.status == "kept" else []
