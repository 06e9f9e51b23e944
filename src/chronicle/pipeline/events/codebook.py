"""The CAMEO event codebook and its PLOVER crosswalk, read once from data files.

Three tab-separated files under ``chronicle/data/``:

* ``cameo.tsv`` (``code name goldstein quad_class``): every code of CAMEO 1.1b3, the 20
  roots ("01".."20"), the 3-digit base codes and the 4-digit sub-codes, with the Goldstein
  conflict-cooperation weight GDELT publishes for each. Codes are strings and keep their
  leading zeros: "04" is a root, "042" a base code, "0421" would be a sub-code. Names are
  our own short wording.
* ``plover.tsv`` (``event modes description quad``): the 16 PLOVER event types with the
  mode names the PLOVER specification (and its POLECAT data) use, ``|``-separated.
* ``cameo_plover.tsv`` (``cameo plover mode note``): one row per CAMEO code. PLOVER drops
  comments and appeals as such, splits YIELD into CONCEDE/RETREAT, merges INVESTIGATE and
  DISAPPROVE into ACCUSE and FIGHT into ASSAULT; where a CAMEO code has no PLOVER event the
  closest type is chosen and ``note`` says why.

The files are checked as they load (every root present, quad class by root, every code
mapped to a known PLOVER type and mode), so a bad edit fails on first use with the line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from chronicle.errors import PipelineError

CONTEXT = "In the CAMEO codebook"
CODE_SHAPE = re.compile(r"\d{2,4}")
ROOTS = tuple(f"{n:02d}" for n in range(1, 21))
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO code. ``root`` is its 2-digit cue category, ``base`` its 3-digit code
    (a root is its own base)."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    root: str
    base: str


@dataclass(frozen=True, slots=True)
class PloverType:
    """One PLOVER event type with the modes it allows."""

    event: str
    modes: tuple[str, ...]
    description: str
    quad: int


@dataclass(frozen=True, slots=True)
class _Book:
    codes: dict[str, Code]
    types: dict[str, PloverType]
    mapping: dict[str, tuple[str, str | None]]
    notes: dict[str, str]


def quad_of_root(root: str) -> int:
    """CAMEO's quad class by root: 01-05 verbal cooperation, 06-09 material cooperation,
    10-14 verbal conflict, 15-20 material conflict."""
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 9 else 3 if n <= 14 else 4


def _rows(filename: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = files("chronicle").joinpath("data", filename).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) != columns:
        raise PipelineError(
            f"expected columns {', '.join(columns)}, found {reader.fieldnames}",
            context=f"In data/{filename}",
        )
    # Line numbers count the header as line 1, as an editor shows them.
    return [(n, row) for n, row in enumerate(reader, start=2)]


def _bad(filename: str, line: int, message: str) -> PipelineError:
    return PipelineError(message, context=f"In data/{filename} line {line}")


def _code(line: int, row: dict[str, str]) -> Code:
    code = row["code"]
    if not CODE_SHAPE.fullmatch(code) or code[:2] not in ROOTS:
        raise _bad("cameo.tsv", line, f"{code!r} is not a CAMEO code")
    try:
        goldstein, quad = float(row["goldstein"]), int(row["quad_class"])
    except ValueError as err:
        raise _bad("cameo.tsv", line, f"code {code}: {err}") from err
    if not -10.0 <= goldstein <= 10.0:
        raise _bad("cameo.tsv", line, f"code {code}: Goldstein {goldstein} outside -10..10")
    if quad != quad_of_root(code[:2]):
        raise _bad("cameo.tsv", line, f"code {code}: quad class {quad}, root says "
                                      f"{quad_of_root(code[:2])}")
    return Code(code, row["name"], goldstein, quad, code[:2], code[:3])


def _codes() -> dict[str, Code]:
    codes: dict[str, Code] = {}
    for line, row in _rows("cameo.tsv", ("code", "name", "goldstein", "quad_class")):
        code = _code(line, row)
        if code.code in codes:
            raise _bad("cameo.tsv", line, f"code {code.code} listed twice")
        if code.root not in codes and code.code != code.root:
            raise _bad("cameo.tsv", line, f"code {code.code} comes before its root {code.root}")
        if code.base not in codes and code.code != code.base:
            raise _bad("cameo.tsv", line, f"code {code.code} comes before its base {code.base}")
        codes[code.code] = code
    missing = [root for root in ROOTS if root not in codes]
    if missing:
        raise PipelineError(f"roots missing: {', '.join(missing)}", context="In data/cameo.tsv")
    return codes


def _types() -> dict[str, PloverType]:
    types: dict[str, PloverType] = {}
    for line, row in _rows("plover.tsv", ("event", "modes", "description", "quad")):
        if not row["quad"].isdigit() or int(row["quad"]) not in QUAD_NAMES:
            raise _bad("plover.tsv", line, f"{row['event']}: quad {row['quad']!r} not 1-4")
        modes = tuple(filter(None, row["modes"].split("|")))
        types[row["event"]] = PloverType(row["event"], modes, row["description"],
                                         int(row["quad"]))
    return types


def _crosswalk(codes: dict[str, Code], types: dict[str, PloverType]) -> _Book:
    mapping: dict[str, tuple[str, str | None]] = {}
    notes: dict[str, str] = {}
    for line, row in _rows("cameo_plover.tsv", ("cameo", "plover", "mode", "note")):
        code, event, mode = row["cameo"], row["plover"], row["mode"] or None
        if code not in codes:
            raise _bad("cameo_plover.tsv", line, f"{code!r} is not in cameo.tsv")
        if code in mapping:
            raise _bad("cameo_plover.tsv", line, f"code {code} mapped twice")
        if event not in types:
            raise _bad("cameo_plover.tsv", line, f"code {code}: unknown PLOVER type {event!r}")
        if mode is not None and mode not in types[event].modes:
            raise _bad("cameo_plover.tsv", line, f"code {code}: {event} has no mode {mode!r}")
        mapping[code] = (event, mode)
        if row["note"]:
            notes[code] = row["note"]
    unmapped = [code for code in codes if code not in mapping]
    if unmapped:
        raise PipelineError(f"codes without a PLOVER row: {', '.join(unmapped)}",
                            context="In data/cameo_plover.tsv")
    return _Book(codes, types, mapping, notes)


@cache
def _book() -> _Book:
    codes = _codes()
    return _crosswalk(codes, _types())


def _normalize(code: str) -> str:
    return str(code).strip()


def cameo(code: str) -> Code:
    """The CAMEO code ``code`` ("042"); a PipelineError names an unknown one."""
    key = _normalize(code)
    found = _book().codes.get(key)
    if found is not None:
        return found
    hint = ""
    if ("0" + key) in _book().codes:  # "42" read from a number that lost its leading zero
        hint = f"; did you mean '0{key}'? Codes keep their leading zeros"
    raise PipelineError(
        f"unknown CAMEO code {key!r}: expected a 2-4 digit CAMEO 1.1b3 code such as "
        f"'04', '042' or '0311'{hint}",
        context=CONTEXT,
    )


def is_code(code: str) -> bool:
    """Whether ``code`` is a CAMEO code in the codebook."""
    return _normalize(code) in _book().codes


def root_of(code: str) -> str:
    """The 2-digit root of a known code: "0311" -> "03"."""
    return cameo(code).root


def goldstein(code: str) -> float:
    """The Goldstein conflict-cooperation weight (-10..10) of a known code."""
    return cameo(code).goldstein


def quad_class(code: str) -> int:
    """The quad class (1-4, see QUAD_NAMES) of a known code."""
    return cameo(code).quad_class


def root_name(root: str) -> str:
    """The name of a root ("14" -> "Protest"); any code gives its root's name."""
    return cameo(root_of(root)).name


def all_codes() -> list[Code]:
    """Every code, roots included, in codebook order."""
    return list(_book().codes.values())


def plover(code: str) -> tuple[str, str | None]:
    """The PLOVER event type and mode (None when no mode fits) of a known CAMEO code."""
    return _book().mapping[cameo(code).code]


def plover_note(code: str) -> str | None:
    """Why a CAMEO code maps where it does, when the choice is not obvious."""
    return _book().notes.get(cameo(code).code)


def plover_type(event: str) -> PloverType:
    """One PLOVER event type ("ASSAULT") with its modes and quad."""
    found = _book().types.get(str(event).strip().upper())
    if found is None:
        raise PipelineError(
            f"unknown PLOVER event type {event!r}: expected one of {', '.join(_book().types)}",
            context=CONTEXT,
        )
    return found


def plover_types() -> list[PloverType]:
    """The 16 PLOVER event types in specification order."""
    return list(_book().types.values())


__all__ = [
    "QUAD_NAMES",
    "Code",
    "PloverType",
    "all_codes",
    "cameo",
    "goldstein",
    "is_code",
    "plover",
    "plover_note",
    "plover_type",
    "plover_types",
    "quad_class",
    "quad_of_root",
    "root_name",
    "root_of",
]
