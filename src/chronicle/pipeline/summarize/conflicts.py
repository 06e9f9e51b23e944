"""Contradictions inside one story: two articles giving incompatible values for one fact.

Three kinds of fact are compared, always between different articles:

* the day of one event (same source actor, same trigger or CAMEO base code): different
  weekday names, or dates whose ranges do not meet;
* a number for one counted thing (same unit, counted noun, predicate, subject): intervals
  that do not meet, so "around a dozen" and "more than 10" agree;
* the title of one person ("President" against "Prime Minister").

A pair is reported only when neither article also states the other's value for that fact:
an article that gives both a first and an updated toll, or both of a person's titles, is
telling how things changed or stand, not contradicting another.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from chronicle.model import Conflict, Span, TimeValue
from chronicle.pipeline.entities.offices import title_info
from chronicle.pipeline.summarize.inputs import ConflictInput, EventInput
from chronicle.pipeline.summarize.quantities import Quantity

WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)
NOT_CURRENT = re.compile(r"\b(former|ex|acting|interim|caretaker|outgoing|incoming|late|then|"
                         r"elect|designate|future|would-be)\b", re.I)
GENERIC_TITLES = frozenset({"leader", "state leader", "head of state", "head of government",
                            "official", "chief", "head"})
TITLE_RANKS = frozenset({"leader", "deputy", "minister"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NUMBER_KINDS = {"count": "number", "percent": "percentage", "point": "percentage points"}


@dataclass(slots=True, frozen=True)
class ConflictConfig:
    date_days: int = 7  # a weekday names another week's day in articles further apart
    number_days: int = 1  # tolls move: numbers compared only between articles this close
    title_days: int = 60  # offices change: titles compared only between articles this close


@dataclass(slots=True)
class _Said:
    """One article's statement of one fact."""

    article: int
    key: tuple[str, ...]
    span: Span
    shown: str  # the value as written
    fact: str
    value: Any  # what compatibility is judged on: per kind of fact


def find_conflicts(story_articles: Sequence[ConflictInput], story_id: str = "",
                   config: ConflictConfig | None = None) -> list[Conflict]:
    cfg = config or ConflictConfig()
    found: list[Conflict] = []
    found += _compare(story_articles, _event_dates(story_articles), _dates_agree,
                      cfg.date_days, story_id)
    found += _compare(story_articles, _numbers(story_articles), _numbers_agree,
                      cfg.number_days, story_id, _quantities_same)
    found += _compare(story_articles, _titles(story_articles), _titles_agree, cfg.title_days,
                      story_id)
    return found


def _compare(articles: Sequence[ConflictInput], said: list[_Said],
             agree: Callable[[Any, Any], bool], days: int, story_id: str,
             same: Callable[[_Said, _Said], bool] | None = None) -> list[Conflict]:
    by_key: dict[tuple[str, ...], list[_Said]] = defaultdict(list)
    for item in said:
        by_key[item.key].append(item)
    out: list[Conflict] = []
    seen: set[tuple[str, str, str, str]] = set()
    for items in by_key.values():
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if a.article == b.article or (same is not None and not same(a, b)):
                    continue
                if not _close(articles[a.article].published, articles[b.article].published,
                              days):
                    continue
                if agree(a.value, b.value) or _agrees_somewhere(a, b, items, agree, same):
                    continue
                mark = (a.fact, a.span.article_id, b.span.article_id, a.shown + "|" + b.shown)
                if mark not in seen:
                    seen.add(mark)
                    out.append(Conflict(story_id, a.fact, a.span, b.span, (a.shown, b.shown)))
    return out


def _agrees_somewhere(a: _Said, b: _Said, items: list[_Said],
                      agree: Callable[[Any, Any], bool],
                      same: Callable[[_Said, _Said], bool] | None) -> bool:
    """Does either article also state a value the other one gives?"""
    for x, other in ((a, b), (b, a)):
        for item in items:
            if item.article == other.article and (same is None or same(x, item)) \
                    and agree(x.value, item.value):
                return True
    return False


# --- dates of events ---------------------------------------------------------------


def _event_dates(articles: Sequence[ConflictInput]) -> list[_Said]:
    out: list[_Said] = []
    for a, article in enumerate(articles):
        for event in article.events:
            if event.negated or event.hypothetical or event.future or not event.date_text:
                continue  # an event dated only by its article says nothing of its own day
            kind = f"t:{event.trigger}" if event.trigger else f"c:{event.cameo[:3]}"
            weekdays = frozenset(w.lower() for w in WEEKDAY.findall(event.date_text))
            shown = event.date_text + (f" ({event.date.earliest})"
                                       if event.date.precision == "day" else "")
            for actor in event.source:
                out.append(_Said(a, (actor, kind), event.evidence, shown, _date_fact(event),
                                 (weekdays, event.date, _where(event))))
    return out


