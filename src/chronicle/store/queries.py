"""Read queries. Each returns plain dicts shaped like the export records (ARCHITECTURE.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from chronicle.errors import StoreError
from chronicle.store.db import Store

_WORD = re.compile(r"\w+", re.UNICODE)


def article_record(row: Any, copies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    published = json.loads(row["published"])
    record = {
        "id": row["id"],
        "source_path": row["source_path"],
        "record": row["record"],
        "format": row["fmt"],
        "url": row["url"],
        "outlet": row["outlet"],
        "title": row["title"],
        "text": row["text"],
        "captions": json.loads(row["captions"]),
        "language": row["language"],
        "language_score": row["language_score"],
        "published": published,
        "status": row["status"],
        "reason": row["reason"],
        "duplicate_of": row["duplicate_of"],
        "similarity": row["similarity"],
        "story_id": row["story_id"],
        # an undated article's honest bounds taken from its story (never a guessed day)
        "date_in_story": json.loads(row["inherited"]) if row["inherited"] else None,
    }
    if copies is not None:
        record["copies"] = copies
    return record


_ARTICLE_SELECT = ("SELECT a.*, m.story_id, m.inherited FROM articles a"
                   " LEFT JOIN story_members m ON m.article_id = a.id")


def iter_articles(store: Store, status: str | None = None) -> Iterator[dict[str, Any]]:
    sql = _ARTICLE_SELECT
    params: tuple[Any, ...] = ()
    if status:
        sql += " WHERE a.status = ?"
        params = (status,)
    for row in store.con.execute(sql + " ORDER BY a.rowid", params):
        yield article_record(row)


def iter_removed(store: Store, article_id: str | None = None) -> Iterator[dict[str, Any]]:
    sql = ("SELECT r.article_id, r.line_start, r.line_end, r.text, r.reason, a.source_path"
           " FROM removed r JOIN articles a ON a.id = r.article_id")
    params: tuple[Any, ...] = ()
    if article_id:
        sql += " WHERE r.article_id = ?"
        params = (article_id,)
    for row in store.con.execute(sql + " ORDER BY a.rowid, r.line_start", params):
        yield dict(row)


def iter_failures(store: Store) -> Iterator[dict[str, Any]]:
    rows = store.con.execute(
        "SELECT run_id, source_path, record, reason, detail FROM failures ORDER BY id")
    for row in rows:
        yield dict(row)


# The rule that found a duplicate, as exports name it (ARCHITECTURE.md: identical, exact,
# near, containment, url); articles.reason keeps the dedup stage's word ("contained").
_RULE = "CASE reason WHEN 'contained' THEN 'containment' ELSE reason END"


def copies_of(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Every other carrier of an article: identical-text copies and its duplicates (exact,
    same URL, near, contained), each with the rule that found it (``rule``; ``kind``, its
    older name, keeps the dedup stage's word)."""
    same_text = [
        dict(r) | {"kind": "identical", "rule": "identical"}
        for r in store.con.execute(
            "SELECT source_path, NULLIF(record, '') AS record, url, outlet FROM copies"
            " WHERE article_id = ? ORDER BY source_path", (article_id,))
    ]
    duplicates = [
        dict(r)
        for r in store.con.execute(
            "SELECT id, source_path, record, url, outlet, reason AS kind, similarity,"
            f" {_RULE} AS rule FROM articles WHERE duplicate_of = ? ORDER BY rowid",
            (article_id,))
    ]
    return same_text + duplicates


def iter_copies(store: Store) -> Iterator[dict[str, Any]]:
    """Every other carrier of every article: where the same report was also published
    (identical text under another path or URL) and its duplicates, with the rule that
    found each (``rule``: ``identical``, ``exact``, ``url``, ``near``, ``containment``;
    ``kind`` is the same with the dedup stage's ``contained``) and the similarity when
    measured."""
    rows = store.con.execute(
        "SELECT article_id, source_path, NULLIF(record, '') AS record, url, outlet,"
        " 'identical' AS kind, NULL AS similarity, 'identical' AS rule FROM copies"
        " UNION ALL SELECT duplicate_of, source_path, NULLIF(record, ''), url, outlet, reason,"
        f" similarity, {_RULE} FROM articles WHERE duplicate_of IS NOT NULL"
        " ORDER BY article_id, source_path")
    for row in rows:
        yield dict(row)


