"""Within one article: group mentions into clusters, one per person, organisation or place.

People: full names (two words or more) form clusters; a hyphen or spacing variant of a
name is the same name ("Park Soo-jin" = "Park Soo Jin"). A one-word reference ("Ortega",
"President Park") joins a cluster whose name begins or ends with that word, so it works for
family-name-first names too. When several clusters share the word (two people with the same
family name), a title on the reference must agree with the cluster's titles, and then the
person mentioned most recently before it wins (most recent after it, for a reference that
comes first).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from chronicle.pipeline.entities.mentions import RawMention

_SPLIT = re.compile(r"[\s\-‐–.]+")


def name_tokens(text: str) -> list[str]:
    """Casefolded, accent-free name words: hyphens and spaces are the same separator."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return [t for t in _SPLIT.split(plain.replace("đ", "d").replace("’", "'")) if t]


@dataclass(slots=True)
class Cluster:
    label: str  # PERSON, ORG, GPE, NORP, LOC, FAC
    tokens: list[str]
    name: str  # the longest surface form seen
    mentions: list[RawMention] = field(default_factory=list)

    @property
    def key(self) -> str:
        return " ".join(self.tokens)

    def add(self, mention: RawMention) -> None:
        self.mentions.append(mention)
        if len(name_tokens(mention.text)) > len(self.tokens):
            self.tokens, self.name = name_tokens(mention.text), mention.text

    def last_before(self, pos: int) -> int:
        return max((m.start for m in self.mentions if m.start < pos), default=-1)

    def sectors(self) -> set[str]:
        return {m.sector for m in self.mentions if m.sector}


def resolve(mentions: list[RawMention]) -> list[Cluster]:
    """Clusters of mentions in one article, in order of first mention."""
    persons = [m for m in mentions if m.label == "PERSON"]
    clusters = _full_names(persons)
    singles = [m for m in persons if len(name_tokens(m.text)) < 2]
    lone: dict[str, Cluster] = {}
    ends = by_ends(clusters)
    for mention in singles:
        target = _pick(clusters, mention, ends)
        if target is None:
            tokens = name_tokens(mention.text)
            target = lone.setdefault(" ".join(tokens), Cluster("PERSON", tokens, mention.text))
        target.add(mention)
    others: dict[tuple[str, str], Cluster] = {}
    for mention in mentions:
        if mention.label != "PERSON":
            tokens = name_tokens(mention.text)
            # agents are one per kind and country, whatever the wording ("police officers")
            key = f"{mention.title}|{mention.country}" if mention.label == "AGENT" else \
                " ".join(tokens)
            if tokens:
                others.setdefault((mention.label, key),
                                  Cluster(mention.label, tokens, mention.text)).add(mention)
    everything = clusters + list(lone.values()) + list(others.values())
    return sorted(everything, key=lambda c: min(m.start for m in c.mentions))


def _full_names(persons: list[RawMention]) -> list[Cluster]:
    """Full names in clusters. Each cluster is filed under its name's first and last word
    and under its letters, so a name meets only the clusters that could be the same person
    (a long article names hundreds of people)."""
    clusters: list[Cluster] = []
    filed: dict[tuple[str, ...], list[int]] = {}

    def file(index: int) -> None:
        tokens = clusters[index].tokens
        for key in ((tokens[0], tokens[-1]), ("".join(tokens),)):
            filed.setdefault(key, []).append(index)
    for mention in persons:
        tokens = name_tokens(mention.text)
        if len(tokens) < 2:
            continue
        near = {*filed.get((tokens[0], tokens[-1]), ()), *filed.get(("".join(tokens),), ())}
        index = min((i for i in near if _same_person(clusters[i].tokens, tokens)), default=None)
        if index is None:
            index = len(clusters)
            clusters.append(Cluster("PERSON", tokens, mention.text))
            file(index)
        before = clusters[index].tokens
        clusters[index].add(mention)
        if clusters[index].tokens is not before:
            file(index)
    return clusters


def by_ends(clusters: list[Cluster]) -> dict[str, list[int]]:
    """Clusters by their first and last word, in order."""
    ends: dict[str, list[int]] = {}
    for i, cluster in enumerate(clusters):
        for word in dict.fromkeys((cluster.tokens[0], cluster.tokens[-1])):
            ends.setdefault(word, []).append(i)
    return ends


def _similar(a: str, b: str) -> bool:
    """Ratio at least 0.9; the cheap upper bounds first, as difflib advises."""
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 \
        and matcher.ratio() >= 0.9


def _same_person(a: list[str], b: list[str]) -> bool:
    """Same name, or one contains the other with the same first and last word."""
    if "".join(a) == "".join(b):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # "Joe Biden" is "Joe R. Biden"; but "George W. Bush" is not "George H. W. Bush":
    # a name that spells out middle words must agree on all of them.
    return len(short) == 2 and short[0] == long_[0] and short[-1] == long_[-1]


def _pick(clusters: list[Cluster], mention: RawMention,
          ends: dict[str, list[int]] | None = None) -> Cluster | None:
    """The cluster a one-word reference joins; ``ends`` files the clusters by their first
    and last word (``by_ends``), so a reference does not scan them all."""
    tokens = name_tokens(mention.text)
    if not tokens:
        return None
    word = tokens[0]
    if ends is None:
        ends = by_ends(clusters)
    candidates = [clusters[i] for i in ends.get(word, ())]
    if not candidates and len(word) >= 5:  # "Zelensky" / "Zelenskyy": a transliteration
        candidates = [c for c in clusters if any(
            _similar(word, t) for t in (c.tokens[0], c.tokens[-1]))]
    if mention.sector:
        agreeing = [c for c in candidates if mention.sector in c.sectors()]
        candidates = agreeing or [c for c in candidates if not c.sectors()] or candidates
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    before = [(c.last_before(mention.start), c) for c in candidates]
    recent = max(before, key=lambda pair: pair[0])
    if recent[0] >= 0:
        return recent[1]
    return min(candidates, key=lambda c: min(m.start for m in c.mentions))
