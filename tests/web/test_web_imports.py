"""No import cycle inside ``chronicle.web``: every import arrow between its modules runs one way.

The graph is read from the source (ast) for the whole ``chronicle`` package: every ``import``,
at module level or inside a function (a lazy import still ties two modules together), except
those under ``if TYPE_CHECKING:``. Only cycles through the packages in ``CHECKED`` fail the
test: runners/ and pipeline/ are being untangled separately; add them to ``CHECKED`` then.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import chronicle

SRC = Path(chronicle.__file__).resolve().parent
CHECKED = ("chronicle.web",)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every node under ``body``, skipping ``if TYPE_CHECKING:`` blocks."""
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _statements(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody", "handlers"):
            inner = getattr(node, field, None)
            if isinstance(inner, list):
                yield from _statements([n for n in inner if isinstance(n, ast.AST)])


def _known(name: str) -> str | None:
    """The module ``name`` names, or the longest package of ours that holds it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str) -> set[str]:
    """The modules of ours that module ``name`` imports (not its parent packages, which Python
    initializes first whatever the order, so they cannot close a cycle)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _statements(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            found |= {m for a in node.names if (m := _known(a.name))}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                target = _known(f"{base}.{alias.name}") if alias.name != "*" else None
                found |= {m for m in (target if target != base else None, _known(base)) if m}
    return {m for m in found if m != name and not name.startswith(m + ".")}


def graph() -> dict[str, set[str]]:
    return {name: imports_of(name) for name in MODULES}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_walk_sees_a_cycle_and_lazy_imports() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    # chronicle.web imports its app lazily, inside a function: the walk still sees it.
    assert "chronicle.web.app" in imports_of("chronicle.web")


@pytest.mark.parametrize("package", CHECKED)
def test_no_import_cycle_inside(package: str) -> None:
    involved = [c for c in cycles(graph())
                if any(m == package or m.startswith(package + ".") for m in c)]
    assert involved == [], f"import cycles through {package}: {involved}"


@pytest.mark.parametrize("name", sorted(m for m in MODULES if m.startswith("chronicle.web")))
def test_each_web_module_imports(name: str) -> None:
    assert importlib.import_module(name).__name__ == name