def has_article_prefix(store: Store, ident: str) -> bool:
    ident = ident.strip().lower()
    return bool(re.fullmatch(r"[0-9a-f]{4,}", ident)) and store.con.execute(
        "SELECT 1 FROM articles WHERE id >= ? AND id < ? LIMIT 1", (ident, ident + "g")
    ).fetchone() is not None


def resolve_article_id(store: Store, ident: str) -> str:
    """Accept a full id or an unambiguous prefix (at least 4 characters)."""
    ident = ident.strip().lower()
    if len(ident) < 4 or not re.fullmatch(r"[0-9a-f]+", ident):
        raise StoreError(f"`{ident}` is not an article id (16 hex characters, or a prefix of 4+)")
    rows = store.con.execute(
        "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2", (ident, ident + "g")
    ).fetchall()
    if not rows:
        raise StoreError(f"no article with id `{ident}`")
    if len(rows) > 1:
        raise StoreError(f"id prefix `{ident}` is ambiguous; give more characters")
    return str(rows[0]["id"])


def get_article(store: Store, ident: str) -> dict[str, Any]:
    article_id = resolve_article_id(store, ident)
    row = store.con.execute(_ARTICLE_SELECT + " WHERE a.id = ?", (article_id,)).fetchone()
    record = article_record(row, copies=copies_of(store, article_id))
    record["removed"] = list(iter_removed(store, article_id))
    record["line_kinds"] = row["line_kinds"]
    record["raw_text"] = row["raw_text"]
    record["shared_paragraphs"] = shared_paragraphs(store, article_id)
    return record


