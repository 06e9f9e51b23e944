"""Read queries. Each returns plain dicts shaped like the export records (ARCHITECTURE.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from chronicle.errors import StoreError
from chronicle.store.db import Store
from chronicle.store.keyset import Key, Order, Page, Source, Where, fetch

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


ARTICLE_ORDER = Order(("a.rowid",))  # the order articles were stored in
_ARTICLE_SHORT = ("SELECT a.id, a.source_path, a.url, a.outlet, a.title, a.language,"
                  " a.published, a.status, a.reason, a.duplicate_of, m.story_id FROM articles a"
                  " LEFT JOIN story_members m ON m.article_id = a.id")


def page_articles(store: Store, *, status: str | None = None, story: str | None = None,
                  after: Key | None = None, limit: int = 50) -> Page:
    """Short article records (no text), in stored order, optionally one status's or one
    story's members."""
    where = Where().add(status, "a.status = ?").add(story, "m.story_id = ?")
    base = "articles a" + (" JOIN story_members m ON m.article_id = a.id" if story else "")
    return fetch(store.con, Source(base, "a.rowid", _ARTICLE_SHORT), where.clauses,
                 where.params, ARTICLE_ORDER, after, limit, _short_article)


def _short_article(row: Any) -> dict[str, Any]:
    keys = ("id", "source_path", "url", "outlet", "title", "language", "published", "status",
            "reason", "duplicate_of", "story_id")
    return {k: row[k] for k in keys} | {"published": json.loads(row["published"])}


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


def get_article(store: Store, ident: str, detail: bool = True) -> dict[str, Any]:
    """One article; without ``detail``, only its record (no copies, removed lines, shared
    paragraphs or raw text: what a story page shows of its members)."""
    article_id = resolve_article_id(store, ident)
    row = store.con.execute(_ARTICLE_SELECT + " WHERE a.id = ?", (article_id,)).fetchone()
    if not detail:
        return article_record(row)
    record = article_record(row, copies=copies_of(store, article_id))
    record["removed"] = list(iter_removed(store, article_id))
    record["line_kinds"] = row["line_kinds"]
    record["raw_text"] = row["raw_text"]
    record["shared_paragraphs"], record["shared_counts"] = shared_paragraphs(store, article_id)
    return record


SHARED_SHOWN = 10  # other articles named for one shared paragraph (stock text has thousands)


