"""Crash safety: a run killed at any point loses at most the batch in flight, and the next
run completes the corpus with every article stored once and no orphan rows.

``write_batch`` stores a batch in one transaction; the stories stage then writes in its own
transactions. A kill between the two used to leave stored articles that no story held,
for good: the rerun skips stored articles. The runner now repairs interrupted runs first
(``chronicle.runners.local.repair_stories``); the in-process tests below kill exactly in
that window, the subprocess test kills ``chronicle run`` with SIGKILL.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

import chronicle
import chronicle.runners.corpus as corpus_module
import chronicle.runners.local as local_module

CLI = [sys.executable, "-c", "from chronicle.cli import main; main()"]
STORY_TABLES = ("stories", "story_members", "story_keys", "conflicts")


class Killed(BaseException):
    """Stands for SIGKILL inside the process: nothing after it runs."""


def write_corpus(folder: Path, news: Callable[[int], str], count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"a{n:04d}.txt"
        path.write_text(news(n), encoding="utf-8")
        paths.append(path)
    return paths


def readonly(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(readonly(db)) as con:
        return con.execute(sql).fetchall()


def story_state(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {t: sorted(rows(db, f"SELECT * FROM {t}"), key=repr) for t in STORY_TABLES}


def kill_on_call(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, call: int) -> None:
    """Make ``module.name`` die (as if the process were killed) on its ``call``-th call."""
    real, calls = getattr(module, name), iter(range(1, 10**6))

    def dying(*args: Any, **kwargs: Any) -> Any:
        if next(calls) == call:
            raise Killed(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, dying)


@pytest.fixture
def small(tmp_path: Path, news: Callable[[int], str]) -> Iterator[tuple[Path, Path]]:
    """15 articles and a reference database from one uninterrupted run, 5 per batch."""
    folder = tmp_path / "in"
    write_corpus(folder, news, 15)
    reference = tmp_path / "ref.db"
    with chronicle.open(reference) as db:
        db.config = _batches_of(db.config, 5)
        db.run([folder])
    yield folder, reference


def _batches_of(config: Any, size: int) -> Any:
    from dataclasses import replace

    return replace(config, batch_size=size)


def test_kill_between_batch_write_and_stories_is_repaired(
        small: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, reference = small
    db = tmp_path / "killed.db"
    kill_on_call(monkeypatch, local_module, "update_stories", 2)  # batch 2 stored, no stories
    with chronicle.open(db) as chron:
        chron.config = _batches_of(chron.config, 5)
        with pytest.raises(Killed):
            chron.run([folder])
    assert rows(db, "SELECT COUNT(*) FROM articles") == [(10,)]
    assert rows(db, "SELECT COUNT(*) FROM story_members") == [(5,)]
    monkeypatch.undo()
    with chronicle.open(db) as chron:
        chron.config = _batches_of(chron.config, 5)
        report = chron.run([folder])
    assert story_state(db) == story_state(reference)  # as if never interrupted
    assert report.stats["repaired_story_members"] == 5
    assert rows(db, "SELECT stats FROM runs WHERE id = 1")[0][0].startswith('{"interrupted"')


def test_kill_while_refreshing_stories_is_repaired(
        small: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, reference = small
    db = tmp_path / "killed.db"
    # die on the first story refresh after the last batch, when the run settles the stories
    # still waiting: every assignment is written, their outputs stale, and the rerun has no
    # new article that could refresh them by chance
    settle, final = local_module.Batches.settle_stories, []

    def settling(self: Any, *, all_of_them: bool = True) -> None:
        final.append(all_of_them)
        settle(self, all_of_them=all_of_them)

    real_refresh = corpus_module.refresh_story

    def refresh(*args: Any, **kwargs: Any) -> Any:
        if final and final[-1]:
            raise Killed("refresh_story")
        return real_refresh(*args, **kwargs)

    monkeypatch.setattr(local_module.Batches, "settle_stories", settling)
    monkeypatch.setattr(corpus_module, "refresh_story", refresh)
    with chronicle.open(db) as chron:
        chron.config = _batches_of(chron.config, 5)
        with pytest.raises(Killed):
            chron.run([folder])
    assert story_state(db) != story_state(reference)
    monkeypatch.undo()
    with chronicle.open(db) as chron:
        chron.config = _batches_of(chron.config, 5)
        report = chron.run([folder])
    assert story_state(db) == story_state(reference)
    assert report.stats["repaired_stories"] >= 1


def test_rerun_after_repair_does_nothing_more(small: tuple[Path, Path], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = small
    db = tmp_path / "killed.db"
    kill_on_call(monkeypatch, local_module, "update_stories", 1)
    with chronicle.open(db) as chron, pytest.raises(Killed):
        chron.run([folder])
    monkeypatch.undo()
    for expected in (1, 0):  # the repair happens once; the next run finds nothing to do
        with chronicle.open(db) as chron:
            report = chron.run([folder])
        assert report.stats["repaired_runs"] == expected
    check_consistent(db, 15)


# --- SIGKILL on the real command -----------------------------------------------------------


def start(folder: Path, db: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    """``workers`` 2: the language layer runs in two worker processes from the first batch."""
    env = os.environ | {"CHRONICLE_WORKERS": str(workers), "CHRONICLE_PARALLEL_MIN": "1"}
    return subprocess.Popen([*CLI, "run", str(folder), "--db", str(db), "--batch-size", "20",
                             "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def counts(db: Path) -> tuple[int, int] | None:
    """(articles not dropped, story members), or None while the database is not ready."""
    try:
        found = rows(db, "SELECT (SELECT COUNT(*) FROM articles WHERE status != 'dropped'),"
                         " (SELECT COUNT(*) FROM story_members)")
    except sqlite3.Error:
        return None
    return found[0]


def kill_midway(process: subprocess.Popen[bytes], db: Path, total: int,
                ) -> tuple[tuple[int, int], set[int]]:
    """SIGKILL once some batches are stored, preferably between a batch and its stories.
    Returns what was stored then, and the killed process's children."""
    deadline = time.monotonic() + 300
    seen: tuple[int, int] | None = None
    while time.monotonic() < deadline and process.poll() is None:
        seen = counts(db) or seen
        if seen and 60 <= seen[0] < total and (seen[0] > seen[1] or seen[0] >= total // 2):
            orphans = children(process.pid)
            process.send_signal(signal.SIGKILL)
            process.wait()
            return seen, orphans
        time.sleep(0.01)
    raise AssertionError(f"the run ended before it could be killed: {seen}, "
                         f"{process.stderr.read() if process.stderr else ''!r}")


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_midway_then_rerun_stores_everything_once(
        tmp_path: Path, news: Callable[[int], str], workers: int) -> None:
    total = 400
    paths = write_corpus(tmp_path / "in", news, total)
    db = tmp_path / "crash.db"
    at_kill, orphans = kill_midway(start(tmp_path / "in", db, workers), db, total)
    stored = rows(db, "SELECT COUNT(*) FROM articles")[0][0]
    assert 0 < stored < total and stored % 20 == 0, at_kill  # whole batches only
    if workers > 1:  # the parse workers noticed and exited
        assert len(orphans) >= workers
        deadline = time.monotonic() + 20
        while alive(orphans) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(orphans)
    again = start(tmp_path / "in", db, workers)
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    check_consistent(db, total)
    assert {Path(p) for (p,) in rows(db, "SELECT source_path FROM articles")} == set(paths)
    last = re.search(r"zq[a-z]{4}", news(total - 1))
    assert last is not None
    hits = rows(db, "SELECT a.source_path FROM articles_fts f JOIN articles a"
                    f" ON a.rowid = f.rowid WHERE articles_fts MATCH '{last.group()}'")
    assert [Path(p) for (p,) in hits] == [paths[-1]]
    killed, _ = rows(db, "SELECT finished IS NULL, stats FROM runs ORDER BY id")
    assert killed[0] == 1 and json.loads(killed[1]) == {"interrupted": 1, "repaired_by_run": 2}


def check_consistent(db: Path, total: int) -> None:
    """Every input once, no orphans, every stored article in a story, FTS and file intact."""
    assert rows(db, "SELECT COUNT(*), COUNT(DISTINCT id) FROM articles"
                    " WHERE status IN ('kept', 'duplicate', 'dropped')") == [(total, total)]
    for table in ("mentions", "sentences", "event_mentions", "removed", "story_members",
                  "dates", "quotes", "paragraphs", "minhashes", "lsh_bands", "copies"):
        orphans = rows(db, f"SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS"
                           " (SELECT 1 FROM articles a WHERE a.id = t.article_id)")
        assert orphans == [(0,)], table
    assert rows(db, "SELECT COUNT(*) FROM events e WHERE NOT EXISTS"
                    " (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id)") == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM (SELECT DISTINCT article_id FROM mentions) m"
                    " WHERE NOT EXISTS (SELECT 1 FROM sentences s"
                    " WHERE s.article_id = m.article_id)") == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM articles a WHERE status != 'dropped' AND NOT EXISTS"
                    " (SELECT 1 FROM story_members m WHERE m.article_id = a.id)") == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM stories WHERE summary IS NULL OR size !="
                    " (SELECT COUNT(*) FROM story_members m WHERE m.story_id = stories.id)"
                    ) == [(0,)]
    with closing(sqlite3.connect(db)) as con:
        con.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
