"""Following a folder: new files are added as they appear, with the model kept loaded."""

from __future__ import annotations

import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import chronicle

FIRST = ("Lakeside town opens flood barrier\n\n"
         "The town of Arvika opened a new flood barrier on Monday, the mayor Karin Lund said, "
         "after two springs of flooding closed the harbour road.\n")
SECOND = ("Ferry line adds winter sailings\n\n"
          "The ferry operator Norrlink said on Tuesday it would add three winter sailings a "
          "week between Umea and Vaasa, citing higher freight demand.\n")


def test_follow_adds_new_files_and_skips_seen_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FIRST, encoding="utf-8")
    with chronicle.open(tmp_path / "x.db") as db:
        looks = db.follow([str(folder)], interval=0, settle=0, polls=3)
        first = next(looks)
        assert (first.stats["documents"], first.stats["articles_kept"]) == (1, 1)
        (folder / "b.txt").write_text(SECOND, encoding="utf-8")
        second = next(looks)
        assert (second.stats["documents"], second.stats["articles_kept"]) == (1, 1)
        assert list(looks) == []  # the third look finds nothing new: no run at all
        assert len(list(db.articles())) == 2


def test_follow_waits_for_a_file_to_settle(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FIRST, encoding="utf-8")
    with chronicle.open(tmp_path / "x.db") as db:
        assert list(db.follow([str(folder)], interval=0, settle=3600, polls=1)) == []


def test_watch_command_adds_a_dropped_file_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    db = tmp_path / "w.db"
    process = subprocess.Popen(
        [sys.executable, "-c", "from chronicle.cli import main; main()", "watch", str(folder),
         "--db", str(db), "--interval", "0.2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A shell starts background jobs with Ctrl-C ignored; the watcher must hear it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()
    out = []
    try:
        (folder / "a.txt").write_text(FIRST, encoding="utf-8")
        # The summary line is printed once the whole run (articles, stories) is stored.
        while not any("kept" in line for line in out):
            out.append(lines.get(timeout=120))
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    assert "1 kept" in "".join(out) and "watching" in errors and "stopped" in errors
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
        assert con.execute("SELECT COUNT(*) FROM story_members").fetchone()[0] == 1
