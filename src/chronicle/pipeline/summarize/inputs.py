"""Plain inputs of the summarize stage, and builders from what earlier stages produce.

The store builds these from its tables; tests and notebooks build them from
``chronicle.api.annotate`` output with ``summary_input`` and ``conflict_input``.
Every text is a span into the article's cleaned text, so citations point back.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from chronicle.model import Article, Event, Mention, Sentence, Span, TimeValue
from chronicle.pipeline.entities.gazetteer import place_country
from chronicle.pipeline.summarize.quantities import Quantity, quantities_from_sentences

Dated = tuple[Span, TimeValue]


@dataclass(slots=True)
class SentenceInput:
    span: Span  # verbatim sentence of the cleaned text, with its offsets
    paragraph: int  # 0-based paragraph index in the article
    entities: tuple[str, ...] = ()  # ids of the entities mentioned in the sentence


@dataclass(slots=True)
class SummaryInput:
    """One member article of a story, reduced to what the summarizer reads."""

    article_id: str
    title: str | None
    outlet: str | None
    published: TimeValue
    sentences: list[SentenceInput]
    dates: list[Dated] = field(default_factory=list)  # dated spans of the body


@dataclass(slots=True)
class EventInput:
    """One coded event, as the contradiction finder compares it."""

    id: str
    source: tuple[str, ...]  # actor keys: entity ids (else country codes)
    cameo: str
    date: TimeValue
    evidence: Span  # the sentence
    trigger: str | None = None  # ``stem(trigger text)`` ("arriv"), the same for every article
    trigger_text: str | None = None  # as written ("arrived"), for the fact text
    date_text: str | None = None  # the date expression of the sentence ("on Wednesday")
    target: tuple[str, ...] = ()  # entity ids of the counterparts
    places: tuple[str, ...] = ()  # countries of the counterparts and location ("VNM")
    source_name: str | None = None  # for the fact text: "date of event: <name> arrived"
    negated: bool = False
    hypothetical: bool = False
    future: bool = False


@dataclass(slots=True)
class ConflictInput:
    """One member article of a story: its statements the contradiction finder compares."""

    article_id: str
    published: TimeValue
    sentences: list[Span]
    events: list[EventInput] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # with titles ("President")


def summary_input(article: Article, sentences: Sequence[Sentence | Span],
                  mentions: Sequence[Mention] = (), dates: Sequence[Dated] = ()) -> SummaryInput:
    spans = [_span(s) for s in sentences]
    starts = paragraph_starts(article.text)
    by_sentence = _mentions_by_sentence(spans, mentions)
    items = [SentenceInput(span, bisect.bisect_right(starts, span.start) - 1,
                           tuple(dict.fromkeys(by_sentence[i])))
             for i, span in enumerate(spans)]
    return SummaryInput(article.id, article.title, article.outlet, article.published, items,
                        list(dates))


def conflict_input(article: Article, sentences: Sequence[Sentence | Span],
                   mentions: Sequence[Mention] = (), dates: Sequence[Dated] = (),
                   events: Sequence[Event] = (),
                   quantities: Sequence[Quantity] | None = None) -> ConflictInput:
    """``quantities`` come from the article's parse when given, else sentences are parsed."""
    spans = [_span(s) for s in sentences]
    found = quantities_from_sentences(spans, mentions) if quantities is None else quantities
    return ConflictInput(article.id, article.published, spans,
                         [event_input(e, dates) for e in events], list(found), list(mentions))


def event_input(event: Event, dates: Sequence[Dated] = ()) -> EventInput:
    ev = event.evidence
    inside = [(s, v) for s, v in dates if s.article_id == ev.article_id
              and ev.start <= s.start < ev.end]
    # The coder dates an event by the sentence's first known date; a weekday the text
    # leaves unresolved ("on Thursday", no publication date) still names the day.
    date_text = next((s.text for s, v in inside if v.is_known),
                     inside[0][0].text if inside else None)
    places = {a.country for a in event.target if a.country}
    if event.location and (country := place_country(event.location)):
        places.add(country)
    return EventInput(
        id=event.id, source=tuple(a.entity_id or a.country or a.name for a in event.source),
        cameo=event.cameo, date=event.date, evidence=ev,
        trigger=stem(event.trigger.text) if event.trigger else None,
        trigger_text=event.trigger.text if event.trigger else None, date_text=date_text,
        target=tuple(a.entity_id or a.country or a.name for a in event.target),
        places=tuple(sorted(places)),
        source_name=" and ".join(a.name for a in event.source) or None,
        negated=event.negated, hypothetical=event.hypothetical, future=event.future,
    )


def stem(word: str) -> str:
    """A crude stem, enough to tell "arrived" and "arrives" are one trigger."""
    word = word.lower().split()[0] if word.strip() else ""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of a cleaned text starts (paragraphs are joined by a blank line)."""
    return [0] + [m.end() for m in re.finditer(r"\n\n", text)]


def _span(item: Sentence | Span) -> Span:
    return item.span if isinstance(item, Sentence) else item


def _mentions_by_sentence(spans: list[Span], mentions: Sequence[Mention]) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in spans]
    starts = [s.start for s in spans]
    for m in mentions:
        i = bisect.bisect_right(starts, m.span.start) - 1
        if m.entity_id and 0 <= i < len(spans) and m.span.end <= spans[i].end:
            out[i].append(m.entity_id)
    return out
