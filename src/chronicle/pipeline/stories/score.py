"""Step 3, scoring: how well one article fits one story.

``score = (w * text cosine + (1 - w) * actor weighted Jaccard) * agreement * time factor``.
The text cosine weighs each term by its rarity among the articles seen so far (``idf``).
Agreement asks the two sides to name the same actors: two reports of one happening share
its people, places or organisations, while two happenings of one kind (two floods, two
rounds of sanctions) share their wording. Below ``actor_floor`` overlap the score scales
down linearly, to 0 when they share no actor at all; likewise below ``text_floor`` of text
(the same country in two unrelated reports is not a story). The time
factor is 1 when the article's days and the story's dates overlap or lie within
``slack_days``, falls to 0.5 at ``max_gap_days`` and is 0 (never the same story) beyond:
the same two countries a year apart are a different happening; it is 0 too when joining
would stretch the story's dates beyond ``max_span_days``, unless the report is plainly of
the same happening (its score before time at least ``linked_score``). When either side is
undated (or only bounded on one side) nothing confirms the time, so text and actors must
carry the decision alone: the factor is ``undated_factor`` (< 1), a stricter bar. When
either side has no actors, the text alone decides, so an article the entity stage could
not read still finds its story.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chronicle.config import StoryConfig
from chronicle.pipeline.stories.features import Interval, StoryDoc
from chronicle.pipeline.stories.idf import TermStats
from chronicle.pipeline.stories.profile import StoryProfile


@dataclass(slots=True, frozen=True)
class Fit:
    """The parts of one score, kept so a decision can be explained."""

    text: float
    actors: float | None  # None: one side has no actors
    time: float
    gap_days: int | None  # None: one side is undated
    score: float


def cosine(doc: StoryDoc, story: StoryProfile) -> float:
    """``doc.terms`` is unit length; the story centroid is a sum, normalised here."""
    norm = story.norm()
    if not norm or not doc.terms:
        return 0.0
    terms = story.terms
    dot = sum(w * terms.get(t, 0.0) for t, w in doc.terms.items())
    return dot / norm


def weighted_jaccard(a: dict[str, float], b: dict[str, float], sa: float | None = None,
                     sb: float | None = None) -> float | None:
    """Jaccard over the two actor distributions (each scaled to sum 1).

    With both scaled to 1, the sum of maxima is ``2 - sum of minima``, and minima are
    non-zero only on shared keys: the cost is the smaller side's size, however many actors
    a large story has gathered. ``sa``/``sb`` are the sides' sums when the caller knows them.
    """
    sa = sum(a.values()) if sa is None else sa
    sb = sum(b.values()) if sb is None else sb
    if not sa or not sb:
        return None
    small, large, s_small, s_large = (a, b, sa, sb) if len(a) <= len(b) else (b, a, sb, sa)
    lows = 0.0
    for key in sorted(small):
        other = large.get(key)
        if other:
            lows += min(small[key] / s_small, other / s_large)
    highs = 2.0 - lows
    return lows / highs if highs > 0 else None


def cross_language(doc: StoryDoc, story: StoryProfile, cfg: StoryConfig) -> float:
    """How much of what a report in another language names the story names too: the
    share of its actor and figure weight the story holds, when they share more than
    countries (a person, a town, a body or a figure). A report read without a parser
    names fewer actors than the story gathers, so containment, not Jaccard, measures it."""
    total = sum(doc.actors.values())
    shared = [k for k in doc.actors if k in story.actors]
    if not total or not any(k not in doc.countries for k in shared):
        return 0.0
    return cfg.cross_language_weight * sum(doc.actors[k] for k in shared) / total


def other_pair(doc: StoryDoc, story: StoryProfile, minor: float = 0.5) -> bool:
    """The report's pair of countries is not the story's: both pairs share one country,
    and the other country of each is at most a minor mention on the other side (under
    ``minor`` of that side's second country). One leader's visit to Vietnam and the next
    day's to Cambodia share the leader, the wording and the week; the host tells them
    apart. A reaction from a third country still names the story's own pair."""
    mine = _pair({k: doc.actors[k] for k in doc.countries})
    theirs = _pair({k: story.actors[k] for k in story.countries if k in story.actors})
    if len(mine) < 2 or len(theirs) < 2 or len(set(mine) & set(theirs)) != 1:
        return False
    (here,) = set(mine) - set(theirs)
    (there,) = set(theirs) - set(mine)
    return (story.actors.get(here, 0.0) < minor * story.actors[theirs[1]]
            and doc.actors.get(there, 0.0) < minor * doc.actors[mine[1]])


def _pair(weights: dict[str, float]) -> list[str]:
    """The two heaviest keys, ties broken by key."""
    return [k for k, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]


def gap(span: Interval | None, lo: int | None, hi: int | None) -> int | None:
    """Days that certainly separate an interval from the story's dates; None if unknown.

    0 means both sides are dated on both ends and overlap. A one-sided bound (a crawl
    date) can prove a gap but never closeness, so an overlap with an open end is None.
    """
    if span is None or (lo is None and hi is None):
        return None
    after = span[0] - hi if span[0] is not None and hi is not None else 0
    before = lo - span[1] if lo is not None and span[1] is not None else 0
    if max(after, before) > 0:
        return max(after, before)
    return 0 if None not in (span[0], span[1], lo, hi) else None


def too_long(span: Interval | None, story: StoryProfile, cfg: StoryConfig) -> bool:
    """Joining would stretch the story's dates beyond ``max_span_days``: a happening is
    told within weeks, and a story that keeps receiving on-topic articles must not grow
    into the whole topic (an oil spill, a war) one gap at a time."""
    if span is None or story.lo is None or story.hi is None:
        return False
    first, last = span
    if first is None or last is None:
        return False
    return max(story.hi, last) - min(story.lo, first) > cfg.max_span_days


def time_factor(days: int | None, cfg: StoryConfig) -> float:
    if days is None:
        return cfg.undated_factor
    if days <= cfg.slack_days:
        return 1.0
    if days > cfg.max_gap_days:
        return 0.0
    return 1.0 - 0.5 * (days - cfg.slack_days) / max(1, cfg.max_gap_days - cfg.slack_days)


def fit(doc: StoryDoc, span: Interval | None, story: StoryProfile, cfg: StoryConfig,
        stats: TermStats | None = None, firm: bool = True) -> Fit:
    """How well ``doc`` fits ``story``; with ``stats`` the text cosine weighs terms by rarity.

    A span that is not ``firm`` (read from an undated article's text, where every date may
    be background) confirms when it lies near the story and is otherwise as good as none:
    a soft penalty, never a veto."""
    text = cosine(doc, story) if stats is None else stats.cosine(doc.article_id, doc.terms,
                                                                  story)
    actors = weighted_jaccard(doc.actors, story.actors, sb=story.actor_total())
    days = gap(span, story.lo, story.hi)
    if not firm:
        factor = time_factor(days if days is not None and days <= cfg.slack_days else None, cfg)
    else:
        factor = time_factor(days, cfg)
    if doc.language and story.languages and doc.language not in story.languages:
        # another language: its words say nothing here, the actors it names decide alone
        base = cross_language(doc, story, cfg)
    elif actors is None:
        # no actors: wording alone, in a language the entities stage reads fully; in
        # another, shared honorifics and stock words must never make a story
        base = text if doc.language in cfg.wording_languages or not doc.language else 0.0
    else:
        base = cfg.text_weight * text + (1 - cfg.text_weight) * actors
        base *= min(1.0, actors / cfg.actor_floor) if cfg.actor_floor > 0 else 1.0
        base *= min(1.0, text / cfg.text_floor) if cfg.text_floor > 0 else 1.0
    if other_pair(doc, story):
        base *= cfg.other_pair_factor
    if firm and base < cfg.linked_score and too_long(span, story, cfg):
        factor = 0.0  # only a report plainly of the same happening stretches it further
    return Fit(text, actors, factor, days, base * factor)


def rounded(value: float) -> float:
    # Stored scores are for reading; decisions use the exact value.
    return math.floor(value * 10000) / 10000
