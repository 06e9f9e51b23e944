"""Choosing summary statements: key entities, then maximal marginal relevance (MMR).

MMR (Carbonell & Goldstein 1998) adds, one at a time, the statement with the best
``lambda * relevance - (1 - lambda) * similarity to what is already chosen``. Relevance
here also rewards naming key entities the summary does not cover yet and citing an
article not cited yet, so the summary spreads over the story's actors and sources
instead of repeating the most central one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from chronicle.pipeline.summarize.inputs import SummaryInput
    from chronicle.pipeline.summarize.lexrank import Matrix


class MMRConfig(Protocol):
    @property
    def redundancy(self) -> float: ...
    @property
    def mmr_lambda(self) -> float: ...
    @property
    def coverage_weight(self) -> float: ...
    @property
    def source_weight(self) -> float: ...


@dataclass(slots=True)
class Group:
    """One statement: near-identical sentences from one or more articles."""

    members: list[int]  # candidate indices
    primary: int  # the member quoted in the summary
    relevance: float
    entities: set[str]
    articles: set[int]  # indices of the articles that carry it


def key_entities(articles: Sequence[SummaryInput], limit: int = 8) -> list[str]:
    """Entities most articles mention (then most often): what the story is about.

    With several articles, an entity only one article names is not key.
    """
    spread: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for article in articles:
        named = [e for s in article.sentences for e in s.entities]
        total.update(named)
        spread.update(set(named))
    floor = 2 if len(articles) > 1 else 1
    ranked = sorted((e for e in spread if spread[e] >= floor),
                    key=lambda e: (-spread[e], -total[e], e))
    return ranked[:limit]


def mmr(groups: list[Group], sim: Matrix, keys: list[str], budget: int,
        cfg: MMRConfig) -> list[Group]:
    """Up to ``budget`` groups, most relevant and least redundant first."""
    weights = {e: 1.0 / (rank + 1) ** 0.5 for rank, e in enumerate(keys)}
    total_weight = sum(weights.values()) or 1.0
    covered: set[str] = set()
    cited: set[int] = set()
    chosen: list[Group] = []
    left = list(groups)
    while left and len(chosen) < budget:
        scored = []
        for group in left:
            overlap = max((_similarity(group, c, sim) for c in chosen), default=0.0)
            if overlap >= cfg.redundancy:
                continue
            gain = sum(weights.get(e, 0.0) for e in group.entities - covered) / total_weight
            fresh = cfg.source_weight if group.articles - cited else 0.0
            value = cfg.mmr_lambda * (group.relevance + cfg.coverage_weight * gain + fresh) \
                - (1.0 - cfg.mmr_lambda) * overlap
            scored.append((value, -group.primary, group))
        if not scored:
            break
        best = max(scored, key=lambda t: (t[0], t[1]))[2]
        chosen.append(best)
        covered |= best.entities
        cited |= best.articles
        left = [g for g in left if g is not best]
    return chosen


def _similarity(a: Group, b: Group, sim: Matrix) -> float:
    return float(np.max(sim[np.ix_(a.members, b.members)]))
