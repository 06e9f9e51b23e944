"""Acceptance on the five shared seeds: two happenings, whatever the increments.

Seeds 000, 001 and 003 tell the Russian president's 2024 visit to Vietnam, 002 and 004 the
Vietnamese president's 2021 visit to Russia: the same two countries and the same leaders,
with 000 and 001 undated. The seeds go through the real pipeline; stories come from the
store's ``stories`` export once the runner writes them, else the stories stage runs over
what the store holds after each run, exactly as the runner will call it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import chronicle
from chronicle.config import Config
from chronicle.model import Article, Mention, Span, TimeValue
from chronicle.pipeline.stories import MemoryStoryIndex, assign, batch_docs, story_id
from chronicle.store import Store, queries
from chronicle.store.export import TABLES

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
CONFIG = Config()


def seed_files() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return sorted(SEEDS.glob("*.txt"))


def stage_over_store(store: Store, index: MemoryStoryIndex) -> None:
    """Assign every stored article not yet in ``index`` (assign skips the assigned ones)."""
    kinds = {e["id"]: e["kind"] for e in queries.iter_entities(store)}
    mentions = [Mention(Span(**m["span"]), m["label"], m["entity_id"])
                for m in queries.iter_mentions(store)]
    dates = [(Span(**d["span"]), TimeValue.from_dict(d["date"]))
             for d in queries.iter_dates(store)]
    articles = [Article(id=a["id"], source_path=a["source_path"], raw_text="", title=a["title"],
                        text=a["text"], published=TimeValue.from_dict(a["published"]),
                        status=a["status"], duplicate_of=a["duplicate_of"])
                for a in queries.iter_articles(store)]
    docs = batch_docs(articles, mentions, kinds, dates, CONFIG.stories)
    index.write(assign(docs, index, CONFIG.stories))


def stories_after_runs(db_path: Path, runs: list[list[Path]]) -> dict[str, set[str]]:
    """Story id -> seed numbers, after running each list of inputs in turn into one db."""
    return {sid: {name for name, _ in members}
            for sid, members in stories_with_ids(db_path, runs).items()}


def stories_with_ids(db_path: Path, runs: list[list[Path]]) -> dict[str, list[tuple[str, str]]]:
    """Story id -> (seed number, article id) of its members, in seed order."""
    index = MemoryStoryIndex()
    with chronicle.open(db_path, CONFIG) as db:
        for inputs in runs:
            db.run([str(p) for p in inputs])
            if "stories" not in TABLES:
                stage_over_store(db.store, index)
        names = {a["id"]: Path(a["source_path"]).name[:3] for a in db.articles()}
        if "stories" in TABLES:
            members = {aid: s["id"] for s in TABLES["stories"](db.store)
                       for aid in s["article_ids"]}
        else:
            members = index.members
    out: dict[str, list[tuple[str, str]]] = {}
    for article_id, sid in members.items():
        out.setdefault(sid, []).append((names[article_id], article_id))
    return {sid: sorted(m) for sid, m in out.items()}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str]]]:
    files = seed_files()
    return stories_with_ids(tmp_path_factory.mktemp("batch") / "seeds.db", [files])


def test_seeds_form_exactly_two_stories(batch: dict[str, list[tuple[str, str]]]) -> None:
    groups = sorted([name for name, _ in members] for members in batch.values())
    assert groups == [["000", "001", "003"], ["002", "004"]]


def test_story_ids_hash_the_first_members_article_id(
    batch: dict[str, list[tuple[str, str]]]
) -> None:
    assert {sid: story_id(members[0][1]) for sid, members in batch.items()} == {
        sid: sid for sid in batch}


def test_adding_seeds_one_at_a_time_gives_the_same_stories_and_ids(
    batch: dict[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    files = seed_files()
    want = {sid: {name for name, _ in members} for sid, members in batch.items()}
    assert stories_after_runs(tmp_path / "single.db", [[f] for f in files]) == want
    assert stories_after_runs(tmp_path / "rerun.db", [files, files]) == want  # moves nothing


@pytest.mark.slow
def test_seeds_added_in_reverse_order_still_form_two_stories(tmp_path: Path) -> None:
    files = seed_files()
    reverse = stories_after_runs(tmp_path / "reverse.db", [[f] for f in reversed(files)])
    assert sorted(map(sorted, reverse.values())) == [["000", "001", "003"], ["002", "004"]]
