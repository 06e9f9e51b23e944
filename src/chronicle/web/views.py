"""What each route shows, as plain dicts built from ``chronicle.api``.

The JSON routes return these dicts and the pages render them, so a page and its JSON twin
always agree. Lookups that miss raise ``NotFound`` (404); a few corpus-wide lookups (entity
names, the whole-corpus timeline and key dates) are computed once, shared by every request and
computed afresh when the database changes.

Lists are read a page at a time from a sort key (``chronicle.web.paging``); so are the long
sections of a story (members, events, quotes, contradictions) and of an entity (mentions,
events, quotes): a record shows the first ``SECTION`` of each, with the token of the next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from chronicle.api import Chronicle
from chronicle.errors import StoreError
from chronicle.store import queries
from chronicle.store.keyset import Key, Page
from chronicle.store.queries import MAX_QUERY_CHARS, MAX_SEARCH_TERMS, unsearched
from chronicle.store.stories import StoryStore, timeline_key, timeline_page
from chronicle.web.errors import BadParameter, NotFound
from chronicle.web.paging import (
    decode,
    fit,
    keyed,
    line_parts,
    paginate,
    text_parts,
    token,
)

ARTICLE_FIELDS = ("id", "title", "outlet", "url", "source_path", "published", "language",
                  "status", "reason", "duplicate_of")
BUSIEST, MAX_PAIRS = 6, 50  # country pairs the relations page opens on; the most asked for
# Members, events, quotes or contradictions a page of a story or entity shows, and mentions
# of an entity: a page renders in about 10 ms (the rendering, not the reads, is the cost).
SECTION, MENTIONS = 25, 50
SECTION_BYTES = 50_000  # a section's items in JSON at most (fewer items when they are long)
STORY_SECTIONS = ("articles", "events", "quotes", "conflicts")
ENTITY_SECTIONS = ("mentions", "events", "quotes")


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

    def holds(self, name: str) -> bool:
        """Whether ``name`` is computed for the database as it is now."""
        with self._lock:
            return self._seen == self._version() and name in self._values

    def entities(self, chron: Chronicle) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = self.get(
            "entities", lambda: {e["id"]: e for e in chron.entities()})
        return found


KEY_DATES = 10  # key days the home page and /api/key-dates give unless asked for more


def warm(lookups: Lookups, chron: Chronicle, stop: threading.Event) -> None:
    """Compute the corpus-wide figures the first requests would otherwise wait for: the
    counts, every entity's name, the whole timeline (2.7 s at 100k articles), the key dates
    (1.9 s) and the busiest country pairs; before each, unless ``stop`` is set. A server
    starting (each of its processes) runs this on a thread of its own."""
    steps: list[Callable[[], Any]] = [
        chron.counts, lambda: lookups.entities(chron),
        lambda: timeline(lookups, chron, None, None, None, 1),
        lambda: key_dates(lookups, chron, KEY_DATES, None, None),
        lambda: busiest(lookups, chron, BUSIEST)]
    for step in steps:
        if stop.is_set():
            return
        step()


def article_summary(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record.get(key) for key in ARTICLE_FIELDS}


def articles(chron: Chronicle, status: str | None, cursor: str | None, limit: int
             ) -> dict[str, Any]:
    with keyed():
        page = chron.articles_page(status=status, after=decode(cursor), limit=limit)
    return paginate(Page([article_summary(a) for a in page.items], page.next, page.keys))


def article(chron: Chronicle, ident: str, part: int | None = None,
            holding: int | None = None) -> dict[str, Any]:
    """An article with its removed lines, copies, and the annotations over its text: one
    part of a long one (``part``, else the one whose text holds offset ``holding``, else
    the first; ``paging.text_parts``). ``text`` is that part, from ``part.start`` of the
    whole text (spans keep offsets into the whole); the raw lines ``part.lines`` with it."""
    try:
        record = chron.article(ident)
    except StoreError as exc:
        raise NotFound(str(exc)) from None
    aid, text, raw = record["id"], record["text"] or "", record.get("raw_text") or ""
    ranges, lines = text_parts(text), line_parts(raw)
    count = max(len(ranges), len(lines))
    if part is None:
        part = next((n for n, (start, end) in enumerate(ranges, start=1)
                     if holding is not None and start <= holding < end), 1)
    if part > count:
        raise BadParameter("part", f"this article has {count} part{'s' * (count > 1)}")
    start, end = ranges[part - 1] if part <= len(ranges) else (len(text), len(text))
    first, last = lines[part - 1] if part <= len(lines) else (0, -1)
    record["text"] = text[start:end]
    record["raw_text"] = "\n".join(raw.split("\n")[first - 1:last]) if first else ""
    record["removed"] = [r for r in record["removed"]
                         if r["line_start"] <= last and r["line_end"] >= first]
    record["part"] = {"number": part, "of": count, "start": start, "end": end,
                      "lines": [first, last]}

    def inside(span: dict[str, Any]) -> bool:
        return start <= span["start"] < end

    # Mentions come from the store's per-article material; quotes and the events this
    # article is the first evidence of from indexed reads.
    record["mentions"] = [m for m in map(_mention, StoryStore(chron.store).material(aid)[
        "mentions"]) if inside(m["span"])]
    record["quotes"] = [q for q in chron.quotes(article=aid) if inside(q["span"])]
    record["events"] = [e for e in chron.events(article=aid) if inside(e["evidence"])]
    return record


def _mention(m: Any) -> dict[str, Any]:
    """A ``Mention`` record shaped like the ``mentions`` export."""
    return {"entity_id": m.entity_id, "span": m.span.to_dict(), "label": m.label,
            "title": m.title, "country": m.country, "sector": m.sector, "evidence": m.evidence}


def entity(chron: Chronicle, ident: str, cursors: dict[str, str | None] | None = None
           ) -> dict[str, Any]:
    """An entity with a page of its mentions (in context), of the events it takes part in
    (each with its ``role``) and of its quotes; ``next`` holds each section's token."""
    record = chron.entity_head(ident)
    if record is None:
        raise NotFound(f"no entity matches `{ident}`")
    eid, after = record["id"], _cursors(cursors, ENTITY_SECTIONS)
    mentions = _section("mentions", lambda: chron.mentions_page(
        eid, after=after["mentions"], limit=MENTIONS))
    events = _section("events", lambda: chron.events_page(
        actor=eid, after=after["events"], limit=SECTION))
    quotes = _section("quotes", lambda: chron.quotes_page(
        speaker=eid, after=after["quotes"], limit=SECTION))
    record["mentions_list"] = mentions.items
    record["events"] = [e | {"role": _role(e, eid)} for e in events.items]
    record["quotes"] = quotes.items
    record["next"] = {"mentions": token(mentions), "events": token(events),
                      "quotes": token(quotes)}
    return record


