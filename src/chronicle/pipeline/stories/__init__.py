"""Stories: group articles about the same happening, incrementally, with stable ids.

Named steps sharing one ``StoryConfig``: features (``story_doc``: hashed content words,
actor entity ids with counts, publication date and dated expressions) -> candidates
(blocking keys looked up in the store and in the batch in flight) -> score (text cosine,
actor weighted Jaccard, time proximity with a hard gap) -> assign (join the best story
over ``threshold`` or open one whose id hashes the first member's article id). Story
dates (``story_dates``, ``inherit``) are computed from the members' dates on read.

What the store implements (``StoryIndex``; ``MemoryStoryIndex`` is the reference):

- ``candidates(keys) -> list[StoryProfile]``: every story indexed under any of ``keys``,
  as ``StoryProfile.from_json(stored_json)``, in any order (the stage sorts by id).
- ``story_of(article_id) -> str | None``: the story an article was assigned to.
- ``profile(story_id) -> StoryProfile | None``: one story's stored profile.

After ``assign`` the store writes, in the batch's transaction and in list order: for each
``Assignment`` a member row ``(article_id, story_id, reason, score)``; the story row
``(id, first_article = profile.first, size = profile.size, profile = profile.to_json())``
upserted (the last assignment of a story in the batch holds its final profile); and the
story's blocking keys replaced by ``assignment.keys`` (delete the story's old keys,
insert the new). The profile JSON must be stored and returned byte for byte.
"""

from chronicle.pipeline.stories.assign import Assignment, StoryIndex, assign
from chronicle.pipeline.stories.dates import inherit, precision_of, story_dates
from chronicle.pipeline.stories.features import (
    StoryDoc,
    batch_docs,
    content_words,
    story_doc,
    when,
)
from chronicle.pipeline.stories.memory import MemoryStoryIndex
from chronicle.pipeline.stories.profile import StoryProfile, story_id

__all__ = [
    "Assignment",
    "MemoryStoryIndex",
    "StoryDoc",
    "StoryIndex",
    "StoryProfile",
    "assign",
    "batch_docs",
    "content_words",
    "inherit",
    "precision_of",
    "story_dates",
    "story_doc",
    "story_id",
    "when",
]
