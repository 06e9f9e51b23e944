"""The event gate: PLOVER types and CAMEO roots of single sentences, never below the floors.

Checks our gold itself (every root, the error classes and no-event sentences are there;
codes are real CAMEO codes; no seed text copied), the scorer on hand-made predictions, the
floor files (our ``events`` section is locked and never lowered), and finally that the real
coder meets the floors on our gold and, when ``../shared/eval-dev`` is present, on the PLOVER
records' development half.
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

ev = gate.load("chronicle_eval_score_events", "score_events.py")
OWN = ev.own_records()
WORDS = re.compile(r"\w+")


# --- The gold is well formed ---------------------------------------------------------------


def test_own_gold_covers_every_root_the_error_classes_and_no_event_sentences() -> None:
    kinds = Counter(r["kind"] for r in OWN)
    assert len(OWN) >= 300 and len({r["id"] for r in OWN}) == len(OWN)
    roots = Counter(e["root"] for r in OWN if r["kind"] == "root" for e in r["events"])
    assert set(roots) == {f"{n:02d}" for n in range(1, 21)}, sorted(roots)
    assert min(roots.values()) >= 10
    for kind, least in (("no_actor", 20), ("intent", 30), ("attach", 25), ("lexicon", 20),
                        ("no_event", 60)):
        assert kinds[kind] >= least, (kind, kinds[kind])
    assert all(not r["events"] for r in OWN if r["kind"] == "no_event")


def test_own_gold_codes_are_cameo_codes() -> None:
    from chronicle.pipeline.events import codebook

    for record in OWN:
        for event in record["events"]:
            assert codebook.is_code(event["cameo"]), (record["id"], event["cameo"])
            assert event["cameo"].startswith(event["root"]), record["id"]
            for side in ("source", "target"):
                assert re.fullmatch(r"[A-Z]{2,6}|", event[side]), (record["id"], side)


def test_own_gold_copies_no_seed_text() -> None:
    seeds = ev.gate.SEEDS_DIR
    if not seeds.is_dir():
        pytest.skip("shared seeds folder is absent")
    grams: set[tuple[str, ...]] = set()
    for path in seeds.glob("*.txt"):
        tokens = WORDS.findall(path.read_text(encoding="utf-8").lower())
        grams |= {tuple(tokens[i:i + 7]) for i in range(len(tokens) - 6)}
    for record in OWN:
        tokens = WORDS.findall(record["text"].lower())
        assert not any(tuple(tokens[i:i + 7]) in grams for i in range(len(tokens) - 6))


# --- The scorer ----------------------------------------------------------------------------


def _event(source: str, cameo: str, plover: str, target: str = "") -> dict[str, Any]:
    return {"source": [{"country": source, "sector": "", "name": source}],
            "target": [{"country": target, "sector": "", "name": target}] if target else [],
            "cameo": cameo, "root": cameo[:2], "plover": plover, "mode": None, "trigger": None}


def test_plover_types_are_mapped_as_the_readme_says() -> None:
    assert ev.plover_type({"event": "DEMAND"}) == "REQUEST"
    assert ev.plover_type({"event": "INVESTIGATE"}) == "ACCUSE"
    assert ev.plover_type({"event": "COERCE", "mode": "destroy"}) == "ASSAULT"
    assert ev.plover_type({"event": "COERCE", "mode": "arrest"}) == "COERCE"


def test_plover_scorer_counts_type_coverage_and_source() -> None:
    record = {"id": "x", "event": "FIGHT", "text": "t", "source": [{"code": "IGO"}]}
    tally = ev.Tally()
    ev.score_plover(record, [_event("NATO", "190", "ASSAULT", "SRB")], tally)
    ev.score_plover(record, [_event("SRB", "111", "ACCUSE")], tally)
    ev.score_plover(record, [], tally)
    scores = tally.scores()
    assert scores["type_accuracy"] == pytest.approx(1 / 3)
    assert scores["coverage"] == pytest.approx(2 / 3)
    assert scores["accuracy_covered"] == pytest.approx(1 / 2)
    assert scores["source_agreement"] == 1.0  # NATO is an IGO


def test_own_scorer_counts_roots_triples_and_invented_events() -> None:
    gold = {"id": "g", "kind": "root", "text": "t",
            "events": [{"source": "USA", "target": "IRN", "root": "13", "cameo": "130"}]}
    tally = ev.Tally()
    ev.score_own(gold, [_event("USA", "130", "THREATEN", "IRN")], tally)
    ev.score_own({**gold, "id": "h"}, [_event("USA", "111", "ACCUSE", "IRN")], tally)
    ev.score_own({"id": "n", "kind": "no_event", "text": "t", "events": []},
                 [_event("FRA", "010", "CONSULT")], tally)
    scores = tally.scores()
    assert scores["root_accuracy"] == 0.5 and scores["no_invented"] == 0.0
    assert scores["triple_f1"] == pytest.approx(2 * 1 / (2 * 1 + 1 + 1))


# --- Floors and the gate -------------------------------------------------------------------


def test_event_floors_are_locked_and_not_lowered() -> None:
    floors = ev.load_floors(ev.gate.FLOORS_PATH)
    lock = ev.load_floors(ev.gate.LOCK_PATH)
    assert set(lock) == set(ev.SETS), "the events section of floors.lock.json is missing"
    assert ev.gate.floor_problems(floors, lock) == []


@pytest.mark.parametrize("set_name", ev.SETS)
def test_events_meet_floors(set_name: str) -> None:
    if set_name == "plover_dev" and not ev.PLOVER_PATH.is_file():
        pytest.skip("../shared/eval-dev is absent")
    tally = ev.evaluate((set_name,))[set_name]
    floors = ev.load_floors(ev.gate.FLOORS_PATH)
    print()
    print(ev.GATE.table({set_name: tally}, floors))
    for miss in tally.misses:
        print(f"[{set_name}] {miss}")
    assert ev.gate.below_floor(set_name, tally, floors) == []
