"""Dedup: exact and near-duplicate articles, and paragraphs shared between articles.

Named steps sharing one ``DedupConfig``: fingerprint (content hash, canonical URL, MinHash
signature, LSH band keys, paragraph hashes) -> candidates (lookups in the store and in the
batch in flight) -> match, rules in order: the same normalised text ("exact"); the same
canonical URL, whatever the text ("url": two extractions of one page, a page updated at one
address; see ``urls.canonical_url``); estimated Jaccard >= threshold ("near"); the share of
the shorter text in whole paragraphs an earlier article holds >= ``contained_share``
("contained": a wire copy cut at another length, a second extraction of one page). Only
canonical articles are indexed for the text rules, so a duplicate always points at the first
article that carried the text, and adding one article costs a few indexed lookups however
large the corpus is.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

from chronicle.config import DedupConfig
from chronicle.model import Article
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.dedup.urls import canonical_url

_TOKEN = re.compile(r"\w+", re.UNICODE)
SEED = 1
CONTAINMENT_CANDIDATES = 8  # earlier articles sharing the most words, checked for containment
WORD_COUNT_CACHE = 4096  # stored articles' word counts kept between lookups
STOCK_PARAGRAPH = 32  # a paragraph more kept articles hold is stock text, no containment evidence


class DedupIndex(Protocol):
    """What dedup needs from the store (``chronicle.store.Store`` implements it)."""

    def canonical_for_hash(self, content_hash: str) -> str | None: ...

    def canonical_for_url(self, canonical_url: str) -> str | None: ...

    def candidates(self, band_keys: Iterable[str]) -> set[str]: ...

    def signature(self, article_id: str) -> tuple[int, int, bytes] | None: ...

    def paragraph_owners(self, hashes: Iterable[str], limit: int | None = None,
                         ) -> dict[str, set[str]]: ...

    def stored_paragraphs(self, article_id: str) -> tuple[str, list[str]] | None: ...


@dataclass(slots=True)
class Fingerprint:
    content_hash: str
    signature: bytes | None = None  # MinHash hash values (uint32), None for an empty text
    band_keys: list[str] = field(default_factory=list)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)  # (index, hash)
    words: int = 0  # every word of the text
    paragraph_words: dict[str, int] = field(default_factory=dict)  # hash -> its words


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@cache
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """LSH bands and rows for the threshold, from datasketch's optimiser.

    False negatives weigh 9x false positives: every candidate is verified against its
    signature anyway, so a spurious candidate costs one lookup while a miss loses a duplicate.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
    return lsh.b, lsh.r


@cache
def _template(num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm, seed=SEED)


def fingerprint(article: Article, cfg: DedupConfig) -> Fingerprint:
    words = tokens(article.text)
    fp = Fingerprint(content_hash=_digest(" ".join(words)))
    if words:
        k = min(cfg.shingle_words, len(words))
        shingles = {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}
        mh = _template(cfg.num_perm).copy()  # an empty MinHash sharing the permutations
        mh.update_batch(list(shingles))
        values = mh.hashvalues.astype(np.uint32)
        fp.signature = values.tobytes()
        b, r = _bands(cfg.near_threshold, cfg.num_perm)
        fp.band_keys = [f"{i}:{_digest(values[i * r:(i + 1) * r].tobytes().hex())}"
                        for i in range(b)]
    fp.words = len(words)
    for idx, para in enumerate(article.paragraphs):
        para_words = tokens(para)
        if len(para_words) >= cfg.min_paragraph_words:
            digest = _digest(" ".join(para_words))
            fp.paragraphs.append((idx, digest))
            fp.paragraph_words[digest] = len(para_words)
    return fp


def _paragraph_hashes(paragraphs: Iterable[str], cfg: DedupConfig) -> list[str]:
    """The hashes ``fingerprint`` tracks, in paragraph order."""
    out = []
    for para in paragraphs:
        para_words = tokens(para)
        if len(para_words) >= cfg.min_paragraph_words:
            out.append(_digest(" ".join(para_words)))
    return out


