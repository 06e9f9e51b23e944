"""Step 2, profiles: what a story keeps about its members so a new article can be scored.

A profile is a running sum (term centroid, actor weights) plus the hull of its members'
dates, each sum cut to its heaviest entries (``centroid_terms``, ``centroid_actors``), so
adding a member costs the same however large the story grows. It serialises to
JSON exactly (floats round-trip), which is what makes one-at-a-time runs give the same
stories as one batch: the store hands back the very profile the stage computed.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

from chronicle.config import StoryConfig
from chronicle.pipeline.stories.features import Interval, StoryDoc
from chronicle.pipeline.stories.idf import TermStats


def story_id(first_article_id: str) -> str:
    """A story's id: a stable hash of its first member's article id."""
    return hashlib.blake2b(f"story:{first_article_id}".encode(), digest_size=8).hexdigest()


def _top(weights: dict[Any, float], n: int) -> list[Any]:
    """The ``n`` heaviest keys, ties broken by key so the choice is deterministic."""
    return [k for k, _ in sorted(weights.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]]


def _key_terms(terms: dict[int, float], n: int, stats: TermStats | None) -> list[int]:
    """The ``n`` heaviest terms, weighed by rarity when there are term statistics: a
    story is found by its own words, not by the stock phrases every story of its kind
    shares (which would make every such story a candidate)."""
    if stats is None:
        return _top(terms, n)
    return _top({t: w * stats.weight(t) for t, w in terms.items()}, n)


def doc_keys(doc: StoryDoc, cfg: StoryConfig, stats: TermStats | None = None) -> list[str]:
    """Blocking keys a document looks stories up by: all its actors, its heaviest terms."""
    return sorted({f"a:{a}" for a in doc.actors}
                  | {f"t:{t}" for t in _key_terms(doc.terms, cfg.key_terms, stats)})


@dataclass(slots=True)
class StoryProfile:
    """A story as the scorer sees it. ``first`` is the article whose hash is the story id."""

    id: str
    first: str
    size: int = 0
    terms: dict[int, float] = field(default_factory=dict)  # sum of member term vectors
    actors: dict[str, float] = field(default_factory=dict)  # sum of member actor weights
    lo: int | None = None  # hull of members' dated intervals (day numbers)
    hi: int | None = None
    languages: list[str] = field(default_factory=list)  # its members' languages, sorted
    countries: list[str] = field(default_factory=list)  # actor keys that are countries
    _norm: float | None = field(default=None, repr=False, compare=False)  # caches
    _actor_total: float | None = field(default=None, repr=False, compare=False)

    @classmethod
    def open(cls, doc: StoryDoc) -> StoryProfile:
        return cls(id=story_id(doc.article_id), first=doc.article_id)

    def add(self, doc: StoryDoc, span: Interval | None, cfg: StoryConfig) -> None:
        """Fold one member in. Only two-sided intervals widen the story's dates."""
        self.size += 1
        self._norm = self._actor_total = None
        if doc.language and doc.language not in self.languages:
            self.languages = sorted([*self.languages, doc.language])
        terms = dict(self.terms)
        for t, w in doc.terms.items():
            terms[t] = terms.get(t, 0.0) + w
        keep = set(_top(terms, cfg.centroid_terms))
        self.terms = {t: w for t, w in sorted(terms.items()) if t in keep}
        actors = dict(self.actors)
        for a, w in doc.actors.items():
            actors[a] = actors.get(a, 0.0) + w
        if len(actors) > cfg.centroid_actors:
            keep_actors = set(_top(actors, cfg.centroid_actors))
            actors = {a: w for a, w in actors.items() if a in keep_actors}
        self.actors = dict(sorted(actors.items()))
        self.countries = sorted(k for k in {*self.countries, *doc.countries} if k in self.actors)
        if span is not None and span[0] is not None and span[1] is not None:
            self.lo = span[0] if self.lo is None else min(self.lo, span[0])
            self.hi = span[1] if self.hi is None else max(self.hi, span[1])

    def keys(self, cfg: StoryConfig, stats: TermStats | None = None) -> list[str]:
        """Blocking keys the store indexes this story under (replace them on every update)."""
        return sorted({f"a:{a}" for a in _top(self.actors, cfg.key_actors)}
                      | {f"t:{t}" for t in _key_terms(self.terms, cfg.key_terms, stats)})

    def norm(self) -> float:
        if self._norm is None:
            self._norm = math.sqrt(sum(w * w for w in self.terms.values()))
        return self._norm

    def actor_total(self) -> float:
        if self._actor_total is None:
            self._actor_total = sum(self.actors.values())
        return self._actor_total

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "first": self.first, "size": self.size,
                           "terms": [[t, w] for t, w in self.terms.items()],
                           "actors": self.actors, "lo": self.lo, "hi": self.hi,
                           "languages": self.languages, "countries": self.countries},
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> StoryProfile:
        data = json.loads(text)
        return cls(id=data["id"], first=data["first"], size=data["size"],
                   terms={int(t): float(w) for t, w in data["terms"]},
                   actors={str(a): float(w) for a, w in data["actors"].items()},
                   lo=data["lo"], hi=data["hi"], languages=list(data.get("languages", [])),
                   countries=list(data.get("countries", [])))

    def copy(self) -> StoryProfile:
        return StoryProfile(self.id, self.first, self.size, dict(self.terms), dict(self.actors),
                            self.lo, self.hi, list(self.languages), list(self.countries))
