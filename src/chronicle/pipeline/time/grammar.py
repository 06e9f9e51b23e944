"""The date grammar: regex rules that recognise a date expression and say what it means.

Each ``Rule`` pairs a compiled pattern with a builder that turns a match into an
``Expr`` (or None when the numbers are not a real date) and, for words that are often
not dates ("in 2000 troops", "May" the modal), a context check run only when finding
expressions in running text. ``parse`` re-reads one expression with the same rules, so
what ``find_expressions`` returns can always be resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from chronicle.pipeline.time import lexicon as lx
from chronicle.pipeline.time.days import valid_day

ExprKind = Literal["date", "either", "range", "decade", "weekday", "relative"]
Unit = Literal["day", "night", "week", "weekend", "month", "year"]


@dataclass(frozen=True, slots=True)
class Expr:
    """What a date expression says, before any anchor is applied.

    ``date`` holds any of year/month/day; ``either`` two readings of an ambiguous numeric
    date; ``range`` a start and an end; ``relative`` a ``unit`` shifted by ``offset`` from
    the anchor or from the preceding date in the text (``base="context"``).
    """

    kind: ExprKind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    modifier: str | None = None  # last|next|this|earlier|later|past|early|mid|late
    unit: Unit | None = None
    offset: int = 0
    base: Literal["anchor", "context"] = "anchor"
    parts: tuple[Expr, ...] = field(default=())

    @property
    def explicit(self) -> bool:
        """True when the words alone fix the dates, with no anchor."""
        if self.kind == "date":
            return self.year is not None
        if self.kind in ("either", "range"):
            return all(p.explicit for p in self.parts)
        return self.kind == "decade"

    @property
    def day_level(self) -> bool:
        """True when the expression names a day (so "the previous day" can count from it)."""
        if self.kind in ("weekday", "either"):
            return True
        if self.kind == "relative":
            return self.unit in ("day", "night")
        if self.kind == "range":
            return self.parts[-1].day is not None
        return self.kind == "date" and self.day is not None


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    build: Callable[[re.Match[str]], Expr | None]
    context: Callable[[str, re.Match[str]], bool] | None = None


def _year(token: str | None, after: int | None = None) -> int | None:
    if not token:
        return None
    value = int(token)
    if len(token) == 2:  # "11/30/21", or the short end of "1995-96"
        century = (after // 100) * 100 if after else (2000 if value < 70 else 1900)
        value += century
    return value


def _calendar(g: dict[str, str | None], i: str) -> Expr | None:
    m_tok, d_tok, w_tok = g.get("m" + i), g.get("d" + i), g.get("w" + i)
    month = lx.month_number(m_tok) if m_tok else None
    dom = lx.day_number(d_tok) if d_tok else None
    year = _year(g.get("y" + i))
    weekday = lx.weekday_number(w_tok) if w_tok else None
    if month is None and (dom is not None or year is None):
        return None
    if month is not None and dom is not None and not valid_day(year, month, dom):
        return None
    mod = (g.get("mod") or "").lower() or None
    return Expr("date", year, month, dom, weekday=weekday, modifier=mod)


def _build_date(m: re.Match[str]) -> Expr | None:
    return _calendar(m.groupdict(), "1")


def _build_numeric(m: re.Match[str]) -> Expr | None:
    """``11/30/21`` style: month-first unless impossible; both readings when unclear."""
    a, b, sep = int(m["a"]), int(m["b"]), m["sep"]
    year = _year(m["y1"])
    if sep != "/" and len(m["y1"]) != 4:
        return None
    readings = [(b, a)] if sep == "." else [(a, b), (b, a)]  # dotted dates are day-first
    exprs = [Expr("date", year, mo, d) for mo, d in dict.fromkeys(readings)
             if valid_day(year, mo, d)]
    if not exprs:
        return None
    return exprs[0] if len(exprs) == 1 else Expr("either", parts=tuple(exprs))


def _build_iso(m: re.Match[str]) -> Expr | None:
    year, month, dom = int(m["y1"]), int(m["mo"]), int(m["dd"])
    return Expr("date", year, month, dom) if valid_day(year, month, dom) else None


_DASHES = frozenset({"-", "–", "—"})


def _build_range(m: re.Match[str]) -> Expr | None:
    g = m.groupdict()
    conn, pre = g["conn"].strip().lower(), (g.get("pre") or "").lower()
    if conn == "and" and pre != "between":
        return None  # "March 3 and 5" are two days, not a range
    if g.get("y1") and not g.get("m1") and not pre and conn not in _DASHES:
        return None  # "2020 to 2021" without "from" is too often two numbers
    g["m1"], g["m2"] = g.get("m1") or g.get("m2"), g.get("m2") or g.get("m1")
    g["y2"] = str(_year(g.get("y2"), after=_year(g.get("y1")))) if g.get("y2") else None
    start, end = _calendar(g, "1"), _calendar(g, "2")
    if start is None or end is None:
        return None
    start, end = _share_years(start, end)
    if start.explicit and end.explicit and _key(start) >= _key(end):
        return None
    return Expr("range", parts=(start, end))


def _key(e: Expr) -> tuple[int, int, int]:
    return (e.year or 0, e.month or 0, e.day or 0)


def _share_years(start: Expr, end: Expr) -> tuple[Expr, Expr]:
    """"November 29 to December 2, 2021": the stated year belongs to both ends."""
    wraps = (start.month or 0, start.day or 0) > (end.month or 0, end.day or 0)
    if start.year is None and end.year is not None:
        start = replace(start, year=end.year - 1 if wraps else end.year)
    elif end.year is None and start.year is not None and start.month is not None:
        end = replace(end, year=start.year + 1 if wraps else start.year)
    return start, end


def _build_decade(m: re.Match[str]) -> Expr | None:
    if m["dec"]:
        start = int(m["dec"])
    else:
        short = int(m["dec2"])
        start = (1900 if short >= 30 else 2000) + short
    return Expr("decade", year=start, modifier=(m["mod"] or "").lower() or None)


_WEEKDAY_MODS = {"last": "last", "past": "last", "this past": "last", "next": "next",
                 "coming": "next", "this coming": "next", "this": "this"}


def _build_weekday(m: re.Match[str]) -> Expr | None:
    mod = re.sub(r"\s+", " ", (m["mod"] or "").lower())
    return Expr("weekday", weekday=lx.weekday_number(m["w1"]), modifier=_WEEKDAY_MODS.get(mod))


# --- context checks: only applied when scanning running text ----------------------------


def _year_context(text: str, m: re.Match[str]) -> bool:
    return bool(m["mod"]) or lx.previous_word(text, m.start()) in lx.YEAR_CUES


def _month_context(text: str, m: re.Match[str]) -> bool:
    if lx.next_word(text, m.end()) == "day":
        return False  # "May Day" is a holiday name, not the month
    if m["mod"]:
        return True
    cues = lx.MAY_CUES if m["m1"].lower() == "may" else lx.MONTH_CUES
    return lx.previous_word(text, m.start()) in cues


def _weekday_context(text: str, m: re.Match[str]) -> bool:
    return (lx.previous_word(text, m.start("w1")) not in lx.WEEKDAY_NAME_BEFORE
            and lx.next_word(text, m.end()) not in lx.WEEKDAY_NAME_AFTER)


def compile_rule(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a rule that can only start a word: the engine then skips most positions fast."""
    return re.compile(rf"(?=[A-Za-z0-9'’])(?<![A-Za-z0-9])(?:{pattern})", flags)


