"""Headline choice rejects page furniture (``clean/title.py``), on pages written for these
tests: widget labels, donation and subscription appeals, a crawler's date glued on."""

from __future__ import annotations

import pytest

from chronicle.config import CleanConfig
from chronicle.model import Article
from chronicle.pipeline.clean import classify_lines, clean
from chronicle.pipeline.clean.title import split_date_prefix
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.time.publication import publication_date

CFG = CleanConfig()
HEAD = "Orchard growers count losses after late frost"
P1 = ("Apple and pear growers in the upper valley said on Monday that a late frost had destroyed "
      "up to half of this year's blossom.")
P2 = ("The growers' association asked the regional government for emergency support to cover "
      "seasonal workers' wages through the summer.")
P3 = ("Temperatures fell to minus four degrees on two consecutive nights, the lowest readings for "
      "late April in two decades.")
BODY = [P1, P2, P3]


def clean_page(lines: list[str], title: str | None = None) -> Article:
    raw = "\n".join(lines)
    article = clean(Article(id="a1", source_path="a1.txt", raw_text=raw, title=title),
                    RunContext())
    assert article.paragraphs == BODY, "a body paragraph was lost or furniture kept"
    return article


@pytest.mark.parametrize("lines", [
    # a widget label the cue table does not know, printed at the top and again at the bottom
    ["Hot Right Now", "", HEAD, "", *BODY, "", "Hot Right Now", "Cherry harvest starts early",
     "Dairy prices steady"],
    # known widget labels right over the headline, their lists running into it
    ["Editor's Picks", HEAD, "", *BODY],
    ["Most Read", "Cherry harvest starts early", "Dairy prices steady", "Trending Now", HEAD,
     "", *BODY],
    # donation and subscription appeals above the headline
    ["Please support our local reporting today", HEAD, "", *BODY],
    ["Donate today", "", HEAD, "", *BODY],
    ["Become a supporter", "Subscribe to our newsletter", HEAD, "", *BODY],
    ["Support independent journalism", "", HEAD, "", *BODY],
], ids=["repeated-label", "label-over-headline", "two-widgets", "appeal", "donate",
        "member-and-newsletter", "support"])
def test_furniture_is_never_the_headline(lines: list[str]) -> None:
    assert clean_page(lines).title == HEAD


@pytest.mark.parametrize(("line", "date"), [
    (f"2024-04-22 | {HEAD}", "2024-04-22"),
    (f"22/04/2024 - {HEAD}", "22/04/2024"),
    (f"[April 22, 2024] {HEAD}", "[April 22, 2024]"),
    (f"Monday, April 22, 2024, 08:15: {HEAD}", "Monday, April 22, 2024, 08:15"),
])
def test_a_date_glued_before_the_headline_is_stripped_and_kept_for_the_time_stage(
        line: str, date: str) -> None:
    article = clean_page([line, "", *BODY])
    assert article.title == HEAD
    spans = [(s.line_start, s.text, s.reason) for s in article.removed]
    assert spans == [(1, date, "boilerplate:byline")]
    published = publication_date(article)
    assert (published.earliest, published.precision) == ("2024-04-22", "day")
    again = clean(article, RunContext())  # the stored title finds its line again
    assert again.title == HEAD and again.lines == article.lines


def test_split_date_prefix_needs_a_date_and_a_headline() -> None:
    assert split_date_prefix("2024-04-22 | Frost hits orchards") == ("2024-04-22",
                                                                     "Frost hits orchards")
    assert split_date_prefix("April 22, 2024 was the coldest night") is None
    assert split_date_prefix("2024-04-22") is None
    assert split_date_prefix("2024 harvest outlook cut") is None


def test_a_furniture_hint_is_no_hint() -> None:
    assert clean_page([HEAD, "", *BODY], title="Most Read").title == HEAD
    assert clean_page([HEAD, "", *BODY], title="Donate now").title == HEAD


def test_a_dated_hint_keeps_the_headline() -> None:
    article = clean_page([f"2024-04-22 | {HEAD}", "", *BODY], title=f"2024-04-22 | {HEAD}")
    assert article.title == HEAD


def test_a_short_headline_printed_once_is_still_the_title() -> None:
    lines = classify_lines("\n".join(["Frost hits orchards", "", *BODY]), CFG)
    assert (lines[0].kind, lines[0].text) == ("title", "Frost hits orchards")


def test_a_widget_list_under_the_headline_stays_out_of_the_body() -> None:
    lines = classify_lines("\n".join([HEAD, "Most Read", "Cherry harvest starts early",
                                      "Dairy prices steady", *BODY]), CFG)
    assert [line.kind for line in lines] == ["title", "removed", "removed", "removed",
                                             "body", "body", "body"]
