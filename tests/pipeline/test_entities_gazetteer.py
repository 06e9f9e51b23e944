"""Gazetteer: country aliases, demonyms, capitals and cities, IGOs, ambiguity, data integrity."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pycountry
import pytest

from chronicle.pipeline.entities.gazetteer import (
    KIND_PRIORITY,
    canonical_place,
    country_code,
    country_name,
    is_country_code,
    is_demonym,
    is_igo,
    lookup,
    normalize,
    place_country,
)

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
G20 = (
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
)


def _tsv(name: str) -> list[dict[str, str]]:
    text = files("chronicle").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Vietnam", "VNM"),
        ("Viet Nam", "VNM"),
        ("Việt Nam", "VNM"),
        ("DPRK", "PRK"),
        ("North Korea", "PRK"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("N. Korea", "PRK"),
        ("ROK", "KOR"),
        ("South Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("the United States", "USA"),
        ("America", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("Russian Federation", "RUS"),
        ("Russia's", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("Holland", "NLD"),
        ("the Netherlands", "NLD"),
        ("Mainland China", "CHN"),
        ("Taiwan", "TWN"),
        ("DR Congo", "COD"),
        ("UAE", "ARE"),
        ("Kosovo", "XKX"),
    ],
)
def test_country_aliases(name: str, code: str) -> None:
    assert country_code(name) == code


def test_spelling_variants_share_a_key() -> None:
    assert normalize("Viet Nam") == normalize("VIỆT NAM") == "viet nam"
    assert normalize("U.S.") == normalize("US")
    assert normalize("the Netherlands") == "netherlands"
    assert normalize("Kim Jong-un") == normalize("Kim Jong Un")


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("Vietnamese", "VNM"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Britons", "GBR"),
        ("Chinese", "CHN"),
        ("North Korean", "PRK"),
        ("South Korean", "KOR"),
        ("Emirati", "ARE"),
        ("Saudi", "SAU"),
        ("Filipino", "PHL"),
        ("Dutch", "NLD"),
        ("Ukrainian", "UKR"),
    ],
)
def test_demonyms(word: str, code: str) -> None:
    assert is_demonym(word)
    assert country_code(word) == code


@pytest.mark.parametrize("word", ["Moscow", "Russia", "president", "Lao People", "Frenchs"])
def test_not_demonyms(word: str) -> None:
    assert not is_demonym(word)


def test_demonyms_cover_g20_and_sixty_more() -> None:
    demonym_codes = {row["code"] for row in _tsv("countries.tsv") if row["kind"] == "demonym"}
    assert set(G20) <= demonym_codes
    assert len(demonym_codes - set(G20)) >= 60


@pytest.mark.parametrize(
    ("name", "code", "canonical"),
    [
        ("Moskva", "RUS", "Moscow"),
        ("Moscow", "RUS", "Moscow"),
        ("Kiev", "UKR", "Kyiv"),
        ("Kyiv", "UKR", "Kyiv"),
        ("Peking", "CHN", "Beijing"),
        ("Bombay", "IND", "Mumbai"),
        ("Saigon", "VNM", "Ho Chi Minh City"),
        ("Ha Noi", "VNM", "Hanoi"),
        ("Pyongyang", "PRK", "Pyongyang"),
        ("Rangoon", "MMR", "Yangon"),
        ("Washington, D.C.", "USA", "Washington"),
        ("Chelyabinsk", "RUS", "Chelyabinsk"),  # from the geonames big-city list
        ("Viet Nam", "VNM", "Vietnam"),
    ],
)
def test_places(name: str, code: str, canonical: str) -> None:
    assert place_country(name) == code
    assert canonical_place(name) == canonical


def test_capitals_and_cities_cover_150_countries() -> None:
    rows = _tsv("countries.tsv")
    assert len({r["code"] for r in rows if r["kind"] in ("capital", "city")}) >= 150


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("United Nations", "UNO"),
        ("UN", "UNO"),
        ("U.N. Security Council", "UNO"),
        ("UNSC", "UNO"),
        ("European Union", "EUR"),
        ("EU", "EUR"),
        ("European Commission", "EUR"),
        ("European Community", "EUR"),  # the EU's predecessor, in older news
        ("NATO", "NATO"),
        ("ASEAN", "ASEAN"),
        ("African Union", "AU"),
        ("OPEC", "OPEC"),
        ("World Health Organization", "UNO"),  # a UN agency: UN agencies share UNO
        ("IMF", "IMF"),
        ("World Bank", "WBK"),
        ("Asia-Pacific Economic Cooperation", "APEC"),
        ("Shanghai Cooperation Organization", "SCO"),
        ("Eurasian Economic Union", "EAEU"),
        ("G-20", "G20"),
    ],
)
def test_igos(name: str, code: str) -> None:
    assert country_code(name) == code
    assert is_igo(code)
    assert not is_igo("VNM")


def test_country_names() -> None:
    assert country_name("VNM") == "Vietnam"
    assert country_name("prk") == "North Korea"
    assert country_name("UNO") == "United Nations"
    assert country_name("XYZ") == "XYZ"


def test_institutions_carry_a_sector() -> None:
    assert lookup("the Kremlin") == lookup("Kremlin")
    kremlin, pentagon = lookup("Kremlin"), lookup("Pentagon")
    assert kremlin is not None and (kremlin.code, kremlin.sector) == ("RUS", "GOV")
    assert pentagon is not None and (pentagon.code, pentagon.sector) == ("USA", "MIL")


def test_ambiguous_names_are_flagged() -> None:
    georgia, washington, hyderabad = lookup("Georgia"), lookup("Washington"), lookup("Hyderabad")
    assert georgia is not None and georgia.code == "GEO" and "us-state" in georgia.ambiguous
    assert washington is not None and washington.code == "USA" and washington.ambiguous
    assert hyderabad is not None and hyderabad.code == "IND" and "PAK" in hyderabad.ambiguous
    assert lookup("Vietnam").ambiguous is None


@pytest.mark.parametrize("word", ["us", "Us", "who", "Who", "Un", "turkey", "china"])
def test_ordinary_words_are_not_countries(word: str) -> None:
    assert country_code(word) is None


@pytest.mark.parametrize("word", ["US", "WHO", "UN", "Turkey", "China", "TURKEY"])
def test_capitalised_forms_still_resolve(word: str) -> None:
    assert country_code(word) is not None


def test_countries_tsv_integrity() -> None:
    rows = _tsv("countries.tsv")
    iso = {c.alpha_3 for c in pycountry.countries}
    assert all(len(r) == 7 and None not in r.values() for r in rows)
    assert {r["kind"] for r in rows} <= set(KIND_PRIORITY) - {"igo"}
    assert {r["code"] for r in rows} <= iso | {"XKX"}
    assert iso <= {r["code"] for r in rows if r["kind"] == "country"}
    assert all(r["canonical"] and r["name"] for r in rows)
    assert {r["sector"] for r in rows if r["kind"] == "institution"} <= {
        "GOV",
        "MIL",
        "LEG",
        "PTY",
        "MED",
        "BUS",
        "SPY",
        "COP",
        "JUD",
    }
    duplicated = Counter((normalize(r["name"]), r["code"], r["kind"]) for r in rows)
    assert max(duplicated.values()) == 1


def test_igos_tsv_integrity() -> None:
    rows = _tsv("igos.tsv")
    iso = {c.alpha_3 for c in pycountry.countries}
    assert all(len(r) == 6 and r["code"] and r["name"] for r in rows)
    assert not {r["code"] for r in rows} & iso  # an IGO code never shadows a country
    assert all(is_country_code(r["code"]) for r in rows)


def test_seed_articles_resolve_countries_without_lowercase_false_hits() -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    for path in sorted(SEEDS.glob("*.txt")):
        words = re.findall(r"[^\W\d_][\w'’-]*", path.read_text(encoding="utf-8"))
        lower_hits = [w for w in words if w.islower() and country_code(w)]
        codes = {country_code(w) for w in words if not w.islower()} - {None}
        assert lower_hits == [], path.name
        assert codes, path.name
