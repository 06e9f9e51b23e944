"""Cited extractive summaries of one story, built from our own short articles."""

from __future__ import annotations

from typing import Any

import pytest

from chronicle.api import annotate
from chronicle.model import TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.summarize import SummaryInput, summarize, summary_input
from chronicle.pipeline.summarize.lexrank import jaccard, words
from chronicle.pipeline.summarize.summary import SummaryConfig, is_quote_fragment, skip_reason

STORY = [
    ("Osterland and Ruritania sign Silver River water treaty", "2024-03-14", """\
Ruritanian President Anna Berg arrived in Osterland on Wednesday for a two-day state visit, \
the first by a Ruritanian leader in a decade.

Berg and Osterland Prime Minister Jonas Meyer signed a treaty to share water from the Silver \
River, officials said.

The treaty ends a dispute over the river that has lasted more than twenty years.

"This is a historic day for both our nations," Meyer told reporters.

He said the deal would also open talks on a new railway line.

Why did it take so long?"""),
    ("Ruritania, Osterland agree to share Silver River water", "2024-03-14", """\
President Anna Berg of Ruritania arrived in Osterland on Wednesday for a two-day state visit, \
the first by a Ruritanian leader in ten years.

Berg and Osterland Prime Minister Jonas Meyer signed a treaty to share water from the Silver \
River, officials said on Wednesday.

Farmers along the river have complained for years about shortages in the dry season.

The visit ends today."""),
    ("Farmers cheer new river deal", "2024-03-15", """\
Farmers in southern Osterland welcomed the water treaty signed on Wednesday by Ruritanian \
President Anna Berg and Prime Minister Jonas Meyer.

The treaty guarantees each country a fixed share of the Silver River's flow during the dry \
months.

Critics in the Osterland parliament said the treaty gives away too much water."""),
]


@pytest.fixture(scope="module")
def story() -> tuple[list[SummaryInput], dict[str, str]]:
    inputs, texts = [], {}
    for title, published, text in STORY:
        article, linked, dated = annotate(text, title=title, published=published)
        inputs.append(summary_input(article, linked.sentences, linked.mentions, dated))
        texts[article.id] = article.text
    return inputs, texts


def test_summary_stays_within_budget(story: Any) -> None:
    inputs, _ = story
    assert 0 < len(summarize(inputs, budget=2).items) <= 2
    assert len(summarize(inputs, budget=4).items) <= 4


def test_summary_sentences_are_verbatim_and_citations_index_their_text(story: Any) -> None:
    inputs, texts = story
    summary = summarize(inputs, budget=5)
    assert summary.items
    for item in summary.items:
        assert item.text == item.span.text
        assert texts[item.span.article_id][item.span.start:item.span.end] == item.text
        assert item.citations[0] == item.span
        for cited in item.citations:
            assert texts[cited.article_id][cited.start:cited.end] == cited.text


def test_statement_carried_by_two_articles_cites_both(story: Any) -> None:
    inputs, _ = story
    summary = summarize(inputs, budget=4)
    signed = [it for it in summary.items if "signed a treaty" in it.text]
    assert len(signed) == 1
    assert set(signed[0].article_ids) == {inputs[0].article_id, inputs[1].article_id}
    assert any(len(it.article_ids) >= 2 for it in summary.items)


def test_near_identical_sentences_never_both_appear(story: Any) -> None:
    inputs, _ = story
    items = summarize(inputs, budget=6).items
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            assert jaccard(words(a.text), words(b.text)) < 0.6, (a.text, b.text)
    assert sum("arrived in Osterland" in it.text for it in items) <= 1


def test_headline_is_a_member_title(story: Any) -> None:
    inputs, _ = story
    summary = summarize(inputs)
    assert summary.headline in {title for title, _, _ in STORY}
    assert summary.headline_article in {a.article_id for a in inputs}
    # The farmers' angle is the least central of the three titles.
    assert summary.headline != STORY[2][0]


