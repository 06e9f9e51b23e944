"""Story features: content words, hashed term vectors, actor weights and an article's days."""

from __future__ import annotations

import math
from datetime import date

import pytest

from chronicle.config import StoryConfig
from chronicle.model import Article, Mention, Span, TimeValue
from chronicle.pipeline.stories import batch_docs, content_words, story_doc, when
from chronicle.pipeline.stories.features import StoryDoc, actor_weights, fold, term_vector

CFG = StoryConfig()
TEXT = ("Fisheries ministers from Norway and Iceland agreed on Tuesday on a shared mackerel "
        "quota after two days of talks in Reykjavik, ending a dispute that kept trawlers in port.")


def day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


@pytest.mark.parametrize(("word", "folded"), [
    ("talks", "talk"), ("signed", "sign"), ("signing", "sign"), ("disputes", "disput"),
    ("disputed", "disput"), ("countries", "country"), ("planned", "plan"), ("agreed", "agre"),
    ("agree", "agre"), ("press", "press"), ("Iceland’s", "iceland"),
])
def test_fold_meets_inflections_of_one_word(word: str, folded: str) -> None:
    assert fold(word) == folded


def test_content_words_leave_out_stop_words_weekdays_and_numbers() -> None:
    words = content_words("The ministers said on Tuesday that 12 quotas were agreed in 2024.")
    assert words == ["minister", "quota", "agre"]


def test_term_vector_is_unit_length_and_independent_of_other_texts() -> None:
    first = term_vector(TEXT, CFG)
    assert math.isclose(math.sqrt(sum(w * w for w in first.values())), 1.0)
    term_vector("Cholera spreads along the lake shore as vaccines arrive.", CFG)
    assert term_vector(TEXT, CFG) == first  # hashed: no vocabulary learned between calls
    assert term_vector("", CFG) == {}


def test_repeated_words_count_sublinearly() -> None:
    vec = term_vector("mackerel mackerel mackerel mackerel quota", CFG)
    heavy, light = sorted(vec.values(), reverse=True)
    assert math.isclose(heavy / light, 1 + math.log(4))


def test_actor_weights_keep_actor_kinds_and_weigh_countries_less() -> None:
    kinds = {"p1": "person", "c1": "country", "d1": "date", "o1": "org"}
    weights = actor_weights(["p1", "p1", "c1", "c1", "d1", "o1", None], kinds, CFG)
    assert set(weights) == {"p1", "c1", "o1"}
    assert math.isclose(weights["p1"], 1 + math.log(2))
    assert math.isclose(weights["c1"], (1 + math.log(2)) * CFG.country_weight)
    assert weights["o1"] == 1.0


def test_story_doc_reads_title_text_mentions_and_days() -> None:
    article = Article(id="a1", source_path="x.txt", raw_text=TEXT, title="Mackerel deal",
                      text=TEXT, status="duplicate", duplicate_of="a0")
    mentions = [Mention(Span("a1", 0, 6), "GPE", "nor"), Mention(Span("a1", 7, 9), "GPE", None)]
    days = [TimeValue("2024-05-07", "2024-05-07", "day", "text"), TimeValue.unknown()]
    doc = story_doc(article, mentions, {"nor": "country"}, days, CFG)
    assert doc.terms == term_vector("Mackerel deal\n" + TEXT, CFG)
    assert set(doc.actors) == {"nor"} and doc.duplicate_of == "a0"
    assert doc.days == days[:1]  # unknown dates carry nothing


def test_batch_docs_skip_dropped_articles_and_group_by_article() -> None:
    kept = Article(id="k", source_path="k.txt", raw_text=TEXT, text=TEXT)
    dropped = Article(id="d", source_path="d.txt", raw_text="x", text="x", status="dropped")
    mentions = [Mention(Span("k", 0, 6), "PERSON", "p"), Mention(Span("d", 0, 1), "PERSON", "q")]
    dates = [(Span("k", 0, 3), TimeValue("2024-05-07", "2024-05-07", "day", "text"))]
    docs = batch_docs([dropped, kept], mentions, {"p": "person", "q": "person"}, dates, CFG)
    assert [d.article_id for d in docs] == ["k"]
    assert set(docs[0].actors) == {"p"} and len(docs[0].days) == 1


def _doc(published: TimeValue, *days: tuple[str, str, str]) -> StoryDoc:
    return StoryDoc("a", published=published,
                    days=[TimeValue(a, b, p, "text") for a, b, p in days])  # type: ignore[arg-type]


def test_when_prefers_the_publication_date() -> None:
    doc = _doc(TimeValue("2024-05-07", "2024-05-07", "day", "metadata"),
               ("2019-01-01", "2019-01-01", "day"))
    assert when(doc, 14) == (day("2024-05-07"), day("2024-05-07"))


def test_when_undated_uses_the_newest_group_of_precise_text_dates() -> None:
    doc = _doc(TimeValue.unknown(), ("1996-12-12", "1996-12-12", "day"),
               ("2024-05-06", "2024-05-06", "day"), ("2024-05-01", "2024-05-07", "week"),
               ("2024-01-01", "2024-12-31", "year"))
    assert when(doc, 14) == (day("2024-05-01"), day("2024-05-07"))


def test_when_keeps_text_dates_inside_a_one_sided_bound() -> None:
    crawl = TimeValue(None, "2024-05-10", "unknown", "masthead")
    doc = _doc(crawl, ("2024-06-01", "2024-06-01", "day"))
    assert when(doc, 14) == (None, day("2024-05-10"))  # a later date is not this article's
    assert when(_doc(TimeValue.unknown()), 14) is None
