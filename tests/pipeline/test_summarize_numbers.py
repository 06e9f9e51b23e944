"""The number grammar: phrases read as intervals; compatible paraphrases overlap."""

from __future__ import annotations

import math

import pytest

from chronicle.pipeline.summarize.numbers import Interval, find_amounts, parse_amount


@pytest.mark.parametrize(
    ("phrase", "low", "high", "unit"),
    [
        ("12", 12, 12, "count"),
        ("around a dozen", 10, 14, "count"),
        ("a dozen", 10, 14, "count"),
        ("more than 10", 10, math.inf, "count"),
        ("at least 12", 12, math.inf, "count"),
        ("fewer than 5", 0, 5, "count"),
        ("up to 50", 0, 50, "count"),
        ("nearly 30 percent", 27, 30, "percent"),
        ("about 80 per cent", 72, 88, "percent"),
        ("about 28%", 25.2, 30.8, "percent"),
        ("5.5 percentage points", 5.45, 5.55, "point"),
        ("between 10 and 12", 10, 12, "count"),
        ("two or three", 2, 3, "count"),
        ("10-12", 10, 12, "count"),
        ("twenty-five", 25, 25, "count"),
        ("1,200", 1200, 1200, "count"),
        ("dozens", 13, 120, "count"),
        ("tens of thousands", 1e4, 1e5, "count"),
        ("$2.5 billion", 2.45e9, 2.55e9, "USD"),
        ("£30m", 28.5e6, 31.5e6, "GBP"),
        ("4 million euros", 3.8e6, 4.2e6, "EUR"),
    ],
)
def test_parse_amount_reads_phrase_as_interval(phrase: str, low: float, high: float,
                                               unit: str) -> None:
    amount = parse_amount(phrase)
    assert amount is not None
    assert amount.interval.low == pytest.approx(low)
    assert amount.interval.high == pytest.approx(high)
    assert amount.unit == unit


def test_open_bounds_exclude_the_stated_value() -> None:
    more = parse_amount("more than 10")
    assert more is not None and more.interval.low_open
    assert not more.interval.meets(Interval(10, 10))
    assert more.interval.meets(Interval(11, 11))


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("around a dozen", "more than 10", True),
        ("nearly 30 percent", "about 28 percent", True),
        ("12", "15", False),
        ("at least 12", "15", True),
        ("about 80 per cent", "60 per cent", False),
        ("dozens", "hundreds", True),  # lenient bounds: vague words rarely contradict
        ("fewer than 5", "12", False),
    ],
)
def test_intervals_meet_only_for_compatible_statements(a: str, b: str,
                                                       compatible: bool) -> None:
    first, second = parse_amount(a), parse_amount(b)
    assert first is not None and second is not None
    assert first.interval.meets(second.interval) is compatible


def test_find_amounts_gives_offsets_into_the_text() -> None:
    text = "Officials said around a dozen people and nearly 30 percent of homes were hit."
    found = find_amounts(text)
    assert [a.text for a in found] == ["around a dozen", "nearly 30 percent"]
    assert all(text[a.start:a.end] == a.text for a in found)


@pytest.mark.parametrize(
    "text",
    [
        "The talks began in 2023 and ended on March 12.",
        "The meeting opened at 10:30 a.m. on 14 March.",
        "Delegates from the G20 discussed the F-16 deal and COVID-19.",
        "He came 12th in Resolution 2231 debates, said No. 10.",
        "No one came; the two leaders met between 2019 and 2021.",
        "Exports grew 15-fold over the decade.",
    ],
)
def test_numbers_that_count_nothing_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_year_counting_a_noun_is_an_amount() -> None:
    assert [a.text for a in find_amounts("About 2000 troops crossed.")] == ["About 2000"]
