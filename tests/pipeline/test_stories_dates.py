"""Story dates: first/last ranges from members, and what an undated member inherits."""

from __future__ import annotations

import pytest

from chronicle.model import TimeValue
from chronicle.pipeline.stories import inherit, precision_of, story_dates


def tv(earliest: str | None, latest: str | None, precision: str = "day",
       source: str = "text") -> TimeValue:
    return TimeValue(earliest, latest, precision, source)  # type: ignore[arg-type]


@pytest.mark.parametrize(("earliest", "latest", "precision"), [
    ("2025-03-26", "2025-03-26", "day"), ("2025-03-24", "2025-03-30", "week"),
    ("2025-02-01", "2025-02-28", "month"), ("2025-01-01", "2025-12-31", "year"),
    ("1995-01-01", "2023-12-31", "year"), (None, "2025-03-26", "unknown"),
])
def test_precision_is_the_unit_a_range_fits_in(earliest: str | None, latest: str | None,
                                               precision: str) -> None:
    assert precision_of(earliest, latest) == precision


def test_first_and_last_bound_the_earliest_and_latest_member_dates() -> None:
    first, last = story_dates([tv("2021-11-30", "2021-12-06", "week"),
                               tv("2021-12-03", "2021-12-03"),
                               tv(None, "2024-09-08", "unknown", "masthead"), TimeValue()])
    assert (first.earliest, first.latest, first.precision) == ("2021-11-30", "2021-12-03", "week")
    assert (last.earliest, last.latest, last.precision) == ("2021-12-03", "2021-12-06", "week")
    assert first.source == last.source == "inferred"


def test_a_one_day_story_is_pinned_to_that_day() -> None:
    first, last = story_dates([tv("2025-03-26", "2025-03-26"), tv("2025-03-26", "2025-03-26")])
    assert first.precision == last.precision == "day"
    assert first.earliest == last.latest == "2025-03-26"


def test_one_sided_bounds_count_only_when_no_member_has_a_full_date() -> None:
    first, last = story_dates([tv(None, "2024-09-08", "unknown", "masthead"), TimeValue()])
    assert (first.earliest, first.latest, first.precision) == (None, "2024-09-08", "unknown")
    assert not last.is_known
    nothing = story_dates([TimeValue(), TimeValue()])
    assert not nothing[0].is_known and not nothing[1].is_known


def test_an_undated_member_inherits_the_story_span_never_a_day() -> None:
    first, last = story_dates([tv("2025-03-26", "2025-03-26")])
    got = inherit(TimeValue(), first, last)
    assert (got.earliest, got.latest, got.precision, got.source) == (
        "2025-03-26", "2025-04-01", "week", "inferred")
    wide = inherit(TimeValue(), *story_dates([tv("2025-02-20", "2025-02-20"),
                                              tv("2025-03-03", "2025-03-03")]))
    assert (wide.earliest, wide.latest, wide.precision) == ("2025-02-20", "2025-03-03", "month")


def test_inheriting_respects_the_articles_own_bound() -> None:
    first, last = story_dates([tv("2025-03-26", "2025-03-26")])
    capped = inherit(tv(None, "2025-03-27", "unknown", "masthead"), first, last)
    assert (capped.earliest, capped.latest, capped.precision) == (
        "2025-03-21", "2025-03-27", "week")
    before = tv(None, "2025-03-20", "unknown", "masthead")
    assert inherit(before, first, last) == before  # contradicts the story: keep its own
    own = tv("2025-03-27", "2025-03-27")
    assert inherit(own, first, last) is own
    assert inherit(TimeValue(), TimeValue(), TimeValue()) == TimeValue()
    crawl = tv(None, "2025-03-27", "unknown", "masthead")
    assert inherit(crawl, *story_dates([crawl])) is crawl  # nothing added: keeps its source
