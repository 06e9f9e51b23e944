"""Office holders and actor titles: who held an office on a date, and what sector a title codes.

Two data files, loaded once:

* ``data/office_holders.tsv`` (``country office name aliases start end sector roles note``):
  heads of state and government, foreign ministers and party leaders from 2000 on. ``end``
  is the day the successor took over (empty: still in office), so an office is held on
  ``start <= day < end``. ``roles`` are generic (``head_of_state``, ``head_of_government``,
  ``foreign_minister``, ``party_leader``, ``organisation_head``) so "the German prime
  minister" finds the chancellor. IGO leaders carry their IGO code and sector GOV.
* ``data/actor_titles.tsv`` (``title sector rank role kind note``): title words -> CAMEO
  sector. ``kind`` is ``head`` for titles that decide the sector whatever modifies them
  ("police minister" is GOV) and ``modifier`` for "former", "deputy", "acting" ...
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files

from chronicle.pipeline.entities.gazetteer import (
    country_code,
    is_country_code,
    lookup_key,
    normalize,
)

# Family name first: the first token is the one reporters use alone ("Xi", "Moon").
EASTERN_ORDER = frozenset({"CHN", "TWN", "KOR", "PRK", "HKG", "MAC"})
PARTICLES = frozenset(
    {
        "de",
        "da",
        "do",
        "dos",
        "das",
        "di",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
    }
)
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh", "ayatollah", "comrade"}
)
# A note marking an office held by virtue of another country's (the kings of the realms,
# Andorra's French co-prince): it never decides the person's country.
PERSONAL_UNION = "personal union"
_REGNAL = frozenset({"i", "ii", "iii", "iv", "v", "vi", "jr", "sr"})
_NOT_A_ROLE = frozenset({"deputy", "vice", "former", "ex"})


@dataclass(frozen=True, slots=True)
class Office:
    """One person's term in one office."""

    country: str
    office: str
    name: str
    sector: str
    start: date
    end: date | None = None
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str = ""

    def active(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)


@dataclass(frozen=True, slots=True)
class TitleInfo:
    """What a title says about its holder: sector, rank and, for generic offices, a role."""

    title: str
    sector: str
    rank: str | None = None
    role: str | None = None
    kind: str = "title"


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    length: int
    info: TitleInfo


@dataclass(frozen=True, slots=True)
class _Holders:
    offices: tuple[Office, ...]
    by_name: dict[str, tuple[str, ...]]
    by_short: dict[str, tuple[str, ...]]
    by_person: dict[str, tuple[Office, ...]]
    by_office: dict[str, dict[str, tuple[Office, ...]]]  # country -> office key -> terms


def all_offices() -> tuple[Office, ...]:
    return _holders().offices


def holders(name: str, on: date | None = None) -> list[Office]:
    """Offices of the person called ``name`` (held on ``on`` when a date is given).

    Full names and aliases match directly; a leading title or nationality is ignored
    ("Chilean President Gabriel Boric"). A bare surname ("Lavrov", or the given name
    Vietnamese reporters use, "Trong") matches only when one listed person fits that date.
    """
    index = _holders()
    key = normalize(name)
    persons = index.by_name.get(key) or index.by_name.get(_strip_prefix(key))
    if not persons:
        persons = _unique_short(index, _strip_prefix(key), on)
    found = [o for p in persons for o in index.by_person[p] if on is None or o.active(on)]
    return sorted(found, key=lambda o: (o.start, o.country, o.office))


def office_for(country: str, office: str, on: date) -> Office | None:
    """Who held ``office`` in ``country`` on ``on`` ("JPN", "prime minister", 2012-06-01).

    ``country`` is a code or any name the gazetteer knows. ``office`` is matched against the
    country's own title first, then through a generic role ("foreign minister" finds the UK
    foreign secretary), then as the end of a longer title ("leader" -> "supreme leader").
    """
    code = country.upper() if is_country_code(country) else country_code(country)
    offices = _holders().by_office.get(code or "", {})
    for candidates in _office_candidates(offices, normalize(office), title_info(office)):
        active = [o for o in candidates if o.active(on)]
        if active:
            return max(active, key=lambda o: o.start)
    return None


def title_sector(title: str) -> str | None:
    """CAMEO sector a title or role phrase codes ("foreign ministry spokesman" -> "GOV")."""
    info = title_info(title)
    return info.sector if info else None


