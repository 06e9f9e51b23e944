"""The CAMEO/PLOVER codebook: data files parse, hang together, and carry published values."""

from __future__ import annotations

import csv
import io
import pickle
from collections.abc import Iterator
from importlib.resources import files

import pytest

from chronicle.errors import PipelineError
from chronicle.pipeline.events import codebook

PLOVER_QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

# Goldstein weights as GDELT publishes them for CAMEO codes.
GOLDSTEIN = {
    "01": 0.0, "010": 0.0, "011": -0.1, "012": -0.4, "013": 0.4, "016": -2.0, "018": 3.4,
    "02": 3.0, "020": 3.0, "022": 3.2, "024": -0.3, "026": 4.0, "031": 5.2, "032": 4.5,
    "0334": 6.0, "036": 4.0, "037": 5.0, "040": 1.0, "042": 1.9, "043": 2.8, "044": 2.5,
    "045": 5.0, "046": 7.0, "051": 3.4, "053": 3.8, "054": 6.0, "057": 8.0, "061": 6.4,
    "062": 7.4, "071": 7.4, "072": 8.3, "074": 8.5, "086": 9.0, "0874": 10.0, "111": -2.0,
    "112": -2.0, "125": -5.0, "130": -4.4, "131": -5.8, "138": -7.0, "14": -6.5, "144": -7.5,
    "15": -7.2, "162": -5.6, "163": -8.0, "165": -6.5, "171": -9.2, "172": -5.0,
    "173": -5.0, "175": -9.0, "182": -9.5, "1821": -9.0, "1823": -10.0, "184": -8.0,
    "190": -10.0, "191": -9.5, "196": -9.5, "201": -9.5, "2042": -10.0,
}


def _data_rows(name: str) -> list[dict[str, str]]:
    text = files("chronicle").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_cameo_row_parses_into_a_code() -> None:
    rows = _data_rows("cameo.tsv")
    codes = codebook.all_codes()
    assert [c.code for c in codes] == [r["code"] for r in rows]
    assert 300 <= len(codes) <= 320
    for code, row in zip(codes, rows, strict=True):
        assert code.name == row["name"] and code.name
        assert code.goldstein == float(row["goldstein"])
        assert code.root == code.code[:2] and code.base == code.code[:3]


def test_codes_are_strings_with_leading_zeros() -> None:
    assert codebook.cameo("0311").root == "03"
    assert codebook.cameo("010").base == "010"
    assert codebook.is_code("010") and codebook.is_code("10")
    assert codebook.cameo("010").name != codebook.cameo("10").name  # statement vs demand


def test_the_twenty_roots_are_present_and_named() -> None:
    roots = [c for c in codebook.all_codes() if len(c.code) == 2]
    assert [c.code for c in roots] == [f"{n:02d}" for n in range(1, 21)]
    assert codebook.root_name("04") == "Consult"
    assert codebook.root_name("1411") == "Protest"


def test_every_code_has_its_root_and_base() -> None:
    for code in codebook.all_codes():
        assert codebook.is_code(code.root), code.code
        assert codebook.is_code(code.base), code.code
        assert codebook.root_of(code.code) == code.root


@pytest.mark.parametrize(
    ("root", "quad"),
    [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3), ("15", 4), ("20", 4)],
)
def test_quad_class_follows_the_root(root: str, quad: int) -> None:
    members = [c for c in codebook.all_codes() if c.root == root]
    assert members and {codebook.quad_class(c.code) for c in members} == {quad}


def test_quad_class_of_every_code() -> None:
    for code in codebook.all_codes():
        assert code.quad_class == codebook.quad_of_root(code.root), code.code


@pytest.mark.parametrize(("code", "value"), sorted(GOLDSTEIN.items()))
def test_published_goldstein_values(code: str, value: float) -> None:
    assert codebook.goldstein(code) == value


def test_goldstein_follows_the_direction_of_the_quad() -> None:
    """Cooperation roots weigh more than conflict roots, whatever the exact values."""
    by_quad: dict[int, list[float]] = {1: [], 2: [], 3: [], 4: []}
    for code in codebook.all_codes():
        by_quad[code.quad_class].append(code.goldstein)
    assert min(by_quad[2]) > max(by_quad[4])
    assert max(by_quad[4]) < 0 < max(by_quad[1])


def test_sixteen_plover_types_with_their_quads() -> None:
    types = codebook.plover_types()
    assert {t.event: t.quad for t in types} == PLOVER_QUADS
    assert all(t.description for t in types)
    assert "aerial" in codebook.plover_type("ASSAULT").modes
    assert codebook.plover_type("consult").modes[:2] == ("visit", "host")


def test_every_code_maps_to_a_plover_type_and_known_mode() -> None:
    rows = _data_rows("cameo_plover.tsv")
    assert [r["cameo"] for r in rows] == [c.code for c in codebook.all_codes()]
    for code in codebook.all_codes():
        event, mode = codebook.plover(code.code)
        assert event in PLOVER_QUADS, code.code
        assert mode is None or mode in codebook.plover_type(event).modes, code.code


def test_every_plover_type_is_reached() -> None:
    reached = {codebook.plover(c.code)[0] for c in codebook.all_codes()}
    assert reached == set(PLOVER_QUADS)


