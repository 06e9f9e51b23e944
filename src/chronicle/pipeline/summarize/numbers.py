"""A small grammar for number expressions, read as intervals of the values they allow.

"around a dozen" is 10-14, "more than 10" is (10, inf), "nearly 30 per cent" is 27-30
per cent, "dozens" is 13-120. Two reports of one fact conflict only when their intervals
do not meet, so compatible paraphrases never do. Years, clock times, days of a month and
numbers glued to letters ("G20", "F-16") are not amounts and are not matched.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
# A plural scale alone is vague; bounds are lenient so paraphrases stay compatible.
_VAGUE = {"dozens": (13, 120), "scores": (40, 200), "hundreds": (100, 1000),
          "thousands": (1e3, 1e5), "millions": (1e6, 1e8), "billions": (1e9, 1e11)}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
                   "₽": "RUB"}
_CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yen": "JPY", "yuan": "CNY",
                   "rouble": "RUB", "ruble": "RUB", "rupee": "INR", "dong": "VND", "won": "KRW"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Modifier phrase -> how it bends the stated value.
_MODIFIERS = {
    "about": "approx", "around": "approx", "approximately": "approx", "roughly": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx", "circa": "approx",
    "more or less": "approx", "~": "approx",
    "nearly": "below", "almost": "below", "close to": "below", "just under": "below",
    "just below": "below", "just shy of": "below", "as many as": "max",
    "more than": "gt", "over": "gt", "above": "gt", "upwards of": "gt", "in excess of": "gt",
    "exceeding": "gt", "just over": "just_gt", "just above": "just_gt",
    "slightly more than": "just_gt", "at least": "ge", "no fewer than": "ge",
    "no less than": "ge", "a minimum of": "ge", "less than": "lt", "fewer than": "lt",
    "under": "lt", "below": "lt", "at most": "max", "up to": "max", "no more than": "max",
    "a maximum of": "max",
}

_WORDNUM = (r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS) + r"))?|"
            + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:[ -]?(?:hundred|thousand|million|billion|trillion)|(?:k|m|mn|bn|tn)\b)"
_CORE = (rf"(?:(?:half\s+a\s+|a\s+)?dozen|a\s+(?:hundred|thousand|million|billion)"
         rf"|(?:tens\s+|hundreds\s+)?of\s+thousands|(?:{_DIGITS}|{_WORDNUM})(?:{_SCALE})?"
         rf"|dozens|scores|hundreds|thousands|millions|billions)")
_MOD = "|".join(re.escape(m) for m in sorted(_MODIFIERS, key=len, reverse=True))
_SIGN = r"(?:US\$|\$|€|£|¥|₹|₽)"
_PERCENT = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b|\s+percentage\s+points?\b)"
_NUM = rf"(?:{_DIGITS}|{_WORDNUM})"
# "between 10 and 12", "10 to 12", "two or three", "10-12" (a hyphen only between digits).
_RANGE = (rf"(?P<sign2>{_SIGN})?(?:between\s+(?P<blo>{_NUM})\s+and\s+(?P<bhi>{_NUM})|(?:from\s+)?"
          rf"(?P<lo>{_NUM})(?:\s*[-–]\s*(?=\d)|\s+(?:to|or)\s+)(?P<hi>{_NUM}))(?P<scale2>{_SCALE})?")
PHRASE = re.compile(
    rf"(?<![\w.,$€£-])(?:(?P<mod>{_MOD})\s+)?(?:(?P<range>{_RANGE})|(?:(?P<sign>{_SIGN})\s?)?"
    rf"(?P<core>{_CORE}))(?![^\W\d_])(?P<pct>{_PERCENT})?(?![\w-]*\d)(?!:\d)(?!,\d)",
    re.IGNORECASE,
)
_NOT_AFTER = re.compile(r"^(?:\s*(?:a\.?m\.?|p\.?m\.?|gmt|utc|hrs\b)|-?fold\b|\s+times\b)", re.I)
# "the two leaders", "both": a reference to things already named, not a count of them.
_ANAPHOR = re.compile(r"\b(?:the|these|those)\s+$", re.I)
_MONTH_NEAR = re.compile(r"\b(?:" + "|".join(_MONTHS) + r")[a-z]*\.?\s*$", re.I)
_MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(_MONTHS) + r")", re.I)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_NOUN_AFTER = re.compile(r"\s+(?!(?:the|a|an|and|or|to|when|as|at|in|on|by|for|with|was|is|"
                         r"were|after|before|that|which|but|he|she|they|it)\b)[a-z]")
_NOT_BEFORE = re.compile(r"(?:\bno\.|\bnumber|\bpage|\barticle|\bsection|\bresolution|#)\s*$",
                         re.I)


@dataclass(slots=True, frozen=True)
class Interval:
    """Values ``low..high``; an open end excludes its bound ("more than 10": (10, inf))."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low < high:
            return True
        if low > high:
            return False
        return not (self._open_at(low) or other._open_at(low))

    def _open_at(self, value: float) -> bool:
        return (value == self.low and self.low_open) or (value == self.high and self.high_open)


@dataclass(slots=True, frozen=True)
class Amount:
    """One number expression in a text: where it is, what it allows, in which unit."""

    start: int
    end: int
    text: str
    interval: Interval
    unit: str  # "count", "percent", "point", or an ISO currency code


