"""The timeline gate: the date timeline against the journalists' timelines of the
Timeline17 development part, never below the pinned floors (skipped when absent)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

tl = gate.load("chronicle_eval_score_timeline", "score_timeline.py")


def test_scoring_counts_dates_as_sets() -> None:
    assert tl.score(["2009-06-25", "2009-06-28"], ["2009-06-25", "2009-07-01"]) == (
        0.5, 0.5, 0.5)
    assert tl.score(["2009-06-25"], []) == (0.0, 0.0, 0.0)


def test_timeline_floors_are_locked_and_not_lowered() -> None:
    floors = tl.load_floors(tl.gate.FLOORS_PATH)
    lock = tl.load_floors(tl.gate.LOCK_PATH)
    assert set(lock) == set(tl.SETS), "the timeline section of floors.lock.json is missing"
    assert tl.gate.floor_problems(floors, lock) == []


@pytest.mark.slow
def test_timeline_meets_floors() -> None:
    if not (tl.TIMELINE17 / "docs").is_dir():
        pytest.skip("../shared/eval-dev/timeline17 is absent")
    tally = tl.evaluate()["timeline17_dev"]
    floors = tl.load_floors(tl.gate.FLOORS_PATH)
    print()
    print(tl.GATE.table({"timeline17_dev": tally}, floors))
    for miss in tally.misses:
        print(f"[timeline17_dev] {miss}")
    assert tl.gate.below_floor("timeline17_dev", tally, floors) == []
