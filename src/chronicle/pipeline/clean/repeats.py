"""Lines repeated inside one article: a whole article pasted twice, a headline printed again,
a caption under the photo and again below it.

A kept line (title or body) that repeats an earlier kept line is removed as ``repeat``; a
caption that repeats an earlier caption (or a body line that is an earlier caption word for
word) as ``caption-duplicate``. Lines compare by their word tokens: equal token sequences,
or token-set Jaccard at or above the configured threshold. Prefix filtering (Bayardo et al.,
"Scaling up all pairs similarity search", 2007) keeps the search near-linear on long texts.
"""

from __future__ import annotations

import math
from collections import defaultdict

from chronicle.pipeline.clean.shape import LineShape

REPEAT = "repeat"
CAPTION_DUPLICATE = "caption-duplicate"
MIN_EXACT_TOKENS = 3  # shorter lines ("Ukraine", "He said.") may recur legitimately
MIN_NEAR_TOKENS = 5  # below this one changed word moves Jaccard too far to mean anything


class RepeatIndex:
    """Earlier lines, searchable by exact token sequence or by token-set Jaccard."""

    def __init__(self, threshold: float) -> None:
        self.threshold = min(max(threshold, 0.01), 1.0)
        self.exact: set[tuple[str, ...]] = set()
        self.sets: list[frozenset[str]] = []
        self.postings: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, tokens: tuple[str, ...]) -> None:
        if len(tokens) < MIN_EXACT_TOKENS:
            return
        self.exact.add(tokens)
        unique = frozenset(tokens)
        if len(unique) < MIN_NEAR_TOKENS:
            return
        self.sets.append(unique)
        for token in self._prefix(unique):
            self.postings[token].append(len(self.sets) - 1)

    def seen_exact(self, tokens: tuple[str, ...]) -> bool:
        return len(tokens) >= MIN_EXACT_TOKENS and tokens in self.exact

    def seen(self, tokens: tuple[str, ...]) -> bool:
        if self.seen_exact(tokens):
            return True
        unique = frozenset(tokens)
        if len(unique) < MIN_NEAR_TOKENS:
            return False
        low, high = self.threshold * len(unique), len(unique) / self.threshold
        checked: set[int] = set()
        for token in self._prefix(unique):
            for idx in self.postings.get(token, ()):
                if idx in checked:
                    continue
                checked.add(idx)
                other = self.sets[idx]
                if low <= len(other) <= high and _jaccard(unique, other) >= self.threshold:
                    return True
        return False

    def _prefix(self, unique: frozenset[str]) -> list[str]:
        """Tokens two sets with Jaccard >= threshold must share one of (a global order)."""
        size = len(unique)
        keep = size - math.ceil(self.threshold * size - 1e-9) + 1
        return sorted(unique)[: max(1, keep)]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def mark_repeats(
    shapes: list[LineShape], kinds: list[str], reasons: list[str | None], threshold: float
) -> None:
    """Turn repeated kept lines and captions into removed lines, in reading order."""
    kept, captions = RepeatIndex(threshold), RepeatIndex(threshold)
    for i, shape in enumerate(shapes):
        kind, tokens = kinds[i], shape.tokens
        if kind in ("title", "body"):
            if captions.seen_exact(tokens):
                kinds[i], reasons[i] = "removed", CAPTION_DUPLICATE
            elif kept.seen(tokens):
                kinds[i], reasons[i] = "removed", REPEAT
            else:
                kept.add(tokens)
        elif kind == "caption":
            if captions.seen(tokens):
                kinds[i], reasons[i] = "removed", CAPTION_DUPLICATE
            else:
                captions.add(tokens)
