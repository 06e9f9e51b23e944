"""``clean(article, ctx)``: the article fields it fills, removed spans, counters, dropping."""

from __future__ import annotations

from dataclasses import replace

from chronicle.config import Config
from chronicle.model import Article
from chronicle.pipeline.clean import clean
from chronicle.pipeline.context import RunContext

P1 = ("The harbour authority said on Tuesday that cargo volumes rose by nine percent in the "
      "first quarter of the year.")
P2 = ("Officials credited a new rail link to the inland freight terminal, which opened in "
      "January after two years of work.")
RAW = "\n".join([
    "Home > Business > Shipping",        # 1
    "",                                  # 2
    "Port traffic rebounds",             # 3
    "Photo: Ama Mensah/Coast News",      # 4
    P1,                                  # 5
    "",                                  # 6
    P2,                                  # 7
    "",                                  # 8
    "Share this: Facebook Twitter",      # 9
    "",                                  # 10
    "Share on WhatsApp",                 # 11
    "Leave a comment",                   # 12
])


def _article(raw: str = RAW, title: str | None = None) -> Article:
    return Article(id="a1", source_path="a1.txt", raw_text=raw, title=title)


def test_clean_fills_the_article() -> None:
    ctx = RunContext()
    article = clean(_article(), ctx)
    assert article.title == "Port traffic rebounds"
    assert article.paragraphs == [P1, P2]
    assert article.text == f"{P1}\n\n{P2}"
    assert article.captions == ["Photo: Ama Mensah/Coast News"]
    assert [line.text for line in article.lines] == RAW.split("\n")
    assert article.status == "kept" and article.reason is None


def test_removed_spans_absorb_blank_lines_and_keep_raw_numbers() -> None:
    article = clean(_article(), RunContext())
    spans = [(s.article_id, s.line_start, s.line_end, s.reason) for s in article.removed]
    assert spans == [
        ("a1", 1, 1, "boilerplate:nav"),
        ("a1", 9, 11, "boilerplate:share"),
        ("a1", 12, 12, "boilerplate:comments"),
    ]
    assert article.removed[1].text == "Share this: Facebook Twitter\n\nShare on WhatsApp"


def test_counters_count_removed_lines() -> None:
    ctx = RunContext()
    clean(_article(), ctx)
    assert ctx.stats["removed_boilerplate:share"] == 2
    assert ctx.stats["removed_boilerplate:nav"] == 1
    assert ctx.stats["removed_boilerplate:comments"] == 1
    assert not any(key.startswith("dropped_") for key in ctx.stats)


def test_existing_title_is_kept_and_used_as_hint() -> None:
    article = clean(_article(title="Port traffic rebounds | Coast News"), RunContext())
    assert article.title == "Port traffic rebounds | Coast News"
    assert [line.number for line in article.lines if line.kind == "title"] == [3]


def test_markdown_heading_title_loses_its_marks() -> None:
    article = clean(_article(raw=f"# Port traffic rebounds\n\n{P1}\n\n{P2}"), RunContext())
    assert article.title == "Port traffic rebounds"


def test_short_article_is_dropped_as_too_short() -> None:
    ctx = RunContext()
    article = clean(_article(raw="Port traffic rebounds\n\nCargo is up."), ctx)
    assert (article.status, article.reason) == ("dropped", "too-short")
    assert ctx.stats["dropped_too-short"] == 1


def test_article_with_nothing_left_is_dropped_as_empty() -> None:
    ctx = RunContext()
    article = clean(_article(raw="Home > Business > Shipping\nAdvertisement\n\n"), ctx)
    assert (article.status, article.reason) == ("dropped", "empty")
    assert article.paragraphs == [] and article.text == ""
    assert ctx.stats["dropped_empty"] == 1
    assert ctx.stats["removed_boilerplate:ad"] == 1


def test_cleaning_twice_gives_the_same_article() -> None:
    first = clean(_article(), RunContext())
    snapshot = (first.title, first.paragraphs, first.captions, first.removed, first.lines)
    again = clean(first, RunContext())
    assert (again.title, again.paragraphs, again.captions, again.removed, again.lines) == snapshot


def test_a_looser_threshold_keeps_an_article_an_earlier_run_dropped() -> None:
    strict = RunContext(config=Config(clean=replace(Config().clean, min_article_words=500)))
    article = clean(_article(), strict)
    assert (article.status, article.reason) == ("dropped", "too-short")
    article = clean(article, RunContext())
    assert (article.status, article.reason) == ("kept", None)
