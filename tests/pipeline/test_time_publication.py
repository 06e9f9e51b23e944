"""Publication dates: metadata first, then dateline, "today [date]", then only bounds."""

from __future__ import annotations

import pytest

from chronicle.model import Article, RemovedSpan, TimeValue
from chronicle.pipeline.time import publication_date
from chronicle.pipeline.time.publication import parse_published


def make(paragraphs: list[str], *, captions: list[str] | None = None,
         removed: list[RemovedSpan] | None = None, metadata: dict | None = None) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(id="t1", source_path="t1.txt", raw_text=text, text=text,
                   paragraphs=paragraphs, captions=captions or [], removed=removed or [],
                   metadata=metadata or {})


def masthead(line: str) -> RemovedSpan:
    return RemovedSpan("t1", 1, 1, line, "boilerplate:masthead")


BODY = ["The Kenyan delegation met Ghana's trade minister on Monday to discuss cocoa prices."]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-12-03T09:30:00+07:00", ("2021-12-03", "2021-12-03", "day")),  # date as written
        ("2021-12-03", ("2021-12-03", "2021-12-03", "day")),
        ("20211203", ("2021-12-03", "2021-12-03", "day")),
        ("Fri, 03 Dec 2021 23:10:00 -0500", ("2021-12-03", "2021-12-03", "day")),
        ("December 3, 2021 10:15 AM", ("2021-12-03", "2021-12-03", "day")),
        ("3 décembre 2021", ("2021-12-03", "2021-12-03", "day")),  # dateparser fallback
        ("2021-12", ("2021-12-01", "2021-12-31", "month")),
        ("1638489600", ("2021-12-03", "2021-12-03", "day")),  # epoch seconds, UTC
        ("03/12/2021", ("2021-03-12", "2021-12-03", "unknown")),  # both readings, no guess
    ],
)
def test_metadata_strings_are_parsed(raw: str, expected: tuple[str, str, str]) -> None:
    value = publication_date(make(BODY, metadata={"published_raw": raw}))
    assert (value.earliest, value.latest, value.precision) == expected
    assert value.source == "metadata"


def test_unparseable_or_absurd_metadata_is_ignored() -> None:
    assert parse_published("sometime soon") is None
    assert parse_published("0001-01-01") is None
    assert publication_date(make(BODY, metadata={"published_raw": "n/a"})) == TimeValue.unknown()


def test_sidecar_source_and_reader_value_are_kept() -> None:
    sidecar = make(BODY, metadata={"published_raw": "2020-05-01", "published_source": "sidecar"})
    assert publication_date(sidecar).source == "sidecar"
    already = make(BODY, metadata={"published_raw": "2020-05-01"})
    already.published = TimeValue("2020-04-30", "2020-04-30", "day", "metadata")
    assert publication_date(already).earliest == "2020-04-30"
    ingest_key = make(BODY, metadata={"published": "2020-05-02"})  # what to_article sets
    assert publication_date(ingest_key).earliest == "2020-05-02"


@pytest.mark.parametrize(
    "opening",
    [
        "NAIROBI, March 4, 2025 (KNA) - Kenya and Ghana agreed to cut tariffs on cocoa.",
        "March 4, 2025 — Kenya and Ghana agreed to cut tariffs on cocoa, officials said.",
        "Da Nang, Vietnam, 4 March 2025: Kenya and Ghana agreed to cut tariffs on cocoa.",
    ],
)
def test_dateline_gives_the_day(opening: str) -> None:
    value = publication_date(make([opening, "Talks continue next month."]))
    assert (value.earliest, value.latest, value.precision, value.source) == (
        "2025-03-04", "2025-03-04", "day", "dateline")
    assert value.evidence is not None and "4" in value.evidence.text


def test_year_less_dateline_takes_the_stated_year() -> None:
    body = ["ACCRA, March 4 (GNA) - Ghana's cocoa board raised prices.",
            "The board last raised prices in 2025, after a poor harvest."]
    assert publication_date(make(body)).earliest == "2025-03-04"


def test_a_date_that_is_not_a_dateline_is_not_publication() -> None:
    body = ["Officials said March 4, 2025 would be the deadline for bids on the port."]
    value = publication_date(make(body))
    assert value.source != "dateline"
    assert value.precision != "day"


def test_today_with_a_bracketed_date_and_the_stated_year() -> None:
    body = ["Chile's foreign minister flew home today [July 9] after talks in Lima.",
            "The visit was one of the highlights of Chile's diplomacy in 2023.",
            "Ministers plan further talks until 2030."]
    value = publication_date(make(body))
    assert (value.earliest, value.latest, value.precision, value.source) == (
        "2023-07-09", "2023-07-09", "day", "text")
    assert value.evidence is not None and value.evidence.text == "July 9"


def test_a_full_date_and_a_bare_year_that_differ_are_ambiguous() -> None:
    body = ["Chile's foreign minister flew home today (July 9) after talks in Lima.",
            "Copper exports rose in March 2023, the ministry said.",
            "The dispute over the border began in 2019."]
    assert publication_date(make(body)).precision != "day"
    assert publication_date(make(body[:2])).earliest == "2023-07-09"


