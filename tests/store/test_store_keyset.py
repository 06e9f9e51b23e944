"""Keyset pagination in the store: every list read a page at a time returns each row once,
in the list's order, across ties in the sort key; pages are read along an index; the
entity mention counts the entity list is ordered by follow the mentions written."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chronicle.model import (
    ActorRef,
    Article,
    Conflict,
    Entity,
    Event,
    Mention,
    Quote,
    Span,
    TimeValue,
)
from chronicle.store import Batch, Store, queries
from chronicle.store import events as events_store
from chronicle.store import stories as stories_store
from chronicle.store.keyset import Page
from chronicle.store.schema import MIGRATIONS, _register_functions, migrate
from chronicle.store.stories import StoryStore

TEXT = "Ministers of Ghana and Togo met in Accra. They said the border would open in May."
DAYS = ["2025-03-02", "2025-03-01", None, "2025-03-01", "2025-03-02", None]


def _article(n: int) -> Article:
    return Article(id=f"{n:016x}", source_path=f"news/{n}.txt", raw_text=TEXT,
                   title=f"Border talks {n % 3}", paragraphs=[TEXT], text=TEXT,
                   language="en", content_hash=f"h{n}", outlet="Same Outlet",
                   published=TimeValue("2025-03-01", "2025-03-01", "day", "metadata"))


def _entities() -> list[Entity]:
    # Entities 0 and 4, and 1 and 5, share a name and a mention count (below): the list's
    # ties are broken by id.
    names = ["Same Name", "Same Name", "Ghana", "Togo", "Same Name", "Same Name", "Zed"]
    return [Entity(f"e{i:02d}", name, "person" if i % 2 else "place", [name.upper()],
                   "GHA" if i % 3 else None) for i, name in enumerate(names)]


def _batch(n: int, entities: list[Entity]) -> Batch:
    aid = f"{n:016x}"
    batch = Batch(articles=[_article(n)], entities=entities)
    # Mentions: entity i is mentioned in every article where i <= n % 4 (+ ties by design).
    for i, e in enumerate(entities):
        if i % 4 <= n % 4:
            batch.mentions.append(Mention(Span(aid, i, i + 1, TEXT[i]), "GPE", e.id))
    for k in range(2):  # two events an article, several on one day, some undated
        day = DAYS[(n + k) % len(DAYS)]
        date = TimeValue(day, day, "day", "text") if day else TimeValue.unknown()
        actor = ActorRef(entities[n % 3].id, entities[n % 3].name, "GHA")
        batch.events.append(Event(
            id=f"ev{n:02d}{k}", source=[actor], target=[], cameo="042", root="04",
            quad_class=1, goldstein=1.9, plover=None, mode=None, negated=False,
            hypothetical=False, date=date, location=None, evidence=Span(aid, 0, 41),
            confidence=0.5))
        batch.quotes.append(Quote(f"q{n:02d}{k}", Span(aid, 42 + k, 60), entities[0].id,
                                  "Accra", "said", False, Span(aid, 42, 82)))
    return batch


@pytest.fixture
def filled(store: Store) -> Store:
    entities = _entities()
    run = store.begin_run(["news"], {})
    for n in range(14):
        store.write_batch(_batch(n, entities), run)
    stories = StoryStore(store)
    with store.transaction() as con:
        for s in range(9):  # stories whose first dates tie (and two undated)
            con.execute("INSERT INTO stories(id, first_article, size, profile) VALUES"
                        " (?, ?, 1, '{}')", (f"{s:016x}", f"{s:016x}"))
            con.execute("INSERT INTO story_members(article_id, story_id, reason, score)"
                        " VALUES (?, ?, 'seed', 1)", (f"{s:016x}", f"{s % 3:016x}"))
    for s in range(9):
        day = None if s > 6 else f"2025-03-0{s % 2 + 1}"
        first = TimeValue(day, day, "day", "metadata") if day else TimeValue.unknown()
        a, b = f"{s % 3:016x}", f"{s % 3 + 3:016x}"
        conflicts = [Conflict(f"{s:016x}", "date" if c % 2 else "number", Span(a, c, c + 2),
                              Span(b, c, c + 3), (str(c), str(c + 1))) for c in range(5)]
        stories.write_outputs(f"{s:016x}", title=f"Story {s % 2}", first=first, last=first,
                              summary=[], key_entities=[], conflicts=conflicts, inherited={})
    return store


Walk = Callable[[Store, Any, int], Page]
LISTS: dict[str, tuple[Walk, Callable[[Store], list[Any]]]] = {
    "articles": (lambda s, after, n: queries.page_articles(s, after=after, limit=n),
                 lambda s: [a["id"] for a in queries.iter_articles(s)]),
    "entities": (lambda s, after, n: queries.page_entities(s, after=after, limit=n),
                 lambda s: [e["id"] for e in queries.iter_entities(s)]),
    "events": (lambda s, after, n: events_store.page_events(s, after=after, limit=n),
               lambda s: [e["id"] for e in events_store.iter_events(s)]),
    "quotes": (lambda s, after, n: events_store.page_quotes(s, after=after, limit=n),
               lambda s: [q["id"] for q in events_store.iter_quotes(s)]),
    "stories": (lambda s, after, n: stories_store.page_stories(s, after=after, limit=n),
                lambda s: [x["id"] for x in stories_store.iter_stories(s)]),
    "conflicts": (lambda s, after, n: stories_store.page_conflicts(s, after=after, limit=n),
                  lambda s: [(c["story_id"], c["fact"], c["a"]["start"])
                             for c in stories_store.iter_conflicts(s)]),
    "mentions": (lambda s, after, n: queries.page_mentions(s, "e00", after=after, limit=n),
                 lambda s: [(m["span"]["article_id"], m["span"]["start"])
                            for m in queries.iter_mentions(s, "e00")]),
}


def _ident(name: str, item: dict[str, Any]) -> Any:
    if name == "conflicts":
        return item["story_id"], item["fact"], item["a"]["start"]
    if name == "mentions":
        return item["span"]["article_id"], item["span"]["start"]
    return item["id"]


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("size", [1, 3, 4])
def test_keyset_pages_return_every_row_once_in_order(filled: Store, name: str,
                                                     size: int) -> None:
    walk, whole = LISTS[name]
    everything = whole(filled)
    assert len(everything) >= 7
    walked, after, pages = [], None, 0
    while True:
        page = walk(filled, after, size)
        assert len(page.items) <= size
        walked += [_ident(name, item) for item in page.items]
        pages += 1
        if page.next is None:
            break
        after = page.next
    assert walked == everything  # each row once, in the list's own order
    assert pages == -(-len(everything) // size)


def test_the_lists_have_ties_in_their_leading_sort_keys(filled: Store) -> None:
    entities = list(queries.iter_entities(filled))
    same = [(e["mentions"], e["name"]) for e in entities if e["name"] == "Same Name"]
    assert len(same) == 4 and len(set(same)) == 2  # equal count and name: broken by id
    days = [e["date"]["earliest"] for e in events_store.iter_events(filled)]
    assert len(days) > len(set(days))
    firsts = [s["date"]["first"]["earliest"] for s in stories_store.iter_stories(filled)]
    assert len(firsts) > len(set(firsts))
    assert days == sorted(days, key=lambda d: d or "9999")


def test_a_page_carries_the_sort_key_of_its_last_row(filled: Store) -> None:
    page = queries.page_entities(filled, limit=2)
    last = page.items[-1]
    assert page.next == (last["mentions"], last["name"], last["id"])
    rest = queries.page_entities(filled, after=page.next, limit=100)
    assert [e["id"] for e in page.items + rest.items] == \
        [e["id"] for e in queries.iter_entities(filled)]


def test_rows_stored_between_two_pages_neither_repeat_nor_shift_the_rows_seen(
        filled: Store) -> None:
    first = queries.page_entities(filled, limit=3)
    run = filled.begin_run(["more"], {})
    loud = Entity("e99", "Aaa Loud", "person", [])
    batch = Batch(articles=[_article(99)], entities=[loud],
                  mentions=[Mention(Span(f"{99:016x}", i, i + 1), "PERSON", "e99")
                            for i in range(30)])
    filled.write_batch(batch, run)  # now the most mentioned: it sorts before the first page
    second = queries.page_entities(filled, after=first.next, limit=3)
    seen = [e["id"] for e in first.items]
    assert not {e["id"] for e in second.items} & set(seen)
    assert [e["id"] for e in second.items] == \
        [e["id"] for e in queries.iter_entities(filled)][4:7]  # the same three as before


QUERIES = {
    "articles": "page_articles",
    "entities": "page_entities",
    "events": "page_events",
    "quotes": "page_quotes",
    "stories": "page_stories",
    "conflicts": "page_conflicts",
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_deep_page_is_read_along_an_index_without_sorting(filled: Store,
                                                            name: str) -> None:
    """The plan of a page after a key: no temporary B-tree for the ORDER BY (a sort of every
    row, as an offset needs), the first key's range from an index."""
    plans: list[str] = []
    con = filled.con
    filled.con = _Explaining(con, plans)  # type: ignore[assignment]
    try:
        walk, _ = LISTS[name]
        first = walk(filled, None, 2)
        walk(filled, first.next, 2)
    finally:
        filled.con = con
    plan = plans[-1]
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


