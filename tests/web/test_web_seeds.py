"""The story page on the shared seed articles: the three reports of one visit, a cited summary,
and the contradiction on the day the visitor arrived, highlighted in both articles."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import chronicle
from chronicle.web import create_app

pytestmark = pytest.mark.slow
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


@pytest.fixture(scope="module")
def seeds_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with chronicle.open(db) as chron:
        chron.run([str(SEEDS)])
    return TestClient(create_app(db), base_url="http://localhost")


def test_visit_story_page_shows_members_cited_summary_and_day_contradiction(
        seeds_client: TestClient) -> None:
    stories = seeds_client.get("/api/stories?limit=500").json()["items"]
    visits = [s for s in stories if len(s["article_ids"]) == 3]
    assert len(visits) == 1, [(s["title"], len(s["article_ids"])) for s in stories]
    story = seeds_client.get(f"/api/stories/{visits[0]['id']}").json()
    day_conflicts = [c for c in story["conflicts"] if set(c["values"]) == {"Wednesday",
                                                                           "Thursday"}]
    assert day_conflicts, story["conflicts"]

    html = seeds_client.get(f"/stories/{story['id']}").text
    columns = re.findall(r'<div class="member" id="a-([0-9a-f]+)">', html)
    assert sorted(columns) == sorted(story["article_ids"])
    for member in story["articles"]:
        assert unescape(html).count(member["title"] or member["source_path"]) >= 1

    summary = html[html.index('<section class="summary">'):html.index("</section>")]
    assert len(story["summary"]) >= 3
    assert summary.count('class="cite"') >= len(story["summary"])
    assert set(re.findall(r'data-target="c-([0-9a-f]+)-', summary)) <= set(story["article_ids"])

    contradictions = html[html.index('<section class="conflicts">'):]
    shown = re.findall(r'<span class="conflict">([^<]+)</span>', contradictions)
    assert {"Wednesday", "Thursday"} <= set(shown)
    # Both statements are highlighted inside their own article's column.
    conflict = day_conflicts[0]
    for side in ("a", "b"):
        column = html[html.index(f'id="a-{conflict[side]["article_id"]}"'):]
        column = column[:column.find('<div class="member"', 1)]
        marked = "".join(re.findall(r'<span class="[^"]*conflict[^"]*"[^>]*>([^<]+)</span>',
                                    column))
        assert marked and unescape(marked) in conflict[side]["text"]
        assert DAYS & set(re.findall(r"\w+", unescape(marked)))