def _date_fact(event: EventInput) -> str:
    who = event.source_name or ", ".join(event.source)
    what = event.trigger_text or f"CAMEO {event.cameo}"
    return f"date of event: {who} {what}"


def _where(event: EventInput) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(event.places), frozenset(event.target)


DateValue = tuple[frozenset[str], TimeValue, tuple[frozenset[str], frozenset[str]]]


def _dates_agree(x: DateValue, y: DateValue) -> bool:
    days_x, when_x, (places_x, target_x) = x
    days_y, when_y, (places_y, target_y) = y
    if places_x and places_y:
        if not places_x & places_y:
            return True  # elsewhere ("visited Chile" / "visited Peru"): two events
    elif target_x and target_y and not target_x & target_y:
        return True  # different counterparts: two events, not one told twice
    if days_x and days_y:
        return bool(days_x & days_y)
    return _overlap(when_x, when_y)


def _overlap(x: TimeValue, y: TimeValue) -> bool:
    if x.precision not in {"day", "week"} or y.precision not in {"day", "week"}:
        return True  # a month or a year is too coarse to contradict a day
    lo_x, hi_x = x.earliest or "", x.latest or x.earliest or ""
    lo_y, hi_y = y.earliest or "", y.latest or y.earliest or ""
    return not (lo_x and lo_y) or (lo_x <= hi_y and lo_y <= hi_x)


# --- numbers -----------------------------------------------------------------------


def _numbers(articles: Sequence[ConflictInput]) -> list[_Said]:
    out: list[_Said] = []
    for a, article in enumerate(articles):
        places = _places_by_sentence(article)
        for q in article.quantities:
            if q.head is None and (q.verb is None or q.subject is None):
                continue  # nothing says what is counted
            kind = NUMBER_KINDS.get(q.unit, f"amount ({q.unit})")
            what = " ".join(w for w in (q.head_text, q.verb_text) if w)
            out.append(_Said(a, (q.unit, q.head or "", q.verb or ""), q.sentence, q.span.text,
                             f"{kind} of {what}", (q, places.get(q.sentence.start, set()))))
    return out


def _places_by_sentence(article: ConflictInput) -> dict[int, set[str]]:
    """Places each sentence names: "12 killed in A" and "15 killed in B" are two facts."""
    out: dict[int, set[str]] = defaultdict(set)
    for mention in article.mentions:
        if mention.label in PLACE_LABELS and mention.entity_id:
            sentence = _containing(article.sentences, mention.span)
            out[sentence.start].add(mention.entity_id)
    return out


def _quantities_same(a: _Said, b: _Said) -> bool:
    """One counted thing: subject and places must agree where both name them."""
    (qa, places_a), (qb, places_b) = a.value, b.value
    if places_a and places_b and not places_a & places_b:
        return False
    if qa.subject and qb.subject:
        return qa.subject == qb.subject
    return qa.head is not None  # without a counted noun, the subject is what identifies it


def _numbers_agree(x: tuple[Quantity, set[str]], y: tuple[Quantity, set[str]]) -> bool:
    return x[0].interval.meets(y[0].interval)


# --- titles ------------------------------------------------------------------------


def _titles(articles: Sequence[ConflictInput]) -> list[_Said]:
    out: list[_Said] = []
    for a, article in enumerate(articles):
        for mention in article.mentions:
            office = _office(mention.title)
            if office is None or not mention.entity_id or mention.label != "PERSON":
                continue
            sentence = _containing(article.sentences, mention.span)
            out.append(_Said(a, (mention.entity_id,), sentence, mention.title or "",
                             f"title of {mention.span.text}", office))
    return out


def _office(title: str | None) -> str | None:
    """The office a title names, or None when it may not be the holder's current one."""
    if not title or NOT_CURRENT.search(title):
        return None
    info = title_info(title)
    if info is None or info.title in GENERIC_TITLES or info.kind == "head" \
            or info.rank not in TITLE_RANKS or info.sector not in {"GOV", "MIL"}:
        return None  # a bare "minister" fits any ministry: it contradicts none
    if info.role:
        return info.role  # "premier" and "prime minister" name one office
    return re.sub(r"^(?:first |senior )?(?:vice|deputy)\b", "deputy", info.title)


def _titles_agree(x: str, y: str) -> bool:
    return x == y


def _containing(sentences: Sequence[Span], span: Span) -> Span:
    for sentence in sentences:
        if sentence.start <= span.start and span.end <= sentence.end:
            return sentence
    return span


def _close(x: TimeValue, y: TimeValue, days: int) -> bool:
    try:
        dx, dy = date.fromisoformat(x.earliest or ""), date.fromisoformat(y.earliest or "")
    except ValueError:
        return True  # an undated article is compared: its date cannot excuse it
    return abs((dx - dy).days) <= days
