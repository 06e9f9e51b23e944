"""The article page and its JSON twin say where else a report was published and which rule
found each copy (here: a second extraction of the same URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from chronicle.model import Article  # noqa: E402
from chronicle.store import Batch, Store  # noqa: E402
from chronicle.web import create_app  # noqa: E402

FIRST = ("The harbour board of Kessling agreed on Monday to dredge the north channel before the "
         "autumn storms, so that ferries to the outer islands can keep their winter timetable.")
AGAIN = ("Kessling's harbour master said the dredgers would work at night to keep the fish "
         "market quay open, and that the channel markers would be moved twice during the work.")
URL = "https://harbour-gazette.example/news/kessling-board-agrees-to-dredge-north-channel"


def test_article_page_lists_a_same_url_copy_with_its_rule(tmp_path: Path) -> None:
    db = tmp_path / "copies.db"
    first = Article(id="a" * 16, source_path="gazette.jsonl", record="line 1", raw_text=FIRST,
                    text=FIRST, paragraphs=[FIRST], url=URL + "?utm_source=rss",
                    canonical_url=URL, content_hash="1")
    again = Article(id="b" * 16, source_path="gazette.jsonl", record="line 2", raw_text=AGAIN,
                    text=AGAIN, paragraphs=[AGAIN], url=URL.replace("https://", "https://m."),
                    canonical_url=URL, content_hash="2", status="duplicate", reason="url",
                    duplicate_of="a" * 16, similarity=0.0)
    with Store(db) as store:
        store.write_batch(Batch(articles=[first, again]), store.begin_run(["gazette.jsonl"], {}))
    with TestClient(create_app(db), base_url="http://localhost") as client:
        record = client.get(f"/api/articles/{'a' * 16}").json()
        assert [(c["rule"], c["url"], c["id"]) for c in record["copies"]] == [
            ("url", again.url, "b" * 16)]
        page = client.get(f"/articles/{'a' * 16}").text
    assert "<h2>Also published at</h2>" in page
    assert f'url: <span class="url">{again.url}</span>' in page
