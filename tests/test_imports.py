"""Import arrows inside a package run one way: no module imports, directly or through
others, a module that imports it. Every import counts (module level, inside a function,
under ``if TYPE_CHECKING``), so a cycle cannot hide in a function body."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import chronicle

ROOT = Path(chronicle.__file__).resolve().parent
# Packages whose modules must form no import cycle among themselves: the whole package, and
# its parts by name so a failure says where.
ACYCLIC = ["chronicle", "chronicle.web", "chronicle.runners", "chronicle.pipeline.clean",
           "chronicle.pipeline.entities"]


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    out: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = ("chronicle", *path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``module`` names in any import statement."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, path, node)
            for alias in node.names:  # ``from pkg import mod`` names the module itself
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {name for name in found if name in known and name != module}


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def cycles_within(graph: dict[str, set[str]], package: str) -> list[list[str]]:
    """One path for each import cycle among ``package``'s modules (depth-first search)."""
    inside = {m for m in graph if m == package or m.startswith(package + ".")}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node] & inside):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(inside):
        if node not in state:
            visit(node)
    return found


def test_the_graph_sees_every_kind_of_import() -> None:
    graph = import_graph()
    assert "chronicle.pipeline.clean.classify" in graph["chronicle.pipeline.clean.stage"]
    assert "chronicle.runners.local" in graph["chronicle.api"]  # imported inside a function
    assert "chronicle.pipeline.clean" in graph["chronicle.runners.local"]  # a package


@pytest.mark.parametrize("package", ACYCLIC)
def test_no_import_cycle(package: str) -> None:
    cycles = cycles_within(import_graph(), package)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)
