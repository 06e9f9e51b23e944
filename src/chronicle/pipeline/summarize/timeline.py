"""The corpus-wide timeline: one entry per story and per key event, ordered by date.

A story's entry is dated by its first date and shows its title; its key events (at most
three) are those with the largest |Goldstein| x mentions: the most intense things most
often reported. Each entry keeps its date's precision, so "March 2024" is shown as a
month, never as the 1st of March. Entries with no known date are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from chronicle.model import Event, Span, Story, TimeValue

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}


@dataclass(slots=True)
class EventHead:
    """What the timeline reads of an event, without the rest of an ``Event``: the store
    ranks these light rows and reads the evidence of the chosen ones only."""

    id: str
    story_id: str | None
    goldstein: float
    confidence: float
    date: TimeValue
    negated: bool
    hypothetical: bool
    future: bool
    mentions: int
    evidence: Span


E = TypeVar("E", bound=Event | EventHead)


@dataclass(slots=True)
class TimelineEntry:
    date: TimeValue
    story_id: str
    event_id: str | None  # None for the story's own entry
    text: str  # the story title, or the event's evidence sentence (verbatim)
    evidence: Span | None = None

    @property
    def precision(self) -> str:
        return self.date.precision

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.to_dict(), "precision": self.precision,
                "story_id": self.story_id, "event_id": self.event_id, "text": self.text,
                "evidence": self.evidence.to_dict() if self.evidence else None}


def timeline_entries(stories: Iterable[Story], events: Iterable[Event | EventHead],
                     per_story: int = 3) -> list[TimelineEntry]:
    """Dated entries for every story and its key events, earliest first, then most precise."""
    by_story: dict[str, list[Event | EventHead]] = defaultdict(list)
    for event in events:
        if event.story_id:
            by_story[event.story_id].append(event)
    entries: list[TimelineEntry] = []
    for story in stories:
        if story.first.is_known:
            entries.append(TimelineEntry(story.first, story.id, None, story.title))
        for event in key_events(by_story.get(story.id, []), per_story):
            entries.append(TimelineEntry(event.date, story.id, event.id, event.evidence.text,
                                         event.evidence))
    return sorted(entries, key=_order)


def key_events(events: list[E], limit: int = 3) -> list[E]:
    """The events that happened (not denied, hypothetical or pledged) and matter most.

    Records sharing an id are one event told several times; their count is its mentions.
    """
    merged: dict[str, tuple[E, int]] = {}
    for event in events:
        if event.negated or event.hypothetical or event.future or not event.date.is_known:
            continue
        first, told = merged.get(event.id, (event, 0))
        merged[event.id] = (first, told + 1)
    ranked = sorted(merged.values(), key=lambda pair: (
        -abs(pair[0].goldstein) * max(pair[0].mentions, pair[1]), -pair[0].confidence,
        _when(pair[0].date), pair[0].id))
    return [event for event, _ in ranked[:limit]]


def _order(entry: TimelineEntry) -> tuple[str, int, int, str, str]:
    return (_when(entry.date), PRECISION_RANK.get(entry.date.precision, 4),
            0 if entry.event_id is None else 1, entry.story_id, entry.event_id or "")


def _when(value: TimeValue) -> str:
    return value.earliest or value.latest or "9999-12-31"
