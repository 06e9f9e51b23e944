"""Sentence similarity, LexRank centrality and near-duplicate groups over one story.

LexRank (Erkan & Radev 2004): sentences are nodes, TF-IDF cosine similarities above a
threshold are edges, and a sentence is central when central sentences resemble it (the
stationary distribution of a damped random walk). Near-duplicates (a syndicated copy, a
lightly edited rewrite) are grouped so one group is one statement with several sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
Matrix = NDArray[np.float64]


def vectorize(texts: Sequence[str], extra: Sequence[str] = ()) -> tuple[Matrix, Matrix]:
    """L2-normalized TF-IDF rows for ``texts`` and, in the same space, for ``extra``."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # slow import: only when used

    if not any(WORD.search(t) for t in texts):
        return np.zeros((len(texts), 1)), np.zeros((len(extra), 1))
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, lowercase=True,
                                 token_pattern=r"(?u)\b\w[\w'’-]*\b")
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # only stop words: nothing to compare
        return np.zeros((len(texts), 1)), np.zeros((len(extra), 1))
    other = vectorizer.transform(extra) if extra else None
    dense = np.asarray(matrix.toarray(), dtype=np.float64)
    return dense, (np.asarray(other.toarray(), dtype=np.float64) if other is not None
                   else np.zeros((0, dense.shape[1])))


def cosine(rows: Matrix) -> Matrix:
    """Cosine similarity of L2-normalized rows."""
    sim = rows @ rows.T
    return np.clip(sim, 0.0, 1.0)


def lexrank(sim: Matrix, threshold: float = 0.1, damping: float = 0.85,
            iterations: int = 100, tol: float = 1e-8) -> Matrix:
    """Centrality of each sentence, summing to 1 (power iteration on the damped walk)."""
    n = sim.shape[0]
    if n == 0:
        return np.zeros(0)
    adjacency = np.where(sim >= threshold, sim, 0.0)
    np.fill_diagonal(adjacency, 0.0)
    degree = adjacency.sum(axis=1, keepdims=True)
    # A sentence like no other links to every sentence, so the walk never gets stuck.
    walk = np.where(degree > 0, adjacency / np.where(degree > 0, degree, 1.0), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        updated = (1.0 - damping) / n + damping * (walk.T @ scores)
        if np.abs(updated - scores).sum() < tol:
            return updated
        scores = updated
    return scores


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicate_groups(texts: Sequence[str], sim: Matrix, cosine_min: float = 0.7,
                          jaccard_min: float = 0.6) -> list[list[int]]:
    """Indices grouped so each group is one statement told (almost) identically.

    Two sentences join when their TF-IDF cosine or their word-set Jaccard is high; a
    group grows only by sentences close to its first member, so chains of small edits
    cannot merge different statements.
    """
    bags = [words(t) for t in texts]
    groups: list[list[int]] = []
    seeds: list[int] = []
    for i in sorted(range(len(texts)), key=lambda i: -len(bags[i])):
        close = sim[i, seeds] if seeds else np.zeros(0)
        # Word overlap is checked only where TF-IDF already sees some likeness: cheap.
        match = next((g for g in np.argsort(-close) if close[g] >= cosine_min or (
            close[g] >= 0.2 and jaccard(bags[i], bags[seeds[g]]) >= jaccard_min)), None)
        if match is None:
            seeds.append(i)
            groups.append([i])
        else:
            groups[int(match)].append(i)
    return [sorted(g) for g in groups]
