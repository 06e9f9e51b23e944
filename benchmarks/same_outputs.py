"""Do two databases hold the same outputs? The check behind "a speedup keeps results identical".

    .venv/bin/python benchmarks/same_outputs.py BEFORE.db AFTER.db

Compares every table row by row (sorted), leaving out what differs between any two runs:
the ``runs`` table (timestamps, timings in stats) and ``articles.ingested_at`` / ``run_id``.
Paths are compared relative to the folder holding the first run's input, so two benchmark
runs over copies of one corpus in different work folders compare equal. Exits 1 and names the first
differing rows of each table when they differ.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

SKIP_TABLES = {"runs", "sqlite_sequence"}
SKIP_COLUMNS = {"ingested_at", "run_id"}


def tables(con: sqlite3.Connection) -> list[str]:
    rows = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                       " AND name NOT LIKE 'articles_fts%' ORDER BY name")
    return [r[0] for r in rows if r[0] not in SKIP_TABLES]


def corpus_root(con: sqlite3.Connection) -> str:
    """The folder holding the first run's first input (a benchmark's work folder)."""
    row = con.execute("SELECT inputs FROM runs ORDER BY id LIMIT 1").fetchone()
    return str(Path(json.loads(row[0])[0]).parent) if row else ""


def rows(con: sqlite3.Connection, table: str, root: str) -> list[tuple]:
    columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")
               if r[1] not in SKIP_COLUMNS]
    out = []
    for row in con.execute(f"SELECT {', '.join(columns)} FROM {table}"):
        out.append(tuple(v.replace(root, "<work>") if isinstance(v, str) and root else v
                         for v in row))
    return sorted(out, key=repr)


def compare(a: Path, b: Path) -> list[str]:
    con_a, con_b = sqlite3.connect(a), sqlite3.connect(b)
    root_a, root_b = corpus_root(con_a), corpus_root(con_b)
    problems = []
    for table in sorted(set(tables(con_a)) | set(tables(con_b))):
        ra, rb = rows(con_a, table, root_a), rows(con_b, table, root_b)
        if ra != rb:
            only_a = [r for r in ra if r not in set(rb)][:2]
            only_b = [r for r in rb if r not in set(ra)][:2]
            problems.append(f"{table}: {len(ra)} vs {len(rb)} rows; only in A {only_a!r:.300}"
                            f"; only in B {only_b!r:.300}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    args = parser.parse_args()
    problems = compare(args.a, args.b)
    for line in problems:
        print(line)
    if problems:
        sys.exit(1)
    print(f"same outputs: every table of {args.a} and {args.b} holds the same rows")


if __name__ == "__main__":
    main()
