"""Acceptance on the five shared seed articles, read and cleaned by the real stages."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.model import Article, TimeValue
from chronicle.pipeline.clean import clean
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import read, to_article
from chronicle.pipeline.time import publication_date, resolve_article

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def seed(prefix: str) -> Article:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    [path] = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    ctx = RunContext()
    [doc] = list(read(path, ctx))
    return clean(to_article(doc), ctx)  # type: ignore[arg-type]


def dated(article: Article) -> tuple[TimeValue, dict[str, list[TimeValue]]]:
    published, pairs = resolve_article(article)
    values: dict[str, list[TimeValue]] = {}
    for span, value in pairs:
        assert article.text[span.start : span.end] == span.text
        values.setdefault(span.text, []).append(value)
    return published, values


def test_seed_004_dates_itself_with_today_and_the_stated_year() -> None:
    published, values = dated(seed("004"))
    assert (published.earliest, published.latest, published.precision, published.source) == (
        "2021-12-03", "2021-12-03", "day", "text")
    [stay] = values["from November 29 to December 2"]
    assert (stay.earliest, stay.latest) == ("2021-11-29", "2021-12-02")


def test_seed_002_caption_date_pins_the_weekday_of_the_talks() -> None:
    article = seed("002")
    published, values = dated(article)
    assert published.precision != "day"  # no metadata: unknown or a range
    [tuesday] = values["Tuesday"]
    assert (tuesday.earliest, tuesday.latest, tuesday.precision) == (
        "2021-11-30", "2021-11-30", "day")


def test_seed_003_masthead_is_only_an_upper_bound() -> None:
    article = seed("003")
    assert any(r.reason == "boilerplate:masthead" for r in article.removed)
    published, values = dated(article)
    assert published.latest == "2024-09-08"
    assert published.precision != "day" and published.source == "masthead"
    assert all(v.precision != "day" for text in ("Thursday", "Wednesday") for v in values[text])


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seeds_000_001_invent_no_day(prefix: str) -> None:
    article = seed(prefix)
    assert publication_date(article) == TimeValue.unknown()
    published, values = dated(article)
    assert published.precision != "day"
    weekdays = [v for text, vs in values.items() if text.endswith("day") for v in vs]
    assert weekdays, "the seed mentions weekdays"
    assert all(v.precision != "day" for v in weekdays)
    years = [v for text, vs in values.items() if text in ("2017", "2006") for v in vs]
    assert years and all(v.precision == "year" and v.source == "text" for v in years)
