"""The local runner: parse workers give the serial run's database, and one article that
breaks a stage is recorded and skipped while the run goes on."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import chronicle
import chronicle.runners.layer as layer_module
import chronicle.runners.local as local_module
from chronicle.config import Config

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"


def test_parse_workers_write_the_serial_database(
        tmp_path: Path, snapshot: Callable[[Path], dict[str, Any]]) -> None:
    """Batches of 4, two batches in flight: dedup across the batch being parsed and the one
    being read, stories in order. Same rows as parsing in this process."""
    serial = replace(Config(), batch_size=4, workers=1)
    parallel = replace(Config(), batch_size=4, workers=2, parallel_min=1)
    with chronicle.open(tmp_path / "serial.db", serial) as db:
        one = db.run([str(EXAMPLES)])
    with chronicle.open(tmp_path / "parallel.db", parallel) as db:
        two = db.run([str(EXAMPLES)])
    assert (one.workers, two.workers) == (0, 2)
    assert one.stats == two.stats
    for report in (one, two):  # the workers' CPU comes back with their results
        assert {"nlp parse", "entities", "events", "stories"} <= set(report.timings)
        assert report.timings["nlp parse"] > 0
    a, b = snapshot(tmp_path / "serial.db"), snapshot(tmp_path / "parallel.db")
    assert a["articles"] and a["events"] and a["stories"]
    for table in a:
        assert a[table] == b[table], table


def test_stories_settle_to_what_one_batch_gives(
        tmp_path: Path, snapshot: Callable[[Path], dict[str, Any]]) -> None:
    """A story is refreshed once it stops growing (or at the end of the run), not after
    every batch: batches of 4 give the stories, dates and summaries one batch gives."""
    small = replace(Config(), batch_size=4, workers=1)
    with chronicle.open(tmp_path / "small.db", small) as db:
        report = db.run([str(EXAMPLES)])
    with chronicle.open(tmp_path / "one.db", replace(Config(), workers=1)) as db:
        db.run([str(EXAMPLES)])
    a, b = snapshot(tmp_path / "small.db"), snapshot(tmp_path / "one.db")
    with closing(sqlite3.connect(tmp_path / "small.db")) as con:  # none left unrefreshed
        assert con.execute("SELECT COUNT(*) FROM stories WHERE summary IS NULL").fetchone() == (0,)
    assert a["stories"]
    for table in ("articles", "dates", "events", "stories", "conflicts", "timeline"):
        assert a[table] == b[table], table
    # fewer refreshes than batches that grew a story (a story that grows again later,
    # after settling, is refreshed again)
    stats = report.stats
    assert len(a["stories"]) <= stats["stories_refreshed"] < stats["stories_touched"]


def test_small_runs_parse_in_this_process(tmp_path: Path) -> None:
    with chronicle.open(tmp_path / "x.db", replace(Config(), batch_size=4)) as db:
        assert db.run([str(EXAMPLES)]).workers == 0  # batches below parallel_min


NEWS = ("Harbour authority opens new container berth at {port}\n\n"
        "The harbour authority of {port} opened a new container berth on Monday, the port's "
        "director Lena Saari said, adding that ships would wait half as long to unload.\n\n"
        "The berth cost {cost} million euros and took two years to build.\n")


def _corpus(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    for i, (port, cost) in enumerate([("Kotka", 40), ("Oulu", 55), ("Turku", 61)]):
        (folder / f"{i}_{port}.txt").write_text(NEWS.format(port=port, cost=cost))
    return folder


def test_an_article_that_breaks_the_language_layer_is_recorded_and_stored_bare(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layer = layer_module.language_layer

    def broken(article: Any, *args: Any) -> Any:
        if "Oulu" in article.text:
            raise RecursionError("maximum recursion depth exceeded")
        return layer(article, *args)

    monkeypatch.setattr(layer_module, "language_layer", broken)
    with chronicle.open(tmp_path / "x.db", replace(Config(), workers=1)) as db:
        report = db.run([str(_corpus(tmp_path))])
        failures = [(Path(f.source_path).name, f.reason) for f in report.failures]
        assert failures == [("1_Oulu.txt", "stage-error")]
        assert "RecursionError" in report.failures[0].detail
        assert report.stats["failed_stage_error"] == 1
        stored = {Path(a["source_path"]).name: a["id"] for a in db.articles()}
        assert set(stored) == {"0_Kotka.txt", "1_Oulu.txt", "2_Turku.txt"}
        with_sentences = {r[0] for r in db.store.con.execute(
            "SELECT DISTINCT article_id FROM sentences")}
        assert with_sentences == {stored["0_Kotka.txt"], stored["2_Turku.txt"]}
        assert [(Path(f["source_path"]).name, f["reason"]) for f in db.failures()] == failures


def test_an_article_that_breaks_cleaning_is_recorded_and_left_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    process = local_module.process_document

    def broken(article: Any, ctx: Any) -> Any:
        if "Turku" in article.raw_text:
            raise ValueError("a cleaner bug")
        return process(article, ctx)

    monkeypatch.setattr(local_module, "process_document", broken)
    with chronicle.open(tmp_path / "x.db", replace(Config(), workers=1)) as db:
        report = db.run([str(_corpus(tmp_path))])
        assert [(Path(f.source_path).name, f.reason) for f in report.failures] == [
            ("2_Turku.txt", "stage-error")]
        assert "ValueError: a cleaner bug" in report.failures[0].detail
        assert sorted(Path(a["source_path"]).name for a in db.articles()) == [
            "0_Kotka.txt", "1_Oulu.txt"]


def test_worker_chunks_keep_order_and_give_a_long_article_its_own_chunk() -> None:
    from chronicle.model import Article
    from chronicle.runners.parallel import CHUNK, CHUNK_CHARS, chunks

    def article(i: int, chars: int) -> Article:
        return Article(id=f"a{i}", source_path=f"{i}.txt", raw_text="", text="x" * chars)

    short = [article(i, 2_000) for i in range(40)]
    sizes = [len(c) for c in chunks(short)]
    assert sizes == [CHUNK, CHUNK, 40 - 2 * CHUNK]  # short news: the article count decides

    mixed = [article(0, 3_000), article(1, CHUNK_CHARS * 2), article(2, 3_000), article(3, 3_000)]
    out = list(chunks(mixed))
    assert [[a.id for a in c] for c in out] == [["a0"], ["a1"], ["a2", "a3"]]
    assert [a.id for c in out for a in c] == [a.id for a in mixed]


def test_a_database_kept_beside_its_articles_is_not_read_as_input(tmp_path: Path) -> None:
    """`chronicle run folder --db folder/c.db` (and `watch`, which reruns on the folder)
    reads the articles, not the database and the journal files SQLite keeps beside it:
    they were recorded as failed inputs ("no reader for '.db'") on every run."""
    (tmp_path / "dam.txt").write_text(
        "River authority opens dam gates after week of rain\n\nThe river authority opened "
        "three gates of the Harlow dam on Monday after a week of heavy rain raised the "
        "reservoir to its highest level in a decade, officials said.\n", encoding="utf-8")
    with chronicle.open(tmp_path / "c.db") as chron:
        chron.run([str(tmp_path)])
        (tmp_path / "c.db-journal").write_bytes(b"")  # as a rollback journal would be
        report = chron.run([str(tmp_path)])
        assert list(chron.failures()) == []
        assert report.stats.get("files_failed", 0) == 0
        assert len(list(chron.articles())) == 1
