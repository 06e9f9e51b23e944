"""Helpers for the robustness tests: generated news text in our own words, snapshots of
every stored table (to prove that a later run changed nothing already stored), and the
runner of the Hypothesis properties with its two profiles.

Profiles: ``robust-fast`` (100 examples, or ``ROBUST_FAST_EXAMPLES``) runs by default;
``robust-slow`` (10,000, or ``ROBUST_SLOW_EXAMPLES``) is for ``slow``-marked variants and
shares its examples between ``ROBUST_WORKERS`` forked processes (default: the cores, at most
four), each with its own seed.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import sqlite3
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("robust-fast", deadline=None, suppress_health_check=_QUIET,
                          max_examples=int(os.environ.get("ROBUST_FAST_EXAMPLES", "100")))
settings.register_profile("robust-slow", deadline=None, suppress_health_check=_QUIET,
                          max_examples=int(os.environ.get("ROBUST_SLOW_EXAMPLES", "10000")))
WORKERS = int(os.environ.get("ROBUST_WORKERS", str(min(os.cpu_count() or 1, 4))))

# Invented places, people and bodies: no generated article names anything real.
PLACES = ["Korvala", "Tesmir", "Brannock", "Oulderry", "Valsenne", "Mirekow", "Dunharrow",
          "Quellport", "Saltmere", "Ostrevin", "Pellacor", "Hadrimoor", "Ketterby", "Lunsgard"]
PEOPLE = ["Ardan Velk", "Mirela Hostrup", "Tobin Akwesi", "Saskia Dorne", "Iven Marlow",
          "Nadia Querrel", "Osric Palme", "Lene Varga", "Ruben Eskil", "Hana Solvik"]
BODIES = ["the water board", "the port authority", "the teachers' union", "the farmers' council",
          "the rail operator", "the district court", "the health agency", "the energy regulator"]
ACTIONS = ["approved a plan to", "voted against a proposal to", "agreed to",
           "delayed a decision to", "asked the government to", "announced it would", "refused to"]
GOALS = ["rebuild the flood walls along the river", "raise fees for fishing permits",
         "close two rural clinics", "open a night market in the old square",
         "buy forty electric buses", "cut the price of school meals",
         "restore the ferry service to the islands", "expand the grain silos near the station",
         "replace the pumps at the sewage works", "hire three hundred nurses",
         "pave the mountain road before winter", "move the archive to a new building"]
REASONS = ["after months of complaints from residents", "citing a shortfall in the budget",
           "following heavy storms last spring", "after an audit found serious faults",
           "under pressure from local businesses", "because demand had doubled in a year"]
QUOTE_ENDS = ["we cannot wait another year", "the money is already set aside",
              "people deserve a straight answer", "the work must be done properly",
              "nobody wants to see the service fail", "the figures speak for themselves"]


def code_word(n: int) -> str:
    """A made-up word only article ``n`` contains, to find it by full-text search."""
    return "zq" + "".join(chr(97 + (n // 26**k) % 26) for k in range(4))


def news_article(n: int) -> str:
    """A short, plausible news article; different ``n`` give clearly different texts."""
    rng = random.Random(n)
    place, other = rng.sample(PLACES, 2)
    person = rng.choice(PEOPLE)
    body, goal = rng.choice(BODIES), rng.choice(GOALS)
    title = f"{place} {body.removeprefix('the ')} moves to {goal.split(' ', 1)[0]} plan {n}"
    paragraphs = [
        f"{body.capitalize()} in {place} {rng.choice(ACTIONS)} {goal} on day {n} of the "
        f"session, {rng.choice(REASONS)}, officials said.",
        f"{person}, who chairs the committee, told reporters that "
        f"\"{rng.choice(QUOTE_ENDS)}\" and that {rng.randint(2, 97)} members backed the move.",
        f"Critics in {other} said the cost, put at {rng.randint(3, 900)} million crowns, "
        f"would fall on households {rng.choice(REASONS)}.",
        f"A final vote on whether to {rng.choice(GOALS)} is expected within "
        f"{rng.randint(2, 11)} weeks, according to file {code_word(n)}.",
    ]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


# Columns a trigger keeps as a running count of other rows (an entity's mentions): new
# articles raise them, so they are no part of what a row stored before must keep.
RUNNING = {"entities": {"n_mentions"}}


def table_rows(db: Path) -> dict[str, Counter[tuple[object, ...]]]:
    """Every row of every table (FTS internals aside, which are checked with integrity-check,
    and running counts), through a read-only connection."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'articles_fts%'")]
        out = {}
        for name in names:
            columns = [f'"{r[1]}"' for r in con.execute(f'PRAGMA table_info("{name}")')
                       if r[1] not in RUNNING.get(name, set())]
            out[name] = Counter(con.execute(f'SELECT {", ".join(columns)} FROM "{name}"'))
        return out
    finally:
        con.close()


@pytest.fixture(scope="session")
def news() -> Callable[[int], str]:
    return news_article


@pytest.fixture(scope="session")
def snapshot() -> Callable[[Path], dict[str, Counter[tuple[object, ...]]]]:
    return table_rows


class Properties:
    """Runs a property over a strategy under a profile; ``scratch`` names a file in this
    process's own folder (Hypothesis examples cannot use ``tmp_path``)."""

    def __init__(self, folder: Path) -> None:
        self.folders = [folder]

    def scratch(self, name: str) -> Path:
        return self.folders[-1] / name

    def check(self, profile: str, strategy: st.SearchStrategy[Any],
              prop: Callable[[Any], None]) -> None:
        base = settings.get_profile(profile)
        if profile != "robust-slow" or WORKERS <= 1:
            settings(base)(given(strategy)(prop))()
            return
        share = -(-(base.max_examples or 0) // WORKERS)
        fork = multiprocessing.get_context("fork")  # the property is a closure: no pickling
        with tempfile.TemporaryDirectory() as out:
            reports = [Path(out) / f"{k}.txt" for k in range(WORKERS)]
            procs = [fork.Process(target=self._worker, args=(r, k, base, share, strategy, prop))
                     for k, r in enumerate(reports)]
            for proc in procs:
                proc.start()
            for proc in procs:
                proc.join()
            problems = [r.read_text() if r.exists() else f"worker died: exit {proc.exitcode}"
                        for r, proc in zip(reports, procs, strict=True)]
        assert not any(problems), "\n\n".join(problems)

    def _worker(self, report: Path, k: int, base: settings, share: int,
                strategy: st.SearchStrategy[Any], prop: Callable[[Any], None]) -> None:
        self.folders.append(Path(tempfile.mkdtemp()))
        try:
            settings(base, max_examples=share, database=None)(seed(k)(given(strategy)(prop)))()
            report.write_text("")
        except BaseException:  # reported to the parent, which fails the test
            report.write_text(traceback.format_exc() or "failed")
        finally:
            shutil.rmtree(self.folders.pop(), ignore_errors=True)


@pytest.fixture(scope="session")
def properties() -> Iterator[Properties]:
    with tempfile.TemporaryDirectory() as folder:
        yield Properties(Path(folder))
