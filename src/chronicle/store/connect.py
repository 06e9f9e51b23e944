"""Opening the database file: for reading, as it is (read-only storage included); for writing,
only a chronicle or an empty file, checked before a byte is written."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from chronicle.errors import StoreError
from chronicle.store.schema import MIGRATIONS, migrate, schema_problem

SQLITE_READONLY = 8  # primary result codes (the low byte of an extended code)
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to the chronicle at ``path``, or a StoreError saying why not."""
    if not path.is_file():
        raise StoreError(f"no database at {path} (run `chronicle run` first)")
    con = _reader(path)
    if _older(con) and _may_write(path) and _may_write(path.parent):
        # an older chronicle is upgraded where it may be (its migrations only add), so a
        # reader never has to run the pipeline first; on read-only storage it is refused
        con.close()
        open_writable(path).close()
        con = _reader(path)
    try:
        _check(con, path, writing=False)
    except BaseException:
        con.close()
        raise
    return con


def open_writable(path: Path) -> sqlite3.Connection:
    """The writing connection (WAL, migrated). A file that holds anything but a chronicle
    this version can write is refused before anything is written to it."""
    _check_writable(path)
    if path.exists() and path.stat().st_size:  # an empty file is a new database
        probe = _reader(path)
        try:
            _check(probe, path, writing=True)
        finally:
            probe.close()
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA foreign_keys=ON")
        migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def describe(exc: sqlite3.Error) -> str:
    """SQLite's error as a user reads it."""
    if _code(exc) == SQLITE_NOTADB:
        return "not an SQLite database (some other kind of file)"
    return str(exc)


def _reader(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri()  # percent-encoded: a `?` or `#` in a name stays in the name
    try:
        return _probed(f"{uri}?mode=ro")
    except sqlite3.OperationalError as exc:
        if _code(exc) not in {SQLITE_READONLY, SQLITE_CANTOPEN}:
            raise
    # SQLite could not create a WAL database's -shm file beside it: the folder is read-only
    # (a read-only mount, an archive). Read the file as it is; a writer that starts later,
    # with rights this reader lacks, is not seen.
    return _probed(f"{uri}?immutable=1")


def _older(con: sqlite3.Connection) -> bool:
    """Whether ``con`` holds a chronicle from an earlier schema version."""
    version = con.execute("PRAGMA user_version").fetchone()[0]
    return 0 < version < len(MIGRATIONS) and schema_problem(con, writing=True) is None


def _probed(uri: str) -> sqlite3.Connection:
    """A connection that has read the schema: SQLite opens files lazily, so a file it
    cannot read fails here, not at the first query."""
    con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except BaseException:
        con.close()
        raise
    return con


def _check(con: sqlite3.Connection, path: Path, *, writing: bool) -> None:
    problem = schema_problem(con, writing=writing)
    if problem:
        raise StoreError(problem, context=f"In database `{path}`")


def _check_writable(path: Path) -> None:
    where = f"In database `{path}`"
    if path.exists() and not path.is_file():
        raise StoreError("not a regular file (a folder?)", context=where)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder `{path.parent}`: "
                         f"{exc.strerror or exc}", context=where) from None
    if path.exists() and not _may_write(path):
        raise StoreError("read-only file: `chronicle run` writes to its database (the read "
                         "commands open it as it is)", context=where)
    if not _may_write(path.parent):
        raise StoreError(f"the folder `{path.parent}` is read-only: SQLite keeps its journal "
                         "files beside the database", context=where)


def _may_write(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
