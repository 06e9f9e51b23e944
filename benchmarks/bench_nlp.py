"""Throughput of the per-article stages (clean, language, dates, spaCy, entities) on ~1 MB.

    .venv/bin/python benchmarks/bench_nlp.py [--mb 1.0] [--batch-size 200]

The corpus repeats the five shared seed articles (../shared/seeds, read at run time) until it
holds ``--mb`` megabytes of raw text. Articles go through the stages the way
``chronicle.runners.local.LocalRunner`` runs them: ``process_document`` on each article, then
``add_language_layer`` on each batch of ``--batch-size`` articles. Dedup and the store are left
out: this measures the language layer. Time inside spaCy is the time spent in ``nlp.pipe``;
the baseline is spaCy's full pipeline alone over the same cleaned texts, with the nlp stage's
``nlp.pipe`` batch size. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import inspect
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chronicle.runners.layer as layer
import chronicle.runners.local as local
from chronicle.config import Config
from chronicle.model import Article, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import to_article
from chronicle.pipeline.nlp import load, parse
from chronicle.store import Batch

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
PIPE_BATCH = inspect.signature(parse).parameters["batch_size"].default  # texts per nlp.pipe batch


@dataclass(slots=True)
class Clock:
    """Seconds spent inside one wrapped callable or generator."""

    seconds: float = 0.0

    def call(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
        return timed

    def generator(self, fn: Callable[..., Iterable[Any]]) -> Callable[..., Iterator[Any]]:
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            items = iter(fn(*args, **kwargs))
            while True:
                started = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self.seconds += time.perf_counter() - started
                yield item
        return timed


def read_seeds(target_bytes: int) -> list[RawDocument]:
    """The seed articles, repeated until the corpus holds ``target_bytes`` of raw text."""
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not paths:
        sys.exit(f"bench_nlp: no seed articles in {SEEDS} (expected ../shared/seeds/*.txt "
                 "beside this checkout); nothing to measure.")
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in paths]
    docs: list[RawDocument] = []
    size = 0
    while size < target_bytes:
        for path, text in texts:
            docs.append(RawDocument(source_path=path, text=text, fmt="txt"))
            size += len(text.encode("utf-8"))
    return docs


def run_pipeline(docs: list[RawDocument], batch_size: int) -> dict[str, float]:
    """Run the per-article stages as the local runner does; return counts and timings."""
    nlp = load()
    spacy_clock, link_clock, cheap_clock = Clock(), Clock(), Clock()
    original_link = layer.link
    nlp.pipe = spacy_clock.generator(nlp.pipe)  # type: ignore[method-assign]
    layer.link = link_clock.call(original_link)  # add_language_layer looks it up at call time
    process = cheap_clock.call(local.process_document)
    ctx = RunContext(config=Config())
    sentences = mentions = kept = 0
    started = time.perf_counter()
    for first in range(0, len(docs), batch_size):
        batch = Batch()
        for doc in docs[first:first + batch_size]:
            article = to_article(doc)
            process(article, ctx)
            batch.articles.append(article)
        layer.add_language_layer(batch, ctx)
        kept += sum(a.status == "kept" for a in batch.articles)
        sentences += len(batch.sentences)
        mentions += len(batch.mentions)
    total = time.perf_counter() - started
    del nlp.pipe  # back to the class method
    layer.link = original_link
    return {"seconds": total, "spacy": spacy_clock.seconds, "entities": link_clock.seconds,
            "clean_time": cheap_clock.seconds, "kept": kept, "sentences": sentences,
            "mentions": mentions, "parsed": ctx.stats["nlp_parsed"]}


def cleaned_texts(docs: list[RawDocument]) -> list[str]:
    ctx = RunContext(config=Config())
    out = []
    for doc in docs:
        article: Article = to_article(doc)
        local.process_document(article, ctx)
        if article.status == "kept" and article.text.strip():
            out.append(article.text)
    return out


def run_baseline(texts: list[str]) -> tuple[float, int]:
    """spaCy's full pipeline alone, one process, batched like the nlp stage batches it."""
    nlp = load()
    started = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=PIPE_BATCH))
    return time.perf_counter() - started, sentences


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def report(docs: list[RawDocument], result: dict[str, float], baseline: tuple[float, int],
           load_seconds: float) -> None:
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    secs = result["seconds"]
    rest = secs - result["spacy"] - result["entities"] - result["clean_time"]
    base_secs, base_sents = baseline
    print(f"machine: {_cpu()}, {_cores()} cores, Python {platform.python_version()}")
    print(f"corpus: {len(docs)} articles, {mb:.2f} MB raw text "
          f"(the 5 seed articles repeated); model load {load_seconds:.1f} s (not counted)")
    print()
    print("per-article stages (process_document + add_language_layer, one process)")
    print(f"  total          {secs:8.1f} s")
    print(f"  articles/s     {len(docs) / secs:8.1f}   ({int(result['parsed'])} parsed)")
    print(f"  sentences/s    {result['sentences'] / secs:8.1f}   "
          f"({int(result['sentences'])} sentences, {int(result['mentions'])} mentions)")
    print(f"  MB/s           {mb / secs:8.3f}")
    for name, value in (("inside spaCy", result["spacy"]),
                        ("entities link", result["entities"]),
                        ("clean+lang+dates", result["clean_time"]), ("other", rest)):
        print(f"  {name:<16} {value:6.1f} s  {100 * value / secs:5.1f} %")
    print()
    print(f"baseline: spaCy alone (nlp.pipe over the same cleaned texts, one process, "
          f"batch_size={PIPE_BATCH})")
    print(f"  total          {base_secs:8.1f} s")
    print(f"  articles/s     {len(docs) / base_secs:8.1f}")
    print(f"  sentences/s    {base_sents / base_secs:8.1f}   ({base_sents} spaCy sentences)")
    print(f"  MB/s           {mb / base_secs:8.3f}")
    print(f"  pipeline / baseline  {secs / base_secs:.2f}x")
    print(f"peak RSS: {result['rss']:.0f} MB after the stages, {peak_rss_mb():.0f} MB at the end")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _cpu() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="raw text to process (MB)")
    parser.add_argument("--batch-size", type=int, default=Config().batch_size,
                        help="articles per runner batch (one nlp.pipe call each)")
    args = parser.parse_args()
    docs = read_seeds(int(args.mb * 1e6))
    started = time.perf_counter()
    load()("Warm up the pipeline once, so neither run pays for lazy initialisation.")
    load_seconds = time.perf_counter() - started
    result = run_pipeline(docs, args.batch_size)
    result["rss"] = peak_rss_mb()
    baseline = run_baseline(cleaned_texts(docs))
    report(docs, result, baseline, load_seconds)


if __name__ == "__main__":
    main()
