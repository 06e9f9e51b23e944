"""Keyset pagination through the web: a list's ``next`` is the sort key of its last row, the
same token in a page's next link and its JSON twin; a story's and an entity's long sections
(members, contradictions, events, quotes, mentions) come a page at a time under the size
cap, each with a link to its next page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

import chronicle
from chronicle.model import Article, Mention, Span, TimeValue
from chronicle.store import Batch, Store
from chronicle.web import create_app, views
from chronicle.web.paging import decode

PAGE_CAP = 300 * 1024  # bytes: no page or JSON answer above it
MEMBERS, CONFLICTS, MENTIONS = 130, 2100, 230
TEXT = ("Officials in Port Aurelia said on Monday that the ferry would run again. "
        "A harbour spokesman said the ferry would not run until June. ") * 3


@pytest.fixture(scope="module")
def big(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example corpus plus one story grown to 130 more members and 2,100
    contradictions, and one entity with 230 more mentions."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{corpus_db}{suffix}").exists():
            shutil.copy(f"{corpus_db}{suffix}", f"{path}{suffix}")
    with chronicle.open(path, readonly=True) as chron:
        story = max(chron.stories(), key=lambda s: (s["size"], s["id"]))
        entity = next(chron.entities())
        conflicts = len(chron.conflicts(story["id"]))
    ids = [f"feed{n:012x}" for n in range(MEMBERS)]
    articles = [Article(id=aid, source_path=f"feed/{n}.txt", raw_text=TEXT, text=TEXT,
                        title=f"Ferry {n}", paragraphs=[TEXT], language="en",
                        content_hash=f"feed{n}",
                        published=TimeValue("2025-04-01", "2025-04-01", "day", "metadata"))
                for n, aid in enumerate(ids)]
    mentions = [Mention(Span(ids[n % MEMBERS], 2 * (n // MEMBERS), 2 * (n // MEMBERS) + 1,
                             "x"), "GPE", entity["id"]) for n in range(MENTIONS)]
    with Store(path) as store:
        store.write_batch(Batch(articles=articles, mentions=mentions),
                          store.begin_run(["feed"], {}))
        with store.transaction() as con:
            con.executemany("INSERT INTO story_members(article_id, story_id, reason, score)"
                            " VALUES (?, ?, 'test', 1)", [(aid, story["id"]) for aid in ids])
            con.executemany(
                "INSERT INTO conflicts(story_id, fact, a_article, a_start, a_end, b_article,"
                " b_start, b_end, value_a, value_b) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(story["id"], "day of the ferry" if n % 2 else "number", ids[n % MEMBERS],
                  n % 70, n % 70 + 60, ids[(n + 1) % MEMBERS], n // 70, n // 70 + 60,
                  "Monday", "June") for n in range(CONFLICTS)])
    return {"path": path, "story": story["id"], "entity": entity["id"],
            "members": story["size"] + MEMBERS, "conflicts": conflicts + CONFLICTS,
            "mentions": entity["mentions"] + MENTIONS}


@pytest.fixture(scope="module")
def web(big: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(create_app(big["path"]), base_url="http://localhost") as test_client:
        yield test_client


def _next_links(html: str) -> list[str]:
    return [link.replace("&amp;", "&")
            for link in re.findall(r'<a href="([^"]+)" rel="next">', html)]


def _walk(web: TestClient, url: str, section: str, key: str) -> list[Any]:
    """Every item of one section of a record, following its tokens."""
    seen: list[Any] = []
    token = None
    while True:
        body = web.get(url, params={section: token} if token else {}).json()
        seen += [item if isinstance(item, str) else repr(sorted(item.items()))
                 for item in body[key]]
        token = body["next"][section]
        if token is None:
            return seen


def test_a_story_with_many_members_and_contradictions_comes_a_page_at_a_time(
        web: TestClient, big: dict[str, Any]) -> None:
    url = f"/api/stories/{big['story']}"
    response = web.get(url)
    body = response.json()
    assert len(response.content) < PAGE_CAP
    assert body["counts"]["conflicts"] == big["conflicts"] and body["size"] == big["members"]
    assert len(body["conflicts"]) == len(body["article_ids"]) == views.SECTION
    assert body["next"]["conflicts"] and body["next"]["articles"]
    conflicts = _walk(web, url, "conflicts", "conflicts")
    assert len(conflicts) == len(set(conflicts)) == big["conflicts"]
    members = _walk(web, url, "articles", "article_ids")
    assert len(members) == len(set(members)) == big["members"]
    # A section's token pages the list route of the same records alike.
    listed = web.get("/api/conflicts", params={"story": big["story"], "limit": views.SECTION,
                                               "cursor": body["next"]["conflicts"]}).json()
    again = web.get(url, params={"conflicts": body["next"]["conflicts"]}).json()
    assert listed["items"] == again["conflicts"]


def test_a_story_page_stays_under_the_cap_and_links_each_section_onwards(
        web: TestClient, big: dict[str, Any]) -> None:
    response = web.get(f"/stories/{big['story']}")
    assert response.status_code == 200 and len(response.content) < PAGE_CAP
    links = _next_links(response.text)
    sections = {name for link in links for name in parse_qs(urlsplit(link).query)}
    assert {"conflicts", "articles"} <= sections
    onward = next(link for link in links if "conflicts=" in link)
    later = web.get(onward)
    assert later.status_code == 200 and len(later.content) < PAGE_CAP
    first_pair = re.findall(r'class="pair">\s*<blockquote><a href="([^"]+)"', response.text)
    later_pair = re.findall(r'class="pair">\s*<blockquote><a href="([^"]+)"', later.text)
    assert first_pair and later_pair and first_pair != later_pair
    twin = re.search(r'<a class="twin" href="([^"]+)"', later.text)
    assert twin and "conflicts=" in twin.group(1)
    members = web.get(next(link for link in links if "articles=" in link)).text
    assert "In this story" in members and 'class="member"' not in members


def test_an_entity_with_many_mentions_comes_a_page_at_a_time(
        web: TestClient, big: dict[str, Any]) -> None:
    url = f"/api/entities/{big['entity']}"
    response = web.get(url)
    body = response.json()
    assert len(response.content) < PAGE_CAP and body["mentions"] == big["mentions"]
    assert len(body["mentions_list"]) == views.MENTIONS and body["next"]["mentions"]
    mentions = _walk(web, url, "mentions", "mentions_list")
    assert len(mentions) == len(set(mentions)) == big["mentions"]
    html = web.get(f"/entities/{big['entity']}").text
    assert any("mentions=" in link for link in _next_links(html))


@pytest.mark.parametrize(("route", "key"), [
    ("/api/entities", lambda e: [e["mentions"], e["name"], e["id"]]),
    ("/api/stories", lambda s: [s["id"]]),
    ("/api/conflicts", lambda c: [c["story_id"], c["fact"], c["a"]["article_id"],
                                  c["a"]["start"], c["b"]["article_id"], c["b"]["start"]]),
])
def test_next_is_the_sort_key_of_the_last_row(web: TestClient, route: str, key: Any) -> None:
    body = web.get(route, params={"limit": 5}).json()
    token = decode(body["next"])
    assert isinstance(token, tuple) and list(token[-len(key(body["items"][-1])):]) == \
        key(body["items"][-1])
    following = web.get(route, params={"limit": 5, "cursor": body["next"]}).json()
    assert not {repr(i) for i in following["items"]} & {repr(i) for i in body["items"]}


def test_html_next_links_carry_the_json_token(web: TestClient) -> None:
    for page, twin in [("/entities?limit=5", "/api/entities?limit=5"),
                       ("/articles?limit=5", "/api/articles?limit=5"),
                       ("/events?limit=5", "/api/events?limit=5")]:
        [link] = _next_links(web.get(page).text)
        body = web.get(twin).json()
        assert parse_qs(urlsplit(link).query)["cursor"] == [body["next"]]
        key = decode(body["next"])  # the last row's sort key, not a position
        assert isinstance(key, tuple)


@pytest.mark.parametrize(("url", "name"), [
    ("/api/articles?cursor={entities}", "cursor"),  # a token of another list
    ("/api/stories/{story}?conflicts=bogus", "conflicts"),
    ("/api/stories/{story}?events={entities}", "events"),
    ("/api/timeline?cursor={entities}", "cursor"),
])
def test_a_token_from_elsewhere_is_a_422_naming_its_parameter(
        web: TestClient, big: dict[str, Any], url: str, name: str) -> None:
    entities = web.get("/api/entities?limit=1").json()["next"]
    response = web.get(url.format(entities=entities, story=big["story"]))
    assert response.status_code == 422
    assert response.json()["detail"].startswith(name)
