"""Shared fixtures: a fresh store, a run context, and where the shared seed articles live."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.config import Config
from chronicle.pipeline.context import RunContext
from chronicle.store import Store

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
