"""The story gate: B-cubed clustering scores against our gold, never below the pinned floors.

Checks the gold itself (our articles exist, are short news articles with a headline, cover
enough happenings and traps, copy no seed text), the B-cubed scorer on hand-made cases, the
floor files (our ``stories`` section is locked and never lowered), and finally that the real
pipeline's stories meet the floors.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

st = gate.load("chronicle_eval_score_stories", "score_stories.py")
GOLD: dict[str, Any] = st.load_gold()
ARTICLES = sorted(st.ARTICLES_DIR.glob("*.txt"))
REALNEWS = sorted(st.REALNEWS_DIR.glob("*.txt"))
WORDS = re.compile(r"\w+")


@pytest.fixture(scope="module")
def tallies() -> dict[str, Any]:
    return st.evaluate()


# --- The gold is well formed -------------------------------------------------------------


def test_every_gold_document_exists_and_names_a_known_happening() -> None:
    labels = set(GOLD["happenings"])
    for doc in GOLD["documents"]:
        assert doc["story"] in labels, doc
        if doc["source"].startswith("seeds/"):
            assert re.fullmatch(r"seeds/\d{3}", doc["source"]) and doc["record"] is None
        else:
            assert (st.REPO_DIR / doc["source"]).is_file(), doc
    used = {doc["story"] for doc in GOLD["documents"]}
    assert used == labels, labels - used
    keys = [f"{d['source']}#{d['record']}" for d in GOLD["documents"]]
    assert len(keys) == len(set(keys))


def test_our_articles_are_all_labelled_and_cover_enough_happenings() -> None:
    ours = {d["source"]: d["story"] for d in GOLD["documents"] if st.set_of(d["source"]) ==
            "articles"}
    assert {f"eval/stories/articles/{p.name}" for p in ARTICLES} == set(ours)
    assert len(ARTICLES) >= 32
    sizes = Counter(ours.values())
    assert sum(1 for n in sizes.values() if n >= 3) >= 8
    traps = [k for k, v in GOLD["happenings"].items() if "trap" in v and k in sizes]
    assert len(traps) >= 4


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_articles_are_short_news_with_a_headline(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].strip() and not lines[0].rstrip().endswith(".")
    assert len(WORDS.findall(lines[0])) <= 16 and not lines[1].strip()
    assert 80 <= len(WORDS.findall("\n".join(lines[1:]))) <= 200


def test_articles_copy_no_seed_text() -> None:
    if not st.SEEDS_DIR.is_dir():
        pytest.skip("shared seeds folder is absent")
    seed_grams = set()
    for path in st.SEEDS_DIR.glob("*.txt"):
        tokens = WORDS.findall(path.read_text(encoding="utf-8").lower())
        seed_grams |= {tuple(tokens[i:i + 7]) for i in range(len(tokens) - 6)}
    for path in [*ARTICLES, *REALNEWS]:
        tokens = WORDS.findall(path.read_text(encoding="utf-8").lower())
        shared = [g for i in range(len(tokens) - 6) if (g := tuple(tokens[i:i + 7])) in seed_grams]
        assert not shared, (path.name, shared[:1])


# --- The scorer ---------------------------------------------------------------------------


def _bcubed(gold: dict[str, str], predicted: dict[str, str]) -> Any:
    tally = st.Tally()
    st.bcubed(gold, predicted, tally)
    return tally


def test_bcubed_on_hand_made_clusterings() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    perfect = _bcubed(gold, {"a": "1", "b": "1", "c": "2"}).scores()
    assert perfect == {"bcubed_precision": 1.0, "bcubed_recall": 1.0, "bcubed_f1": 1.0}
    lumped = _bcubed(gold, {"a": "1", "b": "1", "c": "1"})
    assert lumped.scores()["bcubed_precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert lumped.scores()["bcubed_recall"] == 1.0
    assert any("merged ['x', 'y']" in m for m in lumped.misses)
    split = _bcubed(gold, {"a": "1", "c": "2"})  # b is missing: a singleton of its own
    assert split.scores()["bcubed_precision"] == 1.0
    assert split.scores()["bcubed_recall"] == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    assert any(m.startswith("missing from the store: b") for m in split.misses)


def test_doc_keys_name_seeds_by_number_and_records_by_position() -> None:
    seed = st.SEEDS_DIR / "003_0123456789abcdef.txt"
    assert st.doc_key(str(seed), None) == "seeds/003"
    path = st.REPO_DIR / "examples" / "corpus" / "wire_digest.jsonl"
    assert st.doc_key(str(path), "line 2") == "examples/corpus/wire_digest.jsonl#line 2"


# --- Floors -------------------------------------------------------------------------------


def test_story_floors_are_locked_and_not_lowered() -> None:
    floors = st.load_floors(st.gate.FLOORS_PATH)
    lock = st.load_floors(st.gate.LOCK_PATH)
    assert {"articles", "examples", "all"} <= set(lock), "the stories section is not locked"
    assert st.gate.floor_problems(floors, lock) == []


def test_pin_raises_only_and_keeps_other_sections(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    floors_path, lock_path = tmp_path / "floors.json", tmp_path / "floors.lock.json"
    old = {"examples": {"body_recall": 1.0}, "stories": {"articles": {"bcubed_recall": 0.9}}}
    for path in (floors_path, lock_path):
        path.write_text(json.dumps(old), encoding="utf-8")
    monkeypatch.setattr(st.gate, "FLOORS_PATH", floors_path)
    monkeypatch.setattr(st.gate, "LOCK_PATH", lock_path)
    tally = _bcubed({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "2", "c": "3"})
    st.write_floors(st.pinned({"articles": tally}))
    written = json.loads(lock_path.read_text(encoding="utf-8"))
    assert written["examples"] == {"body_recall": 1.0}
    assert written["stories"]["articles"] == {"bcubed_precision": 1.0, "bcubed_recall": 0.9,
                                              "bcubed_f1": 0.8}
    assert json.loads(floors_path.read_text(encoding="utf-8")) == written


# --- The gate -----------------------------------------------------------------------------


def test_stories_meet_floors(tallies: dict[str, Any]) -> None:
    floors = st.load_floors(st.gate.FLOORS_PATH)
    print()
    print(st.table(tallies, floors))
    for miss in tallies["all"].misses:
        print(f"[all] {miss}")
    problems = [p for name, t in tallies.items() for p in st.gate.below_floor(name, t, floors)]
    assert problems == []


def test_traps_stay_apart(tallies: dict[str, Any]) -> None:
    # Same actors at another time, or the same countries the same week: never one story.
    traps = {k for k, v in GOLD["happenings"].items() if "trap" in v or "distractor" in v}
    merged = [m for m in tallies["all"].misses if m.startswith("merged")
              and any(f"'{label}'" in m for label in traps)]
    assert merged == []


def test_realnews_duplicates_all_found_and_none_false(tallies: dict[str, Any]) -> None:
    """A wire copy cut at another length under another site's URL, and one page at its AMP
    mirror with tracking parameters: both found; the trip's other leg, the other outlets'
    reports of one leg and the leader's visit a year earlier are no duplicates."""
    pairs = GOLD["duplicates"]
    assert len(pairs) >= 2 and all((st.REPO_DIR / p[k]).is_file() for p in pairs
                                   for k in ("source", "of"))
    found, missed, false = st.duplicates_check()
    assert missed == [] and false == [] and len(found) == len(pairs)
