"""The JSON API and the pages through FastAPI's TestClient: every route and its JSON twin,
pagination, 404 and 422, and a hostile article that must render inert."""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

LIST_ROUTES = ["/api/stories", "/api/articles", "/api/entities", "/api/events", "/api/quotes",
               "/api/timeline", "/api/conflicts", "/api/search?q=treaty",
               "/api/relations?a=BRA&b=JPN"]


class PageScan(HTMLParser):
    """Collects what could execute or leave the site: scripts, handlers, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.twin: str | None = None
        self._in_script = False
        self.script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        attr = dict(attrs)
        if tag == "script":
            self.scripts.append(attr)
            self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                self.links.append(value)
        if tag == "a" and attr.get("rel") == "alternate":
            self.twin = attr.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    return parser


def assert_inert(html: str) -> None:
    page = scan(html)
    assert page.scripts == [{"src": "/static/app.js", "defer": None}]
    assert page.script_text.strip() == ""
    assert page.handlers == []
    assert not page.tags & {"img", "iframe", "object", "embed"}
    for link in page.links:
        assert link.startswith(("/", "#")), f"link leaves the site: {link!r}"


def get_page(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


# --- every route answers, pages link their JSON twin ----------------------------------------

@pytest.mark.parametrize("url", LIST_ROUTES)
def test_list_routes_answer_items_and_next(client: TestClient, url: str) -> None:
    body = client.get(url).json()
    assert set(body) >= {"items", "next"}
    assert body["items"], f"{url} returned no items on the example corpus"


def test_pages_link_a_json_twin_that_serves_the_same_records(
        client: TestClient, biggest_story: dict, hostile_id: str) -> None:
    sid = biggest_story["id"]
    aid = biggest_story["article_ids"][0]
    brazil = client.get("/api/entities/Brazil").json()["id"]
    pages = {"/": "/api/overview", f"/stories/{sid}": f"/api/stories/{sid}",
             f"/articles/{aid}": f"/api/articles/{aid}", "/articles": "/api/articles",
             f"/entities/{brazil}": f"/api/entities/{brazil}", "/entities": "/api/entities",
             "/events": "/api/events", "/relations?a=BRA&b=JPN": "/api/relations",
             "/search?q=treaty": "/api/search", "/docs": "/openapi.json"}
    for page, twin_path in pages.items():
        twin = scan(get_page(client, page)).twin
        assert twin is not None and urlsplit(twin).path == twin_path, (page, twin)
        assert client.get(twin).status_code == 200
    story_page = get_page(client, f"/stories/{sid}")
    twin = client.get(f"/api/stories/{sid}").json()
    assert twin["id"] == sid and twin["title"] and twin["title"] in story_page


def test_story_json_has_members_summary_events_and_quotes(
        client: TestClient, biggest_story: dict) -> None:
    body = client.get(f"/api/stories/{biggest_story['id']}").json()
    assert len(body["article_ids"]) >= 3
    assert body["summary"] and all(item["span"]["article_id"] in body["article_ids"]
                                   for item in body["summary"])
    assert body["events"] and body["quotes"]
    assert {a["id"] for a in body["articles"]} == set(body["article_ids"])


def test_story_page_cites_spans_and_lays_members_side_by_side(
        client: TestClient, biggest_story: dict) -> None:
    html = get_page(client, f"/stories/{biggest_story['id']}")
    cites = re.findall(r'<a class="cite" href="(/articles/[0-9a-f]+\?hl=\d+-\d+#cited)"', html)
    assert len(cites) >= len(biggest_story["summary"])
    assert html.count('class="member"') == min(6, len(biggest_story["article_ids"]))
    first = biggest_story["summary"][0]["span"]
    # The cited sentence is marked in its member's column, with the anchor the JS flashes.
    assert f'id="c-{first["article_id"]}-{first["start"]}"' in html


def test_following_a_citation_highlights_that_span(client: TestClient,
                                                   biggest_story: dict) -> None:
    span = biggest_story["summary"][0]["span"]
    html = get_page(client, f"/articles/{span['article_id']}?hl={span['start']}-{span['end']}")
    cited = re.search(r'<span class="[^"]*cited[^"]*"[^>]*id="cited"[^>]*>(.*?)</span>', html)
    assert cited is not None
    assert span["text"].startswith(re.sub(r"<[^>]+>", "", cited.group(1))[:20].strip())


def test_article_page_marks_mentions_quotes_events_and_hides_removed_lines(
        client: TestClient) -> None:
    article = next(a for a in client.get("/api/articles?limit=500").json()["items"]
                   if a["status"] == "kept" and
                   client.get(f"/api/articles/{a['id']}").json()["removed"])
    record = client.get(f"/api/articles/{article['id']}").json()
    html = get_page(client, f"/articles/{article['id']}")
    assert record["mentions"] and 'class="mention"' in html
    assert re.search(r'<a href="/entities/[0-9a-f]+"><span class="mention', html)
    if record["quotes"]:
        assert "quote" in html
    details = html[html.index('<details class="removed"'):html.index("</details>")]
    assert details.count('class="removed"') >= 1
    for removed in record["removed"]:
        assert removed["reason"] in details
    assert record["published"]["precision"] in html


def test_entity_page_shows_code_events_by_role_and_mentions(client: TestClient) -> None:
    record = client.get("/api/entities/Brazil").json()
    assert record["country"] == "BRA" and record["events"]
    assert {e["role"] for e in record["events"]} <= {"source", "target"}
    html = get_page(client, f"/entities/{record['id']}")
    assert "Events as source" in html and "Events as target" in html
    assert html.count('<span class="hit">') >= min(len(record["mentions_list"]), 200) // 2


def test_relations_page_draws_an_svg_chart(client: TestClient) -> None:
    data = client.get("/api/relations?a=bra&b=jpn").json()
    assert data["a"] == "BRA" and sum(m["events"] for m in data["items"]) >= 1
    html = get_page(client, "/relations?a=BRA&b=JPN")
    svg = html[html.index("<svg"):html.index("</svg>")]
    dated = [m for m in data["items"] if m["month"] != "unknown"]
    assert svg.count("<rect") == sum(1 for m in dated for q in range(1, 5) if m[f"quad{q}"])
    assert "polyline" in svg
    assert '<option value="BRA" selected>' in html


def test_home_lists_stories_with_dates_sizes_and_a_timeline(client: TestClient) -> None:
    overview = client.get("/api/overview").json()
    html = get_page(client, "/")
    stories = overview["stories"]["items"]
    assert overview["counts"]["articles_kept"] >= 10 and stories
    assert html.count('<svg class="chart timeline"') == 1
    for story in stories:
        assert f'href="/stories/{story["id"]}"' in html


def test_search_page_marks_hits_and_filters_by_outlet(client: TestClient) -> None:
    html = get_page(client, "/search?q=water+treaty")
    assert "<mark>" in html
    hits = client.get("/api/search?q=water").json()["items"]
    outlet = next(h["outlet"] for h in hits if h["outlet"])
    only = client.get("/api/search", params={"q": "water", "outlet": outlet}).json()["items"]
    assert only and all(h["outlet"] == outlet for h in only) and len(only) < len(hits)


def test_a_search_ranking_only_the_newest_matches_says_so(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from chronicle.store import queries

    assert client.get("/api/search?q=water").json()["ranked_newest"] is None
    monkeypatch.setattr(queries, "SEARCH_WINDOW", 2)
    found = client.get("/api/search?q=water").json()
    assert found["ranked_newest"] == 2 and len(found["items"]) <= 2
    assert "stored last are ranked" in get_page(client, "/search?q=water")
    narrowed = client.get("/api/search", params={"q": "water", "since": "1900-01-01"}).json()
    assert narrowed["ranked_newest"] is None and len(narrowed["items"]) > 2


def test_event_and_quote_filters(client: TestClient, biggest_story: dict) -> None:
    dyad = client.get("/api/events?dyad=JPN,BRA&limit=500").json()["items"]
    assert dyad
    for event in dyad:
        sides = [{a["country"] for a in event["source"]}, {a["country"] for a in event["target"]}]
        assert ("BRA" in sides[0] and "JPN" in sides[1]) or ("JPN" in sides[0] and
                                                             "BRA" in sides[1])
    assert all(e["quad_class"] == 1 for e in
               client.get("/api/events?quad_class=1&limit=500").json()["items"])
    sid = biggest_story["id"]
    quotes = client.get(f"/api/quotes?story={sid}&limit=500").json()["items"]
    assert quotes and all(q["span"]["article_id"] in biggest_story["article_ids"]
                          for q in quotes)
    speaker = quotes[0]["speaker"]
    by = client.get("/api/quotes", params={"speaker": speaker.upper()}).json()["items"]
    assert by and all(q["speaker"] == speaker for q in by)
    story_events = client.get(f"/api/events?story={sid}&limit=500").json()["items"]
    assert story_events and all(e["story_id"] == sid for e in story_events)


def test_timeline_and_conflicts_routes(client: TestClient, biggest_story: dict) -> None:
    timeline = client.get("/api/timeline").json()["items"]
    assert timeline and {"date", "story_id", "event_id", "text"} <= set(timeline[0])
    days = [t["date"]["earliest"] for t in timeline if t["date"]["earliest"]]
    assert days == sorted(days)
    brazil = client.get("/api/timeline?entity=Brazil").json()["items"]
    assert brazil and len(brazil) < len(timeline)
    told = [t for t in timeline if t["event_id"]]
    assert told and max(Counter(t["story_id"] for t in told).values()) <= 3  # key events only
    for entry in told:  # each is the verbatim sentence of an event that happened
        events = client.get(f"/api/events?story={entry['story_id']}&limit=500").json()["items"]
        event = next(e for e in events if e["id"] == entry["event_id"])
        assert not (event["negated"] or event["hypothetical"] or event["future"])
        article = client.get(f"/api/articles/{entry['evidence']['article_id']}").json()
        span = entry["evidence"]
        assert article["text"][span["start"]:span["end"]] == entry["text"] == span["text"]
    conflicts = client.get(f"/api/conflicts?story={biggest_story['id']}").json()["items"]
    assert all(c["story_id"] == biggest_story["id"] for c in conflicts)


# --- pagination -------------------------------------------------------------------------

@pytest.mark.parametrize("route", ["/api/articles", "/api/events", "/api/entities",
                                   "/api/quotes"])
def test_cursor_walks_the_same_records_in_the_same_order(client: TestClient,
                                                         route: str) -> None:
    everything = client.get(f"{route}?limit=500").json()
    assert everything["next"] is None
    walked, cursor, pages = [], None, 0
    while True:
        params = {"limit": 7} | ({"cursor": cursor} if cursor else {})
        body = client.get(route, params=params).json()
        walked += body["items"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert walked == everything["items"]
    assert pages == -(-len(walked) // 7)


def test_html_lists_page_with_next_links(client: TestClient) -> None:
    html = get_page(client, "/articles?limit=5")
    nxt = re.search(r'<a href="([^"]+)" rel="next">', html)
    assert nxt is not None
    query = parse_qs(urlsplit(nxt.group(1).replace("&amp;", "&")).query)
    assert query["limit"] == ["5"] and query["cursor"]
    assert get_page(client, nxt.group(1).replace("&amp;", "&")) != html


# --- errors -----------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/api/articles/ffffffffffff", "/api/articles/zz",
                                 "/api/stories/0123456789abcdef", "/api/entities/NoSuchName",
                                 "/api/conflicts?story=abcdef12", "/api/timeline?entity=Nobody",
                                 "/api/nothing-here"])
def test_unknown_records_are_404_json(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("url", ["/articles/ffffffffffff", "/stories/0123456789abcdef",
                                 "/entities/NoSuchName", "/no/such/page"])
def test_unknown_pages_are_404_html(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text


@pytest.mark.parametrize(("url", "name"), [
    ("/api/articles?limit=0", "limit"), ("/api/articles?limit=501", "limit"),
    ("/api/articles?cursor=bogus", "cursor"), ("/api/articles?status=lost", "status"),
    ("/api/events?dyad=RUS", "dyad"), ("/api/events?quad_class=5", "quad_class"),
    ("/api/events?since=2025-13", "since"), ("/api/events?root=4", "root"),
    ("/api/relations?a=BRA", "b"), ("/api/relations?a=B&b=JPN", "a"),
    ("/api/search", "q"), ("/api/search?q=%21%21%21", "q"),
    ("/api/search?q=water&since=2025-05-01&until=2025-01-01", "since"),
])
def test_bad_parameters_are_422_with_a_message_naming_them(client: TestClient, url: str,
                                                           name: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.startswith(name), detail


def test_bad_page_parameters_are_422_html(client: TestClient) -> None:
    response = client.get("/events?quad_class=9")
    assert response.status_code == 422
    assert "quad_class" in response.text and "<h1>Bad request</h1>" in response.text


# --- safety and local assets ------------------------------------------------------------

def test_hostile_article_renders_inert_everywhere(client: TestClient, hostile_id: str) -> None:
    record = client.get(f"/api/articles/{hostile_id}").json()
    assert "<script>" in record["text"]  # the JSON keeps the text as it is
    marta = client.get("/api/entities/Marta Ilves").json()["id"]
    story = next(s["id"] for s in client.get("/api/stories?limit=500").json()["items"]
                 if hostile_id in s["article_ids"])
    for url in [f"/articles/{hostile_id}", f"/stories/{story}", f"/entities/{marta}", "/",
                "/articles", "/search?q=dock+workers", "/events?limit=500"]:
        html = get_page(client, url)
        assert_inert(html)
        if url != "/events?limit=500":  # no event is coded from the hostile article
            assert re.search(r"&lt;(script&gt;|img src|a href=&#34;javascript)", html), url
    article = get_page(client, f"/articles/{hostile_id}")
    assert "&lt;img src=x onerror=" in article and "javascript:alert(1)" in article
    copies = record["copies"]
    assert [c["kind"] for c in copies] == ["identical"] and "id" not in copies[0]
    assert "identical: " in article and "dock_strike_copy.txt" in article
    assert "<h2>Also published at</h2>" in article
    assert 'href="javascript' not in article


def test_pages_send_a_strict_content_security_policy(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/api/counts").headers["x-content-type-options"] == "nosniff"


def test_openapi_and_docs_are_served_without_a_cdn(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    api_paths = {p for p in spec["paths"] if p.startswith("/api/")}
    assert api_paths >= {"/api/stories", "/api/stories/{story_id}", "/api/articles",
                         "/api/articles/{article_id}", "/api/entities", "/api/entities/{ident}",
                         "/api/events", "/api/quotes", "/api/timeline", "/api/relations",
                         "/api/conflicts", "/api/search"}
    docs = get_page(client, "/docs")
    assert all(path in docs for path in api_paths)
    assert client.get("/redoc").status_code == 404
    for link in scan(docs).links:
        assert link.startswith(("/", "#"))
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").text.count("url(") == 0


def test_a_store_failure_is_a_one_line_500(client: TestClient,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from chronicle.api import Chronicle
    from chronicle.errors import StoreError

    def broken(self: Chronicle) -> dict:
        raise StoreError("database disk image is malformed", context="In database `x.db`")

    monkeypatch.setattr(Chronicle, "counts", broken)
    response = client.get("/api/counts")
    assert response.status_code == 500
    assert response.json()["detail"] == "In database `x.db`: database disk image is malformed"
    page = client.get("/")
    assert page.status_code == 500 and "disk image is malformed" in page.text


def test_big_story_shows_cited_members_first_and_lists_the_rest(
        client: TestClient, biggest_story: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from chronicle.web import pages

    monkeypatch.setattr(pages, "MAX_MEMBERS", 2)
    html = get_page(client, f"/stories/{biggest_story['id']}")
    columns = re.findall(r'<div class="member" id="a-([0-9a-f]+)">', html)
    first_cited = biggest_story["summary"][0]["span"]["article_id"]
    assert len(columns) == 2 and columns[0] == first_cited
    rest = html[html.index("Also in this story"):]
    listed = re.findall(r'href="/articles/([0-9a-f]+)"', rest[:rest.index("</p>")])
    assert sorted(columns + listed) == sorted(biggest_story["article_ids"])


def test_a_story_told_in_two_languages_lists_them(client: TestClient) -> None:
    """The example corpus tells the Nairobi summit in English and in French: one story."""
    stories = client.get("/api/stories").json()["items"]
    mixed = [s for s in stories
             if {"en", "fr"} <= set(client.get(f"/api/stories/{s['id']}").json()["languages"])]
    assert len(mixed) == 1, [s["title"] for s in stories]
    html = get_page(client, f"/stories/{mixed[0]['id']}")
    assert '<span class="languages" title="languages of its articles">en, fr</span>' in html
    assert ">fr</td>" in get_page(client, "/articles")


def test_key_dates_cite_the_sentence_naming_each_day(client: TestClient) -> None:
    days = client.get("/api/key-dates?k=3").json()
    assert 1 <= len(days) <= 3 and [d["date"] for d in days] == sorted(d["date"] for d in days)
    for d in days:
        ev = d["evidence"]
        text = client.get(f"/api/articles/{ev['article_id']}").json()["text"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
    home = get_page(client, "/")
    assert "Key dates" in home and days[0]["evidence"]["text"][:40] in html.unescape(home)
    assert client.get("/api/key-dates?k=0").status_code == 422
