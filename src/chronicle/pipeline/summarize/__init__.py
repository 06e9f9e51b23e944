"""Summarize: cited story summaries and headlines, contradictions, and the timeline.

Entry points, pure functions over plain inputs (the store builds the inputs):

- ``summarize(story_articles, budget=6)`` -> ``Summary``: verbatim sentences chosen by
  LexRank centrality, key-entity coverage and MMR, each cited with every article that
  carries it, ordered by time then paragraph; the headline is a member article's title.
- ``find_conflicts(story_articles, story_id)`` -> ``list[Conflict]``: different days for
  one event, incompatible numbers for one counted thing, different titles for one person.
- ``timeline_entries(stories, events)`` -> ``list[TimelineEntry]``: a story entry plus its
  key events, earliest first, each with its date's precision.

Builders: ``summary_input`` and ``conflict_input`` from an article, its sentences,
mentions, dated spans and events; ``find_quantities`` reads number expressions on an
article's parse (``quantities_from_sentences`` parses stored sentences itself).
"""

from chronicle.pipeline.summarize.conflicts import ConflictConfig, find_conflicts
from chronicle.pipeline.summarize.inputs import (
    ConflictInput,
    EventInput,
    SentenceInput,
    SummaryInput,
    conflict_input,
    event_input,
    summary_input,
)
from chronicle.pipeline.summarize.numbers import Amount, Interval, find_amounts, parse_amount
from chronicle.pipeline.summarize.quantities import (
    Quantity,
    find_quantities,
    quantities_from_sentences,
)
from chronicle.pipeline.summarize.summary import Summary, SummaryConfig, SummaryItem, summarize
from chronicle.pipeline.summarize.timeline import TimelineEntry, key_events, timeline_entries

__all__ = [
    "Amount",
    "ConflictConfig",
    "ConflictInput",
    "EventInput",
    "Interval",
    "Quantity",
    "SentenceInput",
    "Summary",
    "SummaryConfig",
    "SummaryInput",
    "SummaryItem",
    "TimelineEntry",
    "conflict_input",
    "event_input",
    "find_amounts",
    "find_conflicts",
    "find_quantities",
    "key_events",
    "parse_amount",
    "quantities_from_sentences",
    "summarize",
    "summary_input",
    "timeline_entries",
]
