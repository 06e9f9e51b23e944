"""Shared fixtures: a fresh store, a run context, and where the shared seed articles live."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import chronicle
from chronicle.config import Config
from chronicle.pipeline.context import RunContext
from chronicle.store import TABLES, Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


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
