"""The one Python API. The CLI and the web layer are thin wrappers over it.

    import chronicle
    db = chronicle.open("chronicle.db")
    report = db.run(["examples/corpus"])
    for hit in db.search("water treaty"):
        print(hit["title"], hit["snippet"])
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from chronicle.config import Config, load_config, validate
from chronicle.errors import ConfigError, RunnerError, StoreError
from chronicle.store import Store, export, queries
from chronicle.store import events as events_store
from chronicle.store import stories as stories_store
from chronicle.store.keyset import Key, Page

COUNTS_TTL = 60.0  # seconds read-only handles reuse the counts
MAX_SEARCH_LIMIT = 2**31 - 1  # SQLite takes 64-bit limits; the web asks for at most ~10**9


class Chronicle:
    """A chronicle database: run the pipeline into it, read and export what it holds."""

    def __init__(self, path: str | Path, config: Config | None = None, *,
                 readonly: bool = False) -> None:
        self.config = config or load_config()
        validate(self.config)  # a Config built in Python is checked like a resolved one
        self.store = Store(path, readonly=readonly)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Chronicle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, inputs: Sequence[str], observer: Any = None, *, runner: str = "local",
            address: str | None = None) -> Any:
        """Ingest ``inputs`` (files, folders, globs) and run every stage. Returns a RunReport.

        ``runner="ray"`` runs the per-article stages on Ray (the ``ray`` extra): a local Ray,
        or the cluster at ``address`` (``ray://head:10001``); the database stays here."""
        paths = [str(i) for i in inputs]
        if runner == "ray":
            from chronicle.runners.ray import RayRunner

            return RayRunner(self.store, self.config, observer, address=address).run(paths)
        if runner != "local":
            raise RunnerError(f"unknown runner `{runner}` (local or ray)")
        if address:
            raise RunnerError("a cluster address needs the ray runner (`--runner ray`)")
        from chronicle.runners.local import LocalRunner

        return LocalRunner(self.store, self.config, observer).run(paths)

    def follow(self, inputs: Sequence[str], *, interval: float = 5.0, settle: float = 1.0,
               polls: int | None = None, observer: Any = None) -> Iterator[Any]:
        """Add what appears under ``inputs`` as it appears: one ``run`` (yielding its
        RunReport) for each look that finds files new or changed since the last one.

        Every ``interval`` seconds, for ``polls`` looks (None: until stopped). A file is
        taken once it has not changed for ``settle`` seconds (a crawler may still be
        writing it); a file seen unchanged is not read again. The model stays loaded, so
        each new article costs its own work, not the start-up of a command.
        """
        for name, seconds in (("interval", interval), ("settle", settle)):
            if not (math.isfinite(seconds) and seconds >= 0):
                raise ConfigError(f"the {name} must be 0 seconds or more (got {seconds:g})")
        return self._follow(inputs, interval, settle, polls, observer)

    def _follow(self, inputs: Sequence[str], interval: float, settle: float,
                polls: int | None, observer: Any) -> Iterator[Any]:
        from chronicle.model import InputFailure
        from chronicle.pipeline.ingest import discover
        from chronicle.pipeline.ingest.discover import database_files
        from chronicle.pipeline.nlp import load

        load()  # once, up front
        seen: dict[str, tuple[float, int]] = {}
        looks = 0
        while polls is None or looks < polls:
            if looks:
                time.sleep(interval)
            looks += 1
            fresh = []
            now = time.time()
            for item in discover([str(i) for i in inputs], database_files(self.store.path)):
                if isinstance(item, InputFailure):
                    continue  # a run records it, once the path is readable
                try:
                    stat = item.stat()
                except OSError:
                    continue
                version = (stat.st_mtime, stat.st_size)
                if seen.get(str(item)) != version and now - stat.st_mtime >= settle:
                    seen[str(item)] = version
                    fresh.append(str(item))
            if fresh:
                yield self.run(fresh, observer)

    def articles(self, status: str | None = None) -> Iterator[dict[str, Any]]:
        return queries.iter_articles(self.store, status)

    def articles_page(self, *, status: str | None = None, story: str | None = None,
                      after: Key | None = None, limit: int = 50) -> Page:
        """A page of short article records (no text) in stored order, from after the sort
        key ``after`` (a previous page's ``next``); optionally one status or one story's."""
        return queries.page_articles(self.store, status=status, story=story, after=after,
                                     limit=limit)

    def removed(self, article_id: str | None = None) -> Iterator[dict[str, Any]]:
        return queries.iter_removed(self.store, article_id)

    def failures(self) -> Iterator[dict[str, Any]]:
        return queries.iter_failures(self.store)

    def article(self, ident: str, *, detail: bool = True) -> dict[str, Any]:
        """One article by id or unambiguous id prefix, with its removed lines and copies
        (``detail``; without, its record and text alone)."""
        return queries.get_article(self.store, ident, detail)

    def entities(self) -> Iterator[dict[str, Any]]:
        return queries.iter_entities(self.store)

    def entities_page(self, *, kind: str | None = None, country: str | None = None,
                      after: Key | None = None, limit: int = 50) -> Page:
        """A page of entities, most mentioned first; optionally one kind or actor country."""
        return queries.page_entities(self.store, kind=kind, country=country, after=after,
                                     limit=limit)

    def entity(self, ident: str) -> dict[str, Any] | None:
        """One entity by id, name or alias, with its mentions and their sentences."""
        return queries.find_entity(self.store, ident)

    def entity_head(self, ident: str) -> dict[str, Any] | None:
        """One entity by id, name or alias, without its mentions (``mentions_page``)."""
        return queries.entity_head(self.store, ident)

    def mentions_page(self, entity_id: str, *, after: Key | None = None, limit: int = 50
                      ) -> Page:
        """A page of one entity's mentions in stored order, each with its sentence."""
        return queries.page_mentions(self.store, entity_id, after=after, limit=limit)

    def titles(self, article_ids: list[str]) -> dict[str, str]:
        """Each article's title (or source path), for links."""
        return queries.article_titles(self.store, article_ids)

    def show(self, ident: str) -> tuple[str, dict[str, Any]]:
        """Any record by id (article id prefix, entity id) or entity name: (kind, record)."""
        if queries.has_article_prefix(self.store, ident):
            return "article", self.article(ident)
        story = stories_store.get_story(self.store, ident.strip().lower())
        if story is not None:
            return "story", self.story(story["id"])
        entity = self.entity(ident)
        if entity is not None:
            return "entity", entity
        raise StoreError(f"no article, story or entity matches `{ident}`")

    def events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Events, optionally filtered: dyad=("RUS", "VNM"), actor=entity id, country="RUS",
        root="04" or code="042", quad_class=1, story=story id, article=the article id of the
        event's first evidence, since/until ISO days."""
        where, params = _event_filters(self.store, filters)
        return events_store.iter_events(self.store, where, params)

    def events_page(self, *, after: Key | None = None, limit: int = 50, **filters: Any
                    ) -> Page:
        """A page of ``events(**filters)``, from after the sort key ``after``."""
        where, params = _event_filters(self.store, filters)
        return events_store.page_events(self.store, where, params, after=after, limit=limit)

    def quotes_page(self, *, article: str | None = None, speaker: str | None = None,
                    story: str | None = None, speaker_name: str | None = None,
                    after: Key | None = None, limit: int = 50) -> Page:
        """A page of ``quotes(...)``; ``speaker_name`` narrows to a speaker as quotes name
        them (case aside), for speakers no entity holds."""
        return events_store.page_quotes(self.store, article=article, speaker=speaker,
                                        story=story, speaker_name=speaker_name, after=after,
                                        limit=limit)

    def quotes(self, *, article: str | None = None, speaker: str | None = None,
               story: str | None = None) -> Iterator[dict[str, Any]]:
        """Quotes in article order; optionally only one article's, one speaker entity's, or
        one story's members'."""
        return events_store.iter_quotes(self.store, article=article, speaker=speaker,
                                        story=story)

    def relations(self, a: str, b: str) -> list[dict[str, Any]]:
        """Per month: events between countries ``a`` and ``b`` by quad class, mean Goldstein."""
        return events_store.relations(self.store, a, b)

    def busiest_pairs(self, k: int = 6) -> list[dict[str, Any]]:
        """The ``k`` country pairs with the most events between them, most first:
        ``{"a", "b", "events"}`` (``a`` before ``b``; either may be the source)."""
        return events_store.busiest_pairs(self.store, k)

    def stories(self) -> list[dict[str, Any]]:
        """Stories, earliest first: title, members, date range, cited summary."""
        return list(stories_store.iter_stories(self.store))

    def stories_page(self, *, after: Key | None = None, limit: int = 50, members: int = 100
                     ) -> Page:
        """A page of ``stories()``, each story's ``article_ids`` cut at ``members``."""
        return stories_store.page_stories(self.store, after=after, limit=limit,
                                          members=members)

    def story_head(self, story_id: str) -> dict[str, Any]:
        """One story without its members, events, quotes and contradictions (each is paged:
        ``articles_page(story=)``, ``events_page(story=)``, ...), with how many of each."""
        record = stories_store.story_head(self.store, story_id.strip().lower())
        if record is None:
            raise StoreError(f"no story with id `{story_id}`")
        record["counts"] = {"articles": record["size"]} | stories_store.section_sizes(
            self.store, record["id"])
        return record

    def conflicts_page(self, story: str | None = None, *, after: Key | None = None,
                       limit: int = 50) -> Page:
        return stories_store.page_conflicts(self.store, story, after=after, limit=limit)

    def story(self, story_id: str) -> dict[str, Any]:
        """One story with its member articles, events, quotes and contradictions."""
        record = stories_store.get_story(self.store, story_id.strip().lower())
        if record is None:
            raise StoreError(f"no story with id `{story_id}`")
        record["events"] = list(self.events(story=record["id"]))
        record["quotes"] = list(self.quotes(story=record["id"]))
        return record

    def timeline(self, entity: str | None = None,
                 dyad: tuple[str, str] | None = None) -> list[dict[str, Any]]:
        """Dated stories and key events, earliest first; ``entity`` may be a name."""
        entity = self._entity_id(entity)
        return stories_store.timeline(self.store, entity, dyad)

    def _entity_id(self, entity: str | None) -> str | None:
        """The id of the entity ``entity`` names (an id or a name), or a StoreError."""
        if not entity:
            return None
        found = self.entity_head(entity)
        if found is None:
            raise StoreError(f"no entity matches `{entity}`")
        return str(found["id"])

    def stories_involving(self, entity: str | None = None,
                          dyad: tuple[str, str] | None = None) -> set[str]:
        """The ids of the stories whose events involve ``entity`` (an id or a name) or the
        country pair ``dyad``: the stories a narrowed ``timeline`` shows."""
        entity = self._entity_id(entity)
        return stories_store.stories_involving(self.store, entity, dyad)

    def key_dates(self, k: int = 10, entity: str | None = None,
                  dyad: tuple[str, str] | None = None) -> list[dict[str, Any]]:
        """The ``k`` days the articles name most, in date order, each with the sentence
        that names it; ``entity`` may be a name."""
        entity = self._entity_id(entity)
        return stories_store.key_dates(self.store, k, entity, dyad)

    def conflicts(self, story: str | None = None) -> list[dict[str, Any]]:
        return list(stories_store.iter_conflicts(self.store, story))

    def search(self, query: str, limit: int = 10) -> list[dict[str, Any]]:
        """Kept articles holding every word of ``query`` that ``search_terms`` keeps, best
        first; when more than ``queries.SEARCH_WINDOW`` articles match, among the ones
        stored last (``search_window`` says whether)."""
        if not 1 <= limit <= MAX_SEARCH_LIMIT:
            raise ConfigError(f"the search limit must be between 1 and {MAX_SEARCH_LIMIT}"
                              f" (got {limit})")
        return queries.search(self.store, query, limit)

    def search_window(self, query: str) -> int | None:
        """Whether ``search`` of ``query`` ranks only the newest ``queries.SEARCH_WINDOW``
        matches (it matches more): the lowest rowid it ranks, or None when it ranks all."""
        return queries.search_window(self.store, query)

    @staticmethod
    def search_terms(query: str) -> list[str]:
        """The words ``search`` looks for in ``query``: distinct, capped in number and read
        from its start (``store.queries.search_terms``: the rule every interface shares)."""
        return queries.search_terms(query)

    def data_version(self) -> int:
        """A number that changes when another connection commits to the database: a reader
        that caches (the web server) compares it to know its copies went stale."""
        return queries.data_version(self.store)

    def search_page(self, query: str, *, outlet: str | None = None, since: str | None = None,
                    until: str | None = None, after: Key | None = None, limit: int = 20
                    ) -> Page:
        """A page of search hits, best first, optionally from one outlet or published
        within ``since``..``until``."""
        return queries.search_page(self.store, query, outlet=outlet, since=since, until=until,
                                   after=after, limit=limit)

    def counts(self) -> dict[str, int]:
        """What the database holds, by kind. Read-only handles on one file (the web
        server's, one a thread) share the figures for ``COUNTS_TTL`` seconds: counting a
        million mentions takes a second."""
        if not self.store.readonly:
            return queries.counts(self.store)
        path = str(Path(self.store.path).resolve())
        found: dict[str, int] = _SHARED.get(f"counts:{path}", COUNTS_TTL,
                                            lambda: queries.counts(self.store))
        return dict(found)

    def export(self, table: str, fmt: str = "jsonl", out: IO[str] | str | Path | None = None,
               ) -> int:
        return export(self.store, table, fmt, out)


class _Shared:
    """Values the read-only handles of this process share, each kept ``ttl`` seconds. One
    handle computes a missing value while the others wait for it; a stale one is recomputed
    by one handle while the others keep using it."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[float, Any]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: str, ttl: float, compute: Callable[[], Any]) -> Any:
        found = self._values.get(key)
        if found is not None and time.monotonic() - found[0] <= ttl:
            return found[1]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        if not lock.acquire(blocking=found is None):
            return found[1]  # type: ignore[index]  # another handle is refreshing it
        try:
            again = self._values.get(key)
            if again is not None and time.monotonic() - again[0] <= ttl:
                return again[1]
            value = compute()
            self._values[key] = (time.monotonic(), value)
            return value
        finally:
            lock.release()


_SHARED = _Shared()


def _event_filters(store: Store, filters: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    params: list[Any] = []
    for key, value in filters.items():
        if value is None:
            continue
        if key == "dyad":
            a, b = (v.upper() for v in value)
            dyad, dyad_params = events_store.dyad_events(a, b)
            clauses.append(f"e.id IN ({dyad})")
            params += dyad_params
        elif key in {"actor", "country"}:
            column, value = ("entity_id", value) if key == "actor" else ("country", value.upper())
            clauses.append(events_store.actor_filter(store, column, value))
            params.append(value)
        elif key in {"root", "quad_class", "story", "article"}:
            column = {"story": "story_id", "article": "article_id"}.get(key, key)
            clauses.append(f"e.{column} = ?")
            params.append(value)
        elif key == "code":
            clauses.append("e.cameo LIKE ?")
            params.append(f"{value}%")
        elif key in {"since", "until"}:
            clauses.append("e.day >= ?" if key == "since" else "e.day <= ?")
            params.append(value)
        else:
            raise StoreError(f"unknown event filter `{key}`")
    return " AND ".join(clauses), tuple(params)


def annotate(text: str, *, title: str | None = None, published: str | None = None,
             config: Config | None = None) -> Any:
    """Run every per-article stage on one text, without a database.

    Returns ``(article, linked, dates)``: the cleaned ``Article`` (with ``published``),
    the entities stage's ``Linked`` (sentences, mentions, entities) and the dated spans.
    Handy for notebooks, tests and the eval gate.
    """
    from chronicle.pipeline.entities.build import Linked, link

    article, parsed, doc, dated, _ = _parse_one(text, title, published, config)
    linked = link(parsed, doc) if parsed is not None and doc is not None else Linked()
    return article, linked, dated


def code(text: str, *, title: str | None = None, published: str | None = None,
         config: Config | None = None) -> list[Any]:
    """The events of one text, coded as a run codes them, without a database."""
    from chronicle.pipeline.entities.build import link
    from chronicle.pipeline.events import code_events

    _, parsed, doc, dated, ctx = _parse_one(text, title, published, config)
    if parsed is None or doc is None:
        return []
    return code_events(parsed, doc, link(parsed, doc), dated, ctx)


def _parse_one(text: str, title: str | None, published: str | None,
               config: Config | None) -> tuple[Any, Any, Any, Any, Any]:
    """(article, parsed article, spaCy doc, dated spans, context) for one text."""
    from chronicle.model import RawDocument
    from chronicle.pipeline.context import RunContext
    from chronicle.pipeline.ingest import to_article
    from chronicle.pipeline.nlp import parse
    from chronicle.runners.local import process_document

    ctx = RunContext(config=config or load_config())
    doc = RawDocument(source_path="<text>", text=text, fmt="txt", title=title,
                      published=published, published_source="metadata" if published else "none")
    article = to_article(doc)
    dated = process_document(article, ctx)
    parsed, spacy_doc = next(iter(parse([article], ctx)), (None, None))
    return article, parsed, spacy_doc, dated, ctx


def open(path: str | Path = "chronicle.db", config: Config | None = None, *,  # noqa: A001
         readonly: bool = False) -> Chronicle:
    return Chronicle(path, config, readonly=readonly)
