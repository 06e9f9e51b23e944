"""The actor gate: country and sector of actor phrases, never below the pinned floors.

Checks our gold itself (every phrase is in its sentence; persons of 40+ countries, agents,
organisations, places inside names, phrases around the actor and traps are all there; no
seed text copied), that the scorer notices a wrong code, the floor files (our ``actors``
section is locked and never lowered), and finally that the real pipeline meets the floors
on our gold and, when ``../shared/eval-dev`` is present, on NGEC's development half.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

act = gate.load("chronicle_eval_score_actors", "score_actors.py")
OWN = act.own_cases()
WORDS = re.compile(r"\w+")


def _rows() -> list[dict[str, Any]]:
    import json

    return [json.loads(line) for line in act.OWN_PATH.read_text(encoding="utf-8").splitlines()
            if line.strip()]


# --- The gold is well formed ---------------------------------------------------------------


def test_own_gold_is_big_and_varied() -> None:
    rows = _rows()
    kinds = Counter(r["kind"] for r in rows)
    assert len(rows) >= 150 and len({r["id"] for r in rows}) == len(rows)
    persons = {r["country"] for r in rows if r["kind"] in {"person", "former"}}
    assert len(persons) >= 40, sorted(persons)
    for kind, least in (("agent", 20), ("organisation", 20), ("place-in-name", 8),
                        ("capital", 4), ("wrapper", 15), ("former", 8), ("trap", 8)):
        assert kinds[kind] >= least, (kind, kinds[kind])


def test_own_gold_phrases_are_in_their_sentences() -> None:
    for case in OWN:
        assert 0 <= case.start < case.end <= len(case.text), case.id
        assert case.text[case.start:case.end].strip(), case.id


def test_own_gold_has_the_traps_the_issue_names() -> None:
    rows = {r["id"]: r for r in _rows()}
    turkey = rows["trap_turkey_bird"]
    assert turkey["actor"] == "turkey" and turkey.get("none")
    assert rows["trap_georgia_state"]["country"] == "USA"  # Georgia the US state
    assert rows["trap_georgia_country"]["country"] == "GEO"
    # a former leader after the term (ELI) and the same person in office (GOV)
    assert rows["za_zuma_former"]["sector"] == "ELI"
    assert rows["za_zuma_in_office"]["sector"] == "GOV"
    assert any(r.get("none") for k, r in rows.items() if k in {"trap_tim_weah", "trap_stan_lee"})


def test_own_gold_copies_no_seed_text() -> None:
    seeds = act.gate.SEEDS_DIR
    if not seeds.is_dir():
        pytest.skip("shared seeds folder is absent")
    grams: set[tuple[str, ...]] = set()
    for path in seeds.glob("*.txt"):
        tokens = WORDS.findall(path.read_text(encoding="utf-8").lower())
        grams |= {tuple(tokens[i:i + 7]) for i in range(len(tokens) - 6)}
    for case in OWN:
        tokens = WORDS.findall(case.text.lower())
        assert not any(tuple(tokens[i:i + 7]) in grams for i in range(len(tokens) - 6)), case.id


# --- The scorer ----------------------------------------------------------------------------


def test_scorer_catches_a_wrong_country_a_missing_sector_and_a_false_actor() -> None:
    case = act.Case("x", "Kenyan police said so.", 0, 13, "2023-01-01", "KEN", None,
                    frozenset({"COP"}), False)
    tally = act.Tally()
    act.score_case(case, {"text": "Kenyan police", "label": "NORP", "country": "UGA",
                          "sector": ""}, tally)
    assert tally.scores()["country"] == 0.0 and tally.scores()["sector"] == 0.0
    assert tally.scores()["coverage"] == 1.0
    trap = act.Case("y", "Stan Lee said so.", 0, 8, None, None, None, None, True)
    act.score_case(trap, {"text": "Stan Lee", "label": "PERSON", "country": "SGP",
                          "sector": "GOV"}, tally)
    assert tally.scores()["none"] == 0.0


def test_ngec_dates_and_codes_are_read_as_the_readme_says() -> None:
    assert act._ngec_day("") == act._ngec_day("Today") == act.NGEC_TODAY.isoformat()
    assert act._ngec_day("10 May 2015") == "2015-05-10"
    assert act._ngec_day("October 1, 2021") == "2021-10-01"
    assert act._ngec_sectors(["JRN"]) == {"MED"} and act._ngec_sectors(["SOC"]) == {"NGO", "HRI"}
    assert act._ngec_sectors(["UNK"]) == set() and act._ngec_sectors(None) is None


def test_ngec_set_is_left_out_when_the_folder_is_absent(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(act, "NGEC_PATH", tmp_path / "absent.jsonl")
    assert act.evaluate(("ngec_dev",)) == {}


# --- Floors and the gate -------------------------------------------------------------------


def test_actor_floors_are_locked_and_not_lowered() -> None:
    floors = act.load_floors(act.gate.FLOORS_PATH)
    lock = act.load_floors(act.gate.LOCK_PATH)
    assert set(lock) == set(act.SETS), "the actors section of floors.lock.json is missing"
    assert act.gate.floor_problems(floors, lock) == []
    # the issue's targets: NGEC dev country 0.90, sector 0.75, coverage 0.90; ours 0.90/0.85
    assert lock["ngec_dev"]["country"] >= 0.90 and lock["ngec_dev"]["sector"] >= 0.75
    assert lock["ngec_dev"]["coverage"] >= 0.90
    assert lock["own"]["country"] >= 0.90 and lock["own"]["sector"] >= 0.85


@pytest.mark.parametrize("set_name", act.SETS)
def test_actors_meet_floors(set_name: str) -> None:
    if set_name == "ngec_dev" and not act.NGEC_PATH.is_file():
        pytest.skip("../shared/eval-dev is absent")
    tally = act.evaluate((set_name,))[set_name]
    floors = act.load_floors(act.gate.FLOORS_PATH)
    print()
    print(act.GATE.table({set_name: tally}, floors))
    for miss in tally.misses:
        print(f"[{set_name}] {miss}")
    assert act.gate.below_floor(set_name, tally, floors) == []