M, MF, D, Y, C = lx.MONTH_RE, lx.MONTH_FULL_RE, lx.DAY_RE, lx.YEAR_RE, lx.DASH_RE
W = rf"(?:(?P<w1>{lx.WEEKDAY_RE}),?\s+)?"
PRE = r"(?:(?P<pre>[Ff]rom|[Bb]etween)\s+)?"
EML = r"(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[\s-]+)?"
NB = r"(?<![\d.,/$£€#])"  # a number that does not continue another number or price

CALENDAR_RULES: list[Rule] = [
    Rule("range_md_md", compile_rule(
        rf"{PRE}\b(?P<m1>{M})\s+(?P<d1>{D})(?:,?\s+(?P<y1>{Y}))?(?P<conn>{C})"
        rf"\b(?P<m2>{M})\s+(?P<d2>{D})(?:,?\s+(?P<y2>{Y}))?"), _build_range),
    Rule("range_dm_dm", compile_rule(
        rf"{PRE}{NB}(?P<d1>{D})(?:\s+of)?\s+(?P<m1>{M})\b(?:,?\s+(?P<y1>{Y}))?(?P<conn>{C})"
        rf"(?P<d2>{D})(?:\s+of)?\s+(?P<m2>{M})\b(?:,?\s+(?P<y2>{Y}))?"), _build_range),
    Rule("range_m_dd", compile_rule(
        rf"{PRE}\b(?P<m1>{M})\s+(?P<d1>{D})(?P<conn>{C})(?P<d2>{D})(?:,?\s+(?P<y2>{Y}))?"),
        _build_range),
    Rule("range_dd_m", compile_rule(
        rf"{PRE}{NB}(?P<d1>{D})(?P<conn>{C})(?P<d2>{D})(?:\s+of)?\s+(?P<m2>{M})\b"
        rf"(?:,?\s+(?P<y2>{Y}))?"), _build_range),
    Rule("range_months", compile_rule(
        rf"(?P<pre>[Ff]rom|[Bb]etween)\s+\b(?P<m1>{MF})(?:\s+(?P<y1>{Y}))?(?P<conn>{C})"
        rf"\b(?P<m2>{MF})\b(?:,?\s+(?P<y2>{Y}))?"), _build_range),
    Rule("range_month_years", compile_rule(
        rf"{PRE}\b(?P<m1>{M})\s+(?P<y1>{Y})(?P<conn>{C})\b(?P<m2>{M})\s+(?P<y2>{Y})"),
        _build_range),
    Rule("range_years", compile_rule(
        rf"{PRE}{NB}\b(?P<y1>{Y})(?P<conn>{C})(?P<y2>{Y}|\d\d(?![\d%]))(?![-/]\d)"),
        _build_range),
    Rule("full_mdy", compile_rule(rf"{W}\b(?P<m1>{M})\s+(?P<d1>{D}),?\s+(?P<y1>{Y})"),
         _build_date),
    Rule("full_dmy", compile_rule(rf"{W}{NB}(?P<d1>{D})(?:\s+of)?\s+(?P<m1>{M}),?\s+(?P<y1>{Y})"),
         _build_date),
    Rule("iso", compile_rule(
        r"(?<![\d/.-])(?P<y1>(?:1[89]|20)\d\d)(?P<sep>[-/.])(?P<mo>0?[1-9]|1[0-2])(?P=sep)"
        r"(?P<dd>0?[1-9]|[12]\d|3[01])(?![\d/.]|-\d)"), _build_iso),
    Rule("numeric", compile_rule(
        r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y1>\d{4}|\d{2})"
        r"(?![\d/-]|\.\d)"), _build_numeric),
    Rule("month_year", compile_rule(rf"{EML}\b(?P<m1>{M})(?:\s+of)?,?\s+(?P<y1>{Y})"), _build_date),
    Rule("month_day", compile_rule(rf"{W}\b(?P<m1>{M})\s+(?P<d1>{D})"), _build_date),
    Rule("day_month", compile_rule(rf"{W}{NB}\b(?P<d1>{D})(?:\s+of)?\s+(?P<m1>{M})\b"),
         _build_date),
    Rule("decade", compile_rule(
        rf"{EML}(?:\b(?P<dec>(?:1[89]|20)\d0)s\b|['’](?P<dec2>\d0)s\b)"), _build_decade),
    Rule("month", compile_rule(
        rf"(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Mm]id|[Ll]ate)[\s-]+)?\b(?P<m1>{MF})\b"
        r"(?!\.?\s*\d)"), _build_date, _month_context),
    Rule("year", compile_rule(rf"{EML}{NB}\b(?P<y1>{Y})"), _build_date, _year_context),
    Rule("weekday", compile_rule(
        r"(?:(?P<mod>(?i:this\s+past|this\s+coming|last|next|past|coming|this))\s+)?"
        rf"\b(?P<w1>{lx.WEEKDAY_FULL_RE})\b"), _build_weekday, _weekday_context),
]
