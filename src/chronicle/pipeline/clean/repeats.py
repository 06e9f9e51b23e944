"""Lines repeated inside one article: a whole article pasted twice, a headline printed again,
a caption under the photo and again below it.

A kept line (title or body) that repeats an earlier kept line is removed as ``repeat``; a
caption that repeats an earlier caption (or a body line that is an earlier caption word for
word) as ``caption-duplicate``. Lines compare by their word tokens: equal token sequences,
or token-set Jaccard at or above the configured threshold. Inside a pasted block, where the
neighbouring line already repeats its counterpart, a line that lines up with its own
counterpart needs only ``threshold - ALIGNED_SLACK`` (one word changed in a short sentence).
Prefix filtering (Bayardo et al., "Scaling up all pairs similarity search", 2007), with the
article's rarest tokens first, finds candidates; at most MAX_CHECKS are compared per line so
a pathological text (thousands of near-identical lines) stays linear.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from chronicle.model import LineKind
from chronicle.pipeline.clean.shape import LineShape

REPEAT = "repeat"
CAPTION_DUPLICATE = "caption-duplicate"
MIN_EXACT_TOKENS = 3  # shorter lines ("Ukraine", "He said.") may recur legitimately
MIN_NEAR_TOKENS = 5  # below this one changed word moves Jaccard too far to mean anything
ALIGNED_SLACK = 0.15
MAX_CHECKS = 128


class RepeatIndex:
    """Earlier lines, searchable by exact token sequence or by token-set Jaccard."""

    def __init__(self, threshold: float, rarity: Counter[str] | None = None) -> None:
        self.threshold = min(max(threshold, 0.01), 1.0)
        self.rarity = rarity if rarity is not None else Counter()  # token -> lines holding it
        self.exact: dict[tuple[str, ...], int] = {}
        self.sets: dict[int, frozenset[str]] = {}
        self.postings: defaultdict[str, list[int]] = defaultdict(list)

    def add(self, key: int, tokens: tuple[str, ...]) -> None:
        if len(tokens) < MIN_EXACT_TOKENS:
            return
        self.exact.setdefault(tokens, key)
        unique = frozenset(tokens)
        if len(unique) < MIN_NEAR_TOKENS:
            return
        self.sets[key] = unique
        for token in self._prefix(unique):
            self.postings[token].append(key)

    def find_exact(self, tokens: tuple[str, ...]) -> int | None:
        return self.exact.get(tokens) if len(tokens) >= MIN_EXACT_TOKENS else None

    def find(self, tokens: tuple[str, ...]) -> int | None:
        """The key of an earlier line this one repeats, or None."""
        hit = self.find_exact(tokens)
        unique = frozenset(tokens)
        if hit is not None or len(unique) < MIN_NEAR_TOKENS:
            return hit
        low, high = self.threshold * len(unique), len(unique) / self.threshold
        checked: set[int] = set()
        for token in self._prefix(unique):
            for key in self.postings.get(token, ()):
                if key in checked:
                    continue
                if len(checked) >= MAX_CHECKS:
                    return None
                checked.add(key)
                other = self.sets[key]
                if low <= len(other) <= high and jaccard(unique, other) >= self.threshold:
                    return key
        return None

    def _prefix(self, unique: frozenset[str]) -> list[str]:
        """Tokens two sets with Jaccard >= threshold must share one of, in a global order
        (rarest first, so the lists searched are short)."""
        size = len(unique)
        keep = size - math.ceil(self.threshold * size - 1e-9) + 1
        return sorted(unique, key=lambda t: (self.rarity[t], t))[: max(1, keep)]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    inter = len(a & b)
    union = len(a) + len(b) - inter
    return inter / union if union else 0.0


def mark_repeats(
    shapes: list[LineShape], kinds: list[LineKind], reasons: list[str | None], threshold: float
) -> None:
    """Turn repeated kept lines and captions into removed lines, in reading order."""
    order = [i for i, kind in enumerate(kinds) if kind in ("title", "body")]
    rarity = Counter(t for i in order for t in set(shapes[i].tokens))
    kept, captions = RepeatIndex(threshold, rarity), RepeatIndex(threshold)
    matched: dict[int, int] = {}  # position in ``order`` -> position it repeats
    for i, shape in enumerate(shapes):
        if kinds[i] == "caption":
            if captions.find(shape.tokens) is not None:
                kinds[i], reasons[i] = "removed", CAPTION_DUPLICATE
            else:
                captions.add(i, shape.tokens)
    for pos, i in enumerate(order):
        tokens = shapes[i].tokens
        if captions.find_exact(tokens) is not None:
            kinds[i], reasons[i] = "removed", CAPTION_DUPLICATE
            continue
        hit = kept.find(tokens)
        follow = matched[pos - 1] + 1 if pos - 1 in matched else None
        if hit is None and follow is not None and follow not in matched:
            hit = _aligned(shapes, order, follow, pos, threshold)  # the pasted block goes on
        if hit is not None:
            matched[pos] = hit
        else:
            kept.add(pos, tokens)
    _extend_backwards(shapes, order, matched, threshold)
    for pos in matched:
        kinds[order[pos]], reasons[order[pos]] = "removed", REPEAT


def _aligned(shapes: list[LineShape], order: list[int], target: int, pos: int,
             threshold: float) -> int | None:
    """``target`` if line ``pos`` is close enough to it to continue a repeated block."""
    if target >= pos:
        return None
    a = frozenset(shapes[order[pos]].tokens)
    b = frozenset(shapes[order[target]].tokens)
    if min(len(a), len(b)) < MIN_NEAR_TOKENS:
        return None
    return target if jaccard(a, b) >= threshold - ALIGNED_SLACK else None


def _extend_backwards(shapes: list[LineShape], order: list[int], matched: dict[int, int],
                      threshold: float) -> None:
    """A block pasted again may begin with a changed line: walk back from each repeat."""
    for pos in range(len(order) - 1, 0, -1):  # descending, so a found line extends further
        if pos not in matched:
            continue
        prev, target = pos - 1, matched[pos] - 1
        if prev in matched or target < 0 or target in matched:
            continue
        hit = _aligned(shapes, order, target, prev, threshold)
        if hit is not None:
            matched[prev] = hit