def test_a_root_maps_like_its_unspecified_code() -> None:
    for root in (c.code for c in codebook.all_codes() if len(c.code) == 2):
        assert codebook.plover(root) == codebook.plover(root + "0"), root


def _parent(code: str) -> str | None:
    return {2: None, 3: code[:2], 4: code[:3]}[len(code)]


def test_a_code_that_leaves_its_parents_type_says_why() -> None:
    for code in codebook.all_codes():
        parent = _parent(code.code)
        if parent and codebook.plover(code.code)[0] != codebook.plover(parent)[0]:
            assert codebook.plover_note(code.code), code.code


def test_comments_have_no_plover_event_and_carry_a_note() -> None:
    for code in (c for c in codebook.all_codes() if c.root == "01"):
        assert codebook.plover_note(code.code), code.code


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("041", ("CONSULT", "phone")), ("042", ("CONSULT", "visit")),
        ("043", ("CONSULT", "host")), ("044", ("CONSULT", "third-party")),
        ("046", ("CONSULT", None)), ("036", ("AGREE", None)), ("057", ("AGREE", None)),
        ("055", ("CONCEDE", None)), ("0211", ("REQUEST", "assist")),
        ("1053", ("REQUEST", "yield")), ("071", ("AID", "economic")),
        ("081", ("CONCEDE", None)), ("0841", ("RETREAT", "release")),
        ("0871", ("RETREAT", "ceasefire")), ("092", ("ACCUSE", "investigate")),
        ("111", ("ACCUSE", "disapprove")), ("1123", ("ACCUSE", "disapprove")),
        ("116", ("SANCTION", "convict")), ("125", ("REJECT", "meet")),
        ("1382", ("THREATEN", "territory")), ("1412", ("PROTEST", "demo")),
        ("145", ("PROTEST", "riot")), ("154", ("MOBILIZE", "troops")),
        ("163", ("SANCTION", "sever")), ("173", ("COERCE", "arrest")),
        ("1712", ("ASSAULT", "destroy")), ("1831", ("ASSAULT", "suicide-attack")),
        ("193", ("ASSAULT", "firearms")), ("195", ("ASSAULT", "aerial")),
        ("2041", ("ASSAULT", "unconventional")),
    ],
)
def test_crosswalk_spot_checks(code: str, expected: tuple[str, str | None]) -> None:
    assert codebook.plover(code) == expected


@pytest.mark.parametrize("bad", ["999", "0", "", "0499", "abc", "21"])
def test_unknown_code_raises_a_clear_pipeline_error(bad: str) -> None:
    with pytest.raises(PipelineError, match="unknown CAMEO code") as info:
        codebook.cameo(bad)
    assert repr(bad) in str(info.value) and "CAMEO codebook" in str(info.value)
    assert not codebook.is_code(bad)
    for lookup in (codebook.goldstein, codebook.quad_class, codebook.plover, codebook.root_of):
        with pytest.raises(PipelineError):
            lookup(bad)


def test_a_lost_leading_zero_gets_a_hint_and_the_error_pickles() -> None:
    with pytest.raises(PipelineError, match="did you mean '042'") as info:
        codebook.cameo("42")
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)


def test_unknown_plover_type_raises() -> None:
    with pytest.raises(PipelineError, match="unknown PLOVER event type 'FIGHT'"):
        codebook.plover_type("FIGHT")


class _FakeData:
    """Stands in for ``files("chronicle")`` so a corrupted data file can be fed in."""

    def __init__(self, overrides: dict[str, str]) -> None:
        self.overrides = overrides
        self.name = ""

    def joinpath(self, *parts: str) -> _FakeData:
        clone = _FakeData(self.overrides)
        clone.name = parts[-1]
        return clone

    def read_text(self, encoding: str = "utf-8") -> str:
        if self.name in self.overrides:
            return self.overrides[self.name]
        return files("chronicle").joinpath("data", self.name).read_text(encoding=encoding)


@pytest.fixture
def corrupt(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    overrides: dict[str, str] = {}
    monkeypatch.setattr(codebook, "files", lambda _package: _FakeData(overrides))
    codebook._book.cache_clear()
    yield overrides
    monkeypatch.undo()
    codebook._book.cache_clear()


def _replace(name: str, old: str, new: str) -> str:
    text = files("chronicle").joinpath("data", name).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_mode_the_type_lacks_fails_with_its_line(corrupt: dict[str, str]) -> None:
    corrupt["cameo_plover.tsv"] = _replace("cameo_plover.tsv", "042\tCONSULT\tvisit",
                                           "042\tCONSULT\tfirearms")
    with pytest.raises(PipelineError, match=r"cameo_plover.tsv line \d+.*no mode 'firearms'"):
        codebook.cameo("042")


def test_a_quad_class_against_its_root_fails(corrupt: dict[str, str]) -> None:
    corrupt["cameo.tsv"] = _replace("cameo.tsv", "\t8.0\t1\n", "\t8.0\t2\n")
    with pytest.raises(PipelineError, match="code 057: quad class 2, root says 1"):
        codebook.all_codes()


def test_an_unmapped_code_fails(corrupt: dict[str, str]) -> None:
    corrupt["cameo_plover.tsv"] = _replace("cameo_plover.tsv", "0842\tRETREAT\treturn\t\n", "")
    with pytest.raises(PipelineError, match="codes without a PLOVER row: 0842"):
        codebook.plover("042")