def _section(name: str, read: Callable[[], Page]) -> Page:
    """One long section's page, cut to ``SECTION_BYTES``; a bad token names the section."""
    with keyed(name):
        return fit(read(), SECTION_BYTES)


def _cursors(given: dict[str, str | None] | None, names: tuple[str, ...]
             ) -> dict[str, Key | None]:
    return {name: decode((given or {}).get(name), name) for name in names}


def _role(event: dict[str, Any], entity_id: str) -> str:
    if any(a.get("entity_id") == entity_id for a in event["source"]):
        return "source"
    return "target"


def entities(chron: Chronicle, kind: str | None, country: str | None, cursor: str | None,
             limit: int) -> dict[str, Any]:
    with keyed():
        return paginate(chron.entities_page(kind=kind, country=country,
                                            after=decode(cursor), limit=limit))


def story_head(chron: Chronicle, ident: str) -> dict[str, Any]:
    try:
        return chron.story_head(ident)
    except StoreError as exc:
        raise NotFound(str(exc)) from None


def story(chron: Chronicle, ident: str, cursors: dict[str, str | None] | None = None
          ) -> dict[str, Any]:
    """A story with a page of each long section: members (``articles``, and their ids in
    ``article_ids``), events, quotes and contradictions; ``counts`` says how many of each
    there are and ``next`` holds each section's token (``?events=<token>``; the same token
    pages ``/api/events?story=``)."""
    record = story_head(chron, ident)
    sid, after = record["id"], _cursors(cursors, STORY_SECTIONS)
    members = _section("articles", lambda: chron.articles_page(
        story=sid, after=after["articles"], limit=SECTION))
    events = _section("events", lambda: chron.events_page(
        story=sid, after=after["events"], limit=SECTION))
    quotes = _section("quotes", lambda: chron.quotes_page(
        story=sid, after=after["quotes"], limit=SECTION))
    conflicts = _section("conflicts", lambda: chron.conflicts_page(
        sid, after=after["conflicts"], limit=SECTION))
    record["article_ids"] = [a["id"] for a in members.items]
    record["articles"] = [{k: a[k] for k in ("id", "title", "outlet", "source_path", "url",
                                             "published", "status", "duplicate_of",
                                             "language")} for a in members.items]
    record["events"], record["quotes"] = events.items, quotes.items
    record["conflicts"] = conflicts.items
    record["next"] = {"articles": token(members), "events": token(events),
                      "quotes": token(quotes), "conflicts": token(conflicts)}
    return record


