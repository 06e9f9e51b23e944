"""Term weights for story scoring: counted incrementally, read from snapshots, stored."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import chronicle
from chronicle.config import StoryConfig
from chronicle.pipeline.stories import StoryProfile
from chronicle.pipeline.stories.idf import TermStats
from chronicle.store import Store
from chronicle.store.stories import StoryStore

CFG = StoryConfig()


def test_rare_terms_weigh_more_than_terms_every_article_has() -> None:
    stats = TermStats()
    for extra in (10, 11, 12, 13):
        stats.observe([1, extra])
    assert stats.weight(1) == pytest.approx(1.0)  # in every article: the floor
    assert stats.weight(10) > stats.weight(1)
    assert stats.weight(99) > stats.weight(10)  # never seen: the rarest


def test_weights_hold_between_snapshots_and_renew_with_growth() -> None:
    stats = TermStats(growth=2.0)
    for _ in range(4):
        stats.observe([1])
    assert stats.n_snap == 4  # snapshots at 1, 2, 4 articles
    before = stats.weight(2)
    stats.observe([2])
    stats.observe([2])
    stats.observe([2])
    assert (stats.n, stats.n_snap) == (7, 4) and stats.weight(2) == before  # not due yet
    stats.observe([2])
    assert stats.n_snap == 8 and stats.weight(2) < before  # renewed: term 2 is common now


def test_stock_phrases_count_less_than_the_words_of_one_happening() -> None:
    stats = TermStats()
    stock = [1, 2, 3]
    for i in range(20):  # twenty articles in stock phrases, each with a word of its own
        stats.observe([*stock, 100 + i])
    story = StoryProfile("s", "a", size=1, terms={1: 0.5, 2: 0.5, 3: 0.5, 50: 0.35, 51: 0.35})
    same_words = {50: 0.7, 51: 0.7, 1: 0.1}
    same_phrases = {1: 0.57, 2: 0.57, 3: 0.57}
    stats.observe(list(same_words))
    assert stats.cosine("x", same_words, story) > stats.cosine("y", same_phrases, story)
    plain = StoryProfile("s", "a", size=1, terms=dict(story.terms))
    assert stats.cosine("y", same_phrases, plain) < 0.5  # plain cosine would say 0.87


ARTICLES = {
    "a.txt": ("Harbour strike halts ferries\n\nDock workers in Turku walked out on Monday over "
              "pay, halting ferries to Stockholm, the union leader Aino Virtanen said. The port "
              "authority said talks would resume on Wednesday."),
    "b.txt": ("Turku dock strike enters second day\n\nThe strike by dock workers in Turku "
              "continued on Tuesday, with ferries to Stockholm still cancelled, union leader "
              "Aino Virtanen said after talks with the port authority broke off."),
    "c.txt": ("Glacier retreat speeds up, survey finds\n\nIceland's largest glacier lost more "
              "ice last summer than in any year on record, geologists at the University of "
              "Reykjavik said on Thursday, citing satellite measurements."),
}


def _corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def _tables(db: Path) -> tuple[list[tuple], list[tuple]]:
    with closing(sqlite3.connect(db)) as con:
        return (con.execute("SELECT * FROM term_df ORDER BY term").fetchall(),
                con.execute("SELECT * FROM counters ORDER BY name").fetchall())


def test_stored_counts_match_one_batch_one_at_a_time_and_a_recount(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "in")
    with chronicle.open(tmp_path / "batch.db") as db:
        db.run([str(tmp_path / "in")])
        members = {a["id"]: a["story_id"] for a in db.articles()}
    with chronicle.open(tmp_path / "single.db") as db:
        for path in paths:
            db.run([str(path)])
        assert {a["id"]: a["story_id"] for a in db.articles()} == members
    batch = _tables(tmp_path / "batch.db")
    assert batch == _tables(tmp_path / "single.db")
    df, counters = batch
    assert dict(counters) == {"scored": 3, "scored_at_snapshot": 3} and df
    assert len(set(members.values())) == 2  # the strike, and the glacier apart

    with Store(tmp_path / "batch.db") as store:  # read back as stored
        stats = StoryStore(store).term_stats(CFG)
        assert stats.n == 3 and stats.df == {t: d for t, d, _ in df}
        # A database from before the counts: they are rebuilt from the members' text.
        with store.transaction() as con:
            con.execute("DELETE FROM term_df")
            con.execute("DELETE FROM counters")
        store.term_stats = None
        recounted = StoryStore(store).term_stats(CFG)
        assert (recounted.n, recounted.df, recounted.snap) == (stats.n, stats.df, stats.snap)
    assert _tables(tmp_path / "batch.db") == batch
