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
from chronicle.pipeline.ingest import discover, read, to_article
from chronicle.pipeline.ingest.discover import database_files
from chronicle.pipeline.nlp import skip
from chronicle.runners.layer import layer_articles, merge_language
from chronicle.runners.local import (
    Batches,
    Observer,
    RunReport,
    _Silent,
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
    failure: InputFailure | None = None  # a language stage failed on it (isolated)
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
    """The language layer over all the call's articles in one ``nlp.pipe``, each article
    isolated as in the local runner (``layer_articles``). ``parse`` counts for an article
    just before yielding it, so the counts between two yields are that article's, and the
    driver can drop them with its records."""
    ctx = RunContext(config=config)
    owner = {id(p.article): p for p in fresh}
    dated = {p.article.id: p.dated for p in fresh}
    results = layer_articles([p.article for p in fresh], dated, ctx)
    while True:
        before = Counter(ctx.stats)
        step = next(results, None)
        if step is None:
            return
        article, layer, failure = step
        processed = owner[id(article)]
        processed.layer, processed.failure = layer, failure
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


class Driver(Batches):
    """Replays ``LocalRunner`` over worker results: same order, batches and counts."""

    def __init__(self, store: Store, ctx: RunContext, observer: Observer) -> None:
        super().__init__(store, ctx, observer)
        self._processed: dict[str, Processed] = {}

    def run(self, planned: Sequence[Path | InputFailure], results: Iterator[FileResult],
            report: RunReport) -> None:
        self.report = report
        for item in planned:
            if isinstance(item, InputFailure):
                self.refuse(item)
                continue
            self._replay(next(results))
            self.observer.file_done(item)
            if len(self.batch) >= self.config.batch_size:
                self._flush(report.run_id)
        self._flush(report.run_id)
        self.settle_stories()

    def _replay(self, result: FileResult) -> None:
        self.ctx.stats.update(result.stats)
        self.take(result.items, self._accept)

    def _accept(self, processed: Processed) -> None:
        self.ctx.count("documents")
        if self.is_copy(processed.source):
            return
        self.ctx.stats.update(processed.stats)
        self._processed[processed.article.id] = processed
        self.admit(processed.article, processed.dated)

    def _flush(self, run_id: int) -> None:
        batch, self.batch = self.batch, Batch()
        if len(batch):
            failures = len(batch.failures)
            self._add_language(batch)
            self.write(batch, run_id, len(batch.failures) - failures)
        for article in batch.articles:
            self._processed.pop(article.id, None)

    def _add_language(self, batch: Batch) -> None:
        """What ``add_language_layer`` would add to the batch, from the workers' results."""
        for article in batch.articles:
            processed = self._processed[article.id]
            if article.status == processed.status:
                self.ctx.stats.update(processed.layer_stats)
                if processed.layer is not None:
                    merge_language(batch, processed.layer)
                if processed.failure is not None:
                    batch.failures.append(processed.failure)
                continue
            # dedup made it a duplicate after a worker parsed it: undo, as parse() skips it
            article.metadata = processed.plain_metadata
            skip(article, self.ctx)


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
        planned = list(discover(inputs, database_files(self.store.path)))
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
