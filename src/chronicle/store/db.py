"""The SQLite store: one file, WAL, one writing connection, one transaction per batch."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chronicle.errors import StoreError
from chronicle.model import (
    ActorRef,
    Article,
    Entity,
    Event,
    InputFailure,
    Mention,
    Quote,
    Sentence,
    Span,
    TimeValue,
)
from chronicle.store.connect import describe, open_readonly, open_writable

KIND_LETTER = {"title": "t", "body": "b", "caption": "c", "blank": "_", "removed": "r"}


@dataclass(slots=True)
class Copy:
    """Another path (or record) that carried an article already stored."""

    article_id: str
    source_path: str
    record: str | None
    url: str | None
    outlet: str | None


@dataclass(slots=True)
class Batch:
    """Everything one transaction writes."""

    articles: list[Article] = field(default_factory=list)
    failures: list[InputFailure] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    band_keys: list[tuple[str, str]] = field(default_factory=list)  # (band_key, article_id)
    minhashes: list[tuple[str, int, int, bytes]] = field(default_factory=list)
    paragraph_hashes: list[tuple[str, int, str]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[tuple[Span, TimeValue]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles) + len(self.failures) + len(self.copies)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Owns the connection. Every SQL statement of the project lives in ``chronicle.store``."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        self._lock = threading.Lock()
        # Parsed story profiles by id, with the size they were parsed at: the stories
        # stage's candidates, most recently used last (see StoryStore.candidates).
        self.story_profiles: OrderedDict[str, tuple[int, Any]] = OrderedDict()
        # The stories stage's term statistics, loaded once (see StoryStore.term_stats).
        self.term_stats: Any = None
        try:
            self.con = open_readonly(Path(path)) if readonly else open_writable(Path(path))
            self.con.row_factory = sqlite3.Row
            self.con.execute("PRAGMA busy_timeout=10000")
        except sqlite3.Error as exc:
            raise StoreError(describe(exc), context=f"In database `{self.path}`") from None
        except OSError as exc:
            raise StoreError(exc.strerror or str(exc), context=f"In database `{self.path}`",
                             ) from None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self.con.execute("BEGIN IMMEDIATE")
                try:
                    yield self.con
                except BaseException:
                    self.con.execute("ROLLBACK")
                    raise
                self.con.execute("COMMIT")
            except sqlite3.OperationalError as exc:  # locked, read-only, disk full: one line
                raise StoreError(str(exc), context=f"In database `{self.path}`") from exc

    # --- runs ---------------------------------------------------------------------

    def begin_run(self, inputs: Sequence[str], config: dict[str, Any]) -> int:
        with self.transaction() as con:
            cur = con.execute(
                "INSERT INTO runs(started, inputs, config) VALUES (?, ?, ?)",
                (_now(), json.dumps(list(inputs)), json.dumps(config)),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, stats: dict[str, int]) -> None:
        with self.transaction() as con:
            con.execute("UPDATE runs SET finished = ?, stats = ? WHERE id = ?",
                        (_now(), json.dumps(stats, sort_keys=True), run_id))

    # --- runs a kill cut short (see runners.local: the story write follows the batch) --

    def interrupted_runs(self, before: int) -> list[int]:
        """Runs before ``before`` that never finished and were not repaired yet."""
        rows = self.con.execute("SELECT id FROM runs WHERE finished IS NULL AND stats IS NULL"
                                " AND id < ? ORDER BY id", (before,))
        return [r["id"] for r in rows]

    def unassigned_articles(self, run_ids: Sequence[int]) -> list[str]:
        """Kept and duplicate articles these runs stored that no story holds, in stored order."""
        marks = ",".join("?" * len(run_ids))
        rows = self.con.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_members m ON m.article_id = a.id"
            f" WHERE a.run_id IN ({marks}) AND a.status != 'dropped' AND m.article_id IS NULL"
            " ORDER BY a.rowid", list(run_ids))
        return [r["id"] for r in rows]

    def stories_to_refresh(self, run_ids: Sequence[int]) -> set[str]:
        """Stories whose outputs may be stale: never written, or with members these runs
        stored (their refresh may have been cut short)."""
        marks = ",".join("?" * len(run_ids))
        rows = self.con.execute(
            "SELECT id FROM stories WHERE summary IS NULL UNION SELECT m.story_id"
            " FROM story_members m JOIN articles a ON a.id = m.article_id"
            f" WHERE a.run_id IN ({marks})", list(run_ids))
        return {r[0] for r in rows}

    def mark_repaired(self, run_ids: Sequence[int], by_run: int) -> None:
        """Interrupted runs keep ``finished`` empty; their stats say who repaired them."""
        stats = json.dumps({"interrupted": 1, "repaired_by_run": by_run})
        with self.transaction() as con:
            con.executemany("UPDATE runs SET stats = ? WHERE id = ? AND finished IS NULL",
                            [(stats, run_id) for run_id in run_ids])

    def load_entities(self, ids: Iterable[str]) -> list[Entity]:
        wanted = sorted(set(ids))
        out: list[Entity] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows = self.con.execute(
                f"SELECT * FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            out.extend(Entity(r["id"], r["name"], r["kind"], json.loads(r["aliases"]),
                              r["country"], r["sector"], json.loads(r["roles"])) for r in rows)
        return out

    # --- writes -------------------------------------------------------------------

    def write_batch(self, batch: Batch, run_id: int) -> None:
        """Write a batch atomically: a crash loses at most this batch, and a rerun redoes it."""
        with self.transaction() as con:
            con.executemany(
                "INSERT INTO failures(run_id, source_path, record, reason, detail)"
                " VALUES (?, ?, ?, ?, ?)",
                [(run_id, f.source_path, f.record, f.reason, f.detail) for f in batch.failures],
            )
            con.executemany(_INSERT_ARTICLE, [_article_row(a, run_id) for a in batch.articles])
            con.executemany(
                "INSERT OR IGNORE INTO removed(article_id, line_start, line_end, text, reason)"
                " VALUES (?, ?, ?, ?, ?)",
                [(r.article_id, r.line_start, r.line_end, r.text, r.reason)
                 for a in batch.articles for r in a.removed],
            )
            con.executemany(
                "INSERT OR IGNORE INTO copies(article_id, source_path, record, url, outlet, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(c.article_id, c.source_path, c.record or "", c.url, c.outlet, run_id)
                 for c in batch.copies],
            )
            con.executemany("INSERT OR IGNORE INTO lsh_bands(band_key, article_id) VALUES (?, ?)",
                            batch.band_keys)
            con.executemany(
                "INSERT OR IGNORE INTO minhashes(article_id, num_perm, seed, hashvalues)"
                " VALUES (?, ?, ?, ?)", batch.minhashes)
            con.executemany(
                "INSERT OR IGNORE INTO paragraphs(article_id, idx, hash) VALUES (?, ?, ?)",
                batch.paragraph_hashes)
            self._write_language(con, batch)

    def _write_language(self, con: sqlite3.Connection, batch: Batch) -> None:
        idx: dict[str, int] = {}
        rows = []
        for sent in batch.sentences:
            n = idx.get(sent.span.article_id, 0)
            idx[sent.span.article_id] = n + 1
            rows.append((sent.span.article_id, n, sent.span.start, sent.span.end))
        con.executemany("INSERT OR IGNORE INTO sentences(article_id, idx, start, end)"
                        " VALUES (?, ?, ?, ?)", rows)
        for entity in _merge_same_ids(batch.entities):
            self._upsert_entity(con, entity)
        con.executemany(
            "INSERT OR IGNORE INTO mentions(article_id, start, end, text, label, entity_id,"
            " title, country, sector, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(m.span.article_id, m.span.start, m.span.end, m.span.text, m.label, m.entity_id,
              m.title, m.country, m.sector, m.evidence) for m in batch.mentions])
        con.executemany(
            "INSERT OR IGNORE INTO dates(article_id, start, end, text, earliest, latest,"
            " precision, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(sp.article_id, sp.start, sp.end, sp.text, tv.earliest, tv.latest, tv.precision,
              tv.source) for sp, tv in batch.dates])
        # Only persons are recoded (see the UPDATE); an entity's kind is part of its id, so
        # skipping the rest skips queries that grow with a country's mention count.
        self._recode_entities(con, {e.id for e in batch.entities if e.kind == "person"})
        self._write_events(con, batch.events)
        con.executemany(
            "INSERT OR IGNORE INTO quotes(id, article_id, start, end, speaker_id, speaker, cue,"
            " direct, evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(q.id, q.text.article_id, q.text.start, q.text.end, q.speaker_id, q.speaker, q.cue,
              int(q.direct), q.evidence.start, q.evidence.end) for q in batch.quotes])

    @staticmethod
    def _write_events(con: sqlite3.Connection, events: list[Event]) -> None:
        for e in events:
            day = e.date.earliest if e.date.precision == "day" else None
            con.execute(
                "INSERT OR IGNORE INTO events(id, source, target, cameo, root, quad_class,"
                " goldstein, plover, mode, negated, hypothetical, future, reported, date, day,"
                " location, article_id, start, end, confidence) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (e.id, _actors_json(e.source), _actors_json(e.target), e.cameo, e.root,
                 e.quad_class, e.goldstein, e.plover, e.mode, int(e.negated),
                 int(e.hypothetical), int(e.future), int(e.reported),
                 json.dumps(e.date.to_dict()), day, e.location, e.evidence.article_id,
                 e.evidence.start, e.evidence.end, e.confidence))
            trigger = e.trigger or e.evidence
            con.execute(
                "INSERT OR IGNORE INTO event_mentions(event_id, article_id, start, end,"
                " trigger_start, trigger_end, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (e.id, e.evidence.article_id, e.evidence.start, e.evidence.end, trigger.start,
                 trigger.end, e.confidence))
            con.execute("UPDATE events SET confidence = MAX(confidence, ?) WHERE id = ?",
                        (e.confidence, e.id))
            con.executemany(
                "INSERT OR IGNORE INTO event_actors(event_id, role, entity_id, country, sector)"
                " VALUES (?, ?, ?, ?, ?)",
                [(e.id, role, a.entity_id, a.country, a.sector)
                 for role, actors in (("source", e.source), ("target", e.target))
                 for a in actors])

    @staticmethod
    def _upsert_entity(con: sqlite3.Connection, e: Entity) -> None:
        row = con.execute("SELECT aliases, roles, country, sector FROM entities WHERE id = ?",
                          (e.id,)).fetchone()
        if row is None:
            con.execute(
                "INSERT INTO entities(id, name, kind, aliases, country, sector, roles)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (e.id, e.name, e.kind, json.dumps(sorted(set(e.aliases)), ensure_ascii=False),
                 e.country, e.sector, json.dumps(e.roles)))
            return
        aliases = sorted(set(json.loads(row[0])) | set(e.aliases))
        roles = json.loads(row[1]) or e.roles
        con.execute("UPDATE entities SET aliases = ?, roles = ?, country = COALESCE(country, ?),"
                    " sector = COALESCE(sector, ?) WHERE id = ?",
                    (json.dumps(aliases, ensure_ascii=False), json.dumps(roles), e.country,
                     e.sector, e.id))

    @staticmethod
    def _recode_entities(con: sqlite3.Connection, ids: set[str]) -> None:
        """An entity's actor code is the one most of its text-backed mentions support."""
        for entity_id in ids:
            for column in ("country", "sector"):
                row = con.execute(
                    f"SELECT {column}, COUNT(*) AS n FROM mentions WHERE entity_id = ?"
                    f" AND evidence = 'text' AND {column} IS NOT NULL"
                    f" GROUP BY {column} ORDER BY n DESC, {column} LIMIT 1", (entity_id,),
                ).fetchone()
                if row is not None:
                    con.execute(f"UPDATE entities SET {column} = ? WHERE id = ?"
                                " AND kind = 'person'", (row[0], entity_id))

    # --- lookups used by the corpus stages (see pipeline.dedup.DedupIndex) --------

    def has_article(self, article_id: str) -> bool:
        row = self.con.execute("SELECT id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def article_source(self, article_id: str) -> tuple[str, str | None] | None:
        row = self.con.execute("SELECT source_path, record FROM articles WHERE id = ?",
                               (article_id,)).fetchone()
        return (row["source_path"], row["record"]) if row else None

    def canonical_for_hash(self, content_hash: str) -> str | None:
        # `+status`: without it SQLite picks the status index and scans every kept article
        # (O(N) a lookup: 5 ms at 1,000 articles); the content_hash index makes it O(log N).
        row = self.con.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND +status = 'kept' LIMIT 1",
            (content_hash,),
        ).fetchone()
        return row["id"] if row else None

    def canonical_for_url(self, canonical_url: str) -> str | None:
        """The article stored under this canonical URL, or the one it duplicates: the
        canonical article of every page at that address (dropped articles do not count)."""
        row = self.con.execute(
            "SELECT COALESCE(duplicate_of, id) AS id FROM articles WHERE canonical_url = ?"
            " AND +status != 'dropped' ORDER BY rowid LIMIT 1", (canonical_url,),
        ).fetchone()
        return row["id"] if row else None

    def candidates(self, band_keys: Iterable[str]) -> set[str]:
        keys = list(band_keys)
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        rows = self.con.execute(
            f"SELECT DISTINCT article_id FROM lsh_bands WHERE band_key IN ({marks})", keys)
        return {r["article_id"] for r in rows}

    def paragraph_owners(self, hashes: Iterable[str], limit: int | None = None,
                         ) -> dict[str, set[str]]:
        """Kept articles holding any of these paragraph hashes, with the ones each holds. With
        ``limit``, a paragraph more than ``limit`` kept articles hold is left out (stock text:
        reading all its owners would grow with the corpus)."""
        out: dict[str, set[str]] = {}
        for digest in dict.fromkeys(hashes):
            params: tuple[object, ...] = (digest,) if limit is None else (digest, limit + 1)
            rows = self.con.execute(
                "SELECT p.article_id FROM paragraphs p JOIN articles a ON a.id = p.article_id"
                " WHERE p.hash = ? AND a.status = 'kept'"
                + ("" if limit is None else " LIMIT ?"), params).fetchall()
            if limit is not None and len(rows) > limit:
                continue
            for r in rows:
                out.setdefault(r["article_id"], set()).add(digest)
        return out

    def stored_paragraphs(self, article_id: str) -> tuple[str, list[str]] | None:
        """A stored article's cleaned text and paragraphs."""
        row = self.con.execute("SELECT text, paragraphs FROM articles WHERE id = ?",
                               (article_id,)).fetchone()
        return (row["text"], json.loads(row["paragraphs"])) if row else None

    def signature(self, article_id: str) -> tuple[int, int, bytes] | None:
        row = self.con.execute(
            "SELECT num_perm, seed, hashvalues FROM minhashes WHERE article_id = ?", (article_id,)
        ).fetchone()
        return (row["num_perm"], row["seed"], row["hashvalues"]) if row else None


