"""The database a command is given: a chronicle on read-only storage is read as it is; a file
that is not a chronicle (text, another application's SQLite, a newer chronicle) is refused in
one line, and ``run`` refuses it before writing a byte."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from chronicle.cli import app
from chronicle.store.schema import MIGRATIONS

runner = CliRunner()
Unprivileged = Callable[[], AbstractContextManager[None]]

ARTICLE = """Harbour pilots end strike in Port Ellary

Harbour pilots in Port Ellary ended a nine-day strike on Tuesday after the port authority
agreed to raise their wages by six percent, union leaders said.

The walkout had left more than forty cargo ships waiting offshore and delayed shipments of
grain and fertiliser to inland markets, traders said.
"""
READ_COMMANDS = [["stories"], ["search", "harbour"], ["show", "pilots"],
                 ["export", "articles"], ["relations", "RUS", "VNM"], ["timeline"]]


def invoke(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def one_line_error(result: Any) -> str:
    """The error a command printed: exit 2, one line on standard error, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return str(lines[0])


@pytest.fixture(scope="module")
def chronicle_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished chronicle, written into a file that was empty (0 bytes): ``run`` takes an
    empty file as a new database."""
    root = tmp_path_factory.mktemp("db")
    (root / "pilots.txt").write_text(ARTICLE, encoding="utf-8")
    db = root / "chronicle.db"
    db.write_bytes(b"")
    result = invoke("run", root / "pilots.txt", "--db", db, "-q")
    assert result.exit_code == 0, result.output
    return db


def other_app(path: Path, version: int = 0) -> Path:
    con = sqlite3.connect(path)
    con.executescript(f"CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
                      f"INSERT INTO notes(body) VALUES ('buy milk');"
                      f"PRAGMA user_version = {version};")
    con.close()
    return path


def newer_chronicle(path: Path, chronicle_db: Path) -> Path:
    shutil.copy(chronicle_db, path)
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    con.execute("PRAGMA journal_mode = DELETE")  # one file: its bytes are all there is
    con.close()
    return path


def not_a_chronicle(kind: str, folder: Path, chronicle_db: Path) -> Path:
    path = folder / f"{kind}.db"
    if kind == "text":
        path.write_text("This is a shopping list, not a database.\n", encoding="utf-8")
    elif kind == "zero-bytes":
        path.write_bytes(b"")
    elif kind == "other-app":
        other_app(path)
    elif kind == "other-app-versioned":
        other_app(path, version=len(MIGRATIONS) + 5)
    else:
        newer_chronicle(path, chronicle_db)
    return path


REFUSALS = {"text": "not an SQLite database", "zero-bytes": "empty database",
            "other-app": "not a chronicle database", "other-app-versioned":
            "not a chronicle database", "newer": "newer chronicle"}


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("kind", list(REFUSALS))
def test_read_commands_refuse_what_is_not_a_chronicle_in_one_line(
        tmp_path: Path, chronicle_db: Path, kind: str, command: list[str]) -> None:
    path = not_a_chronicle(kind, tmp_path, chronicle_db)
    before = path.read_bytes()
    line = one_line_error(invoke(*command, "--db", path))
    assert REFUSALS[kind] in line and str(path) in line
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_serve_refuses_to_start_on_what_is_not_a_chronicle(
        tmp_path: Path, chronicle_db: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(a))
    path = not_a_chronicle(kind, tmp_path, chronicle_db)
    assert REFUSALS[kind] in one_line_error(invoke("serve", "--db", path))
    assert calls == []


@pytest.mark.parametrize("kind", ["text", "other-app", "other-app-versioned", "newer"])
def test_run_refuses_a_database_not_ours_before_writing_anything(
        tmp_path: Path, chronicle_db: Path, kind: str) -> None:
    path = not_a_chronicle(kind, tmp_path, chronicle_db)
    (tmp_path / "in.txt").write_text(ARTICLE, encoding="utf-8")
    before = path.read_bytes()
    line = one_line_error(invoke("run", tmp_path / "in.txt", "--db", path, "-q"))
    assert REFUSALS[kind] in line
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", path.name]  # no -wal


def test_read_only_storage_is_read_as_it_is(chronicle_db: Path, open_tmp: Path,
                                            unprivileged: Unprivileged) -> None:
    """A WAL database in a folder no one may write (a read-only mount, a shared archive):
    SQLite cannot create its -shm file there, so the database opens immutable."""
    expected = {c[0]: invoke(*c, "--db", chronicle_db) for c in READ_COMMANDS}
    folder = open_tmp / "archive"
    folder.mkdir()
    db = Path(shutil.copy(chronicle_db, folder / "chronicle.db"))
    db.chmod(0o444)
    folder.chmod(0o555)
    with unprivileged():
        results = {c[0]: invoke(*c, "--db", db) for c in READ_COMMANDS}
    for name, result in results.items():
        assert result.exit_code == expected[name].exit_code, result.output
        assert result.stdout == expected[name].stdout, name
    assert "Harbour pilots end strike" in results["stories"].stdout
    assert sorted(p.name for p in folder.iterdir()) == ["chronicle.db"]


def test_run_refuses_a_read_only_database_in_one_line(chronicle_db: Path, open_tmp: Path,
                                                      unprivileged: Unprivileged) -> None:
    (open_tmp / "in.txt").write_text(ARTICLE, encoding="utf-8")
    db = Path(shutil.copy(chronicle_db, open_tmp / "chronicle.db"))
    db.chmod(0o444)
    open_tmp.chmod(0o777)  # the folder is writable: only the file is not
    before = db.read_bytes()
    with unprivileged():
        result = invoke("run", open_tmp / "in.txt", "--db", db, "-q")
    assert "read-only" in one_line_error(result)
    assert db.read_bytes() == before


def test_run_refuses_a_database_inside_a_folder_it_cannot_write(
        chronicle_db: Path, open_tmp: Path, unprivileged: Unprivileged) -> None:
    (open_tmp / "in.txt").write_text(ARTICLE, encoding="utf-8")
    folder = open_tmp / "archive"
    folder.mkdir()
    folder.chmod(0o555)
    with unprivileged():
        result = invoke("run", open_tmp / "in.txt", "--db", folder / "new.db", "-q")
    assert "read-only" in one_line_error(result)
    assert list(folder.iterdir()) == []


def test_run_refuses_a_database_under_a_file_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text(ARTICLE, encoding="utf-8")
    line = one_line_error(invoke("run", tmp_path / "in.txt", "--db",
                                 tmp_path / "in.txt" / "sub" / "c.db", "-q"))
    assert "in.txt" in line
    assert (tmp_path / "in.txt").read_text(encoding="utf-8") == ARTICLE


def test_a_database_path_with_uri_characters_opens(tmp_path: Path, chronicle_db: Path) -> None:
    odd = Path(shutil.copy(chronicle_db, tmp_path / "news?v=1#100%.db"))
    result = invoke("stories", "--db", odd)
    assert result.exit_code == 0, result.output
    assert "Harbour pilots end strike" in result.stdout
