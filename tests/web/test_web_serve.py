"""`chronicle serve`: binds 127.0.0.1 by default, opens the database read-only, one-line errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import chronicle
from chronicle.cli import app
from chronicle.web import create_app

runner = CliRunner()


def test_serve_binds_localhost_by_default_and_reads_only(monkeypatch: pytest.MonkeyPatch,
                                                         corpus_db: Path) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app} | kw))
    result = runner.invoke(app, ["serve", "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    chron = calls[0]["app"].state.connections.get()
    assert chron.store.readonly


def test_serve_takes_host_and_port(monkeypatch: pytest.MonkeyPatch, corpus_db: Path) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = runner.invoke(app, ["serve", "--db", str(corpus_db), "--host", "0.0.0.0",
                                 "--port", "9123"])
    assert result.exit_code == 0
    assert (calls[0]["host"], calls[0]["port"]) == ("0.0.0.0", 9123)


def test_serve_without_a_database_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no database at" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "none.db").exists()


def test_serve_rejects_a_bad_port(corpus_db: Path) -> None:
    assert runner.invoke(app, ["serve", "--db", str(corpus_db), "--port", "70000"]
                         ).exit_code == 2


def test_a_database_on_read_only_storage_is_served(tmp_path: Path, open_tmp: Path,
                                                   unprivileged: Callable[[], Any]) -> None:
    """A finished WAL database in a folder no one may write: every page answers (before,
    SQLite failed to create the -shm file and every page was a 500)."""
    (tmp_path / "pilots.txt").write_text(
        "Harbour pilots end strike in Port Ellary\n\nHarbour pilots in Port Ellary ended a "
        "nine-day strike on Tuesday after the port authority agreed to raise their wages by "
        "six percent, union leaders said, and forty waiting cargo ships began to dock.\n",
        encoding="utf-8")
    with chronicle.open(tmp_path / "c.db") as chron:
        chron.run([str(tmp_path / "pilots.txt")])
    folder = open_tmp / "archive"
    folder.mkdir()
    db = Path(shutil.copy(tmp_path / "c.db", folder / "c.db"))
    db.chmod(0o444)
    folder.chmod(0o555)
    paths = ["/api/stories", "/", "/articles", "/api/search?q=pilots"]
    with TestClient(create_app(tmp_path / "c.db")) as warm:  # imports done as root
        expected = [warm.get(p).status_code for p in paths]
    with unprivileged(), TestClient(create_app(db)) as client:
        answers = {p: client.get(p) for p in paths}
    assert expected == [200] * len(paths)
    assert {p: r.status_code for p, r in answers.items()} == dict.fromkeys(paths, 200)
    assert "Harbour pilots end strike" in answers["/api/stories"].text
    assert sorted(p.name for p in folder.iterdir()) == ["c.db"]
