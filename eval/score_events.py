"""Score the event coder on single news sentences: PLOVER types, CAMEO roots and actors.

Two sets:

* ``plover_dev``: the development half of the PLOVER gold standard records, read at run time
  from ``../shared/eval-dev/plover_gsr_dev.json`` and skipped when that folder is absent.
  As its README says, each sentence is one article dated by its ``date``; PLOVER 0.5b1 types
  are mapped to today's (DEMAND -> REQUEST; DISAPPROVE, INVESTIGATE -> ACCUSE; FIGHT ->
  ASSAULT; COERCE with mode ``destroy`` -> ASSAULT). Metrics: ``type_accuracy`` (some
  event of the sentence has the gold type), ``coverage`` (any event), ``accuracy_covered``
  (type accuracy over covered sentences) and ``source_agreement`` (where the type is right,
  that event's source country is among the gold source codes; ``IGO`` is any IGO code).
* ``own``: ``gold/events/events.jsonl``, sentences written for this project with the events a
  careful CAMEO coder gives them (none for opinion, background, sport and market sentences).
  Metrics: ``root_accuracy`` (gold events whose root some produced event has),
  ``triple_f1`` (F1 of (source country, target country, root) triples; an empty country
  is a country-less actor) and ``no_invented`` (share of no-event sentences left empty).

A negated event ("did not attack") is not that event: it is left out of every measure.

Run ``python eval/score_events.py`` for the table and every miss; ``--pin`` raises the
``events`` floors in floors.json and floors.lock.json (never lowers one).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

EVAL_DEV = gate.REPO_DIR / ".." / "shared" / "eval-dev"
PLOVER_PATH = EVAL_DEV / "plover_gsr_dev.json"
OWN_PATH = gate.EVAL_DIR / "gold" / "events" / "events.jsonl"
SECTION = "events"
SETS = ("plover_dev", "own")
METRICS = ("type_accuracy", "coverage", "accuracy_covered", "source_agreement",
           "root_accuracy", "triple_f1", "no_invented")
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
           "FIGHT": "ASSAULT"}
# A few gold source codes are not ISO 3166 but older spellings of one (the set also writes
# the ISO form elsewhere: VNM beside VTN). Read as the country they name, nothing else.
GOLD_SPELLINGS = {"ITL": "ITA", "JAP": "JPN", "VTN": "VNM"}


@dataclass
class Tally(gate.Counts):
    metrics = METRICS
    triples: Counter[str] = field(default_factory=Counter)  # tp, fp, fn

    def scores(self) -> dict[str, float | None]:
        out = super().scores()
        tp, fp, fn = (self.triples[k] for k in ("tp", "fp", "fn"))
        out["triple_f1"] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
        return out


# --- Running the coder on one sentence -------------------------------------------------------


def code(text: str, day: str | None, config: Any) -> list[dict[str, Any]]:
    """The events of one text, as export records, negated ones left out."""
    from chronicle.api import code as code_text

    return [{"source": [_actor(a) for a in e.source], "target": [_actor(a) for a in e.target],
             "cameo": e.cameo, "root": e.root, "plover": e.plover, "mode": e.mode,
             "trigger": e.trigger.text if e.trigger else None}
            for e in code_text(text, published=day, config=config) if not e.negated]


def _actor(actor: Any) -> dict[str, Any]:
    return {"country": actor.country or "", "sector": actor.sector or "", "name": actor.name}


def _show(events: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{'+'.join(a['country'] or a['sector'] or '?' for a in e['source'])} "
        f"{e['cameo']}/{e['plover']} "
        f"{'+'.join(a['country'] or a['sector'] or '?' for a in e['target']) or '-'}"
        for e in events) or "no event"


# --- PLOVER dev -----------------------------------------------------------------------------


def plover_records(path: Path = PLOVER_PATH) -> list[dict[str, Any]]:
    return [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("text")]


def plover_type(record: dict[str, Any]) -> str:
    kind = str(record["event"])
    if kind == "COERCE" and record.get("mode") == "destroy":
        return "ASSAULT"
    return RENAMED.get(kind, kind)


def score_plover(record: dict[str, Any], events: list[dict[str, Any]], tally: Tally) -> None:
    from chronicle.pipeline.entities.gazetteer import is_igo

    want = plover_type(record)
    where = f"{record['id']} gold {want}: got {_show(events)} | {record['text'][:110]}"
    right = [e for e in events if e["plover"] == want]
    tally.add("type_accuracy", bool(right), where)
    tally.add("coverage", bool(events), where)
    if events:
        tally.add("accuracy_covered", bool(right), where)
    if right:
        gold = {GOLD_SPELLINGS.get(code, code) for a in record.get("source") or []
                if isinstance(a, dict) and (code := a.get("code"))}

        def agrees(actor: dict[str, Any]) -> bool:
            country = actor["country"] or ""
            return country in gold or ("IGO" in gold and is_igo(country)) or (
                "NGO" in gold and actor["sector"] in {"NGO", "HRI"})

        ok = any(agrees(a) for e in right for a in e["source"])
        tally.add("source_agreement", ok, f"{where} (gold source {sorted(map(str, gold))})")


# --- Our own gold -----------------------------------------------------------------------------


def own_records(path: Path = OWN_PATH) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _triples(events: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    out = set()
    for e in events:
        for s in e["source"] or [{"country": ""}]:
            for t in e["target"] or [{"country": ""}]:
                out.add((s.get("country") or "", t.get("country") or "", e["root"]))
    return out


def score_own(record: dict[str, Any], events: list[dict[str, Any]], tally: Tally) -> None:
    where = f"{record['id']} ({record['kind']}): got {_show(events)} | {record['text'][:100]}"
    gold_events = record["events"]
    if not gold_events:
        tally.add("no_invented", not events, where)
    roots = {e["root"] for e in events}
    for g in gold_events:
        tally.add("root_accuracy", g["root"] in roots, f"gold root {g['root']}: {where}")
    gold = {(g["source"], g["target"], g["root"]) for g in gold_events}
    got = _triples(events) if gold_events else set()
    tally.triples["tp"] += len(gold & got)
    tally.triples["fp"] += len(got - gold)
    tally.triples["fn"] += len(gold - got)
    if gold - got:
        tally.misses.append(f"triple: gold {sorted(gold - got)} {where}")


def evaluate(sets: tuple[str, ...] = SETS) -> dict[str, Tally]:
    """Score the requested sets; a set whose file is absent is left out."""
    config = gate.sentence_config()
    tallies: dict[str, Tally] = {}
    if "plover_dev" in sets and PLOVER_PATH.is_file():
        tally = tallies["plover_dev"] = Tally()
        for record in plover_records():
            score_plover(record, code(record["text"], record.get("date"), config), tally)
    if "own" in sets and OWN_PATH.is_file():
        tally = tallies["own"] = Tally()
        for record in own_records():
            score_own(record, code(record["text"], record.get("date"), config), tally)
    return tallies


GATE = gate.Gate(SETS, METRICS, section=SECTION, widths=(18, 12),
                 count=lambda tally, metric: tally.totals[metric], count_width=5)
load_floors = GATE.load_floors


def main(argv: list[str] | None = None) -> int:
    return GATE.main(argv, evaluate, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
