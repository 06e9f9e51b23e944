"""What the eval gates share: the floor files, the score table, the ``--pin`` CLI, a tally of
hits per metric, the configuration for one-sentence articles, and loading a scorer by path.

``floors.json`` holds the floors the gates enforce and ``floors.lock.json`` the highest ones
ever pinned; ``--pin`` writes both and never lowers a floor. The cleaner's sets
(``score.py``) are top-level keys; every other gate owns one section (``language``,
``stories``). The scorers load this file by path (``eval/`` is not a package).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, Protocol

EVAL_DIR = Path(__file__).resolve().parent
REPO_DIR = EVAL_DIR.parent
SEEDS_DIR = REPO_DIR / ".." / "shared" / "seeds"
FLOORS_PATH = EVAL_DIR / "floors.json"
LOCK_PATH = EVAL_DIR / "floors.lock.json"

Floors = dict[str, dict[str, float]]  # set name -> metric -> floor


class Tally(Protocol):
    """One set's result in any gate: its scores (None: nothing to score) and its misses."""

    misses: list[str]

    def scores(self) -> dict[str, float | None]: ...


@dataclass
class Counts:
    """Hits and totals per metric for one set, and a readable line for every miss; a
    scorer's subclass names its ``metrics``."""

    metrics: ClassVar[tuple[str, ...]] = ()
    hits: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, metric: str, ok: bool, miss: str) -> None:
        self.totals[metric] += 1
        self.hits[metric] += ok
        if not ok:
            self.misses.append(f"{metric}: {miss}")

    def scores(self) -> dict[str, float | None]:
        return {m: self.hits[m] / self.totals[m] if self.totals[m] else None
                for m in self.metrics}


def sentence_config() -> Any:
    """The default configuration for gold items that are one sentence, not an article: the
    too-short rule must not drop them."""
    from chronicle.config import Config

    base = Config()
    return replace(base, clean=replace(base.clean, min_article_words=1))


def load(name: str, filename: str) -> ModuleType:
    """A scorer of this folder by path, once (``eval/`` is not a package, and pytest's
    importlib mode does not put it on the path)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, EVAL_DIR / filename)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def round_down(value: float) -> float:
    # Round the value first so 0.29 stored as 0.28999... does not lose a point.
    return math.floor(round(value * 100, 6)) / 100


def floor_problems(floors: Floors, lock: Floors) -> list[str]:
    """Why a floor file is refused: a floor below the lock, or above it without the lock."""
    problems = []
    for set_name, metrics in lock.items():
        for metric, locked in metrics.items():
            floor = floors.get(set_name, {}).get(metric)
            if floor is None or floor < locked:
                problems.append(f"{set_name}.{metric}: floor {floor} is below the locked {locked}")
    for set_name, metrics in floors.items():
        for metric, floor in metrics.items():
            if floor > lock.get(set_name, {}).get(metric, -1.0):
                problems.append(f"{set_name}.{metric}: floor {floor} raised without updating "
                                "floors.lock.json (run python eval/score.py --pin)")
    return problems


def below_floor(set_name: str, tally: Tally, floors: Floors) -> list[str]:
    scores = tally.scores()
    return [
        f"{set_name}.{metric} = {scores[metric]:.3f} < floor {floor}"
        for metric, floor in floors.get(set_name, {}).items()
        if scores.get(metric) is None or scores[metric] < floor  # type: ignore[operator]
    ]


@dataclass(frozen=True)
class Gate:
    """One scorer's sets and metrics, where its floors sit, and how its table is laid out."""

    sets: tuple[str, ...]
    metrics: tuple[str, ...]
    section: str | None = None  # None: the sets are top-level keys of the floor files
    fixed: Mapping[str, float] = field(default_factory=dict)  # pinned by policy, not measured
    widths: tuple[int, int] = (22, 10)  # the metric column, then each set's value column
    count: Callable[[Any, str], int] | None = None  # an ``n`` column: what a value rests on
    count_width: int = 0
    misses_from: str | None = None  # a set that holds every set's misses: print only its

    def load_floors(self, path: Path) -> Floors:
        if not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        section = data if self.section is None else data.get(self.section, {})
        return {s: v for s, v in section.items() if s in self.sets}

    def pinned(self, tallies: Mapping[str, Tally]) -> Floors:
        """New floors: measured values rounded down, never below what floors or lock hold."""
        floors, lock = self.load_floors(FLOORS_PATH), self.load_floors(LOCK_PATH)
        out = {s: dict(floors.get(s, {})) for s in self.sets if s in floors or s in tallies}
        for set_name, tally in tallies.items():
            for metric, value in tally.scores().items():
                if value is not None:
                    old = max(floors.get(set_name, {}).get(metric, 0.0),
                              lock.get(set_name, {}).get(metric, 0.0))
                    out[set_name][metric] = max(self.fixed.get(metric, round_down(value)), old)
        return out

    def write_floors(self, floors: Floors) -> None:
        """Write our sets into both floor files, keeping what other gates own as it is."""
        for path in (FLOORS_PATH, LOCK_PATH):
            data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
            data.update(floors if self.section is None else {self.section: floors})
            path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    def table(self, tallies: Mapping[str, Any], floors: Floors) -> str:
        label, width = self.widths
        count_head = f"{'n':>{self.count_width}}" if self.count else ""
        rows = [f"{'metric':<{label}}"
                + "".join(f"{n:>{width}}{count_head}{'floor':>7}" for n in tallies)]
        for metric in self.metrics:
            cells = ""
            for name, tally in tallies.items():
                value, floor = tally.scores()[metric], floors.get(name, {}).get(metric)
                cells += f"{'-' if value is None else f'{value:.3f}':>{width}}"
                if self.count:
                    cells += f"{self.count(tally, metric):>{self.count_width}}"
                cells += f"{'' if floor is None else f'{floor:.2f}':>7}"
            rows.append(f"{metric:<{label}}{cells}")
        return "\n".join(rows)

    def main(self, argv: list[str] | None, evaluate: Callable[[], Mapping[str, Tally]],
             doc: str | None) -> int:
        """Print the table and every miss (``--pin`` first raises the floors); 1 under a floor."""
        parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
        parser.add_argument("--pin", action="store_true", help="raise floors to measured values")
        args = parser.parse_args(argv)
        tallies = evaluate()
        floors = self.pinned(tallies) if args.pin else self.load_floors(FLOORS_PATH)
        if args.pin:
            self.write_floors(floors)
        print(self.table(tallies, floors))
        shown = [n for n in tallies if n == self.misses_from] or list(tallies)
        for name in shown:
            for miss in tallies[name].misses:
                print(f"[{name}] {miss}")
        failures = [f for name, t in tallies.items() for f in below_floor(name, t, floors)]
        for failure in failures:
            print(f"BELOW FLOOR: {failure}", file=sys.stderr)
        return 1 if failures else 0