def story_articles(chron: Chronicle, record: dict[str, Any], shown: int, first: bool
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The members to lay side by side (full records: the ones the summary cites first) and
    the rest of this page of members (short records). Only the shown ones are read in full:
    a story can be big. On a later page of members (``first`` false) none is laid out."""
    cited = [span["article_id"] for item in record.get("summary", [])
             for span in item.get("citations") or [item["span"]]] if first else []
    order = list(dict.fromkeys([*cited, *record["article_ids"]]))
    short = {a["id"]: a for a in record.get("articles", [])}
    shown = shown if first else 0
    full = [chron.article(aid, detail=False) for aid in order[:shown]]
    return full, [short.get(aid, {"id": aid, "title": None, "source_path": aid})
                  for aid in order[shown:]]


def quotes(chron: Chronicle, speaker: str | None, story_id: str | None,
           article_id: str | None, cursor: str | None, limit: int) -> dict[str, Any]:
    """Quotes, optionally one story's, one article's, or one speaker's: an entity (id, name
    or alias) through the speaker index, else the name the quotes give (case aside)."""
    if story_id:
        story_id = story_head(chron, story_id)["id"]  # 404 for an unknown story
    speaker_id = speaker_name = None
    if speaker:
        found = chron.entity_head(speaker)
        speaker_id, speaker_name = (found["id"], None) if found else (None, speaker)
    with keyed():
        return paginate(chron.quotes_page(article=article_id, story=story_id,
                                          speaker=speaker_id, speaker_name=speaker_name,
                                          after=decode(cursor), limit=limit))


def timeline(lookups: Lookups, chron: Chronicle, entity_ident: str | None,
             dyad: tuple[str, str] | None, cursor: str | None, limit: int) -> dict[str, Any]:
    """A page of the timeline. The whole corpus's is computed once and shared (it ranks
    every event); a narrowed one is its entries of the stories involved."""
    def compute() -> tuple[list[dict[str, Any]], list[Key]]:
        entries = chron.timeline()
        return entries, [timeline_key(e) for e in entries]

    entries, keys = lookups.get("timeline", compute)
    if entity_ident or dyad:
        try:
            wanted = chron.stories_involving(entity_ident, dyad)
        except StoreError as exc:
            raise NotFound(str(exc)) from None
        kept = [n for n, entry in enumerate(entries) if entry["story_id"] in wanted]
        entries, keys = [entries[n] for n in kept], [keys[n] for n in kept]
    with keyed():
        return paginate(timeline_page(entries, keys, after=decode(cursor), limit=limit))


def key_dates(lookups: Lookups, chron: Chronicle, k: int, entity_ident: str | None,
              dyad: tuple[str, str] | None) -> list[dict[str, Any]]:
    """The ``k`` key days; the whole corpus's are computed once and shared."""
    def compute() -> list[dict[str, Any]]:
        try:
            return chron.key_dates(k, entity=entity_ident, dyad=dyad)
        except StoreError as exc:
            raise NotFound(str(exc)) from None

    if entity_ident or dyad:
        return compute()
    found: list[dict[str, Any]] = lookups.get(f"key_dates:{k}", compute)
    return found


def conflicts(chron: Chronicle, story_id: str | None, cursor: str | None, limit: int
              ) -> dict[str, Any]:
    if story_id:
        story_id = story_head(chron, story_id)["id"]  # 404 for an unknown story
    with keyed():
        return paginate(chron.conflicts_page(story_id, after=decode(cursor), limit=limit))


def search(chron: Chronicle, q: str, outlet: str | None, since: str | None,
           until: str | None, cursor: str | None, limit: int) -> dict[str, Any]:
    """Hits best first (ties in stored order), filters applied to every hit.
    ``ranked_newest``: set when an unnarrowed query matched more articles than that and
    only the ones stored last were ranked (null when every match was)."""
    after = decode(cursor)
    narrowed = bool(outlet or since or until)
    try:
        with keyed():
            found = paginate(chron.search_page(q, outlet=outlet, since=since, until=until,
                                               after=after, limit=limit))
        windowed = not narrowed and chron.search_window(q) is not None
    except StoreError as exc:
        raise BadParameter("q", str(exc)) from None
    return found | {"ranked_newest": queries.SEARCH_WINDOW if windowed else None}


def search_note(q: str, found: dict[str, Any]) -> str | None:
    """What the search page says when the query holds more words than a search reads, or
    matched more articles than a search ranks."""
    notes = []
    if unsearched(q):
        notes.append(f"Searched for only the first {MAX_SEARCH_TERMS} distinct words within "
                     f"the first {MAX_QUERY_CHARS} characters of the query; the rest were "
                     "left out.")
    if found.get("ranked_newest"):
        notes.append(f"More than {found['ranked_newest']:,} articles match: the "
                     f"{found['ranked_newest']:,} stored last are ranked. Add words, an "
                     "outlet or dates to rank every match.")
    return " ".join(notes) or None


def relations(lookups: Lookups, chron: Chronicle, a: str, b: str) -> dict[str, Any]:
    """Two countries' months (kept until the database changes, like every corpus-wide
    figure: a pair's months aggregate all its events)."""
    a, b = a.upper(), b.upper()
    months: list[dict[str, Any]] = lookups.get(f"relations:{a}:{b}",
                                               lambda: chron.relations(a, b))
    return {"a": a, "b": b, "months": months}


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
        return [found | {"months": relations(lookups, chron, found["a"], found["b"])["months"]}
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


def overview(chron: Chronicle, cursor: str | None, limit: int) -> dict[str, Any]:
    """The home page: corpus counts and one page of stories (earliest first)."""
    with keyed():
        stories = chron.stories_page(after=decode(cursor), limit=limit)
    return {"counts": chron.counts(), "stories": paginate(stories)}
