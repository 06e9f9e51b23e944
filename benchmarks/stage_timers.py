"""Per-stage clocks for ``bench_pipeline.py``, installed by wrapping the names the local
runner and its language layer (``runners/layer.py``) look up at call time. Product code is
not changed; the wrappers add a few microseconds a call.

Top-level stages (their sum plus "other" is the run's total):
read, clean+lang+dates (``process_document``), dedup, nlp parse (inside ``nlp.pipe``),
entities (``link``), events, quotes, quantities (these four run in the parse workers when
there are any, and are then not timed: "layer wait" is how long this process waited for
the workers' results), store writes (``Store.write_batch``),
stories (``update_stories``: assignment and story writes; ``refresh_stories``: the dates,
summary and contradictions of each story once it settles). Sub-rows of stories: assign,
write (the assignments), refresh; of store writes: recode (entities' actor codes).
Counters: story and LSH candidate lookups and what they returned.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import chronicle.runners.corpus as corpus
import chronicle.runners.layer as layer
import chronicle.runners.local as local
from chronicle.runners.parallel import LayerPool
from chronicle.store.db import Store
from chronicle.store.stories import StoryStore

TOP = ("read", "clean+lang+dates", "dedup", "nlp parse", "entities", "events", "quotes",
       "quantities", "layer wait", "store writes", "stories")
SUB = {"store writes": ("store recode",),  # entities' actor codes recomputed
       "stories": ("stories assign", "stories write", "stories refresh")}


@dataclass(slots=True)
class Clock:
    """Wall and CPU seconds spent inside wrapped callables, and how many calls."""

    wall: float = 0.0
    cpu: float = 0.0
    calls: int = 0

    def add(self, wall: float, cpu: float) -> None:
        self.wall += wall
        self.cpu += cpu
        self.calls += 1


@dataclass(slots=True)
class Clocks:
    clocks: dict[str, Clock] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # articles a stage failed on (isolated)

    def __getitem__(self, name: str) -> Clock:
        return self.clocks.setdefault(name, Clock())

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def reset(self) -> None:
        self.clocks.clear()
        self.counts.clear()
        self.errors.clear()

    def snapshot(self) -> dict[str, Any]:
        return {"stages": {k: {"wall": c.wall, "cpu": c.cpu, "calls": c.calls}
                           for k, c in self.clocks.items()},
                "counts": dict(self.counts), "errors": list(self.errors)}

    def call(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self[name].add(time.perf_counter() - wall, time.process_time() - cpu)
        return timed

    def generator(self, name: str, fn: Callable[..., Iterable[Any]]) -> Callable[..., Any]:
        """Time only what happens inside the generator, not what the caller does between."""
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            items = iter(fn(*args, **kwargs))
            while True:
                wall, cpu = time.perf_counter(), time.process_time()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self[name].add(time.perf_counter() - wall, time.process_time() - cpu)
                yield item
        return timed


CLOCKS = Clocks()


def install() -> Clocks:
    """Wrap the runner's stage functions once; return the shared clocks."""
    if getattr(local, "_bench_installed", False):
        return CLOCKS
    c = CLOCKS
    local.read = c.generator("read", local.read)
    local.process_document = c.call("clean+lang+dates", local.process_document)
    layer.parse = c.generator("nlp parse", layer.parse)
    layer.link = c.call("entities", layer.link)
    layer.code_events = c.call("events", layer.code_events)
    layer.extract_quotes = c.call("quotes", layer.extract_quotes)
    layer.find_quantities = c.call("quantities", layer.find_quantities)
    local.update_stories = c.call("stories", local.update_stories)
    local.refresh_stories = c.call("stories", local.refresh_stories)  # stories settling
    corpus.assign = c.call("stories assign", corpus.assign)
    corpus.refresh_story = c.call("stories refresh", corpus.refresh_story)
    Store.write_batch = c.call("store writes", Store.write_batch)  # type: ignore[method-assign]
    Store._recode_entities = staticmethod(  # type: ignore[method-assign]
        c.call("store recode", Store._recode_entities))
    StoryStore.write_assignments = c.call(  # type: ignore[method-assign]
        "stories write", StoryStore.write_assignments)
    local.Deduplicator = _timed_dedup(local.Deduplicator)
    LayerPool.collect = c.generator("layer wait", LayerPool.collect)  # type: ignore[method-assign]
    _count_lookups(c)
    local._bench_installed = True  # type: ignore[attr-defined]
    return c


def isolate_errors() -> None:
    """Let a run go on past an article the events or quotes stage crashes on (the local
    runner stops the whole run): the article gets no events/quotes, and its path and the
    error are recorded. Changes outputs for that article only; off unless asked for."""
    for name in ("code_events", "extract_quotes"):
        fn = getattr(layer, name)

        def guarded(article: Any, *args: Any, _fn: Callable[..., Any] = fn,
                    _name: str = name) -> Any:
            try:
                return _fn(article, *args)
            except RecursionError as exc:
                CLOCKS.errors.append(f"{_name}: {article.source_path}: {exc}")
                return []
        setattr(layer, name, guarded)


def _timed_dedup(cls: type) -> type:
    class TimedDeduplicator(cls):  # type: ignore[misc, valid-type]
        def __call__(self, article: Any, ctx: Any) -> Any:
            return CLOCKS.call("dedup", super().__call__)(article, ctx)

        def flush(self) -> None:
            CLOCKS.call("dedup", super().flush)()

        def forget(self, ids: Any) -> None:
            CLOCKS.call("dedup", super().forget)(ids)
    return TimedDeduplicator


def _count_lookups(c: Clocks) -> None:
    """How many stories and LSH neighbours each lookup hands back: the blocking's cost."""
    story_candidates = StoryStore.ranked
    lsh_candidates = Store.candidates

    def stories(self: StoryStore, keys: Iterable[str], bounds: Any = (None, None),
                limit: int | None = None) -> list[Any]:
        found = story_candidates(self, keys, bounds, limit)
        c.count("story lookups")
        c.count("story candidates", len(found))
        return found

    def lsh(self: Store, keys: Iterable[str]) -> set[str]:
        found = lsh_candidates(self, keys)
        c.count("lsh lookups")
        c.count("lsh candidates", len(found))
        return found

    StoryStore.ranked = stories  # type: ignore[method-assign]
    Store.candidates = lsh  # type: ignore[method-assign]
