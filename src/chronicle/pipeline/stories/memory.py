"""An in-memory ``StoryIndex``: the reference the store's SQL version must agree with.

Used by the tests and by the eval until the store carries stories. ``write`` does what the
store does with a batch of assignments: keep each story's latest profile, replace its
blocking keys and record the member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from chronicle.pipeline.stories.assign import Assignment
from chronicle.pipeline.stories.profile import StoryProfile


class MemoryStoryIndex:
    def __init__(self) -> None:
        self.profiles: dict[str, str] = {}  # story id -> profile JSON, as a store keeps it
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.keys: dict[str, list[str]] = {}
        self.members: dict[str, str] = {}  # article id -> story id
        self.order: list[str] = []  # article ids in assignment order

    def candidates(self, keys: Iterable[str]) -> list[StoryProfile]:
        found = set().union(*(self.by_key.get(k, set()) for k in keys))
        return [StoryProfile.from_json(self.profiles[sid]) for sid in sorted(found)]

    def story_of(self, article_id: str) -> str | None:
        return self.members.get(article_id)

    def profile(self, story_id: str) -> StoryProfile | None:
        text = self.profiles.get(story_id)
        return StoryProfile.from_json(text) if text else None

    def write(self, assignments: Sequence[Assignment]) -> None:
        for a in assignments:
            for key in self.keys.get(a.story_id, []):
                self.by_key[key].discard(a.story_id)
            self.keys[a.story_id] = list(a.keys)
            for key in a.keys:
                self.by_key[key].add(a.story_id)
            self.profiles[a.story_id] = a.profile.to_json()
            self.members[a.article_id] = a.story_id
            self.order.append(a.article_id)

    def stories(self) -> dict[str, list[str]]:
        """Story id -> member article ids, in the order they joined."""
        out: dict[str, list[str]] = defaultdict(list)
        for article_id in self.order:
            out[self.members[article_id]].append(article_id)
        return dict(out)
