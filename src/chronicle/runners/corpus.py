"""The corpus stages after each batch: stories, then each touched story's outputs.

Stories are assigned incrementally (the stories stage reads the store's index through
``StoryStore``); a story that gained members gets its dates, cited summary, headline and
contradictions recomputed from what the store holds for its members.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chronicle.model import TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.stories import assign, batch_docs, inherit, story_dates
from chronicle.pipeline.summarize import (
    Quantity,
    conflict_input,
    find_conflicts,
    summarize,
    summary_input,
)
from chronicle.pipeline.time.article import resolve_article
from chronicle.store import Batch, Store
from chronicle.store.stories import MemberDate, StoryStore

SUMMARY_SENTENCES = 6


def update_stories(store: Store, batch: Batch, ctx: RunContext, *,
                   refresh: bool = True) -> set[str]:
    """Assign the batch's articles to stories; refresh every story that changed unless
    ``refresh`` is False (the caller refreshes them later: ``refresh_stories``)."""
    stories = StoryStore(store)
    kinds = {e.id: e.kind for e in batch.entities}
    docs = batch_docs(batch.articles, batch.mentions, kinds, batch.dates, ctx.config.stories)
    if not docs:
        return set()
    assignments = assign(docs, stories, ctx.config.stories, ctx)
    stories.write_assignments(assignments)
    touched = {a.story_id for a in assignments}
    ctx.count("stories_touched", len(touched))
    if refresh:
        refresh_stories(store, touched, ctx)
    return touched


def refresh_stories(store: Store, story_ids: Iterable[str], ctx: RunContext) -> None:
    """``refresh_story`` for each of ``story_ids``, in id order."""
    stories = StoryStore(store)
    for story_id in sorted(story_ids):
        refresh_story(stories, story_id, ctx)
        ctx.count("stories_refreshed")


def refresh_story(stories: StoryStore, story_id: str, ctx: RunContext) -> None:
    """Recompute one story's dates, inherited member dates, summary and contradictions.

    Dates cover every member (one light query). A member whose inherited date changed is
    written and its relative dates are resolved again; the others are left as they are.
    The summary and contradictions read the members' text, so they consider at most
    ``summary_members`` kept members: the first (the report that opened the story) and
    the latest ones. The text work of a refresh is bounded; only the dates read (in SQLite)
grows with the story.
    """
    members = stories.member_dates(story_id)
    first, last = story_dates([m.published for m in members])
    kept = [m for m in members if m.status == "kept"]
    inherited: dict[str, TimeValue] = {}
    for m in kept:
        value = inherit(m.published, first, last)
        if value != m.published and m.published.precision != "day" and value != m.inherited:
            inherited[m.article_id] = value
            _sharpen(stories, stories.article(m.article_id), value, ctx)
    material = [stories.material(m.article_id)
                for m in window_members(kept, ctx.config.stories.summary_members)]
    if len(material) < len(kept):
        ctx.count("stories_refresh_windowed")
    summary = summarize([summary_input(m["article"], m["sentences"], m["mentions"], m["dates"])
                         for m in material], budget=SUMMARY_SENTENCES, ctx=ctx)
    conflicts = find_conflicts([_conflict_input(m) for m in material], story_id=story_id)
    ctx.count("conflicts", len(conflicts))
    stories.write_outputs(
        story_id, title=summary.headline, first=first, last=last,
        summary=[_summary_item(item) for item in summary.items],
        key_entities=list(summary.key_entities), conflicts=conflicts, inherited=inherited)


def window_members(kept: list[MemberDate], limit: int) -> list[MemberDate]:
    """The members a story's summary reads: all of them up to ``limit``, else the first
    and the ``limit - 1`` latest stored."""
    if limit < 2 or len(kept) <= limit:
        return kept
    return [kept[0], *kept[len(kept) - limit + 1:]]


def _sharpen(stories: StoryStore, article: Any, bounds: TimeValue, ctx: RunContext) -> None:
    """Resolve the article's relative dates ("on Thursday") again against the bounds its
    story gives it; keep only those the bounds pin to a day."""
    original = article.published
    article.published = bounds
    try:
        _, dated = resolve_article(article)
    finally:
        article.published = original
    ctx.count("dates_pinned_by_story", stories.sharpen_dates(article.id, dated))


def _conflict_input(m: dict[str, Any]) -> Any:
    raw = m["article"].metadata.get("quantities")
    quantities = [Quantity.from_dict(q) for q in raw] if raw is not None else None
    return conflict_input(m["article"], m["sentences"], m["mentions"], m["dates"],
                          m["events"], quantities)


def _summary_item(item: Any) -> dict[str, Any]:
    return {"text": item.text, "span": item.span.to_dict(),
            "citations": [c.to_dict() for c in item.citations],
            "date": item.date.to_dict() if item.date else None}