class _Explaining:
    """A connection that records the query plan of every page it reads."""

    def __init__(self, con: sqlite3.Connection, plans: list[str]) -> None:
        self.con, self.plans = con, plans

    def execute(self, sql: str, params: Any = ()) -> Any:
        if "AS _rid FROM" in sql:  # a page's key query (store.keyset.fetch)
            rows = self.con.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            self.plans.append("\n".join(r[-1] for r in rows))
        return self.con.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


def test_entity_mention_counts_follow_the_mentions_written(filled: Store) -> None:
    counted = dict(filled.con.execute("SELECT entity_id, COUNT(*) FROM mentions"
                                      " GROUP BY entity_id").fetchall())
    stored = {e["id"]: e["mentions"] for e in queries.iter_entities(filled)}
    assert stored == {e: counted.get(e, 0) for e in stored}
    # A mention written again (a rerun) is ignored and not counted twice.
    run = filled.begin_run(["again"], {})
    filled.write_batch(_batch(1, _entities()), run)
    assert {e["id"]: e["mentions"] for e in queries.iter_entities(filled)} == stored


def test_migration_8_counts_the_mentions_of_an_older_database(tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    _register_functions(con)
    for number, migration in enumerate(MIGRATIONS[:7], start=1):  # a version 7 database
        con.executescript(f"BEGIN;\n{migration()}\nPRAGMA user_version = {number};\nCOMMIT;")
    con.execute("INSERT INTO articles(id, source_path, fmt, raw_text, text, paragraphs,"
                " captions, line_kinds, published, metadata, status, content_hash,"
                " ingested_at) VALUES ('a1', 'p', 'txt', '', '', '[]', '[]', '', '{}', '{}',"
                " 'kept', 'h', 'now')")
    con.execute("INSERT INTO entities(id, name, kind, aliases, roles) VALUES"
                " ('e1', 'One', 'person', '[]', '[]'), ('e2', 'Two', 'person', '[]', '[]')")
    con.executemany("INSERT INTO mentions(article_id, start, end, text, label, entity_id)"
                    " VALUES ('a1', ?, ?, 'x', 'PERSON', ?)",
                    [(0, 1, "e1"), (2, 3, "e2"), (4, 5, "e2")])
    con.execute("INSERT INTO events(id, source, target, cameo, root, quad_class, goldstein,"
                " negated, hypothetical, future, reported, date, article_id, start, end,"
                " confidence) VALUES ('v1', '[]', '[]', '042', '04', 1, 1.9, 0, 0, 0, 0, '{}',"
                " 'a1', 0, 1, 0.5)")
    con.executemany("INSERT INTO event_actors(event_id, role, entity_id, country)"
                    " VALUES ('v1', ?, ?, ?)", [("source", "e1", "AAA"), ("target", "e2", "BBB"),
                                                ("target", "e3", "CCC")])
    assert migrate(con) == len(MIGRATIONS)
    assert dict(con.execute("SELECT id, n_mentions FROM entities")) == {"e1": 1, "e2": 2}
    assert set(con.execute("SELECT source, target, event_id FROM event_dyads")) == {
        ("AAA", "BBB", "v1"), ("AAA", "CCC", "v1")}
    con.execute("INSERT INTO mentions(article_id, start, end, text, label, entity_id)"
                " VALUES ('a1', 6, 7, 'x', 'PERSON', 'e1')")
    assert dict(con.execute("SELECT id, n_mentions FROM entities")) == {"e1": 2, "e2": 2}
    assert migrate(con) == len(MIGRATIONS)  # applied once


@pytest.mark.parametrize(("asked", "found"), [
    ("same name", "e00"), ("SAME NAME", "e00"), ("togo", "e03"),  # the most mentioned wins
    ("STRASSE", "s1"), ("émile zola", "s2"), ('the "quoted" one', "s3"), ("tab\tname", "s4"),
    ("kate", "s5"), ("Nobody", None)])
def test_an_entity_is_found_by_any_name_or_alias_case_aside(filled: Store, asked: str,
                                                            found: str | None) -> None:
    """Names are narrowed in SQL before the exact test: none may be lost by it, whatever
    characters a name holds (casefold: ß is ss, the Kelvin sign is k)."""
    run = filled.begin_run(["names"], {})
    odd = [Entity("s1", "Hauptstraße", "place", ["Straße"]),
           Entity("s2", "É. Zola", "person", ["Émile Zola"]),
           Entity("s3", "Quoted", "person", ['The "Quoted" One']),
           Entity("s4", "Tab", "person", ["Tab\tName"]),
           Entity("s5", "\u212aate", "person", [])]
    filled.write_batch(Batch(articles=[_article(77)], entities=odd), run)
    head = queries.entity_head(filled, asked)
    assert (head and head["id"]) == found


def test_an_actors_events_are_paged_alike_whether_common_or_rare(store: Store) -> None:
    """A common actor's events are read by walking the events' order, a rare one's by
    looking them up and sorting (store.events.actor_filter): the pages are the same."""
    common, rare = Entity("c1", "Common", "country", [], "AAA"), Entity("r1", "Rare", "org")
    run = store.begin_run(["actors"], {})
    for n in range(60):
        batch = _batch(n, _entities())
        for k, event in enumerate(batch.events):
            event.source = [ActorRef("c1", "Common", "AAA")]
            event.target = [ActorRef("r1", "Rare", "BBB")] if (n + k) % 40 == 0 else []
        batch.entities += [common, rare]
        store.write_batch(batch, run)
    for filters in ({"actor": "c1"}, {"actor": "r1"}, {"country": "AAA"},
                    {"country": "BBB"}):
        where, params = api_filters(store, filters)
        whole = [e["id"] for e in events_store.iter_events(store, where, params)]
        walked, after = [], None
        while True:
            page = events_store.page_events(store, where, params, after=after, limit=7)
            walked += [e["id"] for e in page.items]
            if page.next is None:
                break
            after = page.next
        assert walked == whole and whole
    assert "EXISTS" in api_filters(store, {"actor": "c1"})[0]
    assert "EXISTS" not in api_filters(store, {"actor": "r1"})[0]
    # The events between two countries (event_dyads, kept by a trigger) are those with a
    # source of one and a target of the other, either way.
    brute = {r[0] for r in store.con.execute(
        "SELECT s.event_id FROM event_actors s JOIN event_actors t ON t.event_id = s.event_id"
        " WHERE s.role = 'source' AND t.role = 'target' AND ((s.country = 'AAA' AND"
        " t.country = 'BBB') OR (s.country = 'BBB' AND t.country = 'AAA'))")}
    where, params = api_filters(store, {"dyad": ("BBB", "AAA")})
    assert {e["id"] for e in events_store.iter_events(store, where, params)} == brute
    assert len(brute) == 3
    [month] = events_store.relations(store, "BBB", "AAA")
    assert month["events"] == 3 and month["AAA->BBB"] == 3 and month["BBB->AAA"] == 0


def api_filters(store: Store, filters: dict[str, str]) -> tuple[str, tuple[Any, ...]]:
    from chronicle.api import _event_filters

    return _event_filters(store, filters)
