"""The Ray executor: the per-article stages on a Ray cluster, the corpus stages here.

Workers (Ray Data tasks; spaCy loads once per worker process) read each file and run
every database-free stage on its documents: ``to_article``, ``process_document`` (clean,
language, dates) and the language layer (parse, entities, events, quantities, quotes).
A worker cannot know whether an article is already stored or a duplicate, so it runs the
layer on every kept article and keeps what each step counted apart. The driver then
replays the local runner exactly, in its order (files as discovered, documents in file
order, the same batches): copies, exact and near dedup against the store, batch writes,
stories. An article dedup marks duplicate loses its language records and is recorded as
not parsed, as the local runner would have it, so both runners write the same database.

Ray is the optional extra ``ray``, imported only here and only when a run starts.
"""

from __future__ import annotations

import logging
import os
import pickle
import socket
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chronicle.config import Config
from chronicle.errors import ChronicleError, RunnerError
from chronicle.model import Article, InputFailure, Span, TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.dedup import Deduplicator
from chronicle.pipeline.ingest import discover, read, to_article
from chronicle.pipeline.nlp import parse, skip_reason
from chronicle.runners.corpus import update_stories
from chronicle.runners.local import (
    Observer,
    RunReport,
    _Silent,
    language_layer,
    merge_language,
    process_document,
    repair_stories,
)
from chronicle.store import Batch, Copy, Store

if TYPE_CHECKING:
    import pyarrow as pa

INSTALL = "pip install 'news-chronicle[ray]'"
CONTEXT = "In runner `ray`"
CONNECT_TIMEOUT = 10.0  # seconds to reach a cluster's address before giving up
MAX_FILES_PER_CALL = 16  # files one worker call reads: enough for nlp.pipe to batch


# --- What workers send back ------------------------------------------------------------


@dataclass(slots=True)
class Processed:
    """One document after the workers' stages, as if dedup will keep it."""

    article: Article  # after the language layer, when it ran
    source: Copy  # where the document came from, should it turn out to be a copy
    dated: list[tuple[Span, TimeValue]]
    stats: Counter[str]  # what process_document counted
    status: str = "kept"  # the status the worker saw, before dedup
    plain_metadata: dict[str, Any] = field(default_factory=dict)  # before the language layer
    layer: Batch | None = None  # language records; None when not parsed
    layer_stats: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class FileResult:
    path: str
    items: list[Processed | InputFailure]
    stats: Counter[str]  # what read() counted


Mapper = Callable[[list[Path]], Generator[FileResult, None, None]]  # results in input order


def process_files(paths: Sequence[Path], config: Config) -> list[FileResult]:
    """Everything about these files that needs no database: what a worker runs."""
    files = [_read_file(path, config) for path in paths]
    _language([item for f in files for item in f.items if isinstance(item, Processed)],
              config)
    return files


def _read_file(path: Path, config: Config) -> FileResult:
    ctx = RunContext(config=config)
    items: list[Processed | InputFailure] = []
    for result in read(path, ctx):
        if isinstance(result, InputFailure):
            items.append(result)
            continue
        article = to_article(result)
        doc_ctx = RunContext(config=config)
        dated = process_document(article, doc_ctx)
        source = Copy(article.id, result.source_path, result.record, result.url, result.outlet)
        items.append(Processed(article, source, dated, doc_ctx.stats, status=article.status,
                               plain_metadata=dict(article.metadata)))
    return FileResult(str(path), items, ctx.stats)


def _language(fresh: list[Processed], config: Config) -> None:
    """The language layer over all the call's articles in one ``nlp.pipe``. ``parse``
    counts for an article just before yielding it, so the counts between two yields are
    that article's, and the driver can drop them with its records."""
    ctx = RunContext(config=config)
    owner = {id(p.article): p for p in fresh}
    parsed = parse([p.article for p in fresh], ctx)
    while True:
        before = Counter(ctx.stats)
        step = next(parsed, None)
        if step is None:
            return
        article, doc = step
        processed = owner[id(article)]
        if doc is not None:
            processed.layer = language_layer(article, doc, processed.dated, ctx)
        processed.layer_stats = ctx.stats - before


def process_batch(batch: pa.Table, config: Config, cwd: str) -> pa.Table:
    """The Ray Data task: a few files' results, pickled (spaCy Docs never leave). Ray
    reuses worker processes, so the cached ``nlp.load`` parses with one model per worker.

    An error comes back as data, not raised: Ray's wrapping would lose its type."""
    import pyarrow as pa

    if os.getcwd() != cwd and os.path.isdir(cwd):  # relative inputs resolve as given
        os.chdir(cwd)
    paths = [Path(p) for p in batch.column("path").to_pylist()]
    try:
        payloads = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)
                    for r in process_files(paths, config)]
    except Exception as exc:
        error = exc if isinstance(exc, ChronicleError) else RunnerError(
            _one_line(exc), context=f"In a Ray worker, on {', '.join(map(str, paths))}")
        payloads = [pickle.dumps(error)] * len(paths)
    return pa.table({"i": batch.column("i"),
                     "payload": pa.array(payloads, type=pa.large_binary())})


