"""A long article comes in parts: each page and JSON answer holds a bounded share of its
text and raw lines, with the annotations that start there (issue 16: no page over 300 KB;
a 195k-character article's page was 1.1 MB and its JSON 1.3 MB)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import chronicle
from chronicle.web import create_app, paging
from chronicle.web.paging import line_parts, text_parts


def test_text_parts_cover_the_text_and_end_at_paragraph_breaks() -> None:
    paragraphs = [f"Paragraph {i} " + "word " * (i % 17 + 3) for i in range(200)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    ranges = text_parts(text, 300)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    assert all(0 < end - start <= 300 for start, end in ranges)
    assert all(text[end - 2:end] == "\n\n" for _, end in ranges[:-1])
    unbroken = "x" * 1000  # no break at all: cut at the size
    assert text_parts(unbroken, 300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]
    assert text_parts("", 300) == [(0, 0)] and text_parts("short", 300) == [(0, 5)]


def test_line_parts_hold_whole_lines() -> None:
    text = "\n".join("l" * n for n in (5, 5, 5, 50, 5))
    assert line_parts(text, 12) == [(1, 2), (3, 3), (4, 4), (5, 5)]
    assert line_parts("one line", 12) == [(1, 1)]


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(paging, "PART_CHARS", 400)
    return 400


def longest(client: TestClient, corpus_db: Path) -> dict:
    with chronicle.open(corpus_db, readonly=True) as chron:
        kept = [chron.article(a["id"]) for a in chron.articles() if a["status"] == "kept"]
    return max(kept, key=lambda a: len(a["text"] or ""))


def test_the_parts_of_an_article_add_up_to_it(client: TestClient, corpus_db: Path,
                                              small_parts: int) -> None:
    whole = longest(client, corpus_db)
    first = client.get(f"/api/articles/{whole['id']}").json()
    count = first["part"]["of"]
    assert count > 1 and len(first["text"]) <= small_parts
    parts = [first] + [client.get(f"/api/articles/{whole['id']}?part={n}").json()
                       for n in range(2, count + 1)]
    text = "".join(p["text"] for p in parts)
    assert text == whole["text"]
    assert "\n".join(p["raw_text"] for p in parts if p["part"]["lines"][0]) == \
        whole["raw_text"]
    for p in parts:  # every annotation starts in the part that holds it, spans stay absolute
        start, end = p["part"]["start"], p["part"]["end"]
        for m in p["mentions"]:
            assert start <= m["span"]["start"] < end
            assert whole["text"][m["span"]["start"]:m["span"]["end"]] == m["span"]["text"]
    mentions = [m["span"]["start"] for p in parts for m in p["mentions"]]
    assert len(mentions) == len(set(mentions)) > 0
    missing = client.get(f"/api/articles/{whole['id']}?part={count + 1}")
    assert missing.status_code == 422 and f"has {count} parts" in missing.json()["detail"]


def test_the_article_page_links_its_parts_and_opens_on_the_cited_one(
        client: TestClient, corpus_db: Path, small_parts: int) -> None:
    whole = longest(client, corpus_db)
    page = client.get(f"/articles/{whole['id']}").text
    assert "Part 1 of" in page and 'rel="next"' in page and 'rel="prev"' not in page
    assert f"/api/articles/{whole['id']}?part=1" in page  # its JSON twin: the same part
    last = text_parts(whole["text"])[-1]
    at = last[0] + 1
    cited = client.get(f"/articles/{whole['id']}?hl={at}-{at + 3}").text
    count = len(text_parts(whole["text"]))
    assert f"Part {count} of" in cited and 'id="cited"' in cited


def _long_report(paragraphs: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    places = ["Harbourton", "Kelvale", "Ostrava", "Mendoza", "Tarsis", "Lindqvist"]
    people = ["Ana Ferreira", "Tomas Brand", "Leila Haddad", "Ivo Marek", "Ruth Okafor"]
    out = ["Port authority report"]
    for i in range(paragraphs):
        place, person = rng.choice(places), rng.choice(people)
        out.append(f"On day {i + 1} of the inquiry, inspectors in {place} counted "
                   f"{rng.randint(2, 900)} containers held at berth {rng.randint(1, 60)}. "
                   f'"We found {rng.randint(2, 40)} seals broken," {person} said, adding '
                   f"that the ministry in {rng.choice(places)} would answer by week "
                   f"{rng.randint(1, 52)}.")
    return "\n\n".join(out)


@pytest.mark.slow
def test_no_page_of_a_long_article_is_over_300_kb(tmp_path: Path) -> None:
    source = tmp_path / "inquiry.txt"
    source.write_text(_long_report(900), encoding="utf-8")
    assert len(source.read_text(encoding="utf-8")) > 150_000
    db = tmp_path / "long.db"
    with chronicle.open(db) as chron:
        chron.run([str(source)])
    with TestClient(create_app(db), base_url="http://localhost") as client:
        aid = client.get("/api/articles").json()["items"][0]["id"]
        first = client.get(f"/api/articles/{aid}").json()
        assert first["part"]["of"] >= 8
        for n in range(1, first["part"]["of"] + 1):
            for url in (f"/api/articles/{aid}?part={n}", f"/articles/{aid}?part={n}"):
                reply = client.get(url)
                assert reply.status_code == 200 and len(reply.content) <= 300_000, url
