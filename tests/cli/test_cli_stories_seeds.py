"""Issue acceptance for stories, summaries and contradictions, end to end on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronicle.cli import app

runner = CliRunner()
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def export(db: Path, table: str) -> list[dict]:
    result = runner.invoke(app, ["export", table, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def grouping(db: Path) -> dict[str, frozenset[str]]:
    """Story id -> the seed numbers of its members."""
    seed_of = {a["id"]: Path(a["source_path"]).name[:3] for a in export(db, "articles")}
    return {s["id"]: frozenset(seed_of[a] for a in s["article_ids"])
            for s in export(db, "stories")}


@pytest.fixture(scope="module")
def batch_db(tmp_path_factory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    db = tmp_path_factory.mktemp("stories") / "x.db"
    assert runner.invoke(app, ["run", str(SEEDS), "--db", str(db), "-q"]).exit_code == 0
    return db


def test_exactly_two_stories(batch_db: Path) -> None:
    assert set(grouping(batch_db).values()) == {frozenset({"000", "001", "003"}),
                                                frozenset({"002", "004"})}


def test_one_at_a_time_gives_the_same_stories_and_ids(batch_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    for seed in sorted(SEEDS.glob("*.txt")):
        assert runner.invoke(app, ["run", str(seed), "--db", str(db), "-q"]).exit_code == 0
    assert grouping(db) == grouping(batch_db)


def test_arrival_day_contradiction(batch_db: Path) -> None:
    conflicts = export(batch_db, "conflicts")
    days = [c for c in conflicts if set(c["values"]) == {"Wednesday", "Thursday"}]
    assert days
    assert "Wednesday" in days[0]["a"]["text"] or "Wednesday" in days[0]["b"]["text"]
    assert days[0]["a"]["article_id"] != days[0]["b"]["article_id"]


def test_summaries_are_short_cited_and_clean(batch_db: Path) -> None:
    removed = {(r["article_id"], r["text"].strip()) for r in export(batch_db, "removed")}
    texts = {a["id"]: a["text"] for a in export(batch_db, "articles")}
    for story in export(batch_db, "stories"):
        summary = story["summary"]
        assert 0 < len(summary) <= 6
        cited = {c["article_id"] for item in summary for c in item["citations"]}
        assert len(cited) >= 2, story["title"]
        for item in summary:
            span = item["span"]
            assert texts[span["article_id"]][span["start"]:span["end"]] == item["text"]
            assert (span["article_id"], item["text"]) not in removed


def test_timeline_and_relations_commands(batch_db: Path) -> None:
    timeline = runner.invoke(app, ["timeline", "--db", str(batch_db), "--dyad", "RUS", "VNM"])
    assert timeline.exit_code == 0 and "2021-11-30" in timeline.output
    relations = runner.invoke(app, ["relations", "RUS", "VNM", "--db", str(batch_db)])
    assert relations.exit_code == 0 and "2021-11" in relations.output
