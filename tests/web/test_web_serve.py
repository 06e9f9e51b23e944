"""`chronicle serve`: binds 127.0.0.1 by default, opens the database read-only, one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from chronicle.cli import app

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