def shared_paragraphs(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Paragraphs of this article that other (non-duplicate) articles also carry."""
    rows = store.con.execute(
        "SELECT p.idx, o.article_id AS other FROM paragraphs p"
        " JOIN paragraphs o ON o.hash = p.hash AND o.article_id != p.article_id"
        " WHERE p.article_id = ? ORDER BY p.idx, o.article_id", (article_id,))
    return [dict(r) for r in rows]


def entity_record(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"], "name": row["name"], "kind": row["kind"],
        "aliases": json.loads(row["aliases"]), "country": row["country"],
        "sector": row["sector"], "offices": json.loads(row["roles"]),
        "roles": json.loads(row["roles"]),  # the same list under its older name
        "mentions": row["n"],
    }


_ENTITY_SELECT = ("SELECT e.*, (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS n"
                  " FROM entities e")


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.con.execute(_ENTITY_SELECT + " ORDER BY n DESC, e.name"):
        yield entity_record(row)


def iter_mentions(store: Store, entity_id: str | None = None) -> Iterator[dict[str, Any]]:
    sql = ("SELECT m.*, a.rowid AS arow FROM mentions m JOIN articles a ON a.id = m.article_id")
    params: tuple[Any, ...] = ()
    if entity_id:
        sql += " WHERE m.entity_id = ?"
        params = (entity_id,)
    for row in store.con.execute(sql + " ORDER BY arow, m.start", params):
        yield {
            "entity_id": row["entity_id"],
            "span": {"article_id": row["article_id"], "start": row["start"], "end": row["end"],
                     "text": row["text"]},
            "label": row["label"], "title": row["title"], "country": row["country"],
            "sector": row["sector"], "evidence": row["evidence"],
        }


def iter_dates(store: Store) -> Iterator[dict[str, Any]]:
    rows = store.con.execute("SELECT d.* FROM dates d JOIN articles a ON a.id = d.article_id"
                             " ORDER BY a.rowid, d.start")
    for row in rows:
        yield {
            "span": {"article_id": row["article_id"], "start": row["start"], "end": row["end"],
                     "text": row["text"]},
            "date": {"earliest": row["earliest"], "latest": row["latest"],
                     "precision": row["precision"], "source": row["source"]},
        }


def find_entity(store: Store, ident: str) -> dict[str, Any] | None:
    """An entity by id, or by a name or alias (case-insensitive; the most mentioned wins)."""
    row = store.con.execute(_ENTITY_SELECT + " WHERE e.id = ?", (ident.lower(),)).fetchone()
    if row is None:
        needle = ident.strip().casefold()
        for candidate in store.con.execute(_ENTITY_SELECT + " ORDER BY n DESC"):
            names = [candidate["name"], *json.loads(candidate["aliases"])]
            if any(n.casefold() == needle for n in names):
                row = candidate
                break
    if row is None:
        return None
    record = entity_record(row)
    record["mentions_list"] = [_with_context(store, m) for m in iter_mentions(store, row["id"])]
    return record


def _with_context(store: Store, mention: dict[str, Any]) -> dict[str, Any]:
    """The mention plus the sentence that holds it (the evidence a reader checks)."""
    span = mention["span"]
    row = store.con.execute(
        "SELECT s.start, s.end, substr(a.text, s.start + 1, s.end - s.start) AS sentence"
        " FROM sentences s JOIN articles a ON a.id = s.article_id"
        " WHERE s.article_id = ? AND s.start <= ? AND s.end >= ?",
        (span["article_id"], span["start"], span["end"])).fetchone()
    return mention | {"sentence": row["sentence"] if row else None}


MAX_QUERY_CHARS = 500  # a search reads this much of its query ...
MAX_SEARCH_TERMS = 16  # ... and looks for at most this many distinct words in it


def search_terms(text: str) -> list[str]:
    """The words a search looks for: distinct (case aside), in order, at most
    ``MAX_SEARCH_TERMS`` of them, ending within the first ``MAX_QUERY_CHARS`` characters.

    The one rule for the CLI, the Python API and the web: FTS5's cost grows with the square
    of a query's terms (50 repeated words took 5 s, 20,000 words minutes)."""
    seen: dict[str, str] = {}
    for match in _WORD.finditer(text):
        if match.end() > MAX_QUERY_CHARS or len(seen) == MAX_SEARCH_TERMS:
            break
        seen.setdefault(match.group().casefold(), match.group())
    return list(seen.values())


def unsearched(text: str) -> bool:
    """Whether ``text`` holds words ``search_terms`` leaves out (past either cap)."""
    kept = {term.casefold() for term in search_terms(text)}
    return any(m.group().casefold() not in kept for m in _WORD.finditer(text))


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: every word must match (quoted, so no syntax)."""
    words = search_terms(text)
    if not words:
        raise StoreError("the search query has no words")
    return " ".join(f'"{w}"' for w in words)


def search(store: Store, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Kept articles matching every word ``search_terms`` reads in ``query``, best first.
    Snippets mark hits with \\x02...\\x03."""
    rows = store.con.execute(
        "SELECT a.id, a.title, a.outlet, a.source_path, a.published,"
        " snippet(articles_fts, 1, char(2), char(3), ' … ', 16) AS snippet,"
        " bm25(articles_fts) AS score"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ? AND a.status = 'kept'"
        " ORDER BY score LIMIT ?",
        (fts_query(query), limit),
    )
    return [dict(r) | {"published": json.loads(r["published"])} for r in rows]


def data_version(store: Store) -> int:
    """SQLite's ``PRAGMA data_version`` of this connection: it changes when another connection
    commits (a run writing while this one reads). Microseconds, no table read."""
    return int(store.con.execute("PRAGMA data_version").fetchone()[0])


def counts(store: Store) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in store.con.execute("SELECT status, COUNT(*) AS n FROM articles GROUP BY status"):
        out[f"articles_{row['status']}"] = row["n"]
    out["failures"] = store.con.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
    for row in store.con.execute("SELECT kind, COUNT(*) AS n FROM entities GROUP BY kind"):
        out[f"entities_{row['kind']}"] = row["n"]
    out["mentions"] = store.con.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    out["dates"] = store.con.execute("SELECT COUNT(*) FROM dates").fetchone()[0]
    out["removed_spans"] = store.con.execute("SELECT COUNT(*) FROM removed").fetchone()[0]
    out["shared_paragraphs"] = store.con.execute(
        "SELECT COUNT(*) FROM (SELECT hash FROM paragraphs GROUP BY hash"
        " HAVING COUNT(DISTINCT article_id) > 1)").fetchone()[0]
    return out