@lru_cache(maxsize=16384)  # callers ask about the same few words again and again
def title_info(title: str) -> TitleInfo | None:
    """The title a phrase names, with modifiers applied ("former president" -> ELI)."""
    tokens = normalize(title).split()
    matches = _title_matches(tokens)
    if not any(m.info.kind != "modifier" for m in matches) and tokens:
        tokens = [*tokens[:-1], _singular(tokens[-1])]
        matches = _title_matches(tokens)
    core = [m for m in matches if m.info.kind != "modifier"]
    if not core:
        return None
    best = _choose(core, len(tokens)).info
    sector, rank, role = best.sector, best.rank, best.role
    for mod in (m.info for m in matches if m.info.kind == "modifier"):
        sector = mod.sector or sector
        rank = mod.rank if mod.rank == "deputy" else rank
        role = None if mod.title in _NOT_A_ROLE else role
    return TitleInfo(best.title, sector, rank, role, best.kind)


def head_title(words: list[str]) -> TitleInfo | None:
    """The title a noun phrase's head names, read from the end ("opposition lawmaker" is a
    lawmaker, "crowd control police" the police): the longest listed phrase that ends at
    the last word (its singular too), so "opposition leader" and "rebel leader" keep the
    modifier that decides their sector. Modifier titles ("former") never head a phrase."""
    tokens = [normalize(w) for w in words]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    titles = _titles()
    for last in (tokens[-1], _singular(tokens[-1])):
        for start in range(max(0, len(tokens) - 6), len(tokens)):
            info = titles.get(" ".join([*tokens[start:-1], last]))
            if info is not None and info.kind != "modifier":
                return info
    return None


def _office_candidates(
    offices: dict[str, tuple[Office, ...]], query: str, info: TitleInfo | None
) -> Iterator[tuple[Office, ...]]:
    """Candidate terms from the most to the least specific reading of the office name."""
    yield offices.get(query, ())
    if info is not None:
        yield offices.get(info.title, ())
        if info.role:
            yield tuple(o for terms in offices.values() for o in terms if info.role in o.roles)
    suffix = [key for key in offices if key.endswith(" " + query)]
    if len(suffix) == 1:  # "leader" -> "supreme leader", but not two kinds of "president"
        yield offices[suffix[0]]


def _strip_prefix(key: str) -> str:
    """Drop leading titles, honorifics and nationalities: "russian president x" -> "x"."""
    tokens = key.split()
    titles = _titles()
    changed, titled = True, False
    while changed and len(tokens) > 1:
        changed = False
        for size in (3, 2, 1):
            head = " ".join(tokens[:size])
            if size < len(tokens) and (head in titles or head in HONORIFICS or _is_nation(head)):
                titled = titled or not _is_nation(head)
                tokens, changed = tokens[size:], True
                break
    if len(tokens) == 1 and not titled:
        return key  # "Chad Smith", "Jordan Peterson": a first name that is also a country
    return " ".join(tokens)


def _is_nation(key: str) -> bool:
    place = lookup_key(key)  # the key is folded already: "us" here was "U.S."
    return place is not None and place.kind in ("country", "demonym", "igo")


def _unique_short(index: _Holders, key: str, on: date | None) -> tuple[str, ...]:
    persons = index.by_short.get(key, ())
    if on is not None:
        persons = tuple(p for p in persons if any(o.active(on) for o in index.by_person[p]))
    return persons if len(persons) == 1 else ()


def _title_matches(tokens: list[str]) -> list[_Match]:
    titles = _titles()
    found = []
    for start in range(len(tokens)):
        for length in range(min(6, len(tokens) - start), 0, -1):
            info = titles.get(" ".join(tokens[start : start + length]))
            if info is not None:
                found.append(_Match(start, length, info))
    return found


def _choose(core: list[_Match], n_tokens: int) -> _Match:
    """A head title at the end wins ("police minister"); else the longest, then leftmost."""
    tail = [m for m in core if m.start + m.length == n_tokens]
    if tail:
        last = max(tail, key=lambda m: m.length)
        if last.info.kind == "head":
            return last
    return max(core, key=lambda m: (m.length, -m.start))


