"""Shared fixtures: a fresh store, a run context, where the shared seed articles live, and
read-only storage as any user meets it."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

import chronicle
from chronicle.config import Config
from chronicle.pipeline.context import RunContext
from chronicle.store import TABLES, Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


@pytest.fixture
def ctx() -> RunContext:
    return RunContext(config=Config())


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEEDS


def database_snapshot(path: Path) -> dict[str, Any]:
    """Every exported table, the failures, copies and each run's counts: what two runs
    that should write the same database are compared on (timings left out)."""
    with chronicle.open(path, readonly=True) as db:
        out: dict[str, Any] = {}
        for table in TABLES:
            buf = io.StringIO()
            db.export(table, "jsonl", buf)
            out[table] = [json.loads(line) for line in buf.getvalue().splitlines()]
        out["failures"] = sorted((f["source_path"], f["reason"]) for f in db.failures())
        con = db.store.con
        out["copies"] = [tuple(r) for r in con.execute(
            "SELECT article_id, source_path, record FROM copies ORDER BY source_path")]
        out["runs"] = [json.loads(r[0]) for r in con.execute("SELECT stats FROM runs ORDER BY id")]
    return out


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, Any]]:
    return database_snapshot


@contextmanager
def _without_root() -> Iterator[None]:
    """Permission bits do not stop root: as root, the block runs with the effective ids of
    ``nobody``, so the kernel refuses what it refuses any user (the real ids stay root's, to
    switch back). What the block runs must be imported already: root's Python may live in a
    folder ``nobody`` cannot read."""
    if not IS_ROOT:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def unprivileged() -> Callable[[], AbstractContextManager[None]]:
    """``with unprivileged(): ...`` runs the block as a user permission bits apply to."""
    return _without_root


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A scratch folder every user may enter (pytest's own are root-only when root runs
    them); permissions inside are restored before it is removed."""
    folder = Path(tempfile.mkdtemp(prefix="chronicle-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)
