"""The quality gate: the cleaner scored against our gold, failing under the pinned floors.

Also checks the gold itself (every line labelled, fragments really in the sources) and
refuses a floors.json that lowers a floor below floors.lock.json.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from chronicle.model import RawDocument
from chronicle.pipeline import RunContext


def _load_score() -> ModuleType:
    # eval/ is not a package; load score.py by path so pytest's importlib mode finds it.
    path = Path(__file__).resolve().parent / "score.py"
    spec = importlib.util.spec_from_file_location("chronicle_eval_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


score = _load_score()
LINE_GOLD = score.load_gold("clean")
TEXT_GOLD = score.load_gold("clean_text")


def _skip_absent_seeds(gold: dict[str, Any]) -> None:
    if score.set_of(gold) == "seeds" and not score.SEEDS_DIR.is_dir():
        pytest.skip("shared seeds folder is absent")


@pytest.fixture(scope="module")
def tallies() -> dict[str, Any]:
    return score.evaluate()


# --- The gold is well formed -------------------------------------------------------------


def test_gold_covers_every_example_text_file() -> None:
    corpus = score.REPO_DIR / "examples" / "corpus"
    wanted = {p.name for p in corpus.iterdir() if p.suffix in {".txt", ".md"}}
    labelled = {Path(g["source"]).name for g in LINE_GOLD
                if g["source"].startswith("examples/corpus/")}
    assert wanted == labelled
    assert len([g for g in LINE_GOLD if score.set_of(g) == "seeds"]) == 5


def test_gold_covers_every_clean_case() -> None:
    """``eval/clean_cases/`` holds pages written for the gate alone (comment threads,
    headline furniture); they count in the examples set and each has gold of one kind."""
    cases = {f"eval/clean_cases/{p.name}" for p in (score.REPO_DIR / "eval" / "clean_cases")
             .iterdir()}
    sources = [g["source"] for g in LINE_GOLD + TEXT_GOLD]
    assert cases == {s for s in sources if s.startswith("eval/clean_cases/")}
    assert all(s.startswith(("examples/corpus/", "eval/clean_cases/", "seeds/")) for s in sources)


@pytest.mark.parametrize("gold", LINE_GOLD, ids=lambda g: g["name"])
def test_line_gold_labels_every_line(gold: dict[str, Any]) -> None:
    _skip_absent_seeds(gold)
    lines = score.source_path(gold["source"]).read_text(encoding="utf-8").split("\n")
    assert sorted(int(n) for n in gold["lines"]) == list(range(1, len(lines) + 1))
    for number, label in gold["lines"].items():
        assert label in score.LABELS, f"line {number}: unknown label {label}"
        assert (label == "blank") == (not lines[int(number) - 1].strip()), f"line {number}"
    assert set(gold) == {"source", "lines", "name"}  # seed gold holds numbers, never text
    assert list(gold["lines"].values()).count("title") <= 1


@pytest.mark.parametrize("gold", TEXT_GOLD, ids=lambda g: g["name"])
def test_text_gold_fragments_come_from_the_reader(gold: dict[str, Any]) -> None:
    """A fragment missing here is lost by the reader, not the cleaner."""
    doc = score.Documents(RunContext()).raw(gold["source"], gold["record"], gold["url"])
    assert isinstance(doc, RawDocument)
    raw = score.norm(doc.text)
    missing = [f for f in gold["expect_body_contains"] if score.norm(f) not in raw]
    assert not missing


def test_dedup_gold_names_real_documents() -> None:
    dedup = json.loads((score.GOLD_DIR / "dedup.json").read_text(encoding="utf-8"))
    refs = [g["canonical"] for g in dedup["exact"] + dedup["near"]]
    refs += [d for g in dedup["exact"] + dedup["near"] for d in g["duplicates"]]
    refs += [d for g in dedup["shared_paragraphs"] for d in g["in"]]
    refs += [g[k] for g in dedup["not_duplicates"] for k in ("a", "b")]
    docs = score.Documents(RunContext())
    for ref in refs:
        docs.raw(ref["source"], ref.get("record"), ref.get("url"))
    for group in dedup["exact"] + dedup["near"]:  # canonical = first in sorted path order
        order = [(d["source"], d.get("record") or "") for d in [group["canonical"],
                                                              *group["duplicates"]]]
        assert order[0] == min(order)


# --- Floors -------------------------------------------------------------------------------


def test_floor_file_is_not_lowered() -> None:
    floors, lock = score.load_floors(score.FLOORS_PATH), score.load_floors(score.LOCK_PATH)
    assert lock, "eval/floors.lock.json is missing or empty"
    assert score.floor_problems(floors, lock) == []
    for set_name in score.SETS:
        assert floors[set_name]["body_precision"] == 1.0


def test_floor_check_refuses_a_lowered_floor() -> None:
    lock = {"examples": {"body_recall": 0.95}}
    assert score.floor_problems({"examples": {"body_recall": 0.9}}, lock)
    assert score.floor_problems({"examples": {}}, lock)
    assert score.floor_problems({"examples": {"body_recall": 0.97}}, lock)  # lock not raised
    assert score.floor_problems({"examples": {"body_recall": 0.95}}, lock) == []


_Documents: Any = score.Documents  # a class from a module loaded by path: typed loosely


class _Sabotaged(_Documents):
    """The real cleaner, then one body line of each article turned into a removed line."""

    def cleaned(self, source: str, record: str | None = None, url: str | None = None) -> Any:
        article = super().cleaned(source, record, url)
        victim = next(line for line in article.lines if line.kind == "body")
        victim.kind, victim.reason = "removed", "boilerplate:nav"
        article.paragraphs = [p for p in article.paragraphs if p != victim.text.strip()]
        article.text = "\n\n".join(article.paragraphs)
        return article


def test_gate_catches_a_removed_body_line() -> None:
    gold = next(g for g in LINE_GOLD if g["name"] == "kenya_au_climate_summit")
    tally = score.Tally()
    score.score_lines(gold, _Sabotaged(RunContext()), tally)
    assert (tally.body_fn, tally.removed_fp) == (1, 1)
    assert "kenya_au_climate_summit:9 gold=body got=removed:boilerplate:nav" in tally.misses[0]
    floors = {"examples": {"body_recall": 1.0, "removed_precision": 1.0}}
    assert len(score.below_floor("examples", tally, floors)) == 2


def test_gate_catches_lost_fragments_and_kept_junk() -> None:
    gold = next(g for g in TEXT_GOLD if g["name"] == "wire_digest_1")
    tally = score.Tally()
    score.score_text(gold, _Sabotaged(RunContext()), tally)
    assert tally.fragments - tally.fragments_ok >= 1  # the first body paragraph went
    clean_tally = score.Tally()
    score.score_text(dict(gold, expect_removed=["Engineers from India"]),
                     score.Documents(RunContext()), clean_tally)
    assert clean_tally.junk - clean_tally.junk_ok == 1


def test_round_down_keeps_two_decimals() -> None:
    assert score.round_down(0.29) == 0.29
    assert score.round_down(0.8999) == 0.89
    assert score.round_down(1.0) == 1.0


# --- The gate -----------------------------------------------------------------------------


def _gate(set_name: str, tallies: dict[str, Any]) -> None:
    floors = score.load_floors(score.FLOORS_PATH)
    print()
    print(score.table({set_name: tallies[set_name]}, floors))
    for miss in tallies[set_name].misses:
        print(f"[{set_name}] {miss}")
    assert score.below_floor(set_name, tallies[set_name], floors) == []


def test_examples_meet_floors(tallies: dict[str, Any]) -> None:
    _gate("examples", tallies)


def test_seeds_meet_floors(tallies: dict[str, Any]) -> None:
    if "seeds" not in tallies:
        pytest.skip("shared seeds folder is absent")
    _gate("seeds", tallies)


def test_seeds_set_is_left_out_when_the_folder_is_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(score, "SEEDS_DIR", tmp_path / "no-seeds")
    assert score.evaluate(("seeds",)) == {}
