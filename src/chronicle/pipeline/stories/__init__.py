"""Stories: group articles about the same happening, incrementally, with stable ids.

Named steps sharing one ``StoryConfig``: features (``story_doc``/``batch_docs``: hashed
content words, actor entity ids with counts, publication date and dated expressions) ->
candidates (blocking keys looked up in the store and in the batch in flight) -> score (text
cosine, actor weighted Jaccard, time proximity with a hard gap) -> assign (join the best
story scoring ``threshold`` or more, else open one whose id hashes the first member's
article id). Story dates (``story_dates``, ``inherit``) are computed from members' dates.

The runner calls, once the batch's language layer is done::

    docs = batch_docs(batch.articles, batch.mentions, {e.id: e.kind for e in batch.entities},
                      batch.dates, config.stories)
    assignments = assign(docs, store, config.stories, ctx)   # then written with the batch

What the store implements (``StoryIndex``; ``MemoryStoryIndex`` is the reference):

- ``candidates(keys, bounds) -> list[StoryProfile]``: every story indexed under any of
  ``keys`` whose date hull is within reach of ``bounds = (min_hi, max_lo)`` (``window``:
  stories with ``hi < min_hi`` or ``lo > max_lo`` are certainly too far away in time and
  would score 0; an undated story is always in reach), each as
  ``StoryProfile.from_json(stored profile)``, in any order (the stage sorts by id).
  The store keeps each key row's story ``hi`` so this is an index range scan: the
  candidates are the stories of the article's time window, not every story ever seen.
- ``story_of(article_id) -> str | None``: the story an article was assigned to.
- ``profile(story_id) -> StoryProfile | None``: one story's stored profile.

For each ``Assignment``, in list order and in the batch's transaction, the store writes a
member row ``(article_id, story_id, reason, score)``; upserts the story row ``(id,
first_article = profile.first, size = profile.size, profile = profile.to_json())`` (the
last assignment of a story in a batch holds its final profile); and replaces the story's
blocking keys with ``assignment.keys`` (delete its old keys, insert these). The profile
JSON must come back byte for byte: that is what makes one-at-a-time runs equal one batch.
"""

from chronicle.pipeline.stories.assign import (
    Assignment,
    MemoryStoryIndex,
    StoryIndex,
    Window,
    assign,
    in_window,
    window,
)
from chronicle.pipeline.stories.dates import inherit, precision_of, story_dates
from chronicle.pipeline.stories.features import (
    StoryDoc,
    batch_docs,
    content_words,
    story_doc,
    when,
)
from chronicle.pipeline.stories.profile import StoryProfile, story_id

__all__ = [
    "Assignment",
    "MemoryStoryIndex",
    "StoryDoc",
    "StoryIndex",
    "StoryProfile",
    "Window",
    "assign",
    "batch_docs",
    "content_words",
    "in_window",
    "inherit",
    "precision_of",
    "story_dates",
    "story_doc",
    "story_id",
    "when",
    "window",
]
