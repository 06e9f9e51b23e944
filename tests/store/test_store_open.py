"""Opening a database: read-only storage, files that are not a chronicle, refusals before
writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chronicle.errors import StoreError
from chronicle.store import Store, connect
from chronicle.store.schema import MIGRATIONS, schema_problem

SQLITE_READONLY_DIRECTORY = 1544  # what SQLite says when it cannot create the -shm file
SQLITE_IOERR_READ = 266


def _failing_ro(monkeypatch: pytest.MonkeyPatch, code: int) -> list[str]:
    """Make every ``mode=ro`` open fail with ``code``, as on read-only storage; returns the
    URIs opened."""
    opened: list[str] = []
    probed = connect._probed

    def fake(uri: str) -> sqlite3.Connection:
        opened.append(uri)
        if uri.endswith("mode=ro"):
            exc = sqlite3.OperationalError("attempt to write a readonly database")
            exc.sqlite_errorcode = code  # type: ignore[attr-defined]
            raise exc
        return probed(uri)

    monkeypatch.setattr(connect, "_probed", fake)
    return opened


def test_a_reader_falls_back_to_immutable_when_sqlite_cannot_open_read_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.db"
    Store(path).close()
    opened = _failing_ro(monkeypatch, SQLITE_READONLY_DIRECTORY)
    with Store(path, readonly=True) as store:
        assert store.con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    assert [uri.rsplit("?", 1)[1] for uri in opened] == ["mode=ro", "immutable=1"]
    assert opened[0].startswith("file:///")


def test_other_read_errors_are_not_retried_and_read_as_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.db"
    Store(path).close()
    opened = _failing_ro(monkeypatch, SQLITE_IOERR_READ)
    with pytest.raises(StoreError, match=r"^In database `.*c\.db`: attempt to write"):
        Store(path, readonly=True)
    assert len(opened) == 1


def _other_app(path: Path, version: int = 0) -> None:
    con = sqlite3.connect(path)
    con.executescript(f"CREATE TABLE notes(body TEXT); PRAGMA user_version = {version};")
    con.close()


@pytest.mark.parametrize(("version", "tables", "writing", "problem"), [
    (0, [], True, None),                               # a new database
    (0, [], False, "an empty database"),
    (0, ["notes"], True, "not a chronicle database"),
    (3, ["notes"], False, "not a chronicle database"),
    (0, ["runs", "articles"], True, "not a chronicle database"),  # tables alone are not ours
    (len(MIGRATIONS) + 1, ["runs", "articles"], True, "newer chronicle"),
    (len(MIGRATIONS) - 1, ["runs", "articles"], True, None),  # migrated by the writer
    (len(MIGRATIONS) - 1, ["runs", "articles"], False, "older chronicle"),
    (len(MIGRATIONS), ["runs", "articles", "notes"], False, None),
])
def test_schema_problem(version: int, tables: list[str], writing: bool,
                        problem: str | None) -> None:
    con = sqlite3.connect(":memory:")
    for name in tables:
        con.execute(f"CREATE TABLE {name}(x)")
    con.execute(f"PRAGMA user_version = {version}")
    found = schema_problem(con, writing=writing)
    assert found == problem if problem is None else problem in (found or "")


def test_writer_refuses_another_applications_file_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    _other_app(path)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a chronicle database .*the tables notes"):
        Store(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["notes.db"]


def test_writer_takes_an_empty_file_as_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(b"")
    with Store(path) as store:
        assert store.con.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a regular file"):
        Store(tmp_path)


def test_a_reader_upgrades_an_older_chronicle_where_it_may_write(tmp_path: Path) -> None:
    """A chronicle from an earlier version opens for reading: its migrations (which only
    add) run first, so no one has to run the pipeline to look at an old database."""
    from chronicle.store.connect import open_readonly
    from chronicle.store.schema import _register_functions

    path = tmp_path / "old.db"
    con = sqlite3.connect(path, isolation_level=None)
    _register_functions(con)
    for number, migration in enumerate(MIGRATIONS[:-1], start=1):
        con.executescript(f"BEGIN;\n{migration()}\nPRAGMA user_version = {number};\nCOMMIT;")
    con.close()
    reader = open_readonly(path)
    try:
        assert reader.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    finally:
        reader.close()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="an empty database"):
        open_readonly(empty)
    assert empty.read_bytes() == b""  # an empty file is not made a chronicle by a reader