# --- The driver: the local runner's corpus stages over the workers' results ------------


class Driver:
    """Replays ``LocalRunner`` over worker results: same order, batches and counts."""

    def __init__(self, store: Store, ctx: RunContext, observer: Observer) -> None:
        self.store = store
        self.ctx = ctx
        self.config = ctx.config
        self.observer = observer
        self.dedup = Deduplicator(self.config.dedup, store)
        self.batch = Batch()
        self._pending: dict[str, Processed] = {}

    def run(self, planned: Sequence[Path | InputFailure], results: Iterator[FileResult],
            report: RunReport) -> None:
        for item in planned:
            if isinstance(item, InputFailure):
                self.ctx.count(f"failed_{item.reason}")
                self._fail(item, report)
                continue
            self._replay(next(results), report)
            self.observer.file_done(item)
            if len(self.batch) >= self.config.batch_size:
                self._flush(report.run_id)
        self._flush(report.run_id)

    def _replay(self, result: FileResult, report: RunReport) -> None:
        self.ctx.stats.update(result.stats)
        documents = 0
        for item in result.items:
            if isinstance(item, InputFailure):
                self._fail(item, report)
                continue
            documents += 1
            self._accept(item)
        self.ctx.count("files_read" if documents else "files_failed")

    def _accept(self, processed: Processed) -> None:
        self.ctx.count("documents")
        article = processed.article
        if article.id in self._pending or self.store.has_article(article.id):
            self._record_copy(processed.source)
            return
        self.ctx.stats.update(processed.stats)
        fp = self.dedup(article, self.ctx)
        if article.status == "kept":
            self.batch.dates.extend(processed.dated)
        self.ctx.count(f"articles_{article.status}")
        if article.status == "dropped":
            self.ctx.count(f"dropped_{article.reason}")
        self.batch.articles.append(article)
        self._pending[article.id] = processed
        if fp.signature is not None:
            self.batch.minhashes.append((article.id, self.config.dedup.num_perm, 1, fp.signature))
            self.batch.band_keys.extend((key, article.id) for key in fp.band_keys)
        self.batch.paragraph_hashes.extend((article.id, i, h) for i, h in fp.paragraphs)

    def _record_copy(self, source: Copy) -> None:
        pending = self._pending.get(source.article_id)
        first = ((pending.article.source_path, pending.article.record) if pending
                 else self.store.article_source(source.article_id))
        if first == (source.source_path, source.record):
            self.ctx.count("unchanged")
            return
        self.ctx.count("identical_copies")
        self.batch.copies.append(source)

    def _fail(self, failure: InputFailure, report: RunReport) -> None:
        report.failures.append(failure)
        self.batch.failures.append(failure)
        self.observer.failure(failure)

    def _flush(self, run_id: int) -> None:
        if len(self.batch):
            self._add_language()
            self.store.write_batch(self.batch, run_id)
            update_stories(self.store, self.batch, self.ctx)
        self.batch = Batch()
        self._pending.clear()
        self.dedup.flush()

    def _add_language(self) -> None:
        """What ``add_language_layer`` would add to the batch, from the workers' results."""
        for article in self.batch.articles:
            processed = self._pending[article.id]
            if article.status == processed.status:
                self.ctx.stats.update(processed.layer_stats)
                if processed.layer is not None:
                    merge_language(self.batch, processed.layer)
                continue
            # dedup made it a duplicate after a worker parsed it: undo, as parse() skips it
            article.metadata = processed.plain_metadata
            reason = skip_reason(article, self.ctx)
            self.ctx.count(f"nlp_skipped_{reason}")
            article.metadata["nlp_skipped"] = reason


# --- The runner -------------------------------------------------------------------------


