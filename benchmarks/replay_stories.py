"""Replay the stories stage over a finished benchmark database with other settings.

    .venv/bin/python benchmarks/replay_stories.py DB CORPUS [--set threshold=0.2 ...]

Reads the stored articles, mentions and dates once, assigns them to stories again in
storage order (an in-memory index: the database is not changed) with the story settings
given, and prints the pairwise precision and recall against the generator's truth
(``CORPUS/.truth.tsv``), the number of stories, the largest, and the longest span in days.
Tuning story scoring this way takes seconds instead of a whole pipeline run.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))


def _value(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a StoryConfig field to change (repeatable)")
    args = parser.parse_args(argv)

    from score_stories import stage_over_store

    import chronicle
    from chronicle.config import Config

    changes = {k: _value(v) for k, v in (s.split("=", 1) for s in args.set)}
    config = Config()
    config = dataclasses.replace(config, stories=dataclasses.replace(config.stories, **changes))
    truth = {}
    for line in (args.corpus / ".truth.tsv").read_text().splitlines()[1:]:
        name, _, story = line.split("\t")
        truth[str(args.corpus / name)] = story
    with chronicle.open(args.db, readonly=True) as db:
        paths = {a["id"]: a["source_path"] for a in db.articles()}
        days = {a["id"]: a["published"].get("earliest") for a in db.articles()}
        start = time.perf_counter()
        members = stage_over_store(db.store, config)
        seconds = time.perf_counter() - start
    rows = [(truth.get(paths[aid]), sid) for aid, sid in members.items()]
    rows = [(t, s) for t, s in rows if t is not None and t != "-1"]

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter(rows))
    found, true = pairs(Counter(s for _, s in rows)), pairs(Counter(t for t, _ in rows))
    sizes = Counter(members.values())
    spans: dict[str, list[str]] = {}
    for aid, sid in members.items():
        if days.get(aid):
            spans.setdefault(sid, []).append(days[aid][:10])
    from datetime import date
    longest = max((date.fromisoformat(max(v)) - date.fromisoformat(min(v))).days
                  for v in spans.values()) if spans else 0
    print(f"{changes or 'defaults'}: precision {both / found if found else 1:.3f}, "
          f"recall {both / true if true else 1:.3f}; {len(sizes)} stories for "
          f"{len({t for t, _ in rows})} true, largest {max(sizes.values())}, "
          f"longest span {longest} days; assigned {len(members)} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