def test_questions_fragments_and_short_sentences_are_skipped_with_reasons(story: Any) -> None:
    inputs, _ = story
    ctx = RunContext()
    summary = summarize(inputs, budget=10, ctx=ctx)
    reasons = {span.text: reason for span, reason in summary.skipped}
    assert reasons["Why did it take so long?"] == "question"
    assert reasons["The visit ends today."] == "too-short"
    assert ctx.stats["summary_skipped_question"] == 1
    chosen = {it.text for it in summary.items}
    assert not chosen & set(reasons)


def test_pronoun_opener_loses_to_a_self_contained_sentence() -> None:
    text = ("Minister Lena Holm travelled to Kessel on Monday for a meeting with farmers. "
            "She signed the river water treaty in Kessel, ending the long river water dispute. "
            "The river water dispute had divided the two valleys for years. "
            "Officials said the river water treaty sets fixed shares for each valley.")
    article, linked, dated = annotate(text, title="Valley treaty", published="2024-05-02")
    inputs = [summary_input(article, linked.sentences, linked.mentions, dated)]
    lenient = summarize(inputs, budget=1, config=SummaryConfig(dependent_penalty=0.0))
    assert lenient.items[0].text.startswith("She signed")  # the most central sentence
    chosen = summarize(inputs, budget=1).items[0].text
    assert not chosen.startswith("She")


def test_summary_is_ordered_by_date_then_paragraph(story: Any) -> None:
    inputs, _ = story
    items = summarize(inputs, budget=6).items
    dates = [it.date.earliest or "" for it in items]
    assert dates == sorted(dates)
    # The arrival (Wednesday, lead paragraph) opens the summary.
    assert "arrived in Osterland" in items[0].text
    assert items[0].date.earliest == "2024-03-13"


def test_key_entities_are_named_by_several_articles(story: Any) -> None:
    inputs, _ = story
    keys = summarize(inputs).key_entities
    assert keys
    for key in keys:
        carriers = [a for a in inputs if any(key in s.entities for s in a.sentences)]
        assert len(carriers) >= 2


def test_single_article_and_empty_story() -> None:
    article, linked, dated = annotate(STORY[2][2], title=STORY[2][0], published="2024-03-15")
    single = summarize([summary_input(article, linked.sentences, linked.mentions, dated)],
                       budget=2)
    assert len(single.items) == 2 and single.headline == STORY[2][0]
    assert all(it.article_ids == [article.id] for it in single.items)
    empty = summarize([SummaryInput("x", None, None, TimeValue(), [])])
    assert empty.items == [] and empty.headline is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Will the treaty survive the next election?", "question"),
        ("The deal was signed.", "too-short"),
        ("and then the ministers left the hall together.", "quote-fragment"),
        ('"We will build the new bridge together with our neighbours."', "quote-fragment"),
        ('"The river belongs to everyone, and we must share it fairly', "quote-fragment"),
        ("[Monday] the ministers met again to discuss the fine print", "fragment"),
        ('"We will share the river," the minister told reporters on Monday.', None),
    ],
)
def test_skip_reason(text: str, reason: str | None) -> None:
    assert skip_reason(text, SummaryConfig()) == reason


def test_quote_with_speaker_is_not_a_fragment() -> None:
    assert not is_quote_fragment("“It is a fair deal,” the minister said after the talks.")


def test_summary_input_knows_paragraphs_entities_and_dates(story: Any) -> None:
    inputs, texts = story
    first = inputs[0]
    assert [s.paragraph for s in first.sentences] == [0, 1, 2, 3, 4, 5]
    text = texts[first.article_id]
    for s in first.sentences:
        before = text[:s.span.start]
        assert before.count("\n\n") == s.paragraph
    assert len(first.sentences[1].entities) >= 2  # Berg and Meyer
    assert any(span.text == "Wednesday" for span, _ in first.dates)
