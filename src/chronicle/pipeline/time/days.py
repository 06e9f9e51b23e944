"""Calendar arithmetic on inclusive day intervals, and their conversion to ``TimeValue``.

An ``Interval`` is what one expression means for one anchor day: a first day, a last
day and the precision those bounds carry. A single day has ``lo == hi`` and precision
"day"; an explicit multi-day range ("March 3-5") keeps precision "day" because both
ends are stated days. Uncertainty (several possible days) never gets precision "day".
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

from chronicle.model import Precision, Span, TimeSource, TimeValue

# Ranges of possible days no longer than this (in days, last - first) read as "week".
WEEK_SPAN = 7


class Interval(NamedTuple):
    lo: date
    hi: date
    precision: Precision


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def bounds(value: TimeValue | None) -> tuple[date | None, date | None]:
    if value is None:
        return None, None
    return parse_iso(value.earliest), parse_iso(value.latest)


def single_day(value: TimeValue | None) -> date | None:
    """The day a value pins down, or None when it is a range or unknown."""
    lo, hi = bounds(value)
    return lo if lo is not None and lo == hi and value and value.precision == "day" else None


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def valid_day(year: int | None, month: int, day: int) -> bool:
    # Without a year, allow Feb 29: some year has it.
    return 1 <= month <= 12 and 1 <= day <= days_in_month(year or 2000, month)


def day(d: date) -> Interval:
    return Interval(d, d, "day")


def month_interval(year: int, month: int) -> Interval:
    return Interval(date(year, month, 1), date(year, month, days_in_month(year, month)), "month")


def year_interval(year: int, last_year: int | None = None) -> Interval:
    return Interval(date(year, 1, 1), date(last_year or year, 12, 31), "year")


def week_interval(d: date) -> Interval:
    monday = d - timedelta(days=d.weekday())
    return Interval(monday, monday + timedelta(days=6), "week")


def shift_months(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, dom: int) -> date | None:
    if not 1 <= year <= 9999 or not valid_day(year, month, dom):
        return None
    return date(year, month, dom)


def vague_precision(lo: date, hi: date) -> Precision:
    return "week" if (hi - lo).days <= WEEK_SPAN else "unknown"


def union(a: Interval, b: Interval) -> Interval:
    """The smallest interval holding both; a spread of possibilities is never a "day"."""
    if a == b:
        return a
    lo, hi = min(a.lo, b.lo), max(a.hi, b.hi)
    return Interval(lo, hi, vague_precision(lo, hi))


def over_anchor(
    fn: Callable[[date], Interval | None], lo: date | None, hi: date | None
) -> tuple[date | None, date | None, Precision] | None:
    """Apply a monotone day function to both ends of an anchor range.

    Every relative reading here (last Thursday, nearest December 3, last month) moves
    forward as the anchor day does, so the possible results for an anchor range lie
    between the results at its two ends. An open end stays open.
    """
    first = fn(lo) if lo is not None else None
    last = fn(hi) if hi is not None else None
    if first is None and last is None:
        return None
    if first is not None and last is not None:
        merged = union(first, last)
        return merged.lo, merged.hi, merged.precision
    if first is not None:
        return first.lo, None, "unknown"
    assert last is not None
    return None, last.hi, "unknown"


def to_value(
    lo: date | None,
    hi: date | None,
    precision: Precision,
    source: TimeSource,
    evidence: Span | None = None,
) -> TimeValue:
    if lo is None and hi is None:
        return TimeValue.unknown()
    if lo is None or hi is None:
        precision = "unknown"
    return TimeValue(
        earliest=lo.isoformat() if lo else None,
        latest=hi.isoformat() if hi else None,
        precision=precision,
        source=source,
        evidence=evidence,
    )


def interval_value(iv: Interval, source: TimeSource, evidence: Span | None = None) -> TimeValue:
    return to_value(iv.lo, iv.hi, iv.precision, source, evidence)


def intersect(a: TimeValue, lo: date | None, hi: date | None) -> tuple[date | None, date | None]:
    """Bounds of ``a`` narrowed by ``lo``/``hi`` (None = open)."""
    a_lo, a_hi = bounds(a)
    new_lo = max(x for x in (a_lo, lo) if x is not None) if (a_lo or lo) else None
    new_hi = min(x for x in (a_hi, hi) if x is not None) if (a_hi or hi) else None
    return new_lo, new_hi
