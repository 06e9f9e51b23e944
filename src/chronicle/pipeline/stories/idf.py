"""Step 2b, term weights: how rare each term is among the articles scored so far.

A story's wording is partly the wording of every happening of its kind ("talks",
"minister", "agreed", "sanctions") and partly its own ("mackerel", "Reykjavik"). Weighting
each term by its inverse document frequency lets the rare, telling words decide the text
cosine, so two happenings of one kind told in the same stock phrases no longer look alike.

The counts grow with every article scored (``observe``), but the weights come from a
snapshot of them, renewed whenever the number of articles has grown by ``growth`` (x1.25
by default). Between snapshots the weights are fixed, so a story's weighted norm is computed
once per snapshot, not once per article; and snapshots depend only on the order in which
articles arrive, so one article at a time gets exactly the weights of one batch. The store
keeps the counts and the snapshot (``StoryStore.term_stats``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

NORM_CACHE = 20000  # weighted story norms kept for the current snapshot


class TermStats:
    """Document frequencies of hashed terms, and the snapshot the weights are read from."""

    def __init__(self, df: dict[int, int] | None = None, snap: dict[int, int] | None = None,
                 n: int = 0, n_snap: int = 0, growth: float = 1.25) -> None:
        self.df = df if df is not None else {}
        self.snap = snap if snap is not None else {}
        self.n, self.n_snap, self.growth = n, n_snap, growth
        self.dirty: set[int] = set()  # terms to write: df or snapshot changed
        self._since: set[int] = {t for t, c in self.df.items() if self.snap.get(t, 0) != c}
        self._weights: dict[int, float] = {}
        self._norms: dict[tuple[str, int], float] = {}
        self._doc: tuple[str, int, dict[int, float], float] | None = None

    def observe(self, terms: Iterable[int]) -> None:
        """Count one more article with ``terms``; renew the snapshot when it is due."""
        self.n += 1
        for t in terms:
            self.df[t] = self.df.get(t, 0) + 1
            self._since.add(t)
            self.dirty.add(t)
        if self.n >= self.n_snap * self.growth:
            for t in self._since:
                self.snap[t] = self.df[t]
            self.dirty |= self._since
            self._since = set()
            self.n_snap = self.n
            self._weights.clear()
            self._norms.clear()
            self._doc = None

    def weight(self, term: int) -> float:
        """Smoothed inverse document frequency in the current snapshot (1 for a term in
        every article, larger the rarer it is)."""
        w = self._weights.get(term)
        if w is None:
            w = math.log((self.n_snap + 1) / (self.snap.get(term, 0) + 1)) + 1.0
            self._weights[term] = w
        return w

    def cosine(self, doc_id: str, doc_terms: dict[int, float], story: Any) -> float:
        """Cosine of the weighted article vector and the weighted story centroid."""
        if not doc_terms or not story.terms:
            return 0.0
        if self._doc is None or self._doc[:2] != (doc_id, self.n_snap):
            weights = {t: self.weight(t) for t in doc_terms}
            norm = math.sqrt(sum((w * weights[t]) ** 2 for t, w in doc_terms.items()))
            # Both sides carry the weight once: fold it in twice on the article's side.
            twice = {t: w * weights[t] * weights[t] for t, w in doc_terms.items()}
            self._doc = (doc_id, self.n_snap, twice, norm)
        _, _, twice, doc_norm = self._doc
        story_norm = self.story_norm(story)
        if not doc_norm or not story_norm:
            return 0.0
        terms = story.terms
        dot = sum(twice[t] * terms[t] for t in twice.keys() & terms.keys())
        return dot / (doc_norm * story_norm)

    def story_norm(self, story: Any) -> float:
        key = (story.id, story.size)
        norm = self._norms.get(key)
        if norm is None:
            norm = math.sqrt(sum((w * self.weight(t)) ** 2 for t, w in story.terms.items()))
            if len(self._norms) >= NORM_CACHE:
                self._norms.clear()
            self._norms[key] = norm
        return norm

    def changes(self) -> list[tuple[int, int, int]]:
        """``(term, df, snapshot df)`` for every term changed since the last call."""
        out = [(t, self.df[t], self.snap.get(t, 0)) for t in sorted(self.dirty)]
        self.dirty = set()
        return out
