"""The store: migrations, batch writes, FTS search, exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pyarrow.parquet as pq
import pytest

from chronicle.errors import StoreError
from chronicle.model import Article, InputFailure, Line, RemovedSpan
from chronicle.store import Batch, Store, export, queries
from chronicle.store.schema import MIGRATIONS


def _article(article_id: str = "0123456789abcdef") -> Article:
    text = "Ministers from Ghana and Togo met in Accra to discuss a new border crossing."
    return Article(
        id=article_id, source_path="news/a.txt", raw_text=f"Share this\n{text}",
        title="Border talks", paragraphs=[text], text=text,
        lines=[Line(1, "Share this", "removed", "boilerplate:share"), Line(2, text, "body")],
        removed=[RemovedSpan(article_id, 1, 1, "Share this", "boilerplate:share")],
        language="en", language_score=0.99, content_hash="h1",
    )


def _write(store: Store, *articles: Article, failures=()) -> None:
    run_id = store.begin_run(["news"], {})
    store.write_batch(Batch(articles=list(articles), failures=list(failures)), run_id)


def test_schema_is_versioned_and_wal(store: Store) -> None:
    assert store.con.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert store.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_does_not_rerun_migrations(tmp_path) -> None:
    path = tmp_path / "x.db"
    with Store(path) as s:
        _write(s, _article())
    with Store(path) as s:
        assert s.con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def test_batch_write_is_atomic(store: Store) -> None:
    bad = _article("fedcba9876543210")
    bad.duplicate_of = "does-not-exist"  # violates the foreign key: the whole batch rolls back
    with pytest.raises(sqlite3.IntegrityError):
        _write(store, _article(), bad)
    assert store.con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0


def test_search_finds_words_and_tolerates_syntax(store: Store) -> None:
    _write(store, _article())
    hits = queries.search(store, 'border "crossing" AND (')
    assert [h["id"] for h in hits] == ["0123456789abcdef"]
    assert "\x02" in hits[0]["snippet"]
    assert queries.search(store, "volcano") == []
    with pytest.raises(StoreError):
        queries.search(store, "  ?! ")


def _harbour_article(n: int, mentions: int) -> Article:
    """The ``n``-th article stored, naming the harbour ``mentions`` times in 40 words."""
    words = ["harbour"] * mentions + [f"filler{n}w{i}" for i in range(40 - mentions)]
    text = " ".join(words) + "."
    return Article(id=f"{n:016x}", source_path=f"news/h{n}.txt", raw_text=text,
                   title=f"Port report {n}", paragraphs=[text], text=text,
                   lines=[Line(1, text, "body")], language="en", language_score=0.99,
                   content_hash=f"harbour{n}", outlet="Coast Daily")


def test_a_search_matching_more_than_its_window_ranks_the_newest(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # The oldest articles name the harbour most (the best bm25); the window keeps the newest.
    _write(store, *(_harbour_article(n, mentions=8 - n) for n in range(6)))
    every = [h["id"] for h in queries.search(store, "harbour", limit=10)]
    assert every[0] == f"{0:016x}" and len(every) == 6
    assert queries.search_window(store, "harbour") is None
    monkeypatch.setattr(queries, "SEARCH_WINDOW", 3)
    assert queries.search_window(store, "harbour") is not None
    newest = {f"{n:016x}" for n in (3, 4, 5)}
    assert {h["id"] for h in queries.search(store, "harbour", limit=10)} == newest
    page = queries.search_page(store, "harbour", limit=2)
    rest = queries.search_page(store, "harbour", after=page.next, limit=2)
    assert {h["id"] for h in page.items + rest.items} == newest and rest.next is None
    # Narrowed (here to an outlet every article has), a search ranks every match again.
    narrowed = queries.search_page(store, "harbour", outlet="coast daily", limit=10)
    assert [h["id"] for h in narrowed.items] == every
    assert queries.search_window(store, "filler2w0") is None  # one match: no window


def test_id_prefix_lookup(store: Store) -> None:
    _write(store, _article(), _article("0123ffffffffffff"))
    assert queries.get_article(store, "01234567")["id"] == "0123456789abcdef"
    with pytest.raises(StoreError, match="ambiguous"):
        queries.get_article(store, "0123")
    with pytest.raises(StoreError, match="no article"):
        queries.get_article(store, "9999")


def test_export_formats(store: Store, tmp_path) -> None:
    _write(store, _article(), failures=[InputFailure("bad.bin", "binary", "NUL bytes")])
    out = io.StringIO()
    assert export(store, "articles", "jsonl", out) == 1
    record = json.loads(out.getvalue())
    for key in ("id", "source_path", "url", "outlet", "title", "text", "language", "published",
                "status", "duplicate_of"):
        assert key in record
    assert record["published"]["precision"] == "unknown"

    out = io.StringIO()
    export(store, "removed", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["reason"] == "boilerplate:share" and rows[0]["line_start"] == "1"

    path = tmp_path / "failures.parquet"
    assert export(store, "failures", "parquet", path) == 1
    assert pq.read_table(path).to_pylist()[0]["reason"] == "binary"


def test_export_rejects_unknown_table_and_binary_to_stream(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown table"):
        export(store, "nope", "jsonl", io.StringIO())
    with pytest.raises(StoreError, match="-o FILE"):
        export(store, "articles", "parquet", io.StringIO())


def test_readonly_store_requires_existing_file(tmp_path) -> None:
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.db", readonly=True)


def test_an_older_database_migrates_and_gets_its_canonical_urls(tmp_path) -> None:
    """A database at version 6 (before canonical URLs) opens; its stored URLs are filled."""
    path = tmp_path / "old.db"
    con = sqlite3.connect(path, isolation_level=None)
    for number, migration in enumerate(MIGRATIONS[:6], start=1):
        con.executescript(f"BEGIN;\n{migration()}\nPRAGMA user_version = {number};\nCOMMIT;")
    con.execute("INSERT INTO runs(id, started, inputs, config) VALUES (1, 'then', '[]', '{}')")
    rows = [("a" * 16, "https://www.harbour-gazette.example/news/ferry-returns-to-the-bay?utm_source=x",
             "kept"), ("b" * 16, "https://harbour-gazette.example/", "kept"), ("c" * 16, None, "kept")]
    con.executemany(
        "INSERT INTO articles(id, run_id, source_path, fmt, url, raw_text, text, paragraphs,"
        " captions, line_kinds, published, metadata, status, content_hash, ingested_at)"
        " VALUES (?, 1, 'old.jsonl', 'jsonl', ?, 'x', 'x', '[]', '[]', 'b', '{}', '{}', ?, ?,"
        " 'then')", [(i, url, status, i) for i, url, status in rows])
    con.close()
    with Store(path) as s:
        assert s.con.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        stored = dict(s.con.execute("SELECT id, canonical_url FROM articles").fetchall())
        assert stored == {"a" * 16: "https://harbour-gazette.example/news/ferry-returns-to-the-bay",
                          "b" * 16: None, "c" * 16: None}
        assert s.canonical_for_url(
            "https://harbour-gazette.example/news/ferry-returns-to-the-bay") == "a" * 16
    with Store(path, readonly=True) as s:  # and reads as any database
        assert len(list(queries.iter_articles(s))) == 3


def test_canonical_url_lookup_answers_with_the_canonical_article(store: Store) -> None:
    url = "https://harbour-gazette.example/news/ferry-returns-to-the-bay"
    first, copy, dropped = _article("a" * 16), _article("b" * 16), _article("c" * 16)
    first.canonical_url = None
    copy.canonical_url, copy.status, copy.reason, copy.duplicate_of = url, "duplicate", "near", first.id
    dropped.canonical_url, dropped.status = url + "-2", "dropped"
    _write(store, first, copy, dropped)
    assert store.canonical_for_url(url) == first.id  # through its stored duplicate
    assert store.canonical_for_url(url + "-2") is None  # a dropped page holds no URL
    plan = " ".join(r[-1] for r in store.con.execute(
        "EXPLAIN QUERY PLAN SELECT COALESCE(duplicate_of, id) FROM articles"
        " WHERE canonical_url = ? AND +status != 'dropped' ORDER BY rowid LIMIT 1", (url,)))
    assert "articles_canonical_url" in plan


def test_copies_name_the_rule_that_found_each(store: Store) -> None:
    first = _article("a" * 16)
    rules = {"b": "exact", "c": "url", "d": "near", "e": "contained"}
    dups = []
    for letter, reason in rules.items():
        dup = _article(letter * 16)
        dup.status, dup.reason, dup.duplicate_of = "duplicate", reason, first.id
        dup.source_path = f"news/{letter}.txt"
        dups.append(dup)
    _write(store, first, *dups)
    out = io.StringIO()
    export(store, "copies", "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["source_path"]: (r["rule"], r["kind"]) for r in records} == {
        "news/b.txt": ("exact", "exact"), "news/c.txt": ("url", "url"),
        "news/d.txt": ("near", "near"), "news/e.txt": ("containment", "contained")}
    assert [c["rule"] for c in queries.copies_of(store, first.id)] == [
        "exact", "url", "near", "containment"]
