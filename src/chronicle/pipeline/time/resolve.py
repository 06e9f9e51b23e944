"""Resolve one date expression against an anchor (the publication date, maybe a range).

The anchor may be one day, a range, half-open (a masthead gives only an upper bound) or
unknown. Every relative reading is a monotone function of the anchor day, so for an
anchor range the answer lies between the readings at its two ends; it keeps precision
"day" only when both ends agree. A year-less date with no usable anchor borrows the
year the article states, and only when that year is unambiguous.

How a year-less date picks its year: the occurrence nearest the anchor, with the
reference point moved 3 months into the past (or future) by the sentence's tense, so
"on December 13" in a past-tense sentence published December 3 is still this year's
(reported plans say "said"), but "in March" said in December is last March.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Literal

from chronicle.model import TimeValue
from chronicle.pipeline.time import days as dd
from chronicle.pipeline.time.days import Interval
from chronicle.pipeline.time.find import parse
from chronicle.pipeline.time.grammar import Expr

Tense = Literal["past", "future", "unknown"]

_DAY_SHIFT = {"past": -90, "future": 90, "unknown": 0}  # days
_MONTH_SHIFT = {"past": -3, "future": 3, "unknown": 0}  # months
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
DayFn = Callable[[date], Interval | None]


def resolve(
    expression: str,
    anchor: TimeValue,
    years: Sequence[int] = (),
    tense: Tense = "past",
    context: TimeValue | None = None,
) -> TimeValue:
    """The dates ``expression`` can mean, given the anchor, the article's years and tense.

    ``context`` is the nearest preceding resolved date, used by "the previous day",
    "a year later" and the like. Evidence is left to the caller.
    """
    expr = parse(expression)
    if expr is None:
        return TimeValue.unknown()
    return resolve_expr(expr, anchor, years, tense, context)


def resolve_expr(
    expr: Expr,
    anchor: TimeValue,
    years: Sequence[int] = (),
    tense: Tense = "past",
    context: TimeValue | None = None,
) -> TimeValue:
    if expr.explicit:
        iv = explicit_interval(expr)
        return dd.interval_value(iv, "text") if iv else TimeValue.unknown()
    if expr.kind == "relative" and expr.base == "context":
        return _from_context(expr, context)
    fn = day_function(expr, tense)
    lo, hi = dd.bounds(anchor)
    result = dd.over_anchor(fn, lo, hi) if fn else None
    if _year_less(expr) and not _pinned(result):
        by_year = _from_years(expr, years, result)
        if by_year is not None:
            return by_year
    return _value(result)


def explicit_interval(expr: Expr) -> Interval | None:
    if expr.kind == "decade" and expr.year is not None:
        return dd.year_interval(expr.year, expr.year + 9)
    if expr.kind in ("either", "range"):
        ivs = [explicit_interval(p) for p in expr.parts]
        if any(iv is None for iv in ivs):
            return None
        first, last = ivs[0], ivs[-1]
        assert first is not None and last is not None
        if expr.kind == "either":
            return dd.union(first, last)
        coarse = max(first.precision, last.precision, key=_PRECISION_RANK.__getitem__)
        return Interval(first.lo, last.hi, coarse)
    if expr.kind != "date" or expr.year is None:
        return None
    return _in_year(expr, expr.year)


def _in_year(expr: Expr, year: int) -> Interval | None:
    if expr.month is None:
        return dd.year_interval(year)
    if expr.day is None:
        return dd.month_interval(year, expr.month)
    found = dd.safe_date(year, expr.month, expr.day)
    return dd.day(found) if found else None


def day_function(expr: Expr, tense: Tense) -> DayFn | None:
    """What the expression means for one anchor day, or None if no anchor can help."""
    if expr.kind == "weekday" and expr.weekday is not None:
        wd, mod = expr.weekday, expr.modifier
        return lambda d: weekday_interval(wd, mod, tense, d)
    if expr.kind == "relative":
        return lambda d: relative_interval(expr, d, tense)
    if expr.kind == "range":
        return lambda d: _range_interval(expr, d, tense)
    if expr.kind == "date" and expr.month is not None:
        return lambda d: _date_interval(expr, d, tense)
    return None


def _date_interval(expr: Expr, d: date, tense: Tense) -> Interval | None:
    assert expr.month is not None
    if expr.day is None:
        year, month = pick_month(expr.month, d, tense, expr.modifier)
        return dd.month_interval(year, month)
    found = pick_day(expr.month, expr.day, d, tense, expr.weekday)
    return dd.day(found) if found else None


def _range_interval(expr: Expr, d: date, tense: Tense) -> Interval | None:
    first = _date_interval(expr.parts[0], d, tense)
    return _range_from(expr, first) if first else None


def _range_in_year(expr: Expr, year: int) -> Interval | None:
    first = _in_year(expr.parts[0], year)
    return _range_from(expr, first) if first else None


def _range_from(expr: Expr, first: Interval) -> Interval | None:
    """The range whose start is ``first``: its end is the first such date after it."""
    start, end = expr.parts
    if end.month is None:
        return None
    wraps = (end.month, end.day or 31) < (start.month or 1, start.day or 1)
    last = _in_year(end, first.lo.year + (1 if wraps else 0))
    return Interval(first.lo, last.hi, first.precision) if last else None


def pick_day(month: int, dom: int, d: date, tense: Tense, weekday: int | None = None
             ) -> date | None:
    """The year-less date's occurrence nearest the tense-shifted anchor day."""
    found = [c for y in (d.year - 1, d.year, d.year + 1) if (c := dd.safe_date(y, month, dom))]
    if weekday is not None and any(c.weekday() == weekday for c in found):
        found = [c for c in found if c.weekday() == weekday]
    shift = _DAY_SHIFT[tense]
    return min(found, key=lambda c: (abs((c - d).days - shift), c), default=None)


