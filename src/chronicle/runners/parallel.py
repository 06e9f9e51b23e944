"""The language layer in worker processes, while the local runner reads the next batch.

Parsing is most of a run's cost and every article parses alone, so the local runner hands
each batch's kept English articles to a pool of processes (forked on Linux, spaCy loaded
once in each) and
goes on reading, cleaning and deduplicating the next batch; it collects the results, in
the batch's order, just before it writes the batch. Every decision that needs the store
(copies, duplicates, stories) stays in the runner, so the database is the same as a
serial run's.

The pool starts only when a run fills a whole batch of ``parallel_min`` documents or more
(small runs never pay the start-up) and only with two CPUs or more (``workers``: 0 = one
per core up to 4, 1 = serial). A worker that dies takes only its own results with it: those
articles are parsed again here, and the rest of the run goes on serially. Workers exit by
themselves when the runner is killed.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from chronicle.config import Config
from chronicle.model import Article
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.entities import warm
from chronicle.pipeline.events import warm as warm_events
from chronicle.pipeline.nlp import load, skip, skip_reason
from chronicle.runners.layer import Dated, LayerResult, dates_by_article, layer_articles
from chronicle.store import Batch

CHUNK = 16  # articles a worker call parses at most: one nlp.pipe batch
CHUNK_CHARS = 120_000  # ... and characters: a long article is a chunk of its own, so the
# workers stay evenly loaded on real news, whose lengths have a long tail
PARENT_CHECK_SECONDS = 0.5
DEFAULT_MAX_WORKERS = 4

_worker_config: Config | None = None


def pool_size(config: Config) -> int:
    """Worker processes a run may use: ``workers``, or one per core this process may run
    on, at most ``DEFAULT_MAX_WORKERS`` (beyond that the main process, which reads, cleans,
    deduplicates and builds stories, cannot keep more busy; each worker holds a model)."""
    if config.workers:
        return config.workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, DEFAULT_MAX_WORKERS)


def _init_worker(config: Config) -> None:
    global _worker_config
    _worker_config = config
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    load()


def _exit_with_parent(parent: int) -> None:
    """A runner killed with SIGKILL cannot stop its workers: they notice and exit."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


JobResult = tuple[list[LayerResult], Counter[str], dict[str, float]]  # results, stats, timings


def _layer_job(articles: list[Article], dated: Dated) -> JobResult:
    ctx = RunContext(config=_worker_config or Config())
    return list(layer_articles(articles, dated, ctx)), ctx.stats, ctx.timings


@dataclass(slots=True)
class Pending:
    """One batch's language layer in flight."""

    batch: Batch
    chunks: list[tuple[list[Article], Future[JobResult]]] = field(default_factory=list)


class LayerPool:
    def __init__(self, config: Config, workers: int) -> None:
        self.workers = workers
        self.broken = False
        # fork on Linux: no re-import of the caller's main module, so a script without a
        # __main__ guard, a notebook or `python -` work too; spawn where fork is unsafe.
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        if method == "fork":  # the knowledge tables, loaded once here, shared by each worker
            warm()
            warm_events()
            gc.collect()  # they live as long as the run: out of the cycle collector's walks
            gc.freeze()  # (and the forked workers' pages stay shared)
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context(method),
            initializer=_init_worker, initargs=(config,))

    def submit(self, batch: Batch, ctx: RunContext) -> Pending:
        """Send the batch's parseable articles (and those in other languages, which get
        the foreign layer) out; count the others here as ``parse`` would."""
        pending = Pending(batch)
        todo = [article for article in batch.articles
                if skip_reason(article, ctx) in {None, "not-english"} or not skip(article, ctx)]
        dated = dates_by_article(batch.dates)
        for chunk in chunks(todo):
            ids = {a.id for a in chunk}
            job = self._executor.submit(_layer_job, chunk,
                                        {k: v for k, v in dated.items() if k in ids})
            pending.chunks.append((chunk, job))
        return pending

    def collect(self, pending: Pending, ctx: RunContext) -> Iterator[LayerResult]:
        """The batch's results in its order; a chunk whose worker died is parsed here."""
        dated = dates_by_article(pending.batch.dates)
        for chunk, job in pending.chunks:
            try:
                results, stats, timings = job.result()
            except Exception as exc:  # noqa: BLE001 - a dead worker: redo its chunk here
                self.broken = True
                ctx.count("pool_chunks_redone")
                ctx.logger.warning("a parse worker failed (%s); parsing here", exc)
                yield from layer_articles(chunk, dated, ctx)
                continue
            ctx.stats.update(stats)
            ctx.add_timings(timings)
            yield from results

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def chunks(articles: list[Article]) -> Iterator[list[Article]]:
    """Consecutive runs of at most ``CHUNK`` articles and, past the first, ``CHUNK_CHARS``
    characters of text."""
    chunk: list[Article] = []
    size = 0
    for article in articles:
        if chunk and (len(chunk) >= CHUNK or size + len(article.text) > CHUNK_CHARS):
            yield chunk
            chunk, size = [], 0
        chunk.append(article)
        size += len(article.text)
    if chunk:
        yield chunk
