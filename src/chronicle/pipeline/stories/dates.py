"""Story dates: a story's first and last dates from its members', and what undated members inherit.

Every value is an honest range with its precision stated. ``first`` is the range the
story's earliest known date must lie in (``[min earliest, min latest]``), ``last`` the one
its latest must lie in (``[max earliest, max latest]``). Members whose date is only
bounded on one side (a crawl date, a masthead) count only when no member has a full range.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from chronicle.model import Precision, TimeValue

INHERIT_MIN_DAYS = 7  # an inherited date is never narrower than a week: it is not pinned


def precision_of(earliest: str | None, latest: str | None) -> Precision:
    """The precision a range honestly has: the unit its width fits in."""
    if earliest is None or latest is None:
        return "unknown"
    width = (date.fromisoformat(latest) - date.fromisoformat(earliest)).days
    if width <= 0:
        return "day"
    return "week" if width < 7 else "month" if width < 31 else "year"


def _range(earliest: str | None, latest: str | None) -> TimeValue:
    return TimeValue(earliest, latest, precision_of(earliest, latest), "inferred")


def story_dates(members: Sequence[TimeValue]) -> tuple[TimeValue, TimeValue]:
    """``(first, last)`` over the members' dates; unknown when no member has a date."""
    full = [m for m in members if m.earliest and m.latest and m.precision != "unknown"]
    if full:
        first = _range(min(m.earliest for m in full if m.earliest),
                       min(m.latest for m in full if m.latest))
        last = _range(max(m.earliest for m in full if m.earliest),
                      max(m.latest for m in full if m.latest))
        return first, last
    lows = [m.earliest for m in members if m.earliest]
    highs = [m.latest for m in members if m.latest]
    # One-sided bounds: the story starts no later than the smallest upper bound, and
    # ends no earlier than the largest lower bound; the other ends stay open.
    first = TimeValue(None, min(highs) if highs else None, "unknown",
                      "inferred" if highs else "none")
    last = TimeValue(max(lows) if lows else None, None, "unknown",
                     "inferred" if lows else "none")
    return first, last


def inherit(article_published: TimeValue, story_first: TimeValue,
            story_last: TimeValue) -> TimeValue:
    """The date an article shows inside its story.

    Its own date when it has one. An undated member takes the story's span (from the
    first date's lower bound to the last date's upper bound), cut by any one-sided bound
    of its own, never narrower than ``INHERIT_MIN_DAYS``: it is about the story, but no
    day is pinned for it.
    """
    own = article_published
    if own.precision != "unknown":
        return own
    lo, hi = story_first.earliest, story_last.latest
    if own.latest and (hi is None or own.latest < hi):
        hi = own.latest
    if own.earliest and (lo is None or own.earliest > lo):
        lo = own.earliest
    if (lo is None and hi is None) or (lo and hi and lo > hi):
        return own  # nothing to add, or the story's dates contradict the article's own bound
    if lo and hi and _days(lo, hi) < INHERIT_MIN_DAYS - 1:
        lo, hi = _widen(lo, hi, own.earliest, own.latest)
    if (lo, hi) == (own.earliest, own.latest):
        return own  # the story adds nothing to the article's own bounds
    return _range(lo, hi)


def _days(lo: str, hi: str) -> int:
    return (date.fromisoformat(hi) - date.fromisoformat(lo)).days


def _widen(lo: str, hi: str, floor: str | None, cap: str | None) -> tuple[str, str]:
    """Stretch a too-narrow range to a week: forward up to the article's own upper bound,
    then backward down to its own lower bound. Only the article's own evidence pins a day."""
    week = timedelta(days=INHERIT_MIN_DAYS - 1)
    start = date.fromisoformat(lo)
    end = min(start + week, date.fromisoformat(cap) if cap else date.max)
    if end - start < week:
        start = max(end - week, date.fromisoformat(floor) if floor else date.min)
    return start.isoformat(), end.isoformat()
