"""Story storage: the stories stage's index (``StoryIndex``), membership, story outputs."""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chronicle.model import Article, Conflict, Event, Mention, Sentence, Span, TimeValue
from chronicle.pipeline.stories.assign import REACH, UNDATED_HI
from chronicle.pipeline.stories.profile import StoryProfile
from chronicle.store.db import Store
from chronicle.store.events import dyad_events
from chronicle.store.keyset import Key, Order, Page, Source, Where, fetch

if TYPE_CHECKING:
    from chronicle.config import StoryConfig
    from chronicle.pipeline.stories.idf import TermStats


@dataclass(slots=True, frozen=True)
class MemberDate:
    article_id: str
    status: str
    published: TimeValue
    inherited: TimeValue | None


UNDATED = UNDATED_HI  # story_keys.hi of an undated story: in reach of every article
NO_BOUND_LOW, NO_BOUND_HIGH = -(2**62), 2**62
PROFILE_CACHE = 4096  # parsed story profiles kept in memory (about 30 kB each at most)


class StoryStore:
    """Implements ``chronicle.pipeline.stories.StoryIndex`` over the store's tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con

    # --- StoryIndex -----------------------------------------------------------------

    def ranked(self, keys: Iterable[str], bounds: tuple[int | None, int | None] = (None, None),
               limit: int | None = REACH) -> list[Any]:
        """Stories under any of ``keys`` in time reach of ``bounds``, with the number of
        ``keys`` each is filed under, the first ``limit`` in ``assign.rank`` order
        (``StoryIndex``).

        A range scan on ``story_keys(key, hi)`` that never touches the profiles' text
        (each story's bounds and size come from the ``stories_scope`` index, not its row);
        profiles are parsed once and kept (up to ``PROFILE_CACHE`` of them) while their size
        stays the same: a profile changes only when a member joins, which grows the size,
        and stories are never deleted.
        """
        min_hi, max_lo = bounds
        keys = list(dict.fromkeys(keys))
        chunks = [keys[i:i + 500] for i in range(0, len(keys), 500)]
        cut = f" LIMIT {int(limit)}" if limit is not None and len(chunks) == 1 else ""
        found: dict[str, list[int]] = {}  # id -> [shared, size, hi]
        for chunk in chunks:
            marks = ",".join("?" * len(chunk))
            rows = self.con.execute(
                f"SELECT s.id, s.size, k.hi, COUNT(*) AS shared FROM story_keys k"
                f" JOIN stories s INDEXED BY stories_scope ON s.id = k.story_id"
                f" WHERE k.key IN ({marks})"
                f" AND k.hi >= ? AND (s.lo IS NULL OR s.lo <= ?) GROUP BY s.id"
                f" ORDER BY shared DESC, k.hi DESC, s.id{cut}",
                [*chunk, NO_BOUND_LOW if min_hi is None else min_hi,
                 NO_BOUND_HIGH if max_lo is None else max_lo])
            for row in rows:
                hit = found.setdefault(row["id"], [0, row["size"], row["hi"]])
                hit[0] += row["shared"]
        order = sorted(found.items(), key=lambda item: (-item[1][0], -item[1][2], item[0]))
        if limit is not None:
            order = order[:limit]
        return [(shared, self._parsed(sid, size)) for sid, (shared, size, _) in order]

    def candidates(self, keys: Iterable[str], bounds: tuple[int | None, int | None] = (None, None),
                   limit: int | None = REACH) -> list[Any]:
        """``ranked``'s stories, sorted by id."""
        return sorted((p for _, p in self.ranked(keys, bounds, limit)), key=lambda p: p.id)

    def _parsed(self, sid: str, version: int) -> Any:
        """The story's profile, parsed once while its size (its version) stays the same."""
        cache = self.store.story_profiles
        hit = cache.get(sid)
        if hit is None or hit[0] != version:
            row = self.con.execute("SELECT profile FROM stories WHERE id = ?",
                                   (sid,)).fetchone()
            hit = (version, StoryProfile.from_json(row["profile"]))
            cache[sid] = hit
            if len(cache) > PROFILE_CACHE:
                cache.popitem(last=False)
        cache.move_to_end(sid)
        return hit[1]

    def story_of(self, article_id: str) -> str | None:
        row = self.con.execute("SELECT story_id FROM story_members WHERE article_id = ?",
                               (article_id,)).fetchone()
        return row["story_id"] if row else None

    def profile(self, story_id: str) -> Any:
        row = self.con.execute("SELECT profile FROM stories WHERE id = ?",
                               (story_id,)).fetchone()
        return StoryProfile.from_json(row["profile"]) if row else None

    def term_stats(self, cfg: StoryConfig) -> TermStats:
        """The term statistics as stored, kept in memory between batches (``StoryIndex``).

        The stage advances them as it scores; ``write_assignments`` stores the change with
        the batch. A copy that is not what the store holds (a batch that failed to write)
        is read again. A database whose stories were assigned before the statistics
        existed has them counted once from its members' text, in the order they joined.
        """
        from chronicle.pipeline.stories.idf import TermStats

        counts = dict(self.con.execute("SELECT name, value FROM counters").fetchall())
        n, n_snap = counts.get("scored", 0), counts.get("scored_at_snapshot", 0)
        cached = self.store.term_stats
        if (cached is not None and (cached.n, cached.n_snap, cached.growth)
                == (n, n_snap, cfg.idf_growth)):
            return cached
        df: dict[int, int] = {}
        snap: dict[int, int] = {}
        for term, count, at_snapshot in self.con.execute("SELECT term, df, snap FROM term_df"):
            df[term] = count
            if at_snapshot:
                snap[term] = at_snapshot
        stats = TermStats(df, snap, n, n_snap, cfg.idf_growth)
        self.store.term_stats = stats
        if n == 0:
            self._count_existing_members(stats, cfg)
        return stats

    def _count_existing_members(self, stats: TermStats, cfg: StoryConfig) -> None:
        from chronicle.pipeline.stories.features import term_vector

        rows = self.con.execute(
            "SELECT a.title, a.text FROM story_members m JOIN articles a ON a.id = m.article_id"
            " WHERE m.reason != 'duplicate' ORDER BY m.rowid")
        for row in rows:
            stats.observe(term_vector(f"{row['title'] or ''}\n{row['text']}", cfg))
        if stats.n:
            with self.store.transaction() as con:
                self._write_term_stats(con, stats)

    @staticmethod
    def _write_term_stats(con: Any, stats: TermStats) -> None:
        con.executemany("INSERT INTO term_df(term, df, snap) VALUES (?, ?, ?) ON CONFLICT(term)"
                        " DO UPDATE SET df = excluded.df, snap = excluded.snap",
                        stats.changes())
        con.executemany("INSERT OR REPLACE INTO counters(name, value) VALUES (?, ?)",
                        [("scored", stats.n), ("scored_at_snapshot", stats.n_snap)])

    # --- writes ---------------------------------------------------------------------

    def write_assignments(self, assignments: list[Any]) -> None:
        """Members in order; each story's row and blocking keys once, from its last
        assignment in the list (which holds its final profile)."""
        last = {a.story_id: a for a in assignments}
        stats = self.store.term_stats
        with self.store.transaction() as con:
            if stats is not None:
                self._write_term_stats(con, stats)
            for a in last.values():
                p = a.profile
                con.execute(
                    "INSERT INTO stories(id, first_article, size, profile, lo, hi)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                    " size = excluded.size, profile = excluded.profile, lo = excluded.lo,"
                    " hi = excluded.hi", (p.id, p.first, p.size, p.to_json(), p.lo, p.hi))
                con.execute("DELETE FROM story_keys WHERE story_id = ?", (a.story_id,))
                hi = UNDATED if p.hi is None else p.hi
                con.executemany("INSERT OR IGNORE INTO story_keys(key, story_id, hi)"
                                " VALUES (?, ?, ?)", [(k, a.story_id, hi) for k in a.keys])
            for a in assignments:
                con.execute("INSERT OR REPLACE INTO story_members(article_id, story_id, reason,"
                            " score) VALUES (?, ?, ?, ?)",
                            (a.article_id, a.story_id, a.reason, a.score))
                con.execute("UPDATE events SET story_id = ? WHERE article_id = ?",
                            (a.story_id, a.article_id))

    def write_outputs(self, story_id: str, *, title: str | None, first: TimeValue,
                      last: TimeValue, summary: list[dict[str, Any]], key_entities: list[str],
                      conflicts: list[Conflict],
                      inherited: dict[str, TimeValue]) -> None:
        with self.store.transaction() as con:
            con.execute(
                "UPDATE stories SET title = ?, first_date = ?, last_date = ?, summary = ?,"
                " key_entities = ? WHERE id = ?",
                (title, json.dumps(first.to_dict()), json.dumps(last.to_dict()),
                 json.dumps(summary, ensure_ascii=False), json.dumps(key_entities), story_id))
            con.execute("DELETE FROM conflicts WHERE story_id = ?", (story_id,))
            con.executemany(
                "INSERT OR IGNORE INTO conflicts(story_id, fact, a_article, a_start, a_end,"
                " b_article, b_start, b_end, value_a, value_b) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(story_id, c.fact, c.a.article_id, c.a.start, c.a.end, c.b.article_id,
                  c.b.start, c.b.end, str(c.values[0]), str(c.values[1])) for c in conflicts])
            for article_id, value in inherited.items():
                con.execute("UPDATE story_members SET inherited = ? WHERE article_id = ?",
                            (json.dumps(value.to_dict()), article_id))

    def sharpen_dates(self, article_id: str, dated: list[tuple[Span, TimeValue]]) -> int:
        """Store dates that the story's bounds pinned to a day where the article alone
        could not. Returns how many changed."""
        changed = 0
        with self.store.transaction() as con:
            for span, value in dated:
                if value.precision != "day":
                    continue
                cur = con.execute(
                    "UPDATE dates SET earliest = ?, latest = ?, precision = 'day',"
                    " source = 'inferred' WHERE article_id = ? AND start = ? AND end = ?"
                    " AND precision != 'day'",
                    (value.earliest, value.latest, article_id, span.start, span.end))
                changed += cur.rowcount
        return changed

    # --- material for the story outputs ---------------------------------------------

    def members(self, story_id: str) -> list[str]:
        rows = self.con.execute(
            "SELECT m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id"
            " WHERE m.story_id = ? ORDER BY a.rowid", (story_id,))
        return [r["article_id"] for r in rows]

    def member_dates(self, story_id: str) -> list[MemberDate]:
        """Every member's status, own date and stored inherited date, in the order they
        were stored: what a story's dates need, without the members' text (SQLite reads
        the dates out of the JSON, so a story of thousands costs milliseconds)."""
        rows = self.con.execute(
            "SELECT m.article_id, a.status, json_extract(a.published, '$.earliest'),"
            " json_extract(a.published, '$.latest'), json_extract(a.published, '$.precision'),"
            " json_extract(a.published, '$.source'), m.inherited FROM story_members m"
            " JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.rowid",
            (story_id,))
        return [MemberDate(aid, status, TimeValue(earliest, latest, precision, source),
                           TimeValue.from_dict(json.loads(inherited)) if inherited else None)
                for aid, status, earliest, latest, precision, source, inherited in rows]

    def article(self, article_id: str) -> Article:
        """One stored article's cleaned text and metadata (no raw text)."""
        row = self.con.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article(id=row["id"], source_path=row["source_path"], raw_text="",
                       title=row["title"], outlet=row["outlet"], text=row["text"],
                       status=row["status"], duplicate_of=row["duplicate_of"],
                       published=TimeValue.from_dict(json.loads(row["published"])),
                       captions=json.loads(row["captions"]),
                       metadata=json.loads(row["metadata"]))

    def material(self, article_id: str) -> dict[str, Any]:
        """One member's cleaned text, sentences, mentions, dates and events as records."""
        article = self.article(article_id)
        text = article.text
        sentences = [Sentence(Span(article_id, r["start"], r["end"], text[r["start"]:r["end"]]))
                     for r in self.con.execute(
                         "SELECT start, end FROM sentences WHERE article_id = ? ORDER BY idx",
                         (article_id,))]
        mentions = [Mention(Span(article_id, r["start"], r["end"], r["text"]), r["label"],
                            r["entity_id"], r["title"], r["country"], r["sector"],
                            r["evidence"])
                    for r in self.con.execute(
                        "SELECT * FROM mentions WHERE article_id = ? ORDER BY start",
                        (article_id,))]
        dates = [(Span(article_id, r["start"], r["end"], r["text"]),
                  TimeValue(r["earliest"], r["latest"], r["precision"], r["source"]))
                 for r in self.con.execute(
                     "SELECT * FROM dates WHERE article_id = ? ORDER BY start", (article_id,))]
        return {"article": article, "sentences": sentences, "mentions": mentions,
                "dates": dates, "events": self._events(article_id, text)}

    def _events(self, article_id: str, text: str) -> list[Event]:
        from chronicle.model import ActorRef

        events = []
        rows = self.con.execute(
            "SELECT e.*, m.start AS s, m.end AS t, m.trigger_start AS ts, m.trigger_end AS te"
            " FROM event_mentions m JOIN events e ON e.id = m.event_id"
            " WHERE m.article_id = ? ORDER BY m.start", (article_id,))
        for r in rows:
            def actors(raw: str) -> list[ActorRef]:
                return [ActorRef(a["entity_id"], a["name"], a["country"], a["sector"])
                        for a in json.loads(raw)]
            events.append(Event(
                id=r["id"], source=actors(r["source"]), target=actors(r["target"]),
                cameo=r["cameo"], root=r["root"], quad_class=r["quad_class"],
                goldstein=r["goldstein"], plover=r["plover"], mode=r["mode"],
                negated=bool(r["negated"]), hypothetical=bool(r["hypothetical"]),
                date=TimeValue.from_dict(json.loads(r["date"])), location=r["location"],
                evidence=Span(article_id, r["s"], r["t"], text[r["s"]:r["t"]]),
                confidence=r["confidence"], future=bool(r["future"]),
                reported=bool(r["reported"]),
                trigger=Span(article_id, r["ts"], r["te"], text[r["ts"]:r["te"]]),
                story_id=r["story_id"]))
        return events

    def entity_kinds(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(set(ids))
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.con.execute(f"SELECT id, kind FROM entities WHERE id IN ({marks})",
                                      chunk):
                out[r["id"]] = r["kind"]
        return out


def _time(raw: str | None) -> dict[str, Any]:
    return json.loads(raw) if raw else TimeValue.unknown().to_dict()


def story_record(store: Store, row: Any, members: int | None = None) -> dict[str, Any]:
    """A story's record; ``members`` caps its ``article_ids`` (``size`` counts them all)."""
    if members is None:
        ids = StoryStore(store).members(row["id"])
        size = len(ids)
    else:
        ids = [r["article_id"] for r in store.con.execute(
            "SELECT m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id"
            " WHERE m.story_id = ? ORDER BY a.rowid LIMIT ?", (row["id"], members))]
        size = len(ids) if len(ids) < members else store.con.execute(
            "SELECT COUNT(*) FROM story_members WHERE story_id = ?", (row["id"],)).fetchone()[0]
    return {
        "id": row["id"], "title": row["title"], "article_ids": ids, "size": size,
        "date": {"first": _time(row["first_date"]), "last": _time(row["last_date"])},
        "summary": json.loads(row["summary"] or "[]"),
        "key_entities": json.loads(row["key_entities"] or "[]"),
    }


# Earliest first (by the first member's earliest day, else the last one's latest; undated
# last), then by id: the expression of the stories_by_date index (migration 8).
STORY_ORDER = Order(("COALESCE(json_extract(s.first_date, '$.earliest'),"
                     " json_extract(s.last_date, '$.latest'), '9999')", "s.id"))


def iter_stories(store: Store) -> Any:
    for row in store.con.execute(f"SELECT s.* FROM stories s ORDER BY {STORY_ORDER.by()}"):
        yield story_record(store, row)


def page_stories(store: Store, *, after: Key | None = None, limit: int = 50,
                 members: int = 100) -> Page:
    """``iter_stories`` a page at a time, each story's ``article_ids`` cut at ``members``
    (``size`` counts them all; the story's own page lists them all)."""
    return fetch(store.con, Source("stories s", "s.rowid", "SELECT s.* FROM stories s"), [],
                 [], STORY_ORDER, after, limit, lambda row: story_record(store, row, members))


def story_head(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story without its members, events, quotes and contradictions (they are paged):
    title, dates, cited summary, key entities, member count and languages."""
    row = store.con.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    record = story_record(store, row, members=0)
    del record["article_ids"]
    record["languages"] = [r[0] for r in store.con.execute(
        "SELECT DISTINCT a.language FROM story_members m JOIN articles a ON a.id = m.article_id"
        " WHERE m.story_id = ? AND a.language IS NOT NULL ORDER BY a.language", (story_id,))]
    return record


def section_sizes(store: Store, story_id: str) -> dict[str, int]:
    """How many events, quotes and contradictions a story has (its page shows a page of
    each)."""
    one = store.con.execute
    return {
        "events": one("SELECT COUNT(*) FROM events WHERE story_id = ?", (story_id,)).fetchone()[0],
        "quotes": one("SELECT COUNT(*) FROM quotes WHERE article_id IN (SELECT article_id FROM"
                      " story_members WHERE story_id = ?)", (story_id,)).fetchone()[0],
        "conflicts": one("SELECT COUNT(*) FROM conflicts WHERE story_id = ?",
                         (story_id,)).fetchone()[0],
    }


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    row = store.con.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    record = story_record(store, row)
    articles = []
    for article_id in record["article_ids"]:
        a = store.con.execute("SELECT id, title, outlet, source_path, url, published, status,"
                              " duplicate_of, language FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        articles.append(dict(a) | {"published": json.loads(a["published"])})
    record["articles"] = articles
    record["languages"] = sorted({a["language"] for a in articles if a["language"]})
    record["conflicts"] = list(iter_conflicts(store, story_id))
    return record


# The primary key's order: by story, then fact, then the two statements.
CONFLICT_ORDER = Order(("c.story_id", "c.fact", "c.a_article", "c.a_start", "c.b_article",
                        "c.b_start"))
_CONFLICT_SELECT = (
    "SELECT c.*, substr(a.text, c.a_start + 1, c.a_end - c.a_start) AS a_text,"
    " substr(b.text, c.b_start + 1, c.b_end - c.b_start) AS b_text FROM conflicts c"
    " JOIN articles a ON a.id = c.a_article JOIN articles b ON b.id = c.b_article")


def iter_conflicts(store: Store, story_id: str | None = None) -> Any:
    sql, params = _CONFLICT_SELECT, []
    if story_id:
        sql, params = sql + " WHERE c.story_id = ?", [story_id]
    for r in store.con.execute(f"{sql} ORDER BY {CONFLICT_ORDER.by()}", params):
        yield conflict_record(r)


def page_conflicts(store: Store, story_id: str | None = None, *, after: Key | None = None,
                   limit: int = 50) -> Page:
    """``iter_conflicts`` a page at a time."""
    where = Where().add(story_id, "c.story_id = ?")
    return fetch(store.con, Source("conflicts c", "c.rowid", _CONFLICT_SELECT), where.clauses,
                 where.params, CONFLICT_ORDER, after, limit, conflict_record)


def conflict_record(r: Any) -> dict[str, Any]:
    return {
        "story_id": r["story_id"], "fact": r["fact"],
        "a": {"article_id": r["a_article"], "start": r["a_start"], "end": r["a_end"],
              "text": r["a_text"]},
        "b": {"article_id": r["b_article"], "start": r["b_start"], "end": r["b_end"],
              "text": r["b_text"]},
        "values": [r["value_a"], r["value_b"]],
    }


def timeline(store: Store, entity: str | None = None,
             dyad: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """Dated stories and their key events, earliest first; narrowed to the stories whose
    events involve ``entity`` (an entity id) or the country pair ``dyad``.

    Reads light rows: each story's title and dates, each event's ranking columns and how
    often it was told. Only the key events' evidence sentences are read, so the cost
    grows with the number of events, not with the text behind them.
    """
    from chronicle.model import Story
    from chronicle.pipeline.summarize.timeline import EventHead, timeline_entries

    wanted = stories_involving(store, entity, dyad) if entity or dyad else None
    stories = [Story(id=r["id"], article_ids=[], title=r["title"] or "",
                     first=TimeValue.from_dict(_time(r["first_date"])),
                     last=TimeValue.from_dict(_time(r["last_date"])))
               for r in _rows_of(store, "SELECT id, title, first_date, last_date FROM stories",
                                 "id", wanted)]
    chosen = [EventHead(r["id"], r["story_id"], r["goldstein"], r["confidence"],
                        TimeValue.from_dict(json.loads(r["date"])), False, False, False,
                        max(1, r["told"]), Span(r["article_id"], r["start"], r["end"]))
              for r in _rows_of(store, _KEY_EVENTS, "story_id", wanted)]
    for e in chosen:
        row = store.con.execute("SELECT substr(text, ? + 1, ? - ?) FROM articles WHERE id = ?",
                                (e.evidence.start, e.evidence.end, e.evidence.start,
                                 e.evidence.article_id)).fetchone()
        e.evidence = Span(e.evidence.article_id, e.evidence.start, e.evidence.end,
                          row[0] if row else "")
    seen: set[tuple[str, str]] = set()
    out = []
    for entry in timeline_entries(stories, chosen):
        key = (entry.story_id, entry.text)  # two events told by one sentence: one line
        if key not in seen:
            seen.add(key)
            out.append(entry.to_dict())
    return out


def timeline_key(entry: dict[str, Any]) -> Key:
    """A timeline entry's place in ``timeline`` order (``TimelineEntry``'s sort key)."""
    from chronicle.pipeline.summarize.timeline import PRECISION_RANK

    date = entry["date"]
    return (date.get("earliest") or date.get("latest") or "9999-12-31",
            PRECISION_RANK.get(date.get("precision") or "unknown", 4),
            0 if entry["event_id"] is None else 1, entry["story_id"], entry["event_id"] or "")


def timeline_page(entries: list[dict[str, Any]], keys: list[Key], *,
                  after: Key | None = None, limit: int = 500) -> Page:
    """The entries after ``after`` in a computed ``timeline`` (``keys``: theirs, in order)."""
    start = 0 if after is None else bisect.bisect_right(keys, tuple(after))
    more = start + limit < len(entries)
    return Page(entries[start:start + limit], keys[start + limit - 1] if more else None,
                keys[start:start + limit])


def key_dates(store: Store, k: int, entity: str | None = None,
              dyad: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """The ``k`` days the articles name most (``pipeline/summarize/datewise.py``), in date
    order, each with the sentence that names it; narrowed like ``timeline``."""
    from chronicle.pipeline.summarize.datewise import DatedArticle, top_days

    wanted = stories_involving(store, entity, dyad) if entity or dyad else None
    members = None if wanted is None else {
        r["article_id"] for r in _rows_of(store, "SELECT article_id, story_id FROM"
                                          " story_members", "story_id", wanted)}
    articles: dict[str, DatedArticle] = {}
    for r in store.con.execute("SELECT id, published FROM articles WHERE status = 'kept'"):
        if members is None or r["id"] in members:
            articles[r["id"]] = DatedArticle(r["id"], TimeValue.from_dict(json.loads(
                r["published"])))
    for r in store.con.execute("SELECT article_id, start, end, text, earliest, latest,"
                               " precision, source FROM dates WHERE precision = 'day'"):
        if r["article_id"] in articles:
            articles[r["article_id"]].days.append((
                Span(r["article_id"], r["start"], r["end"], r["text"]),
                TimeValue(r["earliest"], r["latest"], r["precision"], r["source"])))
    out = []
    for ranked in sorted(top_days(articles.values(), k), key=lambda r: r.day):
        sentence = _sentence_of(store, ranked.evidence) if ranked.evidence else None
        out.append({"date": ranked.day, "score": ranked.score, "references": ranked.references,
                    "published": ranked.published,
                    "evidence": sentence.to_dict() if sentence else None})
    return out


def _sentence_of(store: Store, span: Span) -> Span:
    """The stored sentence that holds ``span`` (the span itself when none does)."""
    row = store.con.execute(
        "SELECT s.start, s.end, substr(a.text, s.start + 1, s.end - s.start) AS text FROM"
        " sentences s JOIN articles a ON a.id = s.article_id WHERE s.article_id = ? AND"
        " s.start <= ? AND s.end >= ? ORDER BY s.start DESC LIMIT 1",
        (span.article_id, span.start, span.end)).fetchone()
    return Span(span.article_id, row["start"], row["end"], row["text"]) if row else span


# Each story's key events (``pipeline.summarize.timeline.key_events``, ranked in SQL): of the
# events that happened and have a date, the three with the largest |Goldstein| x times told,
# then the most confident, the earliest, by id. Reads no event's text.
_KEY_EVENTS = """
    SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY story_id ORDER BY
        -abs(goldstein) * MAX(told, 1), -confidence,
        COALESCE(NULLIF(lo, ''), NULLIF(hi, ''), '9999-12-31'), id) AS rank
      FROM (SELECT id, story_id, goldstein, confidence, date, article_id, start, end,
              json_extract(date, '$.earliest') AS lo, json_extract(date, '$.latest') AS hi,
              (SELECT COUNT(*) FROM event_mentions m WHERE m.event_id = events.id) AS told
            FROM events WHERE story_id IS NOT NULL AND NOT (negated OR hypothetical OR future)
            {narrow})
      WHERE lo IS NOT NULL OR hi IS NOT NULL)
    WHERE rank <= 3"""


def _rows_of(store: Store, sql: str, column: str, wanted: set[str] | None) -> Iterator[Any]:
    """``sql``'s rows, narrowed to ``column IN wanted`` (read in chunks) unless None: where
    ``sql`` holds ``{narrow}`` (``AND column IN (...)`` goes there), else at its end."""
    if "{narrow}" not in sql:
        sql += " {narrow}" if " WHERE " in sql else " WHERE 1 {narrow}"
    if wanted is None:
        yield from store.con.execute(sql.format(narrow=""))
        return
    ids = sorted(wanted)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        narrow = f"AND {column} IN ({','.join('?' * len(chunk))})"
        yield from store.con.execute(sql.format(narrow=narrow), chunk)


def stories_involving(store: Store, entity: str | None,
                      dyad: tuple[str, str] | None) -> set[str]:
    """The stories whose events involve ``entity`` (an entity id) or the country pair
    ``dyad``: what ``timeline`` and ``key_dates`` are narrowed to."""
    if dyad:
        ids, params = dyad_events(*(x.upper() for x in dyad))
        rows = store.con.execute(f"SELECT DISTINCT story_id FROM events WHERE id IN ({ids})",
                                 params)
    else:
        rows = store.con.execute(
            "SELECT DISTINCT e.story_id FROM events e JOIN event_actors x ON x.event_id = e.id"
            " WHERE x.entity_id = ?", (entity,))
    return {r[0] for r in rows if r[0]}
