"""Step 4, assignment: each article joins its best story or opens a new one.

Incremental and order-stable: documents are assigned in the order given, each seeing the
stories the store holds plus those the batch has opened or grown so far (an overlay over
the store's index). Nothing already assigned ever moves, a story's id is a hash of its
first member, and the store returns exactly the profiles this step wrote, so adding
articles one at a time gives the same stories and ids as adding them in one batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from chronicle.config import StoryConfig
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.stories.features import Interval, StoryDoc, firm, when
from chronicle.pipeline.stories.idf import TermStats
from chronicle.pipeline.stories.profile import StoryProfile, doc_keys
from chronicle.pipeline.stories.score import Fit, fit, rounded

Reason = Literal["joined", "duplicate", "new:no-candidates", "new:below-threshold"]
CLUSTER_DAYS = 14  # text dates this close to the newest one belong to the same happening


Window = tuple[int | None, int | None]  # (lowest hi, highest lo) a candidate may have
REACH = 256  # stories one article is scored against at most (see ``within_reach``)
UNDATED_HI = 2147483647  # an undated story's hull end: it sorts with the newest
Ranked = tuple[int, StoryProfile]  # (blocking keys the story shares with the article, it)


def window(span: Interval | None, cfg: StoryConfig) -> Window:
    """The hull bounds a story needs to be in time reach of an article's days.

    A story whose hull ends before ``span[0] - max_gap_days`` or starts after
    ``span[1] + max_gap_days`` is certainly further away than ``max_gap_days``, so it scores
    0 and need not be fetched: what ``score.gap`` would prove, as an index range. An open
    end of the article's days bounds nothing.
    """
    if span is None:
        return None, None
    lo, hi = span
    return (lo - cfg.max_gap_days if lo is not None else None,
            hi + cfg.max_gap_days if hi is not None else None)


def rank(item: Ranked) -> tuple[int, int, str]:
    """Most keys shared first, then the newest hull end, then the smaller id."""
    shared, profile = item
    return (-shared, -(UNDATED_HI if profile.hi is None else profile.hi), profile.id)


def within_reach(found: Iterable[Ranked], limit: int | None = REACH) -> list[Ranked]:
    """The ``limit`` candidates an article is scored against, in ``rank`` order.

    Blocking keys are an article's actors and heaviest terms. On a large corpus one key (a
    country, a leader) is shared by hundreds of stories within the time window, and by
    thousands for an article with no firm date, which has no window; scoring them all made
    assignment grow with the corpus. The story an article belongs to shares several keys
    with it (its actors and its words), a story met through one common key rarely is it, so
    the article meets the ``REACH`` stories sharing the most keys with it, the newest first
    among equals (undated stories count as newest).
    """
    ordered = sorted(found, key=rank)
    return ordered if limit is None else ordered[:limit]


def in_window(profile: StoryProfile, bounds: Window) -> bool:
    min_hi, max_lo = bounds
    if min_hi is not None and profile.hi is not None and profile.hi < min_hi:
        return False
    return not (max_lo is not None and profile.lo is not None and profile.lo > max_lo)


class StoryIndex(Protocol):
    """What the stories stage needs from the store (see the package docstring for the spec)."""

    def ranked(self, keys: Iterable[str], bounds: Window = (None, None),
               limit: int | None = REACH) -> list[Ranked]:
        """Stories under any of ``keys`` in time reach of ``bounds``, each with the number
        of ``keys`` it is filed under: the first ``limit`` in ``rank`` order."""
        ...

    def story_of(self, article_id: str) -> str | None: ...

    def profile(self, story_id: str) -> StoryProfile | None: ...

    def term_stats(self, cfg: StoryConfig) -> TermStats: ...


@dataclass(slots=True)
class Assignment:
    """Where one article went and why. ``profile`` is the story after it joined."""

    article_id: str
    story_id: str
    reason: Reason
    score: float  # the fit to the story it joined (1.0 for a duplicate, 0 when new)
    profile: StoryProfile
    keys: list[str]  # the blocking keys to store for the story (replace the old ones)
    fit: Fit | None = None  # the winning fit, or the best rejected one for a new story


class _Overlay:
    """The store's index with this batch's stories laid over it (newer wins)."""

    def __init__(self, index: StoryIndex, cfg: StoryConfig) -> None:
        self.index, self.cfg = index, cfg
        self.stats = index.term_stats(cfg) if cfg.idf else None
        self.profiles: dict[str, StoryProfile] = {}
        self.keys: dict[str, set[str]] = {}
        self.members: dict[str, str] = {}

    def candidates(self, keys: list[str], bounds: Window) -> list[StoryProfile]:
        """The stories within reach, sorted by id, exactly as one index holding the store's
        stories and the batch's would give them: a story of the batch may rank otherwise in
        the store (its keys and dates changed since), so the store gives as many more as the
        batch holds, and a stored story in the true first ``REACH`` is among them."""
        stored = self.index.ranked(keys, bounds, REACH + len(self.profiles))
        found = {p.id: (shared, p) for shared, p in stored if p.id not in self.profiles}
        wanted = set(keys)
        for sid, p in self.profiles.items():
            shared = len(self.keys[sid] & wanted)
            if shared and in_window(p, bounds):
                found[sid] = (shared, p)
        return sorted((p for _, p in within_reach(found.values())), key=lambda p: p.id)

    def story_of(self, article_id: str) -> str | None:
        return self.members.get(article_id) or self.index.story_of(article_id)

    def profile(self, sid: str) -> StoryProfile | None:
        stored = self.profiles.get(sid) or self.index.profile(sid)
        return stored.copy() if stored else None

    def put(self, article_id: str, profile: StoryProfile) -> list[str]:
        self.profiles[profile.id] = profile
        keys = profile.keys(self.cfg, self.stats)
        self.keys[profile.id] = set(keys)
        self.members[article_id] = profile.id
        return keys


def best(doc: StoryDoc, stories: Sequence[StoryProfile], cfg: StoryConfig,
         stats: TermStats | None = None) -> tuple[StoryProfile | None, Fit | None]:
    """The best-fitting story (ties go to the smaller id, so the choice is stable)."""
    span = when(doc, CLUSTER_DAYS)
    top: tuple[StoryProfile | None, Fit | None] = (None, None)
    for story in stories:
        f = fit(doc, span, story, cfg, stats, firm=firm(doc, CLUSTER_DAYS))
        if top[1] is None or f.score > top[1].score:
            top = (story, f)
    return top


def assign_one(doc: StoryDoc, overlay: _Overlay, cfg: StoryConfig) -> Assignment:
    if doc.duplicate_of:
        sid = overlay.story_of(doc.duplicate_of)
        profile = overlay.profile(sid) if sid else None
        if profile is not None:
            keys = overlay.put(doc.article_id, profile)
            return Assignment(doc.article_id, profile.id, "duplicate", 1.0, profile, keys)
    if overlay.stats is not None and (not doc.language or doc.language in
                                      cfg.wording_languages):
        # counted before scoring: a batch sees what one-by-one sees; the rarity of words is
        # that of the languages whose wording is compared (another's words are all "rare")
        overlay.stats.observe(doc.terms)
    span = when(doc, CLUSTER_DAYS) if firm(doc, CLUSTER_DAYS) else None  # may not veto
    bounds = window(span, cfg)
    story, f = best(doc, overlay.candidates(doc_keys(doc, cfg, overlay.stats), bounds), cfg,
                    overlay.stats)
    if story is not None and f is not None and f.score >= cfg.threshold:
        joined = story.copy()
        reason: Reason = "joined"
    else:
        joined = StoryProfile.open(doc)
        reason = "new:no-candidates" if story is None else "new:below-threshold"
    joined.add(doc, span, cfg)
    keys = overlay.put(doc.article_id, joined)
    score = rounded(f.score) if f is not None and reason == "joined" else 0.0
    return Assignment(doc.article_id, joined.id, reason, score, joined, keys, f)


def assign(docs: Sequence[StoryDoc], index: StoryIndex, cfg: StoryConfig,
           ctx: RunContext | None = None) -> list[Assignment]:
    """Assign ``docs`` in order, those in a language whose wording is compared first (an
    article in another language joins on actors alone, so it should meet the stories its
    batch's reports make, not open one they then miss). Write every returned profile (the
    last one per story wins)."""
    overlay = _Overlay(index, cfg)
    out = []
    for doc in sorted(docs, key=lambda d: bool(d.language) and
                      d.language not in cfg.wording_languages):
        done = overlay.story_of(doc.article_id)
        if done is not None:  # already assigned: never moves
            if ctx is not None:
                ctx.count("stories_already_assigned")
            continue
        result = assign_one(doc, overlay, cfg)
        if ctx is not None:
            ctx.count(f"stories_{result.reason.replace(':', '_').replace('-', '_')}")
        out.append(result)
    return out


class MemoryStoryIndex:
    """An in-memory ``StoryIndex``: the reference the store's SQL version must agree with.

    ``write`` does what the store does with a batch of assignments: keep each story's
    latest profile (as JSON), replace its blocking keys and record the member.
    """

    def __init__(self) -> None:
        self.stats: TermStats | None = None
        self.profiles: dict[str, str] = {}  # story id -> profile JSON, as a store keeps it
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.keys: dict[str, list[str]] = {}
        self.members: dict[str, str] = {}  # article id -> story id
        self.order: list[str] = []  # article ids in assignment order

    def ranked(self, keys: Iterable[str], bounds: Window = (None, None),
               limit: int | None = REACH) -> list[Ranked]:
        shared: dict[str, int] = defaultdict(int)
        for key in set(keys):
            for sid in self.by_key.get(key, ()):
                shared[sid] += 1
        profiles = ((n, StoryProfile.from_json(self.profiles[sid])) for sid, n in shared.items())
        return within_reach(((n, p) for n, p in profiles if in_window(p, bounds)), limit)

    def candidates(self, keys: Iterable[str], bounds: Window = (None, None),
                   limit: int | None = REACH) -> list[StoryProfile]:
        """``ranked``'s stories, sorted by id."""
        return sorted((p for _, p in self.ranked(keys, bounds, limit)), key=lambda p: p.id)

    def story_of(self, article_id: str) -> str | None:
        return self.members.get(article_id)

    def profile(self, story_id: str) -> StoryProfile | None:
        text = self.profiles.get(story_id)
        return StoryProfile.from_json(text) if text else None

    def term_stats(self, cfg: StoryConfig) -> TermStats:
        if self.stats is None:
            self.stats = TermStats(growth=cfg.idf_growth)
        return self.stats

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
