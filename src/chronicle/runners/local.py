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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from chronicle.config import Config
from chronicle.model import Article, InputFailure, RawDocument, Span, TimeValue
from chronicle.pipeline.clean import clean
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.dedup import Deduplicator
from chronicle.pipeline.entities.build import link
from chronicle.pipeline.events import code_events
from chronicle.pipeline.ingest import discover, identify_language, read, to_article
from chronicle.pipeline.nlp import parse
from chronicle.pipeline.quotes import extract as extract_quotes
from chronicle.pipeline.summarize import find_quantities
from chronicle.pipeline.time import date_article
from chronicle.runners.corpus import refresh_story, update_stories
from chronicle.store import Batch, Copy, Store
from chronicle.store.stories import StoryStore

if TYPE_CHECKING:
    from spacy.tokens import Doc


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


def add_language_layer(batch: Batch, ctx: RunContext) -> None:
    """Parse the batch's kept English articles in one ``nlp.pipe`` and link their entities."""
    dated: dict[str, list[tuple[Span, TimeValue]]] = {}
    for span, value in batch.dates:
        dated.setdefault(span.article_id, []).append((span, value))
    for article, doc in parse(batch.articles, ctx):
        if doc is not None:
            merge_language(batch, language_layer(article, doc, dated.get(article.id, []), ctx))


def language_layer(article: Article, doc: Doc, dated: list[tuple[Span, TimeValue]],
                   ctx: RunContext) -> Batch:
    """The stages over one parsed article (entities, events, quantities, quotes), as a
    Batch holding only their records: pure, so a Ray worker can run it too."""
    part = Batch()
    linked = link(article, doc)
    part.sentences.extend(linked.sentences)
    part.mentions.extend(linked.mentions)
    part.entities.extend(linked.entities)
    ctx.count("mentions", len(linked.mentions))
    part.events.extend(code_events(article, doc, linked, dated, ctx))
    spans = [sentence.span for sentence in linked.sentences]
    article.metadata["quantities"] = [
        q.to_dict() for q in find_quantities(doc, spans, linked.mentions)]
    quotes = extract_quotes(article, doc, linked.mentions, linked.entities, ctx)
    part.quotes.extend(quotes)
    ctx.count("quotes", len(quotes))
    return part


def merge_language(batch: Batch, part: Batch) -> None:
    """Append one article's language records (``language_layer``) to ``batch``."""
    for name in ("sentences", "mentions", "entities", "events", "quotes"):
        getattr(batch, name).extend(getattr(part, name))


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
    stale = sorted(store.stories_to_refresh(interrupted) - touched)
    for story_id in stale:
        refresh_story(stories, story_id, ctx)
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


class LocalRunner:
    def __init__(self, store: Store, config: Config, observer: Observer | None = None) -> None:
        self.store = store
        self.config = config
        self.observer = observer or _Silent()
        self.ctx = RunContext(config=config)
        self.dedup = Deduplicator(config.dedup, store)
        self.batch = Batch()
        self._pending: dict[str, Article] = {}

    def run(self, inputs: Sequence[str]) -> RunReport:
        started = time.perf_counter()
        run_id = self.store.begin_run(inputs, self.config.to_dict())
        report = RunReport(run_id=run_id, stats=self.ctx.stats)
        repair_stories(self.store, run_id, self.ctx)
        planned = list(discover(inputs))
        self.observer.start(sum(1 for p in planned if isinstance(p, Path)))
        for item in planned:
            if isinstance(item, InputFailure):
                self.ctx.count(f"failed_{item.reason}")  # read() counts its own failures
                self._fail(item, report)
                continue
            self._read_file(item, report)
            self.observer.file_done(item)
            if len(self.batch) >= self.config.batch_size:
                self._flush(run_id)
        self._flush(run_id)
        report.seconds = time.perf_counter() - started
        self.store.finish_run(run_id, dict(self.ctx.stats))
        return report

    def _read_file(self, path: Path, report: RunReport) -> None:
        documents = 0
        for item in read(path, self.ctx):
            if isinstance(item, InputFailure):
                self._fail(item, report)
                continue
            documents += 1
            self._accept(item)
        self.ctx.count("files_read" if documents else "files_failed")

    def _accept(self, doc: RawDocument) -> None:
        self.ctx.count("documents")
        article = to_article(doc)
        if article.id in self._pending or self.store.has_article(article.id):
            self._record_copy(article.id, doc)
            return
        dated = process_document(article, self.ctx)
        fp = self.dedup(article, self.ctx)
        if article.status == "kept":
            self.batch.dates.extend(dated)
        self.ctx.count(f"articles_{article.status}")
        if article.status == "dropped":
            self.ctx.count(f"dropped_{article.reason}")
        self.batch.articles.append(article)
        self._pending[article.id] = article
        if fp.signature is not None:
            self.batch.minhashes.append((article.id, self.config.dedup.num_perm, 1, fp.signature))
            self.batch.band_keys.extend((key, article.id) for key in fp.band_keys)
        self.batch.paragraph_hashes.extend((article.id, i, h) for i, h in fp.paragraphs)

    def _record_copy(self, article_id: str, doc: RawDocument) -> None:
        """The same text again: a no-op, except that another path carrying it is provenance."""
        pending = self._pending.get(article_id)
        first = ((pending.source_path, pending.record) if pending
                 else self.store.article_source(article_id))
        if first == (doc.source_path, doc.record):
            self.ctx.count("unchanged")
            return
        self.ctx.count("identical_copies")
        self.batch.copies.append(Copy(article_id, doc.source_path, doc.record, doc.url, doc.outlet))

    def _fail(self, failure: InputFailure, report: RunReport) -> None:
        report.failures.append(failure)
        self.batch.failures.append(failure)
        self.observer.failure(failure)

    def _flush(self, run_id: int) -> None:
        if len(self.batch):
            add_language_layer(self.batch, self.ctx)
            self.store.write_batch(self.batch, run_id)
            update_stories(self.store, self.batch, self.ctx)
        self.batch = Batch()
        self._pending.clear()
        self.dedup.flush()
