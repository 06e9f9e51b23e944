"""Ranking the days a set of articles names (pipeline/summarize/datewise.py)."""

from __future__ import annotations

from chronicle.model import Span, TimeValue
from chronicle.pipeline.summarize.datewise import DatedArticle, rank_days, top_days


def day(iso: str) -> TimeValue:
    return TimeValue(iso, iso, "day", "text")


def article(aid: str, published: str, *named: str) -> DatedArticle:
    return DatedArticle(aid, day(published),
                        [(Span(aid, i, i + 1, iso), day(iso)) for i, iso in enumerate(named)])


def test_a_day_many_reports_name_outranks_a_day_reports_are_written() -> None:
    ranked = rank_days([article("a", "2009-07-01", "2009-06-25", "2009-06-25"),
                        article("b", "2009-07-02", "2009-06-25"),
                        article("c", "2009-07-02", "2009-06-28")])
    # named by two articles: 2; named once, or written on by two articles (0.5 each): 1
    assert [(r.day, r.score) for r in ranked] == [("2009-06-25", 2.0), ("2009-06-28", 1.0),
                                                  ("2009-07-02", 1.0), ("2009-07-01", 0.5)]
    assert ranked[0].references == 2  # one article naming a day twice is one vote


def test_an_article_naming_its_own_day_does_not_count_it_twice() -> None:
    ranked = rank_days([article("a", "2009-07-01", "2009-07-01")])
    assert [(r.day, r.references, r.published) for r in ranked] == [("2009-07-01", 0, 1)]


def test_months_name_no_day_and_the_window_is_kept() -> None:
    month = DatedArticle("m", day("2009-07-05"),
                         [(Span("m", 0, 4, "June"), TimeValue("2009-06-01", "2009-06-30",
                                                              "month", "text"))])
    chosen = top_days([month, article("a", "2009-07-01", "2009-05-01", "2009-06-25")], 5,
                      "2009-06-01", "2009-06-30")
    assert [r.day for r in chosen] == ["2009-06-25"]
