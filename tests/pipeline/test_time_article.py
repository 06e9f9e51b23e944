"""Dating a whole article: the iterative anchor, context words, captions and the stage."""

from __future__ import annotations

from chronicle.model import Article, RemovedSpan, TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.time import date_article, resolve_article, resolve_captions, run


def make(paragraphs: list[str], *, captions: list[str] | None = None,
         metadata: dict | None = None, removed: list[RemovedSpan] | None = None) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(id="a1", source_path="a1.txt", raw_text=text, text=text,
                   paragraphs=paragraphs, captions=captions or [], metadata=metadata or {},
                   removed=removed or [])


def by_text(article: Article) -> dict[str, TimeValue]:
    _, dated = resolve_article(article)
    return {span.text: value for span, value in dated}


TALKS = [
    "Chile's president on Monday held talks with Peru's leader in Lima as part of a tour.",
    "The two sides agreed to expand trade, and said a customs deal would follow in 2024.",
    "Peru's leader had visited Santiago on Thursday of the previous week.",
]
# March 6, 2023 is a Monday.
CAPTION_MONDAY = "The two presidents shake hands at the palace, Lima, Peru, March 6, 2023"


def test_caption_date_pins_a_matching_weekday_and_bounds_publication() -> None:
    article = make(TALKS, captions=[CAPTION_MONDAY])
    published, dated = resolve_article(article)
    assert (published.earliest, published.latest, published.precision, published.source) == (
        "2023-03-06", "2023-03-12", "week", "inferred")
    monday = next(v for s, v in dated if s.text == "Monday")
    assert (monday.earliest, monday.latest, monday.precision) == ("2023-03-06", "2023-03-06", "day")
    # Another weekday is only narrowed to the candidates the window allows.
    thursday = next(v for s, v in dated if s.text == "Thursday")
    assert thursday.precision != "day"
    assert (thursday.earliest, thursday.latest) == ("2023-03-02", "2023-03-09")


def test_a_date_on_another_weekday_pins_nothing() -> None:
    caption = "The two presidents shake hands at the palace, Lima, Peru, March 7, 2023"  # Tuesday
    published, dated = resolve_article(make(TALKS, captions=[caption]))
    assert published.precision != "day"
    monday = next(v for s, v in dated if s.text == "Monday")
    assert monday.precision != "day"


def test_a_distant_historical_date_does_not_pin_a_weekday() -> None:
    paragraphs = [TALKS[0], *["Trade between the neighbours has grown for years."] * 4,
                  "Their border treaty, signed on March 6, 1995, still holds."]  # also a Monday
    _, dated = resolve_article(make(paragraphs))
    monday = next(v for s, v in dated if s.text == "Monday")
    # Only what the treaty date allows: on or after it, with no end.
    assert (monday.earliest, monday.latest, monday.precision) == ("1995-03-06", None, "unknown")


def test_two_weekdays_pinned_together_narrow_publication() -> None:
    body = ["Kenya's envoy arrived in Accra on Monday and met Ghana's president on Tuesday.",
            "Officials released photographs dated March 6, 2023 and March 7, 2023."]
    published, dated = resolve_article(make(body))
    assert (published.earliest, published.latest) == ("2023-03-07", "2023-03-12")
    values = {s.text: v for s, v in dated}
    assert values["Monday"].earliest == values["Monday"].latest == "2023-03-06"
    assert values["Tuesday"].earliest == values["Tuesday"].latest == "2023-03-07"


def test_previous_day_counts_from_the_last_day_named() -> None:
    body = ["Japan's foreign minister arrived in Oslo on Thursday, after a stop in Helsinki "
            "the previous day.",
            "Talks began in 2022 and resumed the following year."]
    meta = {"published_raw": "2023-05-12"}  # a Friday
    values = by_text(make(body, metadata=meta))
    assert values["Thursday"].earliest == "2023-05-11"
    prev = values["the previous day"]
    assert (prev.earliest, prev.latest, prev.precision) == ("2023-05-10", "2023-05-10", "day")
    assert values["the following year"].earliest == "2023-01-01"


def test_previous_day_of_an_unknown_day_stays_unknown() -> None:
    body = ["Norway's premier arrived in Tokyo on Thursday, after a stop in Seoul "
            "the previous day."]
    values = by_text(make(body))
    assert not values["Thursday"].is_known
    assert not values["the previous day"].is_known
    assert values["the previous day"].evidence is not None  # still cited


def test_spans_point_into_the_cleaned_text() -> None:
    article = make(TALKS, captions=[CAPTION_MONDAY])
    _, dated = resolve_article(article)
    assert dated, "expected dates"
    for span, value in dated:
        assert article.text[span.start : span.end] == span.text
        assert value.evidence == span


def test_extra_spans_from_another_recogniser_are_dated() -> None:
    body = ["2019 was a difficult year for Peru's miners, the ministry said on Monday."]
    start = 0
    _, dated = resolve_article(make(body, metadata={"published_raw": "2020-02-05"}),
                               extra_spans=[(start, 4)])
    assert [s.text for s, _ in dated] == ["2019", "Monday"]
    assert dated[0][1].precision == "year"


def test_caption_dates_are_returned_apart() -> None:
    article = make(TALKS, captions=["A market in Lima.", CAPTION_MONDAY])
    [caption] = resolve_captions(article)
    assert (caption.caption, caption.text) == (1, "March 6, 2023")
    assert caption.value.earliest == caption.value.latest == "2023-03-06"


def test_stage_sets_published_counts_and_passes_duplicates_through() -> None:
    ctx = RunContext()
    kept = make(TALKS, metadata={"published_raw": "2023-03-07"})
    dup = make(TALKS)
    dup.status = "duplicate"
    results = list(run([kept, dup], ctx))
    assert results[1] == (dup, [])
    assert kept.published.earliest == "2023-03-07" and kept.published.source == "metadata"
    assert ctx.stats["time_published_metadata"] == 1
    assert ctx.stats["time_expressions"] == len(results[0][1]) == 4
    # "Monday" = March 6 and "Thursday" = March 2; the stated year and "the previous
    # week" are not days.
    assert ctx.stats["time_expressions_day"] == 2


def test_date_article_without_any_evidence_invents_nothing() -> None:
    ctx = RunContext()
    article = make(["Ghana's cabinet met on Wednesday and again on Friday.",
                    "The ruling party has governed since 2017."])
    dated = date_article(article, ctx)
    assert article.published == TimeValue.unknown()
    assert ctx.stats["time_published_none"] == 1
    assert all(v.precision != "day" for _, v in dated)
