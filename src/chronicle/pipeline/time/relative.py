"""Rules for relative date words: "yesterday", "last week", "the previous day", "two years ago".

Words that count from "now" (yesterday, last month) are anchored on the publication
date; words that count from another date in the story (the previous day, a year later,
the following week) are anchored on the nearest preceding date (``base="context"``).
Vague phrases ("recently", "in recent years", "in the coming time") are not dates and
are deliberately absent.
"""

from __future__ import annotations

import re

from chronicle.pipeline.time import lexicon as lx
from chronicle.pipeline.time.grammar import Expr, Rule, Unit, compile_rule

_I = re.IGNORECASE
_COUNT = r"(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# "the day before the vote" counts from an event we cannot date, so it is not taken.
_NOT_NP = r"(?!\s+(?:the|a|an|his|her|its|their|this|that|our|(?-i:[A-Z0-9])))"
_UNITS = r"(?P<unit>day|week|month|year)"
_OPENERS = ".!?\"“‘'([\n"

_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_CONTEXT_DAY = {"previous": -1, "preceding": -1, "earlier": -1, "before": -1, "next": 1,
                "following": 1, "later": 1, "after": 1, "same": 0}
_ANCHOR_PERIOD = {"last": -1, "past": -1, "next": 1, "coming": 1}
_CONTEXT_PERIOD = {"previous": -1, "preceding": -1, "following": 1, "next": 1}


def _rel(unit: Unit, offset: int, base: str = "anchor", modifier: str | None = None) -> Expr:
    return Expr("relative", unit=unit, offset=offset,
                base="context" if base == "context" else "anchor", modifier=modifier)


def _unit(m: re.Match[str]) -> Unit:
    unit: Unit = m["unit"].lower()  # type: ignore[assignment]
    return unit


def _day_word(m: re.Match[str]) -> Expr:
    return _rel("day", _DAY_WORDS[m["word"].lower()])


def _not_a_name(text: str, m: re.Match[str]) -> bool:
    """"USA Today", "Russia Today": a capitalised "Today" mid-sentence is a name."""
    if not m["word"][0].isupper():
        return True
    before = text[: m.start()].rstrip(" \t")
    return not before or before[-1] in _OPENERS


def _two_days(m: re.Match[str]) -> Expr:
    return _rel("day", -2 if m["dir"].lower().startswith("before") else 2)


def _context_day(m: re.Match[str]) -> Expr:
    return _rel("day", _CONTEXT_DAY[m["dir"].lower()], "context")


def _count(m: re.Match[str]) -> Expr | None:
    n = lx.count_word(m["n"])
    if not n:
        return None
    direction = m["dir"].lower()
    sign = -1 if direction in ("ago", "earlier", "before", "previously") else 1
    base = "anchor" if direction == "ago" else "context"
    return _rel(_unit(m), sign * n, base)


def _this_period(m: re.Match[str]) -> Expr:
    return _rel(_unit(m), 0, modifier=(m["mod"] or "").lower() or None)


def _period(m: re.Match[str]) -> Expr | None:
    word, the = m["dir"].lower(), bool(m["the"])
    if word == "past":
        return _rel(_unit(m), -1, modifier="past")  # a rolling window ending now
    if word in _CONTEXT_PERIOD and (word != "next" or the):
        return _rel(_unit(m), _CONTEXT_PERIOD[word], "context")
    return _rel(_unit(m), _ANCHOR_PERIOD[word])


def _period_context(text: str, m: re.Match[str]) -> bool:
    # "the last year" means the past twelve months or a final year: too unclear.
    return not (m["the"] and m["dir"].lower() == "last")


def _rolling(m: re.Match[str]) -> Expr | None:
    n = lx.count_word(m["n"])
    return _rel(_unit(m), -n, modifier="past") if n else None


def _weekend(m: re.Match[str]) -> Expr:
    mod = (m["mod"] or "").lower()
    return _rel("weekend", {"last": -1, "past": -1, "next": 1, "this": 0}.get(mod, 0),
                modifier=mod or None)


def _c(pattern: str) -> re.Pattern[str]:
    return compile_rule(pattern, _I)


RELATIVE_RULES: list[Rule] = [
    Rule("day_word", _c(r"\b(?P<word>today|tonight|yesterday|tomorrow)\b"), _day_word,
         _not_a_name),
    Rule("day_part", _c(r"\b(?:(?:this|earlier|later)\s+(?:morning|afternoon|evening)"
                        r"|(?:earlier|later)\s+today)\b"), lambda m: _rel("day", 0)),
    Rule("last_night", _c(r"\blast\s+night\b"), lambda m: _rel("night", -1)),
    Rule("two_days", _c(r"\bthe\s+day\s+(?P<dir>before\s+yesterday|after\s+tomorrow)\b"),
         _two_days),
    Rule("context_day", _c(r"\b(?:the\s+)?(?P<dir>previous|preceding|next|following|same)"
                           r"\s+day\b"), _context_day),
    Rule("context_day_adv", _c(rf"\b(?:a|one|the)\s+day\s+(?P<dir>earlier|later|before|after)"
                               rf"\b{_NOT_NP}"), _context_day),
    Rule("count_ago", _c(rf"\b{_COUNT}\s+{_UNITS}s?\s+(?P<dir>ago)\b"), _count),
    Rule("count_context", _c(rf"\b{_COUNT}\s+{_UNITS}s?\s+(?P<dir>earlier|later|before|after"
                             rf"|previously)\b{_NOT_NP}"), _count),
    Rule("this_period", _c(rf"\b(?:(?P<mod>earlier|later)\s+)?this\s+{_UNITS}\b(?!\s+of\b)"),
         _this_period),
    Rule("period", _c(rf"\b(?:(?P<the>the)\s+)?(?P<dir>last|next|previous|preceding|following"
                      rf"|coming|past)\s+{_UNITS}\b(?!\s+(?:of|or)\b)"), _period,
         _period_context),
    Rule("rolling", _c(rf"\b(?:the\s+)?(?:past|last)\s+{_COUNT}\s+{_UNITS}s\b"), _rolling),
    Rule("weekend", _c(r"\b(?:(?P<mod>this|last|next|past)\s+|(?:over|at|during|on)\s+the\s+)"
                       r"weekend\b"), _weekend),
]
