"""Score actor coding (country + sector of the mention covering an actor phrase).

Two sets:

* ``ngec_dev``: the development half of NGEC's actor-resolution tests (the POLECAT coder),
  read at run time from ``../shared/eval-dev/ngec_actors_dev.jsonl`` and skipped when that
  folder is absent. As its README says, each phrase becomes the subject of a short sentence
  ("<phrase> said on Tuesday that talks would continue."), dated by the record's ``date``,
  and the mention covering the phrase is read. NGEC's agent codes are mapped to our CAMEO
  sectors (JRN -> MED, MED -> HLH, PRM -> UAF, SOC -> NGO or HRI, BUD -> REL; UNK, JNK and
  "" mean no sector).
* ``own``: ``gold/actors/actors.jsonl``, sentences written for this project, each naming
  one actor phrase with the code a careful CAMEO coder gives it (or none: traps).

Metrics: ``country`` (over cases with a gold country; ``IGO`` = any IGO code), ``sector``
(over cases with a gold sector), ``coverage`` (cases where gold expects a code and some code
is given) and ``none``: what must not be given (no actor for an unknown person or an
ordinary noun, no country for a country-less agent, no sector where gold has none).

Run ``python eval/score_actors.py`` for the table and every miss; ``--pin`` raises the
``actors`` floors in floors.json and floors.lock.json (never lowers one).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

EVAL_DEV = gate.REPO_DIR / ".." / "shared" / "eval-dev"
NGEC_PATH = EVAL_DEV / "ngec_actors_dev.jsonl"
OWN_PATH = gate.EVAL_DIR / "gold" / "actors" / "actors.jsonl"
SECTION = "actors"
SETS = ("ngec_dev", "own")
METRICS = ("country", "sector", "coverage", "none")
TEMPLATE = "{actor} said on Tuesday that talks would continue."
# NGEC's tests were written in 2022: a test's "today" (or no date) is a day of that year.
NGEC_TODAY = date(2022, 6, 1)
NGEC_SECTORS = {"JRN": {"MED"}, "MED": {"HLH"}, "PRM": {"UAF"}, "SOC": {"NGO", "HRI"},
                "BUD": {"REL"}, "UNK": set(), "JNK": set(), "": set()}
UNSCORED_SECTOR = "????"


class Tally(gate.Counts):
    metrics = METRICS


@dataclass(frozen=True)
class Case:
    """One actor phrase in its sentence, with what gold says of it."""

    id: str
    text: str
    start: int  # where the phrase sits in ``text``
    end: int
    day: str | None
    country: str | None  # None: not asserted; "": no country; "IGO": any IGO code
    country_not: str | None
    sectors: frozenset[str] | None  # None: not asserted; empty: no sector
    none: bool  # the phrase must get no actor at all


# --- Gold -----------------------------------------------------------------------------------


def ngec_cases(path: Path = NGEC_PATH) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        context = rec.get("context") or ""
        prefix = f"{context.rstrip('.')}. " if context else ""
        text = prefix + TEMPLATE.format(actor=rec["actor"])
        cases.append(Case(rec["id"], text, len(prefix), len(prefix) + len(rec["actor"]),
                          _ngec_day(rec.get("date") or ""), rec["gold_country"],
                          rec.get("gold_country_not"), _ngec_sectors(rec.get("gold_code1")),
                          bool(rec.get("gold_none"))))
    return cases


def _ngec_day(value: str) -> str:
    if not value.strip() or value.strip().lower() == "today":
        return NGEC_TODAY.isoformat()
    import dateparser

    parsed = dateparser.parse(value, languages=["en"], settings={"DATE_ORDER": "DMY"})
    if parsed is None:
        raise ValueError(f"unreadable date in the NGEC set: {value!r}")
    return parsed.date().isoformat()


def _ngec_sectors(codes: list[str] | None) -> frozenset[str] | None:
    if codes is None or UNSCORED_SECTOR in codes:
        return None
    out: set[str] = set()
    for code in codes:
        out |= NGEC_SECTORS.get(code, {code})
    return frozenset(out)


def own_cases(path: Path = OWN_PATH) -> list[Case]:
    """Our gold: ``text``, ``actor`` (the phrase, found at its first or ``occurrence``-th
    word-bounded place), ``date``, ``country`` ("" none), ``sector`` ("" none), ``none``."""
    import re

    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        spans = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(rec['actor'])}(?!\w)",
                                               rec["text"])]
        start, end = spans[rec.get("occurrence", 0)]
        sector = rec.get("sector")
        cases.append(Case(rec["id"], rec["text"], start, end, rec.get("date"),
                          rec.get("country"), None,
                          None if sector is None else frozenset(filter(None, [sector])),
                          bool(rec.get("none"))))
    return cases


# --- Running and scoring --------------------------------------------------------------------


def code_of(case: Case, config: Any) -> dict[str, Any] | None:
    """The mention covering the phrase (the most overlap; a coded one before an uncoded)."""
    from chronicle.api import annotate

    _, linked, _ = annotate(case.text, published=case.day, config=config)
    found = []
    for m in linked.mentions:
        overlap = min(case.end, m.span.end) - max(case.start, m.span.start)
        if overlap > 0:
            found.append((bool(m.country or m.sector), overlap, m))
    if not found:
        return None
    m = max(found, key=lambda f: (f[0], f[1]))[2]
    return {"text": m.span.text, "label": m.label, "country": m.country or "",
            "sector": m.sector or "", "title": m.title}


def score_case(case: Case, got: dict[str, Any] | None, tally: Tally) -> None:
    from chronicle.pipeline.entities.gazetteer import is_igo

    country = (got or {}).get("country", "")
    sector = (got or {}).get("sector", "")
    seen = "nothing" if got is None else (f"{got['text']!r} {got['label']} "
                                          f"{country or '-'} {sector or '-'}")
    where = f"{case.id} {case.text[case.start:case.end]!r}"
    if case.none:
        tally.add("none", not (country or sector), f"{where}: gold no actor, got {seen}")
        return
    if case.country:
        ok = is_igo(country) if case.country == "IGO" else country == case.country
        tally.add("country", ok, f"{where}: gold {case.country}, got {seen}")
    elif case.country == "":
        tally.add("none", not country, f"{where}: gold no country, got {seen}")
    elif case.country_not is not None:
        tally.add("none", country != case.country_not,
                  f"{where}: gold not {case.country_not}, got {seen}")
    if case.sectors:
        tally.add("sector", sector in case.sectors,
                  f"{where}: gold {'/'.join(sorted(case.sectors))}, got {seen}")
    elif case.sectors is not None:
        tally.add("none", not sector, f"{where}: gold no sector, got {seen}")
    if case.country or case.sectors:
        tally.add("coverage", bool(country or sector), f"{where}: no code, got {seen}")


def evaluate(sets: tuple[str, ...] = SETS) -> dict[str, Tally]:
    """Score the requested sets; ``ngec_dev`` is left out when ../shared/eval-dev is absent."""
    loaders = {"ngec_dev": ngec_cases, "own": own_cases}
    config = gate.sentence_config()
    tallies = {}
    for name in sets:
        if name == "ngec_dev" and not NGEC_PATH.is_file():
            continue
        tally = tallies[name] = Tally()
        for case in loaders[name]():
            score_case(case, code_of(case, config), tally)
    return tallies


GATE = gate.Gate(SETS, METRICS, section=SECTION, widths=(12, 11),
                 count=lambda tally, metric: tally.totals[metric], count_width=5)
load_floors = GATE.load_floors


def main(argv: list[str] | None = None) -> int:
    return GATE.main(argv, evaluate, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
