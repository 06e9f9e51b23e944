"""Length scaling: one article of 10k, 50k and 200k characters through every stage.

    .venv/bin/python benchmarks/bench_length.py [--chars 10000,50000,200000] [--seed 7]

The article is generated here (``corpus_text``: a story's paragraphs, grown the way long
news grows), and the shorter ones are prefixes of the longest, cut at a paragraph break, so
every length tells the same story. For each length, in this one process after a warm-up:

1. the per-article stages one by one, as the runner calls them (clean+lang+dates, nlp
   parse, entities, events, quantities, quotes): CPU seconds, then again under
   ``tracemalloc`` for the peak of memory each stage allocates (Python and NumPy; slower,
   so not timed);
2. the whole run of that one file into a new database, serial (``CHRONICLE_WORKERS=1``),
   timed per stage by ``stage_timers`` (adds dedup, store writes and stories).

A stage is linear when its time at 200k is at most 4.5x its time at 50k (4x the text).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["CHRONICLE_WORKERS"] = "1"  # the run's parse stages in this process, timed

STAGES = ("clean+lang+dates", "nlp parse", "entities", "events", "quantities", "quotes")
RUN_STAGES = ("dedup", "store writes", "stories")
LINEAR = 4.5  # time ratio 200k/50k allowed (the text is 4x)


def long_text(chars: int, seed: int) -> str:
    """Title, a dateline lead and paragraphs: at least ``chars`` characters of one story."""
    from corpus_text import longer, open_story, story_article

    rng = random.Random(seed)
    story = open_story(rng, 0, date(2024, 5, 6), 10)
    title, body = story_article(rng, story)
    paragraphs = longer(rng, story, body, chars // 4)  # about 6 characters a word: ample
    return title + "\n\n" + "\n\n".join(paragraphs)


def prefix(text: str, chars: int) -> str:
    """The text cut at the last paragraph break before ``chars``."""
    if len(text) <= chars:
        return text
    cut = text.rfind("\n\n", 0, chars)
    return text[:cut if cut > 0 else chars]


def stage_calls(text: str) -> list[tuple[str, Callable[[], Any]]]:
    """The per-article stages over ``text``, each a call that uses the ones before."""
    import chronicle.runners.layer as layer
    import chronicle.runners.local as local
    from chronicle.config import Config
    from chronicle.model import RawDocument
    from chronicle.pipeline.context import RunContext
    from chronicle.pipeline.ingest import to_article
    from chronicle.pipeline.nlp import load

    ctx = RunContext(config=Config())
    state: dict[str, Any] = {"article": to_article(
        RawDocument(source_path="long.txt", text=text, fmt="txt"))}

    def clean() -> None:
        state["dated"] = local.process_document(state["article"], ctx)

    def parse() -> None:
        state["doc"] = load()(state["article"].text)

    def entities() -> None:
        state["linked"] = layer.link(state["article"], state["doc"])

    def events() -> None:
        layer.code_events(state["article"], state["doc"], state["linked"], state["dated"], ctx)

    def quantities() -> None:
        spans = [s.span for s in state["linked"].sentences]
        layer.find_quantities(state["doc"], spans, state["linked"].mentions)

    def quotes() -> None:
        linked = state["linked"]
        layer.extract_quotes(state["article"], state["doc"], linked.mentions, linked.entities,
                             ctx)
    return list(zip(STAGES, (clean, parse, entities, events, quantities, quotes), strict=True))


def measure_stages(text: str) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name, call in stage_calls(text):
        started = time.process_time()
        call()
        out[name] = {"cpu": time.process_time() - started}
    tracemalloc.start()
    for name, call in stage_calls(text):
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        call()
        out[name]["peak_mb"] = (tracemalloc.get_traced_memory()[1] - before) / 1e6
    tracemalloc.stop()
    return out


def measure_run(text: str) -> dict[str, float]:
    """The whole pipeline over the one file, serial; CPU seconds of the run-level stages."""
    from stage_timers import CLOCKS, install

    import chronicle

    install()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(text, encoding="utf-8")
        CLOCKS.reset()
        started = time.process_time()
        with chronicle.open(Path(tmp) / "chronicle.db") as db:
            db.run([str(path)])
        total = time.process_time() - started
    stages = CLOCKS.snapshot()["stages"]
    return {name: stages.get(name, {}).get("cpu", 0.0) for name in RUN_STAGES} | {"run": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", default="10000,50000,200000",
                        help="comma-separated article lengths in characters")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = sorted(int(c) for c in args.chars.split(","))
    full = long_text(sizes[-1], args.seed)
    texts = {n: prefix(full, n) for n in sizes}
    measure_stages(prefix(full, 3000))  # warm-up: model load, lazy tables
    measure_run(prefix(full, 3000))
    results = {}
    for n, text in texts.items():
        print(f"{n:,} characters ({len(text):,} after the paragraph cut, "
              f"{len(text.split()):,} words) ...", flush=True)
        results[n] = measure_stages(text) | {
            k: {"cpu": v} for k, v in measure_run(text).items()}
    names = [*STAGES, *RUN_STAGES, "run"]
    print(f"\n{'stage':<18}" + "".join(f"{f'{n // 1000}k CPU s':>12}{'MB':>7}" for n in sizes)
          + (f"{'ratio':>8}  linear" if len(sizes) > 1 else ""))
    for name in names:
        row = f"{name:<18}"
        for n in sizes:
            cell = results[n][name]
            peak = cell.get("peak_mb")
            row += f"{cell['cpu']:12.2f}" + (f"{peak:7.1f}" if peak is not None else f"{'':>7}")
        if len(sizes) > 1:
            a, b = results[sizes[-2]][name]["cpu"], results[sizes[-1]][name]["cpu"]
            ratio = b / a if a > 0.005 else float("nan")
            verdict = "yes" if ratio <= LINEAR * sizes[-1] / sizes[-2] / 4 else "NO"
            row += f"{ratio:8.2f}  {verdict if a > 0.005 else '-'}"
        print(row)
    print(f"\nratio: CPU at {sizes[-1]:,} over CPU at {sizes[-2]:,} characters "
          f"(text {sizes[-1] / sizes[-2]:g}x); linear: ratio at most "
          f"{LINEAR * sizes[-1] / sizes[-2] / 4:.2f}. MB: the most memory the stage allocated "
          "at once (tracemalloc). Whole-run rows (dedup, store writes, stories, run) are "
          "from the serial run of the one file.")


if __name__ == "__main__":
    main()