def _singular(word: str) -> str:
    for plural, single in (("ies", "y"), ("men", "man"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + single
    return word


def _short_names(name: str, country: str) -> set[str]:
    """Names reporters use alone: surname, "von der Leyen", or the East Asian family name."""
    tokens = [t for t in name.split() if normalize(t) not in _REGNAL]
    if len(tokens) < 2:
        return set()
    if country in EASTERN_ORDER and _sinitic(tokens[0]):
        return {normalize(tokens[0])}
    out = {normalize(tokens[-1])}
    head, _, rest = tokens[-1].partition("-")
    if rest and head.lower() in PARTICLES:  # "al-Faisal" -> "Faisal"
        out.add(normalize(rest))
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1].lower() in PARTICLES:
        i -= 1
    if i < len(tokens) - 1:
        out.add(normalize(" ".join(tokens[i:])))
    return out


_SYLLABLE = re.compile(r"^(?:ch|sh|zh|ts|hw|kw|ky|gy|ny|[bcdfghjklmnpqrstwxyz])?h?[aeiouyw]{1,3}"
                       r"(?:ng|n|m|k|l|r|p|t|rk|h|hn)?$")


def _sinitic(word: str) -> bool:
    """One romanised Chinese or Korean syllable ("Xi", "Wang", "Moon", "Park"): a family
    name first. "Frank Hsieh" and "Harry Tseng" put a Western given name first."""
    return bool(_SYLLABLE.match(normalize(word)))


def _rows(filename: str) -> list[dict[str, str]]:
    text = files("chronicle").joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def _office(row: dict[str, str]) -> Office:
    return Office(
        country=row["country"],
        office=row["office"],
        name=row["name"],
        sector=row["sector"],
        start=date.fromisoformat(row["start"]),
        end=date.fromisoformat(row["end"]) if row["end"] else None,
        roles=tuple(filter(None, row["roles"].split("|"))),
        aliases=tuple(filter(None, row["aliases"].split("|"))),
        note=row["note"],
    )


@cache
def _holders() -> _Holders:
    offices = tuple(_office(row) for row in _rows("office_holders.tsv"))
    by_name: dict[str, dict[str, None]] = {}
    by_short: dict[str, dict[str, None]] = {}
    by_person: dict[str, list[Office]] = {}
    eastern = {normalize(o.name) for o in offices if o.country in EASTERN_ORDER}
    for o in offices:
        if PERSONAL_UNION in o.note:  # the monarch of a realm, a French president in Andorra
            continue
        person = normalize(o.name)
        by_person.setdefault(person, []).append(o)
        for form in (o.name, *o.aliases):
            by_name.setdefault(normalize(form), {})[person] = None
        order = "CHN" if person in eastern else o.country
        for short in _short_names(o.name, order):
            by_short.setdefault(short, {})[person] = None
    by_office: dict[str, dict[str, list[Office]]] = {}
    for o in offices:
        by_office.setdefault(o.country, {}).setdefault(normalize(o.office), []).append(o)
    return _Holders(
        offices=offices,
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_short={k: tuple(v) for k, v in by_short.items() if k not in by_name},
        by_person={k: tuple(v) for k, v in by_person.items()},
        by_office={c: {k: tuple(v) for k, v in d.items()} for c, d in by_office.items()},
    )


@cache
def _titles() -> dict[str, TitleInfo]:
    """Titles first (they carry rank and role), then the country-less agent words."""
    table: dict[str, TitleInfo] = {}
    for row in _rows("actor_titles.tsv"):
        key = normalize(row["title"])
        table.setdefault(
            key,
            TitleInfo(
                key, row["sector"], row["rank"] or None, row["role"] or None, row["kind"] or "title"
            ),
        )
    for row in _rows("agents.tsv"):
        key = normalize(row["term"])
        if row["kind"] != "religion":
            table.setdefault(key, TitleInfo(key, row["sector"], kind=row["kind"] or "agent"))
    return table


def title_keys() -> frozenset[str]:
    """Every normalized title and agent term the tables list."""
    return frozenset(_titles())


@cache
def _religions() -> frozenset[str]:
    return frozenset(normalize(r["term"]) for r in _rows("agents.tsv") if r["kind"] == "religion")


def is_religious(word: str) -> bool:
    """A word naming a faith or its followers ("Muslim", "Catholic"), from ``agents.tsv``."""
    return normalize(word) in _religions()
