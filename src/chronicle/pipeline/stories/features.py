"""Step 1, features: what one article brings to story clustering (``StoryDoc``).

Text is hashed (scikit-learn's ``HashingVectorizer``: murmurhash into a fixed space) so a
vector never depends on the rest of the corpus and an increment never refits anything.
Terms are content words of the title and cleaned body with a light, deterministic suffix
folding, weighted by sublinear tf and l2-normalised. Actors are entity ids with
``1 + log(count)`` weights. Time is the publication ``TimeValue`` plus the dated expressions
(or event dates) the text carries.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from chronicle.config import StoryConfig
from chronicle.model import Article, Mention, Span, TimeValue

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Words every news story uses: they say nothing about which happening it is.
_NEWS_WORDS = """
    said says say told tell according added adding also would could new one two three
    year years week weeks day days month months today yesterday tomorrow time times
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    reporting editing reuters wire agency news report reported statement spokesperson
    spokesman spokeswoman official officials people percent per cent million billion
    including last next first second earlier later since ago
"""
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(_NEWS_WORDS.split())
# (suffix, replacement), first match wins: a small Porter-like folding, enough to meet
# "talks/talk", "signed/signing/sign", "disputes/disputed/dispute", "countries/country".
_SUFFIXES = (("sses", "ss"), ("ies", "y"), ("ied", "y"), ("ches", "ch"), ("shes", "sh"),
             ("xes", "x"), ("ings", ""), ("ing", ""), ("eed", "ee"), ("ed", ""), ("s", ""))
_KEEP_S = ("ss", "us", "is")
_DOUBLE = re.compile(r"([^aeiouylsz])\1$")


@dataclass(slots=True)
class StoryDoc:
    """One article's clustering features. ``terms`` maps hashed term index to weight."""

    article_id: str
    terms: dict[int, float] = field(default_factory=dict)
    actors: dict[str, float] = field(default_factory=dict)
    published: TimeValue = field(default_factory=TimeValue)
    days: list[TimeValue] = field(default_factory=list)
    duplicate_of: str | None = None  # a duplicate joins its canonical article's story
    title: str = ""
    language: str = ""  # wording is only compared within one language
    countries: frozenset[str] = frozenset()  # actor keys that are countries (weak evidence)


def fold(word: str) -> str:
    """Casefold and strip one inflection, then a final e (talks -> talk, disputed -> disput)."""
    word = word.casefold().replace("\u2019", "'").removesuffix("'s")
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(_KEEP_S):
                break
            word = word[: len(word) - len(suffix)] + repl
            if suffix in ("ing", "ings", "ed"):
                word = _DOUBLE.sub(r"\1", word)  # planned -> plann -> plan
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def content_words(text: str) -> list[str]:
    """Folded content words: letters only, three or more, stop and news words left out."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        if word not in STOP_WORDS:
            out.append(fold(word))
    return out


@cache
def _vectorizer(n_features: int) -> HashingVectorizer:
    return HashingVectorizer(analyzer=content_words, n_features=n_features,
                             alternate_sign=False, norm=None)


def term_vector(text: str, cfg: StoryConfig) -> dict[int, float]:
    """Hashed content words with sublinear tf (1 + log tf), l2-normalised."""
    row = _vectorizer(cfg.n_features).transform([text])
    weights = {int(i): 1.0 + math.log(float(v)) for i, v in zip(row.indices, row.data,
                                                                  strict=True)}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {i: w / norm for i, w in sorted(weights.items())} if norm else {}


def actor_weights(entity_ids: Iterable[str | None], kinds: Mapping[str, str],
                  cfg: StoryConfig) -> dict[str, float]:
    """Entity ids of the kinds that make a happening, ``1 + log(count)`` times a kind weight.

    People and organisations weigh most: a country or a capital is shared by many
    unrelated happenings, a named negotiator rarely is. The outlet that filed a report
    (a mention of the media sector) is no actor of it: ``story_doc`` leaves those out.
    """
    scale = {"country": cfg.country_weight, "place": cfg.place_weight, "igo": cfg.place_weight}
    counts = Counter(e for e in entity_ids if e and kinds.get(e) in cfg.actor_kinds)
    return {e: (1.0 + math.log(n)) * scale.get(kinds[e], 1.0)
            for e, n in sorted(counts.items())}


ROUND = frozenset({10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0})
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:([.,\u00a0 ])\d{3})+(?![\d])"  # 2,000 / 2.000
                     r"|(?<![\w.,])\d+(?:[.,]\d+)?")  # 86, 6.8, 6,8


def figures(text: str, skip: Sequence[tuple[int, int]] = ()) -> Counter[str]:
    """The figures a report gives, written alike in every language ("2,000", "2.000",
    "2 000" are 2000; "6,8" and "6.8" are 6.8): a death toll or a sum is shared by every
    report of one happening, whatever its language. Years, small numbers and round powers
    of ten say nothing of which happening it is."""
    out: Counter[str] = Counter()
    for match in _NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in skip):
            continue  # the day of a date ("23 janvier") is no figure
        raw = match.group()
        sep = match.group(1)  # thousands separators, else a decimal comma
        value = raw.replace(sep, "") if sep else raw.replace(",", ".")
        try:
            number = float(value)
        except ValueError:
            continue
        year = raw.isdigit() and 1900 <= number <= 2100
        if number < 10 and "." not in value or year or number in ROUND:
            continue
        out[f"n:{value.rstrip('0').rstrip('.') if '.' in value else value}"] += 1
    return out


def story_doc(article: Article, mentions: Sequence[Mention], kinds: Mapping[str, str],
              days: Sequence[TimeValue], cfg: StoryConfig) -> StoryDoc:
    """The features of one article. ``kinds`` maps entity id to kind; ``days`` are its dates."""
    text = f"{article.title or ''}\n{article.text}"
    actors = actor_weights((m.entity_id for m in mentions if m.sector != "MED"), kinds, cfg)
    if cfg.number_weight and actors:  # beside actors: figures alone make no story
        offset = len(article.title or "") + 1  # the body starts after the title line
        dated = [(d.evidence.start + offset, d.evidence.end + offset) for d in days
                 if d.evidence is not None]
        actors.update({k: cfg.number_weight for k in sorted(figures(text, dated))})
    return StoryDoc(
        article_id=article.id,
        terms=term_vector(text, cfg),
        actors=actors,
        published=article.published,
        days=[d for d in days if d.is_known],
        duplicate_of=article.duplicate_of if article.status == "duplicate" else None,
        title=article.title or "",
        language=article.language or "",
        countries=frozenset(k for k in actors if kinds.get(k) == "country"),
    )


def batch_docs(articles: Sequence[Article], mentions: Sequence[Mention],
               kinds: Mapping[str, str], dates: Sequence[tuple[Span, TimeValue]],
               cfg: StoryConfig) -> list[StoryDoc]:
    """Features for a batch, in article order; dropped articles take no part in stories."""
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_article[m.span.article_id].append(m)
    days: dict[str, list[TimeValue]] = defaultdict(list)
    for span, value in dates:
        days[span.article_id].append(value)
    return [story_doc(a, by_article[a.id], kinds, days[a.id], cfg)
            for a in articles if a.status != "dropped"]


def ordinal(iso: str | None) -> int | None:
    """An ISO date as a day number (None when absent or unreadable)."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