def test_today_without_a_usable_year_is_not_a_day() -> None:
    body = ["Chile's foreign minister flew home today, July 9, after talks in Lima.",
            "Trade grew in 2019 and in 2022."]  # two candidate years: ambiguous
    assert publication_date(make(body)).precision != "day"


def test_masthead_gives_only_an_upper_bound() -> None:
    article = make(BODY, removed=[masthead("Sunday, June 02, 2024 | Dhul Qadah 25, 1445 H")])
    value = publication_date(article)
    assert (value.earliest, value.latest, value.precision, value.source) == (
        None, "2024-06-02", "unknown", "masthead")


def test_masthead_and_a_past_date_bound_both_sides() -> None:
    body = ["Peru's congress approved the budget on 28 May 2024 after a long session."]
    value = publication_date(make(body, removed=[masthead("Sunday, June 02, 2024")]))
    assert (value.earliest, value.latest, value.source) == ("2024-05-28", "2024-06-02", "masthead")
    assert value.precision != "day"


def test_story_date_line_below_the_headline_dates_the_story() -> None:
    byline = RemovedSpan("t1", 3, 4, "By Ana Ruiz\nJune 19, 2018", "boilerplate:byline")
    body = ["LIMA, June 18 - Peru marked a century of trade with Japan on Monday.",
            "The first ship had docked on June 18, 1918 with 600 passengers."]
    value = publication_date(make(body, removed=[byline]))
    assert (value.earliest, value.latest, value.precision, value.source) == (
        "2018-06-19", "2018-06-19", "day", "dateline")


def test_update_stamp_is_only_an_upper_bound() -> None:
    stamp = RemovedSpan("t1", 3, 3, "Ana Ruiz | Lima | Updated: 20 February 2025, 10:45 pm",
                        "boilerplate:byline")
    value = publication_date(make(BODY, removed=[stamp]))
    assert (value.earliest, value.latest, value.precision) == (None, "2025-02-20", "unknown")
    both = RemovedSpan("t1", 3, 3, "Published 18 Feb 2025 | Updated 20 Feb 2025",
                       "boilerplate:byline")
    assert publication_date(make(BODY, removed=[both])).earliest == "2025-02-18"


def test_an_anniversary_date_does_not_give_a_year_less_dateline_its_year() -> None:
    body = ["LIMA, June 18 - Peru marked a century of trade with Japan on Monday.",
            "The first ship had docked on June 18, 1918; trade fell in 2015 and 2016."]
    assert publication_date(make(body)).precision != "day"


def test_latest_past_full_date_is_a_lower_bound() -> None:
    body = ["The ceasefire signed on 12 January 2023 held.",
            "An earlier truce of 3 March 2019 had collapsed.",
            "Elections will be held on 5 May 2030."]  # future: no bound
    value = publication_date(make(body))
    assert (value.earliest, value.latest, value.precision, value.source) == (
        "2023-01-12", None, "unknown", "inferred")
    assert value.evidence is not None and value.evidence.text == "12 January 2023"


def test_nothing_to_go_on_is_unknown() -> None:
    body = ["Norway's envoy met Japanese officials on Thursday.",
            "Relations were strained last year, and have been tense since 2006."]
    assert publication_date(make(body)) == TimeValue.unknown()


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example/world/2024/06/20/leaders-meet", ("2024-06-20", "2024-06-20", "day")),
    ("https://news.example/world/20240620-leaders-meet", ("2024-06-20", "2024-06-20", "day")),
    ("https://news.example/a/leaders-meet-20062024-5512.html",
     ("2024-06-20", "2024-06-20", "day")),
    ("https://news.example/world/2024/06/leaders-meet", ("2024-06-01", "2024-06-30", "month")),
])
def test_the_url_gives_the_publication_date(url: str, expected: tuple[str, str, str]) -> None:
    text = "Leaders met on Thursday to discuss trade and security along the border."
    article = Article(id="u", source_path="u.html", raw_text=text, text=text, url=url)
    value = publication_date(article)
    assert (value.earliest, value.latest, value.precision, value.source) == (*expected, "url")


@pytest.mark.parametrize("url", ["https://news.example/story/31415926",
                                 "https://news.example/id/12345/leaders-meet"])
def test_a_number_that_is_no_date_gives_nothing(url: str) -> None:
    text = "Leaders met on Thursday to discuss trade and security along the border."
    article = Article(id="u", source_path="u.html", raw_text=text, text=text, url=url)
    assert publication_date(article).source != "url"


def test_metadata_outranks_the_url() -> None:
    text = "Leaders met on Thursday to discuss trade."
    article = Article(id="u", source_path="u.html", raw_text=text, text=text,
                      url="https://news.example/2024/06/20/x",
                      metadata={"published": "2024-06-21"})
    assert publication_date(article).earliest == "2024-06-21"