def find_amounts(text: str) -> list[Amount]:
    """Every number expression in ``text`` that states an amount, in reading order."""
    found = []
    for m in PHRASE.finditer(text):
        if not m.group(0).strip() or _is_not_amount(text, m):
            continue
        amount = _amount(text, m)
        if amount is not None:
            found.append(amount)
    return found


def parse_amount(phrase: str) -> Amount | None:
    """The amount a whole phrase states ("around a dozen"), or None."""
    text = phrase.strip()
    found = find_amounts(text)
    return found[0] if len(found) == 1 and found[0].text == text else None


def _amount(text: str, m: re.Match[str]) -> Amount | None:
    if m.group("range"):
        low = _value(m.group("lo") or m.group("blo"))
        high = _value(m.group("hi") or m.group("bhi"))
        scale = _scale_of(m.group("scale2"))
        if low is None or high is None or low[0] > high[0] * scale:
            return None
        base = Interval(low[0] * scale, high[0] * scale)
        sign = m.group("sign2")
    else:
        value = _core_interval(m.group("core"))
        if value is None:
            return None
        base, sign = value, m.group("sign")
    interval = _modify(base, _MODIFIERS.get(" ".join((m.group("mod") or "").lower().split())))
    unit, end = _unit(text, m, sign)
    return Amount(m.start(), end, text[m.start():end], interval, unit)


def _core_interval(core: str) -> Interval | None:
    key = re.sub(r"\s+", " ", core.lower())
    if key in _VAGUE:
        return Interval(*_VAGUE[key])
    if key.endswith("of thousands"):
        return Interval(1e4, 1e5) if key.startswith("tens") else Interval(1e5, 1e6)
    if key.endswith("dozen"):
        center = 6.0 if key.startswith("half") else 12.0
        return Interval(center - center / 6, center + center / 6)  # a dozen is never exact
    if key.startswith("a "):
        return Interval(_SCALES[key[2:]], _SCALES[key[2:]])
    match = re.fullmatch(rf"({_DIGITS}|{_WORDNUM})({_SCALE})?", key)
    value = _value(match.group(1)) if match else None
    if match is None or value is None:
        return None
    scale = _scale_of(match.group(2))
    number, slack = value
    if scale > 1 and slack == 0:
        slack = 0.05 * number  # "2 million" is a rounded figure
    return Interval((number - slack) * scale, (number + slack) * scale)


def _value(token: str) -> tuple[float, float] | None:
    """A number and the rounding slack its written precision implies ("2.5" -> 0.05)."""
    token = token.lower().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        decimals = len(token.split(".")[1]) if "." in token else 0
        return float(token), (0.5 * 10 ** -decimals if decimals else 0.0)
    parts = re.split(r"[- ]", token)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return float(_TENS[parts[0]] + _UNITS[parts[1]]), 0.0
    value = _UNITS.get(token, _TENS.get(token))
    return (float(value), 0.0) if value is not None else None


def _scale_of(scale: str | None) -> float:
    return _SCALES.get(scale.strip(" -").lower(), 1.0) if scale else 1.0


def _modify(base: Interval, how: str | None) -> Interval:
    low, high = base.low, base.high
    if how == "approx":  # a vague base ("a dozen") is not widened twice
        center = (low + high) / 2
        slack = max(0.1 * center, 1.0 if center <= 20 else 0.0)
        return Interval(max(0.0, min(low, center - slack)), max(high, center + slack))
    if how == "below":
        return Interval(0.9 * low, high)
    if how in {"gt", "ge"}:
        return Interval(low, math.inf, low_open=how == "gt")
    if how == "just_gt":
        return Interval(low, 1.1 * high + 1, low_open=True)
    if how in {"lt", "max"}:
        return Interval(0.0, high, high_open=how == "lt")
    return base


def _unit(text: str, m: re.Match[str], sign: str | None) -> tuple[str, int]:
    pct = (m.group("pct") or "").lower()
    if pct:
        return ("point" if "point" in pct else "percent"), m.end()
    if sign:
        return _CURRENCY_SIGNS.get(sign.lower(), "money"), m.end()
    after = re.match(r"\s+([a-z]+?)s?\b", text[m.end():], re.I)
    if after and after.group(1).lower() in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[after.group(1).lower()], m.end() + after.end()
    return "count", m.end()


def _is_not_amount(text: str, m: re.Match[str]) -> bool:
    """Years, clock times, days of a month, list numbers: numbers that count nothing."""
    body = m.group(0).strip()
    before, after = text[: m.start()], text[m.end():]
    bare = not (m.group("mod") or m.group("sign") or m.group("pct") or m.group("range"))
    if bare and body.lower() == "one":
        return True  # "one of", "no one": rarely a count worth comparing
    if bare and _ANAPHOR.search(before) and not after.startswith("-"):
        return True
    years = [m.group(g) for g in ("lo", "hi", "blo", "bhi") if m.group(g)] or [body]
    plain = not (m.group("mod") or m.group("sign") or m.group("sign2") or m.group("pct"))
    if plain and all(_YEAR.fullmatch(y) for y in years) and not _NOUN_AFTER.match(after):
        return True  # a year or a span of years, unless it counts a noun ("2000 troops")
    if bare and re.fullmatch(r"\d{1,2}", body) and (_MONTH_NEAR.search(before)
                                                     or _MONTH_AFTER.match(after)):
        return True
    return bool(_NOT_AFTER.match(after) or _NOT_BEFORE.search(before)
                or re.match(r"(?:st|nd|rd|th)\b", after))
