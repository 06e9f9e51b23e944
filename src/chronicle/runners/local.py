"""The local executor: runs the stages over the inputs in this process, one batch per transaction.

Stages never touch the database; this module moves records between them and the store.
A crash loses at most the batch in flight; rerunning skips what is stored (ids are content
hashes), so a rerun resumes. Stories are written after each batch in their own
transactions, so a run killed in between leaves stored articles without a story (or
stories with stale outputs): the next run repairs that first (``repair_stories``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from chronicle.config import Config
from chronicle.model import Article, InputFailure, RawDocument, Span, TimeValue
from chronicle.pipeline.clean import clean
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.dedup import Deduplicator
from chronicle.pipeline.ingest import discover, identify_language, read, to_article
from chronicle.pipeline.ingest.discover import database_files
from chronicle.pipeline.time import date_article
from chronicle.runners.corpus import refresh_stories, update_stories
from chronicle.runners.layer import add_language_layer, apply_layer, stage_failure
from chronicle.runners.parallel import LayerPool, Pending, pool_size
from chronicle.store import Batch, Copy, Store
from chronicle.store.stories import StoryStore

T = TypeVar("T")


class Observer(Protocol):
    """Receives progress; the CLI draws it, tests and the web layer may ignore it."""

    def start(self, total_files: int) -> None: ...

    def file_done(self, path: Path) -> None: ...

    def failure(self, failure: InputFailure) -> None: ...


class _Silent:
    def start(self, total_files: int) -> None:
        pass

    def file_done(self, path: Path) -> None:
        pass

    def failure(self, failure: InputFailure) -> None:
        pass


@dataclass(slots=True)
class RunReport:
    run_id: int
    stats: Counter[str]
    failures: list[InputFailure] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0  # parse worker processes the run used (0: parsed in this process)
    timings: dict[str, float] = field(default_factory=dict)  # CPU s by stage, all processes

    @property
    def processed(self) -> int:
        """Inputs that yielded at least one document (new or already stored)."""
        return self.stats["files_read"]


def process_document(article: Article, ctx: RunContext) -> list[tuple[Span, TimeValue]]:
    """The cheap per-article stages: clean, language, dates. Returns the dated spans."""
    article.published = TimeValue.unknown()
    clean(article, ctx)
    article.language, article.language_score = identify_language(
        article.text or article.raw_text, ctx)
    if article.language not in ctx.config.ingest.english:
        ctx.count("non_english")
    return date_article(article, ctx) if article.status == "kept" else []


def repair_stories(store: Store, run_id: int, ctx: RunContext) -> None:
    """Finish the story work of runs that were killed: assign their stored articles that no
    story holds, then refresh every story they may have left stale. Cheap when no run was
    interrupted (one indexed query)."""
    interrupted = store.interrupted_runs(before=run_id)
    if not interrupted:
        return
    stories = StoryStore(store)
    ids = store.unassigned_articles(interrupted)
    touched: set[str] = set()
    step = max(1, ctx.config.batch_size)
    for start in range(0, len(ids), step):
        touched |= update_stories(store, _stored_batch(store, stories, ids[start:start + step]),
                                  ctx)
    stale = store.stories_to_refresh(interrupted) - touched
    refresh_stories(store, stale, ctx)
    store.mark_repaired(interrupted, by_run=run_id)
    ctx.count("repaired_runs", len(interrupted))
    ctx.count("repaired_story_members", len(ids))
    ctx.count("repaired_stories", len(stale))


def _stored_batch(store: Store, stories: StoryStore, ids: list[str]) -> Batch:
    """What the stories stage needs of stored articles, as the batch that wrote them had it."""
    batch = Batch()
    for article_id in ids:
        material = stories.material(article_id)
        batch.articles.append(material["article"])
        batch.mentions.extend(material["mentions"])
        batch.dates.extend(material["dates"])
    batch.entities = store.load_entities(m.entity_id for m in batch.mentions if m.entity_id)
    return batch


class Batches:
    """What both runners do with a document once its per-article work is done: copies,
    dedup, batches in order, writes and stories. ``LocalRunner`` feeds it documents it
    cleans itself; the Ray driver feeds it the workers' results."""

    def __init__(self, store: Store, ctx: RunContext, observer: Observer) -> None:
        self.store = store
        self.ctx = ctx
        self.config = ctx.config
        self.observer = observer
        self.dedup = Deduplicator(self.config.dedup, store)
        self.batch = Batch()
        self.report: RunReport | None = None
        self._pending: dict[str, Article] = {}  # read, not yet written (up to two batches)
        self._written = 0  # batches written by this run
        self._unsettled: dict[str, int] = {}  # story id -> the last batch that changed it

    def is_copy(self, copy: Copy) -> bool:
        """True when the document's text is stored or pending: a no-op, except that another
        path carrying it is provenance (recorded here)."""
        if copy.article_id not in self._pending and not self.store.has_article(copy.article_id):
            return False
        pending = self._pending.get(copy.article_id)
        first = ((pending.source_path, pending.record) if pending
                 else self.store.article_source(copy.article_id))
        if first == (copy.source_path, copy.record):
            self.ctx.count("unchanged")
        else:
            self.ctx.count("identical_copies")
            self.batch.copies.append(copy)
        return True

    def take(self, items: Iterable[T | InputFailure], accept: Callable[[T], None]) -> None:
        """One file's documents (each to ``accept``) and failures; counts the file."""
        documents = 0
        for item in items:
            if isinstance(item, InputFailure):
                self.fail(item)
                continue
            documents += 1
            accept(item)
        self.ctx.count("files_read" if documents else "files_failed")

    def admit(self, article: Article, dated: list[tuple[Span, TimeValue]]) -> None:
        """Deduplicate a processed article and add it to the batch."""
        with self.ctx.timed("dedup"):
            fp = self.dedup(article, self.ctx)
        if article.status == "kept":
            self.batch.dates.extend(dated)
        self.ctx.count(f"articles_{article.status}")  # the clean stage counted dropped_<reason>
        self.batch.articles.append(article)
        self._pending[article.id] = article
        if fp.signature is not None:
            self.batch.minhashes.append((article.id, self.config.dedup.num_perm, 1, fp.signature))
            self.batch.band_keys.extend((key, article.id) for key in fp.band_keys)
        self.batch.paragraph_hashes.extend((article.id, i, h) for i, h in fp.paragraphs)

    def refuse(self, failure: InputFailure) -> None:
        """An input discovery refused (missing, unreadable): a failed file, with its reason."""
        self.ctx.count(f"failed_{failure.reason}")  # read() counts the failures it finds
        self.ctx.count("files_failed")
        self.fail(failure)

    def fail(self, failure: InputFailure, *, recorded: bool = False) -> None:
        """Report a failure; add it to the batch unless it is there already."""
        if self.report is not None:
            self.report.failures.append(failure)
        if not recorded:
            self.batch.failures.append(failure)
        self.observer.failure(failure)

    def settle_stories(self, *, all_of_them: bool = True) -> None:
        """Refresh the stories the last batch left alone (a story's dates, summary and
        contradictions are computed once it stops growing, not after every batch that
        grows it), or, at the end of the run, every story still waiting. A run killed
        before then leaves them to the next run's repair (``repair_stories``)."""
        settled = [sid for sid, last in self._unsettled.items()
                   if all_of_them or last < self._written]
        if settled:
            with self.ctx.timed("stories"):
                refresh_stories(self.store, settled, self.ctx)
            for sid in settled:
                del self._unsettled[sid]

    def write(self, batch: Batch, run_id: int, layer_failures: int = 0) -> None:
        """Store the batch, assign its stories, forget its articles from the in-flight
        state. ``layer_failures``: how many of its last failures the language layer added."""
        for failure in batch.failures[len(batch.failures) - layer_failures:]:
            self.ctx.count("failed_stage_error")
            self.fail(failure, recorded=True)
        with self.ctx.timed("store writes"):
            self.store.write_batch(batch, run_id)
        with self.ctx.timed("stories"):
            touched = update_stories(self.store, batch, self.ctx, refresh=False)
            self._written += 1
            self._unsettled.update(dict.fromkeys(touched, self._written))
        self.settle_stories(all_of_them=False)
        written = [a.id for a in batch.articles]
        self.dedup.forget(written)
        for article_id in written:
            self._pending.pop(article_id, None)


