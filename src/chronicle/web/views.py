"""What each route shows, as plain dicts built from ``chronicle.api``.

The JSON routes return these dicts and the pages render them, so a page and its JSON twin
always agree. Lookups that miss raise ``NotFound`` (404); a few corpus-wide lookups (entity
names) are cached until the database changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from chronicle.api import Chronicle
from chronicle.errors import StoreError
from chronicle.store.queries import MAX_QUERY_CHARS, MAX_SEARCH_TERMS, unsearched
from chronicle.store.stories import StoryStore
from chronicle.web.errors import BadParameter, NotFound
from chronicle.web.paging import Page, paginate

ARTICLE_FIELDS = ("id", "title", "outlet", "url", "source_path", "published", "language",
                  "status", "reason", "duplicate_of")
SEARCH_SCAN = 2000  # filtered searches look at this many best hits
BUSIEST, MAX_PAIRS = 6, 50  # country pairs the relations page opens on; the most asked for


class Lookups:
    """Corpus-wide lookups (entity names, the relations picker's countries), kept while the
    database does not change. A `chronicle run` may write while the server reads, so each use
    first asks ``version`` (SQLite's data_version: microseconds, no table read) and starts
    afresh when it moved."""

    def __init__(self, version: Callable[[], int]) -> None:
        self._version = version
        self._lock = threading.RLock()  # one lookup may be computed from another
        self._seen: int | None = None
        self._values: dict[str, Any] = {}

    def get(self, name: str, compute: Callable[[], Any]) -> Any:
        with self._lock:
            version = self._version()
            if version != self._seen:
                self._values.clear()
                self._seen = version
            if name not in self._values:
                self._values[name] = compute()
            return self._values[name]

    def entities(self, chron: Chronicle) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = self.get(
            "entities", lambda: {e["id"]: e for e in chron.entities()})
        return found


def article_summary(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record.get(key) for key in ARTICLE_FIELDS}


def articles(chron: Chronicle, status: str | None) -> Iterator[dict[str, Any]]:
    return (article_summary(a) for a in chron.articles(status))


def article(chron: Chronicle, ident: str) -> dict[str, Any]:
    """An article with its removed lines, copies, and the annotations over its text."""
    try:
        record = chron.article(ident)
    except StoreError as exc:
        raise NotFound(str(exc)) from None
    aid = record["id"]
    # Mentions come from the store's per-article material; quotes and the events this
    # article is the first evidence of from indexed reads.
    record["mentions"] = [_mention(m) for m in StoryStore(chron.store).material(aid)["mentions"]]
    record["quotes"] = list(chron.quotes(article=aid))
    record["events"] = list(chron.events(article=aid))
    return record


def _mention(m: Any) -> dict[str, Any]:
    """A ``Mention`` record shaped like the ``mentions`` export."""
    return {"entity_id": m.entity_id, "span": m.span.to_dict(), "label": m.label,
            "title": m.title, "country": m.country, "sector": m.sector, "evidence": m.evidence}


def entity(chron: Chronicle, ident: str) -> dict[str, Any]:
    """An entity with its mentions, the events it takes part in, and its quotes."""
    record = chron.entity(ident)
    if record is None:
        raise NotFound(f"no entity matches `{ident}`")
    eid = record["id"]
    record["events"] = [e | {"role": _role(e, eid)} for e in chron.events(actor=eid)]
    record["quotes"] = list(chron.quotes(speaker=eid))
    return record


def _role(event: dict[str, Any], entity_id: str) -> str:
    if any(a.get("entity_id") == entity_id for a in event["source"]):
        return "source"
    return "target"


def entities(chron: Chronicle, kind: str | None, country: str | None
             ) -> Iterator[dict[str, Any]]:
    for record in chron.entities():
        if kind and record["kind"] != kind:
            continue
        if country and (record["country"] or "").upper() != country.upper():
            continue
        yield record


def story(chron: Chronicle, ident: str) -> dict[str, Any]:
    try:
        return chron.story(ident)
    except StoreError as exc:
        raise NotFound(str(exc)) from None


def story_articles(chron: Chronicle, record: dict[str, Any], shown: int
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The members to lay side by side (full records: the ones the summary cites first) and
    the rest (their short records). Only the shown ones are read in full: a story can be big."""
    cited = [span["article_id"] for item in record.get("summary", [])
             for span in item.get("citations") or [item["span"]]]
    order = list(dict.fromkeys([*cited, *record["article_ids"]]))
    short = {a["id"]: a for a in record.get("articles", [])}
    full = [chron.article(aid) for aid in order[:shown]]
    return full, [short.get(aid, {"id": aid, "title": None, "source_path": aid})
                  for aid in order[shown:]]


def quotes(chron: Chronicle, speaker: str | None, story_id: str | None,
           article_id: str | None) -> Iterator[dict[str, Any]]:
    if story_id:
        story_id = story(chron, story_id)["id"]  # 404 for an unknown story
    wanted = speaker.casefold() if speaker else None
    speaker_id = None
    if speaker:  # a known entity (id, name or alias): its quotes through the speaker index
        found = chron.entity(speaker)
        speaker_id = found["id"] if found else None
        if found:
            wanted = None
    for q in chron.quotes(article=article_id, story=story_id, speaker=speaker_id):
        if wanted and wanted not in {(q["speaker_id"] or "").casefold(),
                                     (q["speaker"] or "").casefold()}:
            continue
        yield q


def timeline(chron: Chronicle, entity_ident: str | None,
             dyad: tuple[str, str] | None) -> list[dict[str, Any]]:
    try:
        return chron.timeline(entity=entity_ident, dyad=dyad)
    except StoreError as exc:
        raise NotFound(str(exc)) from None


def key_dates(chron: Chronicle, k: int, entity_ident: str | None,
              dyad: tuple[str, str] | None) -> list[dict[str, Any]]:
    try:
        return chron.key_dates(k, entity=entity_ident, dyad=dyad)
    except StoreError as exc:
        raise NotFound(str(exc)) from None


def conflicts(chron: Chronicle, story_id: str | None) -> list[dict[str, Any]]:
    if story_id:
        story(chron, story_id)  # 404 for an unknown story rather than an empty list
    return chron.conflicts(story_id)


def search(chron: Chronicle, q: str, stop: int, outlet: str | None, since: str | None,
           until: str | None) -> list[dict[str, Any]]:
    """Hits best first, at least ``stop`` of them when that many match the filters."""
    filtered = bool(outlet or since or until)
    try:
        hits = chron.search(q, SEARCH_SCAN if filtered else stop)
    except StoreError as exc:
        raise BadParameter("q", str(exc)) from None
    if outlet:
        hits = [h for h in hits if (h["outlet"] or "").casefold() == outlet.casefold()]
    if since:
        hits = [h for h in hits if (h["published"].get("latest") or "9999") >= since]
    if until:
        hits = [h for h in hits if (h["published"].get("earliest") or "0000") <= until]
    return hits


def search_note(q: str) -> str | None:
    """What the search page says when the query holds more words than a search reads."""
    if not unsearched(q):
        return None
    return (f"Searched for only the first {MAX_SEARCH_TERMS} distinct words within the first "
            f"{MAX_QUERY_CHARS} characters of the query; the rest were left out.")


def relations(chron: Chronicle, a: str, b: str) -> dict[str, Any]:
    return {"a": a.upper(), "b": b.upper(), "months": chron.relations(a, b)}


def pair(a: str | None, b: str | None) -> tuple[str, str] | None:
    """Both countries of a relations view, or None for neither (the busiest pairs)."""
    if a and b:
        return a.upper(), b.upper()
    if a or b:
        raise BadParameter("b" if a else "a", "give both countries, or neither for the "
                                              "most active pairs")
    return None


def busiest(lookups: Lookups, chron: Chronicle, k: int) -> list[dict[str, Any]]:
    """The ``k`` most active country pairs, each with its months as ``relations`` gives them
    (kept until the database changes: ranking the pairs reads every event's actors)."""
    def compute() -> list[dict[str, Any]]:
        return [found | {"months": chron.relations(found["a"], found["b"])}
                for found in chron.busiest_pairs(k)]

    pairs: list[dict[str, Any]] = lookups.get(f"busiest:{k}", compute)
    return pairs


def countries(lookups: Lookups, chron: Chronicle) -> list[dict[str, Any]]:
    """Actor codes that occur in the corpus, for the relations picker: (code, name)."""
    def compute() -> list[dict[str, Any]]:
        seen: dict[str, str] = {}
        for record in lookups.entities(chron).values():
            code = record["country"]
            if code and record["kind"] in {"country", "igo"}:
                seen[code] = record["name"]
            elif code:
                seen.setdefault(code, code)
        return [{"code": c, "name": n} for c, n in sorted(seen.items())]

    found: list[dict[str, Any]] = lookups.get("countries", compute)
    return found


def overview(chron: Chronicle, page: Page) -> dict[str, Any]:
    """The home page: corpus counts and one page of stories (earliest first)."""
    return {"counts": chron.counts(), "stories": paginate(chron.stories(), page)}