Interval = tuple[int | None, int | None]


def when(doc: StoryDoc, cluster_days: int) -> Interval | None:
    """The days the article is about, as day numbers (an open end is None); None if unknown.

    The publication date when the article has one. Otherwise the most recent group of
    day- or week-precise dates in its text (older ones are usually background), kept
    within the article's own one-sided bound; otherwise that bound alone.
    """
    pub = doc.published
    lo, hi = ordinal(pub.earliest), ordinal(pub.latest)
    if pub.precision != "unknown" and (lo is not None or hi is not None):
        return lo, hi
    recent = _recent_days(doc, cluster_days)
    if recent:
        return min(a for a, _, _ in recent), max(b for _, b, _ in recent)
    return (lo, hi) if lo is not None or hi is not None else None


def _recent_days(doc: StoryDoc, cluster_days: int) -> list[tuple[int, int, TimeValue]]:
    """An undated article's most recent group of day- or week-precise text dates."""
    lo, hi = ordinal(doc.published.earliest), ordinal(doc.published.latest)
    spans = sorted(
        ((a, b, d) for d in doc.days if d.precision in ("day", "week")
         if (a := ordinal(d.earliest)) is not None and (b := ordinal(d.latest)) is not None
         and (hi is None or b <= hi) and (lo is None or a >= lo)), key=lambda t: t[:2])
    if not spans:
        return []
    newest = max(b for _, b, _ in spans)
    return [(a, b, d) for a, b, d in spans if newest - b <= cluster_days]


def firm(doc: StoryDoc, cluster_days: int) -> bool:
    """Whether the article's days may veto a story: its publication's always; an undated
    article's text dates only when one states its own year and nothing shows them to be
    background. A year borrowed from another date ("May 4" taking a treaty's 1991), or
    dates older than the end of a span of years the article names ("1991-2021": an
    anniversary), may confirm a story's time but never veto it or stretch it."""
    recent = _recent_days(doc, cluster_days) if doc.published.precision == "unknown" else []
    if not recent:
        return True  # the publication's days, a one-sided bound or nothing: as they are
    if not any(d.source == "text" for _, _, d in recent):
        return False
    newest_year = date.fromordinal(max(b for _, b, _ in recent)).year
    return not any(d.earliest and d.latest and d.precision == "year"
                   and d.earliest[:4] < d.latest[:4] and int(d.latest[:4]) > newest_year
                   for d in doc.days)
