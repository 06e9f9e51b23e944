"""One rule for what a search looks for, shared by the web API, the CLI and the Python API:
distinct words only, at most ``MAX_SEARCH_TERMS`` of them from the first ``MAX_QUERY_CHARS``
characters (FTS5's cost grows with the square of a query's terms: 20,000 words took minutes).

The terms are counted in the MATCH SQLite actually ran (a trace on every connection opened).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import chronicle
from chronicle.cli import app as cli
from chronicle.store.queries import MAX_QUERY_CHARS, MAX_SEARCH_TERMS, search_terms
from chronicle.web import create_app

HUGE = " ".join(f"word{i % 7000}" for i in range(20_000))  # 20,000 words, 7,000 distinct
URL_CHARS = 6000
REPEATED = "water Water WATER treaty water " * 10


@pytest.fixture
def matched(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The terms of every FTS MATCH run on a connection opened from now on."""
    found: list[list[str]] = []
    real = sqlite3.connect

    def trace(sql: str) -> None:
        match = re.search(r"MATCH '((?:[^']|'')*)'", sql)
        if match:
            found.append(re.findall(r'"((?:[^"]|"")*)"', match.group(1)))

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        con = real(*args, **kwargs)  # type: ignore[arg-type]
        con.set_trace_callback(trace)
        return con

    monkeypatch.setattr(sqlite3, "connect", connect)
    return found


def test_search_terms_are_distinct_capped_and_read_from_the_start() -> None:
    assert search_terms("water Water WATER treaty water") == ["water", "treaty"]
    assert len(search_terms(HUGE)) == MAX_SEARCH_TERMS
    assert search_terms(HUGE)[:2] == ["word0", "word1"]
    long_word = "x" * (MAX_QUERY_CHARS - 3) + " treaty"  # "treaty" ends past the limit
    assert search_terms(long_word) == ["x" * (MAX_QUERY_CHARS - 3)]
    assert search_terms("!!! ,,,") == []


def run_python(db: Path, query: str) -> None:
    with chronicle.open(db, readonly=True) as chron:
        chron.search(query)


def run_cli(db: Path, query: str) -> None:
    result = CliRunner().invoke(cli, ["search", query, "--db", str(db)])
    assert result.exit_code == 0, result.output


def run_web(db: Path, query: str) -> None:
    from fastapi.testclient import TestClient

    query = query[:URL_CHARS]  # what fits in a URL (the full 20,000 words do not)
    with TestClient(create_app(db), base_url="http://localhost") as client:
        response = client.get("/api/search", params={"q": query})
        assert response.status_code == 200, response.text
        assert response.json()["terms"] == search_terms(query)


@pytest.mark.parametrize("interface", [run_python, run_cli, run_web])
def test_every_interface_searches_the_same_capped_distinct_terms(
        interface: object, corpus_db: Path, matched: list[list[str]]) -> None:
    assert callable(interface)
    interface(corpus_db, HUGE)
    huge = len(matched)
    interface(corpus_db, REPEATED)
    assert huge and len(matched) > huge  # a search may MATCH more than once (rank, snippets)
    assert all(len(terms) == MAX_SEARCH_TERMS for terms in matched[:huge])
    assert all(terms == ["water", "treaty"] for terms in matched[huge:])


def test_the_search_page_says_when_words_were_left_out(corpus_db: Path) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(corpus_db), base_url="http://localhost") as client:
        page = client.get("/search", params={"q": HUGE[:URL_CHARS]}).text
        assert f"only the first {MAX_SEARCH_TERMS} distinct words" in page, page[-3000:]
        assert "only the first" not in client.get("/search", params={"q": REPEATED}).text