class LocalRunner(Batches):
    def __init__(self, store: Store, config: Config, observer: Observer | None = None) -> None:
        super().__init__(store, RunContext(config=config), observer or _Silent())
        self._pool: LayerPool | None = None
        self._inflight: Pending | None = None

    def run(self, inputs: Sequence[str]) -> RunReport:
        started = time.perf_counter()
        run_id = self.store.begin_run(inputs, self.config.to_dict())
        report = self.report = RunReport(run_id=run_id, stats=self.ctx.stats,
                                         timings=self.ctx.timings)
        repair_stories(self.store, run_id, self.ctx)
        planned = list(discover(inputs, database_files(self.store.path)))
        self.observer.start(sum(1 for p in planned if isinstance(p, Path)))
        try:
            for item in planned:
                if isinstance(item, InputFailure):
                    self.refuse(item)
                    continue
                self._read_file(item)
                self.observer.file_done(item)
                if len(self.batch) >= self.config.batch_size:
                    self._flush(run_id)
            self._flush(run_id)
            self._finish_inflight(run_id)
            self.settle_stories()
        finally:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
        report.seconds = time.perf_counter() - started
        self.store.finish_run(run_id, dict(self.ctx.stats))
        return report

    def _read_file(self, path: Path) -> None:
        self.take(read(path, self.ctx), self._accept)

    def _accept(self, doc: RawDocument) -> None:
        self.ctx.count("documents")
        article = to_article(doc)
        if self.is_copy(Copy(article.id, doc.source_path, doc.record, doc.url, doc.outlet)):
            return
        try:
            with self.ctx.timed("clean+language+dates"):
                dated = process_document(article, self.ctx)
            self.admit(article, dated)
        except Exception as exc:  # noqa: BLE001 - one article's bug must not stop the run
            self.ctx.count("failed_stage_error")
            self.fail(stage_failure(article, "clean/dates/dedup", f"{type(exc).__name__}: {exc}"))

    def _flush(self, run_id: int) -> None:
        """Hand the batch to the language layer: to the pool, which parses it while the next
        batch is read (the previous batch is written now), or here and write it."""
        batch, self.batch = self.batch, Batch()
        if not len(batch):
            return
        pool = self._start_pool(batch)
        if pool is not None and not pool.broken:
            pending = pool.submit(batch, self.ctx)
            self._finish_inflight(run_id)
            self._inflight = pending
            return
        self._finish_inflight(run_id)
        failures = len(batch.failures)
        add_language_layer(batch, self.ctx)
        self.write(batch, run_id, len(batch.failures) - failures)

    def _finish_inflight(self, run_id: int) -> None:
        pending, self._inflight = self._inflight, None
        if pending is not None and self._pool is not None:
            failures = len(pending.batch.failures)
            apply_layer(pending.batch, self._pool.collect(pending, self.ctx))
            self.write(pending.batch, run_id, len(pending.batch.failures) - failures)

    def _start_pool(self, batch: Batch) -> LayerPool | None:
        """The pool, started once a run fills a whole batch of at least ``parallel_min``
        documents on a machine with 2+ CPUs (smaller runs would not repay its start-up)."""
        if (self._pool is None and len(batch) >= self.config.batch_size
                and len(batch) >= self.config.parallel_min):
            workers = pool_size(self.config)
            if workers >= 2:
                self._pool = LayerPool(self.config, workers)
                if self.report is not None:
                    self.report.workers = workers
        return self._pool
