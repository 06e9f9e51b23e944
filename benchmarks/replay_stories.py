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
sys.path.insert(0, str(Path(__file__).resolve().parent))


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

    from bench_pipeline import pairwise, read_truth
    from score_stories import stage_over_store

    import chronicle
    from chronicle.config import Config

    changes = {k: _value(v) for k, v in (s.split("=", 1) for s in args.set)}
    config = Config()
    config = dataclasses.replace(config, stories=dataclasses.replace(config.stories, **changes))
    truth = read_truth(args.corpus)
    with chronicle.open(args.db, readonly=True) as db:
        paths = {a["id"]: a["source_path"] for a in db.articles()}
        days = {a["id"]: a["published"].get("earliest") for a in db.articles()}
        start = time.perf_counter()
        members = stage_over_store(db.store, config)
        seconds = time.perf_counter() - start
    q = pairwise([(truth.get(paths[aid]), sid) for aid, sid in members.items()])
    sizes = Counter(members.values())
    spans: dict[str, list[str]] = {}
    for aid, sid in members.items():
        if days.get(aid):
            spans.setdefault(sid, []).append(days[aid][:10])
    from datetime import date
    longest = max((date.fromisoformat(max(v)) - date.fromisoformat(min(v))).days
                  for v in spans.values()) if spans else 0
    print(f"{changes or 'defaults'}: precision {q['precision']:.3f}, "
          f"recall {q['recall']:.3f}; {len(sizes)} stories for "
          f"{q['true_stories']} true, largest {max(sizes.values())}, "
          f"longest span {longest} days; assigned {len(members)} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
