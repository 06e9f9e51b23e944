"""The lexical-cue table (``chronicle/data/boilerplate.json``), loaded once.

Cues are data, not code: each rule names a removal reason, how its patterns match a line's
normalized key, where in the article it may fire, and whether it may fire on a line that
reads as a sentence. Shape rules (breadcrumbs, date lines, captions) live in ``cues.py``
and ``captions.py`` and only borrow the word lists (``vocab``) kept here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from chronicle.pipeline.clean.keys import key_of

Zone = Literal["any", "edge"]


@dataclass(slots=True, frozen=True)
class Cue:
    """What a matched pattern says about a line."""

    reason: str
    zone: Zone = "any"  # "any": may remove the line anywhere; "edge": head/tail zones only
    heading: bool = False  # the line heads a list of links it owns (related links, tags)
    sentences: bool = False  # may fire on a line that reads as a sentence
    follows: bool = False  # takes the reason of furniture right above ("Email" in a form)
    owns_text: bool = False  # at the article's end, owns the few lines under it (author box)

    @property
    def strong(self) -> bool:
        return self.zone == "any"


@dataclass(slots=True, frozen=True)
class _Rule:
    cue: Cue
    match: str  # "prefix", "contains" or "regex"
    max_words: int
    patterns: tuple[str, ...]
    regexes: tuple[re.Pattern[str], ...] = ()

    def test(self, key: str, words: int, sentence: bool) -> bool:
        if words > self.max_words or (sentence and not self.cue.sentences):
            return False
        if self.match == "regex":
            return any(rx.search(key) for rx in self.regexes)
        if self.match == "prefix":
            return any(_starts(key, p) for p in self.patterns)
        return any(p in key for p in self.patterns)


@dataclass(slots=True)
class Lexicon:
    exact: dict[str, Cue] = field(default_factory=dict)
    rules: list[_Rule] = field(default_factory=list)  # strong (zone "any") rules first
    vocab: dict[str, frozenset[str]] = field(default_factory=dict)
    agencies: tuple[str, ...] = ()
    threads: dict[str, tuple[str, ...]] = field(default_factory=dict)  # see comments.py

    def match(self, key: str, words: int, sentence: bool) -> Cue | None:
        """The cue of an exact match, else of the first rule that matches ``key``."""
        if not key:
            return None
        cue = self.exact.get(key)
        if cue is not None:
            return cue
        return next((r.cue for r in self.rules if r.test(key, words, sentence)), None)


def _starts(key: str, pattern: str) -> bool:
    if not key.startswith(pattern):
        return False
    # A pattern ending in a word must end at a word boundary ("share on" is not "share one").
    rest = key[len(pattern) : len(pattern) + 1]
    return not rest or not pattern[-1].isalnum() or not rest.isalnum()


@cache
def lexicon() -> Lexicon:
    """The shipped cue table; patterns are keyed the same way lines are (``keys.key_of``)."""
    text = resources.files("chronicle").joinpath("data", "boilerplate.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    lex = Lexicon()
    for raw in data["rules"]:
        _add_rule(lex, raw)
    lex.rules.sort(key=lambda rule: not rule.cue.strong)  # stable: file order within a zone
    lex.vocab = {name: frozenset(w.casefold() for w in words)
                 for name, words in data["vocab"].items()}
    lex.agencies = tuple(data["vocab"]["agency"])
    lex.threads = {name: tuple(items) for name, items in data["threads"].items()
                   if not name.startswith("_")}
    return lex


def _add_rule(lex: Lexicon, raw: dict[str, Any]) -> None:
    cue = Cue(
        reason=raw["reason"],
        zone=raw.get("zone", "any"),
        heading=bool(raw.get("heading", False)),
        sentences=bool(raw.get("sentences", False)),
        follows=bool(raw.get("follows", False)),
        owns_text=bool(raw.get("owns_text", False)),
    )
    max_words = int(raw.get("max_words", 12))
    match = raw["match"]
    if match == "exact":
        for pattern in raw["patterns"]:
            lex.exact.setdefault(key_of(pattern), cue)
        return
    patterns = tuple(raw["patterns"])
    if match == "prefix":
        patterns = tuple(key_of(p) for p in patterns)
    elif match == "contains":
        patterns = tuple(p.casefold() for p in patterns)
    regexes = tuple(re.compile(p) for p in patterns) if match == "regex" else ()
    lex.rules.append(_Rule(cue, match, max_words, patterns, regexes))