def pick_month(month: int, d: date, tense: Tense, modifier: str | None = None
               ) -> tuple[int, int]:
    now = d.year * 12 + d.month - 1
    options = [(y * 12 + month - 1) for y in (d.year - 1, d.year, d.year + 1)]
    if modifier == "last":
        index = max(o for o in options if o < now)
    elif modifier == "next":
        index = min(o for o in options if o > now)
    elif modifier == "this":
        index = d.year * 12 + month - 1
    else:
        shift = _MONTH_SHIFT[tense]
        index = min(options, key=lambda o: (abs(o - now - shift), o))
    return index // 12, index % 12 + 1


def weekday_interval(wd: int, modifier: str | None, tense: Tense, d: date) -> Interval:
    """"Thursday" for an anchor day: the latest on/before it when past, and so on."""
    if modifier == "last":
        return dd.day(d - timedelta(days=(d.weekday() - wd - 1) % 7 + 1))
    if modifier == "next":
        return dd.day(d + timedelta(days=(wd - d.weekday() - 1) % 7 + 1))
    if modifier == "this":
        return dd.day(d - timedelta(days=d.weekday() - wd))
    before = dd.day(d - timedelta(days=(d.weekday() - wd) % 7))
    after = dd.day(d + timedelta(days=(wd - d.weekday()) % 7))
    if tense == "past":
        return before
    return after if tense == "future" else dd.union(before, after)


def relative_interval(expr: Expr, d: date, tense: Tense = "past") -> Interval | None:
    unit, offset, mod = expr.unit, expr.offset, expr.modifier
    if unit == "day":
        return dd.day(d + timedelta(days=offset))
    if unit == "night":  # "last night": the evening before, or this one
        return dd.union(dd.day(d - timedelta(days=1)), dd.day(d))
    if unit == "weekend":
        return _weekend(d, offset, tense, mod)
    if mod == "past":
        return _rolling(unit, -offset, d)
    if unit == "week":
        period = dd.week_interval(d + timedelta(weeks=offset))
    elif unit == "month":
        period = dd.month_interval(*dd.shift_months(d.year, d.month, offset))
    elif unit == "year":
        period = dd.year_interval(d.year + offset)
    else:
        return None
    if offset == 0 and mod == "earlier":
        return Interval(period.lo, d, period.precision)
    if offset == 0 and mod == "later":
        return Interval(d, period.hi, period.precision)
    return period


def _rolling(unit: str | None, n: int, d: date) -> Interval:
    if unit == "week":
        lo = d - timedelta(weeks=n)
    else:
        months = n * (12 if unit == "year" else 1)
        year, month = dd.shift_months(d.year, d.month, -months)
        lo = date(year, month, min(d.day, dd.days_in_month(year, month)))
    return Interval(lo, d, dd.vague_precision(lo, d))


def _weekend(d: date, offset: int, tense: Tense, mod: str | None) -> Interval:
    def at(sat: date) -> Interval:
        return Interval(sat, sat + timedelta(days=1), "week")

    if mod == "this":
        return at(d - timedelta(days=d.weekday() - 5))
    past = at(d - timedelta(days=(d.weekday() - 5) % 7))
    coming = at(d + timedelta(days=(5 - d.weekday()) % 7))
    if offset < 0 or (offset == 0 and tense == "past"):
        return past
    return coming if offset > 0 or tense == "future" else dd.union(past, coming)


def _from_context(expr: Expr, context: TimeValue | None) -> TimeValue:
    lo, hi = dd.bounds(context)
    if context is not None and context.precision == "day" and lo and hi and lo != hi:
        # After a stated range ("from May 3 to 5"), "the next day" counts from its end.
        lo, hi = (hi, hi) if expr.offset > 0 else (lo, lo)
    return _value(dd.over_anchor(lambda d: relative_interval(expr, d), lo, hi))


def _year_less(expr: Expr) -> bool:
    return expr.kind in ("date", "range") and not expr.explicit


def _pinned(result: tuple[date | None, date | None, str] | None) -> bool:
    return result is not None and None not in result[:2] and result[2] not in ("week", "unknown")


def _from_years(
    expr: Expr, years: Sequence[int], result: tuple[date | None, date | None, str] | None
) -> TimeValue | None:
    """The article's one stated year, if the date fits it and the anchor's bounds."""
    distinct = sorted(set(years))
    head = expr.parts[0] if expr.kind == "range" else expr
    if head.weekday is not None and head.month and head.day and len(distinct) > 1:
        distinct = [y for y in distinct
                    if (c := dd.safe_date(y, head.month, head.day)) and c.weekday() == head.weekday]
    if len(distinct) != 1:
        return None
    iv = _range_in_year(expr, distinct[0]) if expr.kind == "range" else _in_year(expr, distinct[0])
    if iv is None or not _within(iv, result):
        return None
    return dd.interval_value(iv, "inferred")


def _within(iv: Interval, result: tuple[date | None, date | None, str] | None) -> bool:
    if result is None:
        return True
    lo, hi, _ = result
    return (lo is None or lo <= iv.lo) and (hi is None or iv.hi <= hi)


def _value(result: tuple[date | None, date | None, str] | None) -> TimeValue:
    if result is None:
        return TimeValue.unknown()
    lo, hi, precision = result
    return dd.to_value(lo, hi, precision, "inferred")  # type: ignore[arg-type]