class RayRunner:
    """``LocalRunner``'s interface; the per-article stages run on Ray workers."""

    def __init__(self, store: Store, config: Config, observer: Observer | None = None, *,
                 address: str | None = None) -> None:
        self.store = store
        self.config = config
        self.observer = observer or _Silent()
        self.address = address
        self.ctx = RunContext(config=config)

    def run(self, inputs: Sequence[str]) -> RunReport:
        started = time.perf_counter()
        with ray_session(self.address, self.config.workers) as ray:
            report = self.run_with(inputs, lambda paths: map_files(ray, paths, self.config))
        report.seconds = time.perf_counter() - started  # starting Ray is part of the run
        return report

    def run_with(self, inputs: Sequence[str], mapper: Mapper) -> RunReport:
        """The run, with ``mapper`` doing the workers' part (``map_files`` on Ray; a test or
        a debugging session can pass ``process_files`` run in-process)."""
        started = time.perf_counter()
        planned = list(discover(inputs))
        paths = [p for p in planned if isinstance(p, Path)]
        run_id = self.store.begin_run(inputs, self.config.to_dict())
        report = RunReport(run_id=run_id, stats=self.ctx.stats)
        repair_stories(self.store, run_id, self.ctx)  # as the local runner: finish killed runs
        self.observer.start(len(paths))
        with closing(mapper(paths)) as results:
            Driver(self.store, self.ctx, self.observer).run(planned, results, report)
        report.seconds = time.perf_counter() - started
        self.store.finish_run(run_id, dict(self.ctx.stats))
        return report


def import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401  (the `data` part of the extra)
    except ImportError:
        raise RunnerError(f"Ray is not installed; run `{INSTALL}`", context=CONTEXT) from None
    return ray


@contextmanager
def ray_session(address: str | None, workers: int) -> Iterator[Any]:
    """Connect to ``address``, or start a local Ray with ``workers`` CPUs (0: every core).
    A Ray already initialised in this process is used as is and left running."""
    ray = import_ray()
    started = not ray.is_initialized()
    if started and address:
        _check_reachable(address)
    if started:
        quiet: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
        local = {"num_cpus": workers or os.cpu_count() or 1, "include_dashboard": False}
        try:
            ray.init(address=address, **quiet) if address else ray.init(**quiet, **local)
        except Exception as exc:  # ConnectionError, ValueError, RuntimeError...
            where = f"the Ray cluster at {address}" if address else "a local Ray"
            raise RunnerError(f"cannot start {where}: {_one_line(exc)}", context=CONTEXT) from None
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def _check_reachable(address: str) -> None:
    """Fail in seconds on a wrong host or port: Ray itself retries for minutes, logging."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():  # "auto", "local": Ray finds the cluster itself
        return
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise RunnerError(f"cannot reach the Ray cluster at {address}: "
                          f"{exc.strerror or exc}", context=CONTEXT) from None


def map_files(ray: Any, paths: Sequence[Path], config: Config,
              ) -> Generator[FileResult, None, None]:
    """Run ``process_files`` over ``paths`` as Ray Data tasks; results in input order."""
    if not paths:
        return
    from ray.data import DataContext

    data_ctx, logger = DataContext.get_current(), logging.getLogger("ray.data")
    saved = (data_ctx.execution_options.preserve_order, data_ctx.enable_progress_bars,
             logger.level)
    data_ctx.execution_options.preserve_order = True  # the driver replays in file order
    data_ctx.enable_progress_bars = False  # the CLI draws its own progress
    logger.setLevel(logging.CRITICAL)  # a failure reaches the user as one RunnerError line
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    per_call = max(1, min(MAX_FILES_PER_CALL, len(paths) // (cpus * 4)))
    items = [{"i": i, "path": str(p)} for i, p in enumerate(paths)]
    ds = ray.data.from_items(items, override_num_blocks=-(-len(items) // per_call))
    ds = ds.map_batches(process_batch, fn_kwargs={"config": config, "cwd": os.getcwd()},
                        batch_size=per_call, batch_format="pyarrow", num_cpus=1)
    try:
        yield from _in_order(ds.iter_batches(batch_size=None, batch_format="pyarrow"))
    except ChronicleError:
        raise
    except Exception as exc:  # the cluster, not our code: a lost node, a full object store
        raise RunnerError(f"Ray failed: {_one_line(exc)}", context=CONTEXT) from None
    finally:
        (data_ctx.execution_options.preserve_order, data_ctx.enable_progress_bars,
         level) = saved
        logger.setLevel(level)


def _in_order(batches: Iterator[pa.Table]) -> Iterator[FileResult]:
    expected = 0
    for batch in batches:
        for i, payload in zip(batch.column("i").to_pylist(),
                              batch.column("payload").to_pylist(), strict=True):
            if i != expected:  # replaying out of order would write another database
                raise RunnerError(f"results out of order (file {i}, expected {expected})",
                                  context=CONTEXT)
            expected += 1
            record = pickle.loads(payload)
            if isinstance(record, ChronicleError):
                raise record
            yield record


def _one_line(exc: BaseException) -> str:
    """``Type: message`` on one line (Ray's messages carry whole tracebacks)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0][:300] if lines else ''}".rstrip(": ")
