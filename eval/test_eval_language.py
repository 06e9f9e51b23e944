"""The language-layer gate: actors, entity links and dates scored against our gold.

Checks the gold itself (every mention and date expression is really in its text, weekdays
agree with their dates, no seed text copied), the floor files (our ``language`` section is
locked and never lowered), that the scorer notices a broken prediction, and finally that
the measured scores meet the pinned floors.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

lang = gate.load("chronicle_eval_score_language", "score_language.py")
SENTENCES: list[dict[str, Any]] = lang.load_sentences()
SEED_GOLD: dict[str, Any] = lang.load_seed_gold()
SECTORS = {"GOV", "MIL", "PTY", "LEG", "JUD", "COP", "BUS", "MED", "EDU", "OPP", "REB", "ELI",
           "CVL", "HLH", "LAB", "SPY", "IGO", "NGO"}
PRECISIONS = {"day", "week", "month", "year", "unknown"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _seed_files() -> dict[str, Path]:
    if not lang.SEEDS_DIR.is_dir():
        pytest.skip("shared seeds folder is absent")
    return {p.name.split("_")[0]: p for p in sorted(lang.SEEDS_DIR.glob("*.txt"))}


@pytest.fixture(scope="module")
def annotated() -> dict[str, Any]:
    config = lang.sentence_config()
    return {item["id"]: lang.annotate_item(item, config) for item in SENTENCES}


@pytest.fixture(scope="module")
def seed_runs() -> dict[str, Any]:
    _seed_files()
    return lang.run_seeds(lang.SEEDS_DIR)


# --- The gold is well formed -------------------------------------------------------------


def test_sentence_gold_size_and_ids() -> None:
    ids = [item["id"] for item in SENTENCES]
    assert len(ids) >= 60 and len(set(ids)) == len(ids)
    assert sum(len(item["actors"]) for item in SENTENCES) >= 150
    assert sum(len(item["dates"]) for item in SENTENCES) >= 80


@pytest.mark.parametrize("item", SENTENCES, ids=lambda item: item["id"])
def test_sentence_gold_spans_are_in_the_text(item: dict[str, Any]) -> None:
    assert set(item) <= {"id", "text", "published", "actors", "dates", "published_expected",
                         "same_entity", "distinct_entities"}
    assert None not in lang.locate(item["text"], item["actors"], "mention")
    assert None not in lang.locate(item["text"], item["dates"], "text")
    mentions = {a["mention"] for a in item["actors"]}
    for group in item.get("same_entity", []) + item.get("distinct_entities", []):
        assert set(group) <= mentions and len(group) >= 2


@pytest.mark.parametrize("item", SENTENCES, ids=lambda item: item["id"])
def test_sentence_gold_codes_and_dates_are_valid(item: dict[str, Any]) -> None:
    for actor in item["actors"]:
        assert re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", actor["country"]), actor
        assert actor["country"] not in {"RUS", "VNM"}  # the seeds cover those two
        assert actor["sector"] is None or actor["sector"] in SECTORS, actor
    for gold in item["dates"]:
        assert gold["precision"] in PRECISIONS
        if gold["earliest"] is not None:
            assert date.fromisoformat(gold["earliest"]) <= date.fromisoformat(gold["latest"])
        if item["published"] is None and gold["precision"] != "unknown":
            assert re.search(r"\d{4}", item["text"]), "a day without any anchor is a guess"
    if item["published"] is not None:
        date.fromisoformat(item["published"])


def test_weekdays_in_gold_fall_on_their_day() -> None:
    checked = 0
    for item in SENTENCES:
        for gold in item["dates"]:
            word = next((w for w in WEEKDAYS if w in gold["text"]), None)
            if word and gold["precision"] == "day":
                assert date.fromisoformat(gold["earliest"]).strftime("%A") == word, gold
                checked += 1
    assert checked >= 50


def test_sentences_copy_no_seed_text() -> None:
    seeds = _seed_files()
    words = re.compile(r"\w+")
    seed_grams = set()
    for path in seeds.values():
        tokens = words.findall(path.read_text(encoding="utf-8").lower())
        seed_grams |= {tuple(tokens[i:i + 7]) for i in range(len(tokens) - 6)}
    for item in SENTENCES:
        tokens = words.findall(item["text"].lower())
        shared = [g for i in range(len(tokens) - 6) if (g := tuple(tokens[i:i + 7])) in seed_grams]
        assert not shared, (item["id"], shared[:1])


def test_seed_gold_holds_short_names_only() -> None:
    strings = [v for rules in SEED_GOLD.values() for rule in rules
               for v in (rule.values() if isinstance(rule, dict) else rule) if isinstance(v, str)]
    assert strings and max(len(s) for s in strings) <= 40


def test_seed_gold_points_at_real_seed_text() -> None:
    seeds = _seed_files()
    assert set(seeds) == {"000", "001", "002", "003", "004"}
    for rule in SEED_GOLD["links"] + SEED_GOLD["dates"]:
        text = seeds[rule["seed"]].read_text(encoding="utf-8")
        assert lang.occurrences(text, rule.get("mention") or rule["text"]), rule
    assert {r["seed"] for r in SEED_GOLD["published"]} == set(seeds)


# --- The scorer ---------------------------------------------------------------------------


def test_locate_skips_occurrences_inside_earlier_gold_spans() -> None:
    text = "Prime Minister Ana Costa met Luis Costa. Costa said the talks went well."
    gold = [{"mention": "Ana Costa"}, {"mention": "Luis Costa"}, {"mention": "Costa"}]
    assert lang.locate(text, gold, "mention") == [(15, 24), (29, 39), (41, 46)]
    assert lang.locate(text, [{"mention": "Costa", "occurrence": 1}], "mention") == [(34, 39)]
    assert lang.locate(text, [{"mention": "Cost"}], "mention") == [None]


def test_time_ok_compares_only_what_gold_names() -> None:
    got = {"earliest": None, "latest": "2024-09-08", "precision": "unknown", "source": "x"}
    assert lang.time_ok({"latest": "2024-09-08", "precision_not": "day"}, got)
    assert not lang.time_ok({"precision_not": "unknown"}, got)
    assert not lang.time_ok({"earliest": "2024-09-01"}, got)
    assert not lang.time_ok({"earliest": None}, None)
    assert lang.time_ok({"precision_not": "day"}, None)  # nothing found: no day was given


def test_scorer_catches_a_wrong_country_and_a_shifted_day(annotated: dict[str, Any]) -> None:
    item = next(i for i in SENTENCES if i["id"] == "de_scholz_title")
    good = lang.Tally()
    lang.score_sentence(item, annotated[item["id"]], good)
    ann = annotated[item["id"]]
    broken = lang.Annotated(
        ann.text, ann.published,
        [dict(m, country="FRA", entity_id=f"e{i}") for i, m in enumerate(ann.mentions)],
        [dict(d, earliest="2023-05-05", latest="2023-05-05") for d in ann.dates])
    bad = lang.Tally()
    lang.score_sentence(item, broken, bad)
    assert bad.hits["actor_country"] == good.hits["actor_country"] - 2  # Macron is French
    assert bad.hits["dates"] == good.hits["dates"] - 1
    assert bad.hits["linking"] == good.hits["linking"] - 1
    assert any("'Scholz' gold DEU" in miss for miss in bad.misses)


def test_seed_scorer_catches_a_wrong_alias_link(seed_runs: dict[str, Any]) -> None:
    wrong = {**SEED_GOLD, "links": [{"seed": "002", "mention": "Nguyen",
                                     "entity": "Nguyen Phu Trong"}]}
    tally = lang.Tally()
    lang.score_seeds(wrong, seed_runs, tally)
    assert tally.totals["linking"] - tally.hits["linking"] >= 1
    assert any("'Nguyen' -> 'Nguyen Phu Trong'" in miss for miss in tally.misses)


def test_seeds_set_is_left_out_when_the_folder_is_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(lang, "SEEDS_DIR", tmp_path / "no-seeds")
    assert lang.evaluate(("seeds",)) == {}


# --- Floors -------------------------------------------------------------------------------


def test_language_floors_are_locked_and_not_lowered() -> None:
    floors = lang.load_floors(lang.gate.FLOORS_PATH)
    lock = lang.load_floors(lang.gate.LOCK_PATH)
    assert set(lock) == set(lang.SETS), "the language section of floors.lock.json is missing"
    assert lang.gate.floor_problems(floors, lock) == []


def test_pin_raises_only_and_keeps_other_sections(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    floors_path, lock_path = tmp_path / "floors.json", tmp_path / "floors.lock.json"
    old = {"examples": {"body_recall": 1.0}, "language": {"sentences": {"dates": 0.8}}}
    for path in (floors_path, lock_path):
        path.write_text(json.dumps(old), encoding="utf-8")
    monkeypatch.setattr(lang.gate, "FLOORS_PATH", floors_path)
    monkeypatch.setattr(lang.gate, "LOCK_PATH", lock_path)
    tally = lang.Tally()
    for ok in (True, True, False):  # dates 0.667 (below the floor), linking 1.0
        tally.add("dates", ok, "miss")
    tally.add("linking", True, "")
    lang.write_floors(lang.pinned({"sentences": tally}))
    written = json.loads(lock_path.read_text(encoding="utf-8"))
    assert written["examples"] == {"body_recall": 1.0}
    assert written["language"]["sentences"] == {"dates": 0.8, "linking": 1.0}
    assert json.loads(floors_path.read_text(encoding="utf-8")) == written


# --- The gate -----------------------------------------------------------------------------


def _gate(set_name: str, tally: Any) -> None:
    floors = lang.load_floors(lang.gate.FLOORS_PATH)
    print()
    print(lang.table({set_name: tally}, floors))
    for miss in tally.misses:
        print(f"[{set_name}] {miss}")
    assert lang.gate.below_floor(set_name, tally, floors) == []


def test_sentences_meet_floors(annotated: dict[str, Any]) -> None:
    tally = lang.Tally()
    for item in SENTENCES:
        lang.score_sentence(item, annotated[item["id"]], tally)
    _gate("sentences", tally)


def test_seeds_meet_floors(seed_runs: dict[str, Any]) -> None:
    tally = lang.Tally()
    lang.score_seeds(SEED_GOLD, seed_runs, tally)
    _gate("seeds", tally)