def shared_paragraphs(store: Store, article_id: str, shown: int = SHARED_SHOWN
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Paragraphs of this article that other (non-duplicate) articles also carry: up to
    ``shown`` of those articles a paragraph (``{"idx", "other"}``), and how many carry each
    (``{"idx", "articles"}``)."""
    rows = store.con.execute(
        "SELECT idx, other, n FROM (SELECT p.idx, o.article_id AS other,"
        " ROW_NUMBER() OVER (PARTITION BY p.idx ORDER BY o.article_id) AS r,"
        " COUNT(*) OVER (PARTITION BY p.idx) AS n FROM paragraphs p"
        " JOIN paragraphs o ON o.hash = p.hash AND o.article_id != p.article_id"
        " WHERE p.article_id = ?) WHERE r <= ? ORDER BY idx, other", (article_id, shown))
    pairs, counts = [], {}
    for row in rows:
        pairs.append({"idx": row["idx"], "other": row["other"]})
        counts[row["idx"]] = row["n"]
    return pairs, [{"idx": idx, "articles": n} for idx, n in counts.items()]


def entity_record(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"], "name": row["name"], "kind": row["kind"],
        "aliases": json.loads(row["aliases"]), "country": row["country"],
        "sector": row["sector"], "offices": json.loads(row["roles"]),
        "roles": json.loads(row["roles"]),  # the same list under its older name
        "mentions": row["n_mentions"],
    }


_ENTITY_SELECT = "SELECT e.* FROM entities e"
ENTITY_ORDER = Order(("e.n_mentions", "e.name", "e.id"), (True, False, False))


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    """Entities, most mentioned first (ties by name, then id)."""
    for row in store.con.execute(f"{_ENTITY_SELECT} ORDER BY {ENTITY_ORDER.by()}"):
        yield entity_record(row)


def page_entities(store: Store, *, kind: str | None = None, country: str | None = None,
                  after: Key | None = None, limit: int = 50) -> Page:
    """Entities in ``iter_entities`` order, optionally of one kind or one actor country."""
    where = Where().add(kind, "e.kind = ?").add(country and country.upper(),
                                                "upper(e.country) = ?")
    return fetch(store.con, Source("entities e", "e.rowid", _ENTITY_SELECT), where.clauses,
                 where.params, ENTITY_ORDER, after, limit, entity_record)


def iter_mentions(store: Store, entity_id: str | None = None) -> Iterator[dict[str, Any]]:
    sql = ("SELECT m.*, a.rowid AS arow FROM mentions m JOIN articles a ON a.id = m.article_id")
    params: tuple[Any, ...] = ()
    if entity_id:
        sql += " WHERE m.entity_id = ?"
        params = (entity_id,)
    for row in store.con.execute(sql + " ORDER BY arow, m.start", params):
        yield _mention_record(row)


def _mention_record(row: Any) -> dict[str, Any]:
    return {
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


def entity_head(store: Store, ident: str) -> dict[str, Any] | None:
    """An entity by id, or by a name or alias (case-insensitive; the most mentioned wins),
    without its mentions."""
    row = store.con.execute(_ENTITY_SELECT + " WHERE e.id = ?", (ident.lower(),)).fetchone()
    if row is None:
        row = _entity_named(store, ident.strip().casefold())
    return None if row is None else entity_record(row)


def _entity_named(store: Store, needle: str) -> Any:
    """The most mentioned entity with a name or alias equal to ``needle`` (casefolded).

    SQL narrows the rows first, so that a lookup does not parse every entity's aliases:
    LIKE folds ASCII letters only, where it agrees with casefold(), so a row whose name and
    aliases are all ASCII can match only if LIKE finds the needle in them (in the aliases'
    JSON, escaped as the JSON escapes it); every row holding another character is handed
    to the exact test below as it is."""
    def pattern(text: str) -> str:
        return "%" + re.sub(r"([%_\\])", r"\\\1", text) + "%"

    rows = store.con.execute(
        "SELECT e.id, e.name, e.aliases, e.n_mentions FROM entities e WHERE"
        " e.name LIKE :name ESCAPE '\\' OR e.aliases LIKE :alias ESCAPE '\\'"
        " OR length(CAST(e.name AS BLOB)) > length(e.name)"
        " OR length(CAST(e.aliases AS BLOB)) > length(e.aliases)",
        {"name": pattern(needle), "alias": pattern(json.dumps(needle, ensure_ascii=False)[1:-1])})
    for candidate in sorted(rows, key=lambda r: (-r["n_mentions"], r["name"], r["id"])):
        if candidate["name"].casefold() == needle or any(
                n.casefold() == needle for n in json.loads(candidate["aliases"])):
            return store.con.execute(_ENTITY_SELECT + " WHERE e.id = ?",
                                     (candidate["id"],)).fetchone()
    return None


def find_entity(store: Store, ident: str) -> dict[str, Any] | None:
    """An entity by id, or by a name or alias (case-insensitive; the most mentioned wins),
    with all its mentions in context."""
    record = entity_head(store, ident)
    if record is not None:
        record["mentions_list"] = [_with_context(store, m)
                                   for m in iter_mentions(store, record["id"])]
    return record


MENTION_ORDER = Order(("m.rowid",))  # the order mentions were stored in


def page_mentions(store: Store, entity_id: str, *, after: Key | None = None,
                  limit: int = 50) -> Page:
    """One entity's mentions in stored order, each with the sentence that holds it."""
    return fetch(store.con, Source("mentions m", "m.rowid", "SELECT m.* FROM mentions m"),
                 ["m.entity_id = ?"], [entity_id], MENTION_ORDER, after, limit,
                 lambda row: _with_context(store, _mention_record(row)))


def article_titles(store: Store, ids: list[str]) -> dict[str, str]:
    """Each article's title (its source path when it has none), for links."""
    out: dict[str, str] = {}
    wanted = sorted(set(ids))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        out.update((r["id"], r["title"] or r["source_path"]) for r in store.con.execute(
            "SELECT id, title, source_path FROM articles"
            f" WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


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


SEARCH_WINDOW = 5000  # a search ranks at most the newest this many matches, unless narrowed


def search_window(store: Store, query: str) -> int | None:
    """The lowest rowid an unnarrowed search of ``query`` ranks, or None when it ranks every
    match: a query matching more than ``SEARCH_WINDOW`` articles ranks the ones stored last.

    bm25 reads each match's length and hits before the first hit can be shown: a word in half
    of 100k articles cost 110 ms a search, and readers at once queued behind one another;
    the newest 5,000 cost 7 ms. Finding the window walks rowids only (under 1 ms). A search
    narrowed by outlet or dates ranks every match."""
    row = store.con.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC"
        " LIMIT 1 OFFSET ?", (fts_query(query), SEARCH_WINDOW)).fetchone()
    return None if row is None else int(row[0]) + 1


def search(store: Store, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Kept articles matching every word ``search_terms`` reads in ``query``, best first
    (among the newest ``SEARCH_WINDOW`` matches: ``search_window``). Snippets mark hits with
    \\x02...\\x03."""
    rows = store.con.execute(
        "SELECT a.id, a.title, a.outlet, a.source_path, a.published,"
        " snippet(articles_fts, 1, char(2), char(3), ' … ', 16) AS snippet,"
        " bm25(articles_fts) AS score"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? AND a.status = 'kept'"
        " ORDER BY score LIMIT ?",
        (fts_query(query), search_window(store, query) or 0, limit),
    )
    return [dict(r) | {"published": json.loads(r["published"])} for r in rows]


def data_version(store: Store) -> int:
    """SQLite's ``PRAGMA data_version`` of this connection: it changes when another connection
    commits (a run writing while this one reads). Microseconds, no table read."""
    return int(store.con.execute("PRAGMA data_version").fetchone()[0])


SEARCH_ORDER = Order(("bm25(articles_fts)", "articles_fts.rowid"))  # best first
SEARCH_SCAN = 2000  # hits ranked at a time when filters may pass few of them


def search_page(store: Store, query: str, *, outlet: str | None = None,
                since: str | None = None, until: str | None = None,
                after: Key | None = None, limit: int = 20) -> Page:
    """``search``'s hits a page at a time (best first, ties in stored order), optionally
    from one outlet (case aside) or published within ``since``..``until`` (an article
    whose date is a range counts when the range reaches into them). Unnarrowed, it ranks
    the matches ``search_window`` keeps; narrowed, every match.

    The full-text index ranks its matches on its own, a batch at a time; only the ranked
    rowids are then looked up in ``articles`` for the status and the filters (joining every
    match to its article first costs three times the ranking), and only the page's hits
    get a snippet."""
    terms = fts_query(query)
    if outlet:
        store.con.create_function("chronicle_casefold", 1, str.casefold, deterministic=True)
    where = (Where(["a.status = 'kept'"])
             .add(outlet and outlet.casefold(),
                  "chronicle_casefold(COALESCE(a.outlet, '')) = ?")
             .add(since, "COALESCE(NULLIF(json_extract(a.published, '$.latest'), ''), '9999')"
                         " >= ?")
             .add(until, "COALESCE(NULLIF(json_extract(a.published, '$.earliest'), ''),"
                         " '0000') <= ?"))
    narrowed = len(where.clauses) > 1
    scan = SEARCH_SCAN if narrowed else 2 * limit + 2
    floor = 0 if narrowed else search_window(store, query) or 0
    keys: list[Key] = []
    position = after
    while len(keys) <= limit:
        bound, more = SEARCH_ORDER.after(position) if position is not None else ("1", [])
        ranked = [tuple(r) for r in store.con.execute(
            f"SELECT {SEARCH_ORDER.columns[0]}, rowid FROM articles_fts WHERE articles_fts"
            f" MATCH ? AND rowid >= ? AND {bound} ORDER BY {SEARCH_ORDER.by()} LIMIT ?",
            [terms, floor, *more, scan])]
        if ranked:
            marks = ",".join("?" * len(ranked))
            passed = {r[0] for r in store.con.execute(
                f"SELECT a.rowid FROM articles a WHERE a.rowid IN ({marks}) AND "
                + " AND ".join(where.clauses), [*(k[1] for k in ranked), *where.params])}
            keys += [k for k in ranked if k[1] in passed]
        if len(ranked) < scan:
            break
        position = ranked[-1]
    page = keys[:limit]
    rows: dict[int, Any] = {}
    if page:
        rows = {r["rowid"]: r for r in store.con.execute(
            "SELECT a.rowid, a.id, a.title, a.outlet, a.source_path, a.published,"
            " snippet(articles_fts, 1, char(2), char(3), ' … ', 16) AS snippet,"
            " bm25(articles_fts) AS score FROM articles_fts JOIN articles a"
            " ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?"
            f" AND articles_fts.rowid IN ({','.join('?' * len(page))})",
            [terms, *(k[1] for k in page)])}
    items = [{k: rows[rid][k] for k in ("id", "title", "outlet", "source_path", "snippet",
                                        "score")}
             | {"published": json.loads(rows[rid]["published"])} for _, rid in page]
    return Page(items, page[-1] if len(keys) > limit else None, page)


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
