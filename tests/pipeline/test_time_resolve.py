"""Resolving one expression against an anchor: days only when the anchor pins them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.model import TimeValue
from chronicle.pipeline.time import resolve


def day(iso: str) -> TimeValue:
    return TimeValue(iso, iso, "day", "metadata")


FRIDAY = day("2021-12-03")  # a Friday
UNKNOWN = TimeValue.unknown()


def triple(value: TimeValue) -> tuple[str | None, str | None, str]:
    return value.earliest, value.latest, value.precision


@pytest.mark.parametrize(
    ("expression", "tense", "expected"),
    [
        ("on Thursday", "past", ("2021-12-02", "2021-12-02", "day")),
        ("on Friday", "past", ("2021-12-03", "2021-12-03", "day")),  # the anchor day itself
        ("on Thursday", "future", ("2021-12-09", "2021-12-09", "day")),
        ("on Thursday", "unknown", ("2021-12-02", "2021-12-09", "week")),  # either: no day
        ("last Friday", "past", ("2021-11-26", "2021-11-26", "day")),
        ("next Monday", "past", ("2021-12-06", "2021-12-06", "day")),
        ("yesterday", "past", ("2021-12-02", "2021-12-02", "day")),
        ("tomorrow", "future", ("2021-12-04", "2021-12-04", "day")),
        ("last night", "past", ("2021-12-02", "2021-12-03", "week")),
        ("earlier this week", "past", ("2021-11-29", "2021-12-03", "week")),
        ("last week", "past", ("2021-11-22", "2021-11-28", "week")),
        ("over the weekend", "past", ("2021-11-27", "2021-11-28", "week")),
        ("last month", "past", ("2021-11-01", "2021-11-30", "month")),
        ("next month", "future", ("2022-01-01", "2022-01-31", "month")),
        ("last year", "past", ("2020-01-01", "2020-12-31", "year")),
        ("this year", "past", ("2021-01-01", "2021-12-31", "year")),
        ("two years ago", "past", ("2019-01-01", "2019-12-31", "year")),
        ("December 1", "past", ("2021-12-01", "2021-12-01", "day")),
        ("Dec. 13", "past", ("2021-12-13", "2021-12-13", "day")),  # reported plans say "said"
        ("in March", "past", ("2021-03-01", "2021-03-31", "month")),
        ("in March", "future", ("2022-03-01", "2022-03-31", "month")),
        ("last December", "past", ("2020-12-01", "2020-12-31", "month")),
        ("from November 29 to December 2", "past", ("2021-11-29", "2021-12-02", "day")),
    ],
)
def test_relative_expressions_against_a_day(expression: str, tense: str,
                                             expected: tuple[str, str, str]) -> None:
    value = resolve(expression, FRIDAY, tense=tense)  # type: ignore[arg-type]
    assert triple(value) == expected
    assert value.source == "inferred"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("November 30, 2021", ("2021-11-30", "2021-11-30", "day")),
        ("in 2017", ("2017-01-01", "2017-12-31", "year")),
        ("October 2020", ("2020-10-01", "2020-10-31", "month")),
        ("between 1995 and 2023", ("1995-01-01", "2023-12-31", "year")),
        ("the 1950s", ("1950-01-01", "1959-12-31", "year")),
        ("3-5 March 2021", ("2021-03-03", "2021-03-05", "day")),
        ("03/04/2021", ("2021-03-04", "2021-04-03", "unknown")),  # March 4 or April 3
        ("2/14/19", ("2019-02-14", "2019-02-14", "day")),  # only one reading is a date
    ],
)
def test_explicit_dates_need_no_anchor(expression: str, expected: tuple[str, str, str]) -> None:
    value = resolve(expression, UNKNOWN)
    assert triple(value) == expected
    assert value.source == "text"


def test_year_less_dates_wrap_around_new_year() -> None:
    new_year = day("2022-01-02")
    assert triple(resolve("December 30", new_year)) == ("2021-12-30", "2021-12-30", "day")
    assert triple(resolve("December 29 to January 2", new_year))[:2] == (
        "2021-12-29", "2022-01-02")
    assert triple(resolve("January 5", day("2021-12-30"), tense="future"))[0] == "2022-01-05"


def test_weekday_prefix_picks_the_year_it_fits() -> None:
    value = resolve("Tuesday, November 30", UNKNOWN, years=(2020, 2021, 2022))
    assert triple(value) == ("2021-11-30", "2021-11-30", "day")


def test_anchor_range_pins_a_weekday_only_when_one_day_fits() -> None:
    week = TimeValue("2021-11-30", "2021-12-06", "week", "inferred")  # Tue .. Mon
    assert triple(resolve("on Tuesday", week)) == ("2021-11-30", "2021-11-30", "day")
    assert triple(resolve("on Thursday", week)) == ("2021-11-25", "2021-12-02", "week")
    month = TimeValue("2021-11-01", "2021-11-30", "month", "metadata")
    assert resolve("on Thursday", month).precision == "unknown"


def test_upper_bound_only_gives_an_upper_bound() -> None:
    masthead = TimeValue(None, "2024-09-08", "unknown", "masthead")  # a Sunday
    value = resolve("on Thursday", masthead)
    assert triple(value) == (None, "2024-09-05", "unknown")


def test_unknown_anchor_leaves_relative_words_unknown() -> None:
    for expression in ("on Thursday", "yesterday", "last year", "earlier this week", "in May"):
        assert resolve(expression, UNKNOWN) == TimeValue.unknown(), expression


def test_years_fill_in_only_when_unambiguous() -> None:
    assert triple(resolve("December 3", UNKNOWN, years=(2021,))) == (
        "2021-12-03", "2021-12-03", "day")
    assert resolve("December 3", UNKNOWN, years=(2021, 2022)) == TimeValue.unknown()
    # A year that contradicts the anchor's bound is not used.
    bound = TimeValue(None, "2019-06-30", "unknown", "masthead")
    assert resolve("December 3", bound, years=(2021,)).precision != "day"


def test_context_expressions_count_from_the_preceding_date() -> None:
    wednesday = day("2021-12-01")
    assert triple(resolve("the previous day", UNKNOWN, context=wednesday)) == (
        "2021-11-30", "2021-11-30", "day")
    assert triple(resolve("a year later", UNKNOWN, context=wednesday)) == (
        "2022-01-01", "2022-12-31", "year")
    stay = TimeValue("2021-11-29", "2021-12-02", "day", "text")  # a stated range
    assert triple(resolve("the following day", UNKNOWN, context=stay))[0] == "2021-12-03"
    either = TimeValue("2021-11-25", "2021-12-02", "week", "inferred")
    assert triple(resolve("the previous day", UNKNOWN, context=either)) == (
        "2021-11-24", "2021-12-01", "week")
    assert resolve("the previous day", FRIDAY) == TimeValue.unknown()  # no context given


def test_unreadable_expression_is_unknown() -> None:
    assert resolve("in recent years", FRIDAY) == TimeValue.unknown()


RELATIVE = ["on Monday", "on Thursday", "last Friday", "next Sunday", "yesterday", "today",
            "the day before yesterday", "December 3", "in June", "last week", "next month",
            "last year", "over the weekend", "from May 3-5"]


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    width=st.integers(min_value=1, max_value=400),
    expression=st.sampled_from(RELATIVE),
    tense=st.sampled_from(["past", "future", "unknown"]),
)
def test_never_invent_a_day(start: date, width: int, expression: str, tense: str) -> None:
    """With an anchor of several days, a day comes out only if every anchor day agrees."""
    end = start + timedelta(days=width)
    anchor = TimeValue(start.isoformat(), end.isoformat(), "unknown", "masthead")
    value = resolve(expression, anchor, tense=tense)  # type: ignore[arg-type]
    at_start = resolve(expression, day(start.isoformat()), tense=tense)  # type: ignore[arg-type]
    at_end = resolve(expression, day(end.isoformat()), tense=tense)  # type: ignore[arg-type]
    if value.precision == "day":
        assert triple(at_start) == triple(at_end)
    if (at_start.earliest, at_start.latest) != (at_end.earliest, at_end.latest):
        assert value.precision != "day"
    assert value.earliest is not None and value.latest is not None
    assert value.earliest <= value.latest