def in_one_run(mine: list[str], theirs: list[str], shared: set[str]) -> bool:
    """The shared paragraphs stand together and in the same order in both texts: a copy
    cut at another length, or one page extracted twice with other furniture around it.
    Two reports that each quote a few of the same wire paragraphs among their own do not."""
    def run(order: list[str]) -> list[str] | None:
        at = [i for i, digest in enumerate(order) if digest in shared]
        if not at or at[-1] - at[0] + 1 != len(at):
            return None
        return list(dict.fromkeys(order[at[0]:at[-1] + 1]))
    first, second = run(mine), run(theirs)
    return first is not None and first == second


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two MinHash signatures of the same size."""
    va, vb = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(va == vb)) / len(va) if len(va) == len(vb) else 0.0


class Deduplicator:
    """Marks each kept article canonical or a duplicate (exact, url, near, contained).

    It looks first at the batch in flight (not yet in the store) and then at the index.
    Call ``flush()`` once the batch has been written.
    """

    def __init__(self, cfg: DedupConfig, index: DedupIndex) -> None:
        self.cfg = cfg
        self.index = index
        self._hashes: dict[str, str] = {}
        # canonical URL -> (the in-flight article at it, that article's canonical article)
        self._urls: dict[str, tuple[str, str]] = {}
        self._bands: dict[str, set[str]] = defaultdict(set)
        self._signatures: dict[str, bytes] = {}
        self._paragraph_owners: dict[str, set[str]] = defaultdict(set)
        # the batch in flight's word counts and paragraph hashes in order
        self._words: dict[str, tuple[int, list[str]]] = {}
        self._stored_shapes: dict[str, tuple[int, list[str]]] = {}

    def __call__(self, article: Article, ctx: RunContext) -> Fingerprint:
        fp = fingerprint(article, self.cfg)
        article.content_hash = fp.content_hash
        article.canonical_url = canonical_url(article.url)
        if article.status != "kept":
            return Fingerprint(fp.content_hash)
        exact = self._hashes.get(fp.content_hash) or self.index.canonical_for_hash(fp.content_hash)
        if exact:
            return self._mark(article, exact, "exact", 1.0, ctx, fp)
        same_page = self._at_url(article.canonical_url)
        if same_page:
            return self._mark(article, same_page, "url", self._similarity(fp, same_page), ctx, fp)
        best, score = self._nearest(fp)
        if best is not None and score >= self.cfg.near_threshold:
            return self._mark(article, best, "near", score, ctx, fp)
        best, share = self._containing(fp)
        if best is not None and share >= self.cfg.contained_share:
            return self._mark(article, best, "contained", share, ctx, fp)
        self._remember(article, fp)
        return fp

    def flush(self) -> None:
        self._hashes.clear()
        self._urls.clear()
        self._bands.clear()
        self._signatures.clear()
        self._paragraph_owners.clear()
        self._words.clear()

    def forget(self, article_ids: Iterable[str]) -> None:
        """Drop articles the store now holds from the in-flight index (a runner may keep
        two batches in flight: the one being written and the one being read)."""
        gone = set(article_ids)
        if not gone:
            return
        self._hashes = {h: a for h, a in self._hashes.items() if a not in gone}
        self._urls = {u: pair for u, pair in self._urls.items() if pair[0] not in gone}
        for article_id in gone:
            self._signatures.pop(article_id, None)
            self._words.pop(article_id, None)
        for digest in list(self._paragraph_owners):
            self._paragraph_owners[digest] -= gone
            if not self._paragraph_owners[digest]:
                del self._paragraph_owners[digest]
        for key in list(self._bands):
            self._bands[key] -= gone
            if not self._bands[key]:
                del self._bands[key]

    def _at_url(self, url: str | None) -> str | None:
        """The canonical article of an earlier page at this canonical URL."""
        if not url or not self.cfg.same_url:
            return None
        in_flight = self._urls.get(url)
        return in_flight[1] if in_flight else self.index.canonical_for_url(url)

    def _similarity(self, fp: Fingerprint, other_id: str) -> float | None:
        """Estimated Jaccard with another article, when both have signatures (a URL match
        says nothing about the text; this says how far the two extractions differ)."""
        other = self._signatures.get(other_id)
        if other is None:
            stored = self.index.signature(other_id)
            other = stored[2] if stored and stored[0] == self.cfg.num_perm else None
        return similarity(fp.signature, other) if fp.signature and other else None

    def _nearest(self, fp: Fingerprint) -> tuple[str | None, float]:
        if fp.signature is None:
            return None, 0.0
        found = set().union(*(self._bands.get(k, ()) for k in fp.band_keys))
        found |= self.index.candidates(fp.band_keys)
        best, score = None, 0.0
        for candidate in sorted(found):
            other = self._signatures.get(candidate)
            if other is None:
                stored = self.index.signature(candidate)
                other = stored[2] if stored and stored[0] == self.cfg.num_perm else None
            s = similarity(fp.signature, other) if other else 0.0
            if s > score:
                best, score = candidate, s
        return best, score

    def _containing(self, fp: Fingerprint) -> tuple[str | None, float]:
        """The earlier article that shares the most of the shorter one's words through
        whole paragraphs: a wire copy cut at another length, a second extraction of one
        page. Jaccard cannot see these (0.2-0.5); the share of the shorter text can."""
        hashes = set(fp.paragraph_words)
        if not hashes or not fp.words:
            return None, 0.0
        owners: dict[str, set[str]] = defaultdict(set)
        for digest in hashes:
            in_flight = self._paragraph_owners.get(digest, ())
            for article_id in in_flight if len(in_flight) <= STOCK_PARAGRAPH else ():
                owners[article_id].add(digest)
        for article_id, held in self.index.paragraph_owners(hashes, STOCK_PARAGRAPH).items():
            owners[article_id] |= held
        # the few holding the most of its words: a copy shares most of them, while a
        # paragraph many articles repeat would otherwise make every one a candidate
        shared = {c: sum(fp.paragraph_words[h] for h in held) for c, held in owners.items()}
        ranked = sorted(shared, key=lambda c: (-shared[c], c))[:CONTAINMENT_CANDIDATES]
        best, score = None, 0.0
        mine = [digest for _, digest in fp.paragraphs]
        for candidate in ranked:
            words, theirs = self._words.get(candidate) or self._stored_shape(candidate)
            if not words or not in_one_run(mine, theirs, owners[candidate]):
                continue
            share = shared[candidate] / min(fp.words, words)
            if share > score:
                best, score = candidate, share
        return best, score

    def _stored_shape(self, article_id: str) -> tuple[int, list[str]]:
        """A stored article's word count and tracked paragraph hashes in order, as
        ``fingerprint`` gives them (cached, bounded)."""
        shape = self._stored_shapes.get(article_id)
        if shape is None:
            stored = self.index.stored_paragraphs(article_id)
            if stored is None:
                shape = (0, [])
            else:
                text, paragraphs = stored
                shape = (len(tokens(text)), _paragraph_hashes(paragraphs, self.cfg))
            if len(self._stored_shapes) >= WORD_COUNT_CACHE:
                self._stored_shapes.clear()
            self._stored_shapes[article_id] = shape
        return shape

    def _mark(self, article: Article, canonical: str, kind: str, score: float | None,
              ctx: RunContext, fp: Fingerprint) -> Fingerprint:
        article.status, article.reason = "duplicate", kind
        article.duplicate_of = canonical
        article.similarity = round(score, 4) if score is not None else None
        ctx.count(f"duplicates_{kind}")
        if article.canonical_url:  # a later page at this address duplicates the same article
            self._urls.setdefault(article.canonical_url, (article.id, canonical))
        return Fingerprint(fp.content_hash)

    def _remember(self, article: Article, fp: Fingerprint) -> None:
        article_id = article.id
        self._hashes[fp.content_hash] = article_id
        self._words[article_id] = (fp.words, [digest for _, digest in fp.paragraphs])
        if article.canonical_url:
            self._urls[article.canonical_url] = (article_id, article_id)
        for digest in fp.paragraph_words:
            self._paragraph_owners[digest].add(article_id)
        if fp.signature is not None:
            self._signatures[article_id] = fp.signature
            for key in fp.band_keys:
                self._bands[key].add(article_id)


__all__ = ["DedupIndex", "Deduplicator", "Fingerprint", "canonical_url", "fingerprint",
           "in_one_run", "similarity", "tokens"]
