"""The relations page opens on the corpus's most active country pairs, each with its monthly
chart (as the home page opens on the stories); its JSON twin carries the same pairs and months."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from fastapi.testclient import TestClient


def test_relations_json_without_a_pair_lists_the_busiest_pairs_with_their_months(
        client: TestClient) -> None:
    body = client.get("/api/relations").json()
    pairs = body["items"]
    assert body["next"] is None and 1 < len(pairs) <= 6
    assert (pairs[0]["a"], pairs[0]["b"]) == ("BRA", "JPN")  # 12 events, the most
    counts = [p["events"] for p in pairs]
    assert counts == sorted(counts, reverse=True)
    for pair in pairs:
        assert pair["a"] < pair["b"]
        one = client.get("/api/relations", params={"a": pair["a"], "b": pair["b"]}).json()
        assert pair["months"] == one["items"]  # the same months as the pair's own view
        assert pair["events"] == sum(m["events"] for m in pair["months"])
    assert len(client.get("/api/relations?limit=2").json()["items"]) == 2


def test_relations_page_opens_on_the_busiest_pairs_with_a_chart_each(
        client: TestClient) -> None:
    pairs = client.get("/api/relations").json()["items"]
    html = client.get("/relations").text
    twin = re.search(r'href="([^"]+)" rel="alternate"', html)
    assert twin is not None and urlsplit(twin.group(1)).path == "/api/relations"
    assert "<select" in html  # the picker is still there, nothing chosen
    charts = html.count('<svg class="chart relations"')
    dated = [p for p in pairs if any(m["month"] != "unknown" for m in p["months"])]
    assert charts == len(dated) >= 1
    for pair in pairs:
        assert f'href="/relations?a={pair["a"]}&amp;b={pair["b"]}"' in html
    first = html.index(f'/relations?a={pairs[0]["a"]}&amp;b={pairs[0]["b"]}')
    assert first < html.index('<svg class="chart relations"')  # busiest first


def test_relations_with_one_country_only_is_422_naming_the_other(client: TestClient) -> None:
    for url, name in (("/api/relations?a=BRA", "b"), ("/api/relations?b=JPN", "a")):
        response = client.get(url)
        assert response.status_code == 422 and response.json()["detail"].startswith(name)
