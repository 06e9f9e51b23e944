"""Each web module imports on its own (the package's import cycles are checked for the
whole of ``chronicle`` in ``tests/test_imports.py``)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import chronicle.web

WEB = Path(chronicle.web.__file__).resolve().parent
MODULES = sorted(f"chronicle.web.{p.stem}" for p in WEB.glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("name", MODULES)
def test_each_web_module_imports(name: str) -> None:
    assert importlib.import_module(name).__name__ == name