def _actors_json(actors: list[ActorRef]) -> str:
    return json.dumps([{"entity_id": a.entity_id, "name": a.name, "country": a.country,
                        "sector": a.sector} for a in actors], ensure_ascii=False)


def _merge_same_ids(entities: list[Entity]) -> list[Entity]:
    merged: dict[str, Entity] = {}
    for e in entities:
        if e.id in merged:
            seen = merged[e.id]
            seen.aliases = sorted(set(seen.aliases) | set(e.aliases))
            seen.country, seen.sector = seen.country or e.country, seen.sector or e.sector
            seen.roles = seen.roles or e.roles
        else:
            merged[e.id] = Entity(e.id, e.name, e.kind, list(e.aliases), e.country, e.sector,
                                  list(e.roles))
    return list(merged.values())


_ARTICLE_COLUMNS = (
    "id, run_id, source_path, record, fmt, url, outlet, title, raw_text, text, paragraphs,"
    " captions, line_kinds, language, language_score, published, metadata, status, reason,"
    " duplicate_of, similarity, content_hash, ingested_at, canonical_url"
)
_INSERT_ARTICLE = (
    f"INSERT OR IGNORE INTO articles({_ARTICLE_COLUMNS}) VALUES "
    f"({', '.join('?' * len(_ARTICLE_COLUMNS.split(',')))})"
)


def _article_row(a: Article, run_id: int) -> tuple[Any, ...]:
    return (
        a.id, run_id, a.source_path, a.record, a.fmt, a.url, a.outlet, a.title,
        a.raw_text, a.text, json.dumps(a.paragraphs, ensure_ascii=False),
        json.dumps(a.captions, ensure_ascii=False),
        "".join(KIND_LETTER[line.kind] for line in a.lines),
        a.language, a.language_score, json.dumps(a.published.to_dict()),
        json.dumps(a.metadata, ensure_ascii=False, default=str), a.status, a.reason,
        a.duplicate_of, a.similarity, a.content_hash, _now(), a.canonical_url,
    )
