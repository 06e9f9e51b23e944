"""The HTML gate: pages read by trafilatura and cleaned, scored by token F1 against our gold,
never below the pinned floors, with trafilatura in the mode that measures best.

Also checks the gold itself (every page has gold, every gold token is on its page, the set
holds tables, breadcrumbs and fact boxes) and the scorer's arithmetic.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import lxml.html
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

sh = gate.load("chronicle_eval_score_html", "score_html.py")
GOLD: list[dict[str, Any]] = sh.load_gold()
MIN_PAGES = 12


# --- The gold is well formed -------------------------------------------------------------------


def test_every_page_has_gold_and_the_set_covers_what_it_must() -> None:
    pages = {f"eval/html_cases/{p.name}" for p in sh.CASES_DIR.glob("*.html")}
    assert {g["source"] for g in GOLD} == pages
    assert len(pages) >= MIN_PAGES
    for gold in GOLD:
        assert set(gold) == {"source", "title", "body", "name"}
        assert gold["body"] and all(line.strip() for line in gold["body"])
    lines = [line for g in GOLD for line in g["body"]]
    assert sum(1 for g in GOLD if any(line.startswith("|") for line in g["body"])) >= 10
    assert sum(1 for line in lines if ": " in line and not line.startswith("|")) >= 20
    markup = " ".join((sh.REPO_DIR / g["source"]).read_text(encoding="utf-8") for g in GOLD)
    assert markup.count("Home |") + markup.count("Home ›") + markup.count("Home /") >= 8


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: g["name"])
def test_gold_text_is_on_its_page(gold: dict[str, Any]) -> None:
    page = lxml.html.fromstring((sh.REPO_DIR / gold["source"]).read_bytes())
    on_page = sh.tokens(" ".join(page.itertext()))
    wanted = sh.tokens("\n".join([gold["title"], *gold["body"]]))
    assert not wanted - on_page


# --- The scorer ----------------------------------------------------------------------------------


def test_tokens_compare_as_bags_micro_averaged() -> None:
    tally = sh.Tally()
    tally.add("a", "Rovers won 3-1. | Rovers | 45 |", "Rovers won 3-1.\n| Rovers | 45 |")
    assert tally.scores() == {"token_precision": 1.0, "token_recall": 1.0, "token_f1": 1.0}
    tally.add("b", "Home Sport kept text", "kept text lost")  # 2 of 4 kept, 2 of 3 gold
    scores = tally.scores()
    assert (tally.shared, tally.kept, tally.gold) == (8, 10, 9)
    assert scores["token_precision"] == 0.8 and scores["token_recall"] == 8 / 9
    assert scores["token_f1"] == pytest.approx(16 / 19)
    assert tally.misses == ["b: f1=0.571 lost [lost] excess [home sport]"]


# --- Floors and the gate ---------------------------------------------------------------------------


def test_html_floors_are_locked_and_not_lowered() -> None:
    floors = sh.load_floors(gate.FLOORS_PATH)
    lock = sh.load_floors(gate.LOCK_PATH)
    assert set(lock) == set(sh.SETS), "the html section of floors.lock.json is missing"
    assert gate.floor_problems(floors, lock) == []
    assert json.loads(gate.FLOORS_PATH.read_text(encoding="utf-8"))["html"] == floors


def test_pages_meet_floors() -> None:
    tally = sh.evaluate()["pages"]
    floors = sh.load_floors(gate.FLOORS_PATH)
    print()
    print(sh.GATE.table({"pages": tally}, floors))
    for miss in tally.misses:
        print(f"[pages] {miss}")
    assert gate.below_floor("pages", tally, floors) == []


def test_the_extraction_mode_in_use_measures_best() -> None:
    in_use = sh.html_reader.MODE
    scores = {}
    for mode in sh.html_reader.MODES:
        with sh.extraction_mode(mode):
            scores[mode] = sh.evaluate()["pages"].scores()["token_f1"]
    assert in_use == sh.html_reader.MODE  # the block put it back
    assert scores[in_use] == max(scores.values()), scores
