"""Find date expressions in running text, and parse one expression on its own.

Every rule runs over the text; overlapping hits are settled longest first (then by
rule order), so "November 29 to December 2" wins over its two month-days and
"Tuesday, November 30, 2021" over "Tuesday". Spans from another recogniser (spaCy
DATE entities) may be added where no rule fired, but only if the grammar can read
them: a span it cannot resolve would only be noise downstream.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from chronicle.pipeline.time.grammar import CALENDAR_RULES, Expr, Rule
from chronicle.pipeline.time.relative import RELATIVE_RULES

RULES: list[Rule] = CALENDAR_RULES + RELATIVE_RULES

_LEAD = re.compile(r"^(?:(?:on|in|since|during|at|by|until|till|as\s+of|of|the|from)\s+)+", re.I)
_POSSESSIVE = re.compile(r"['’]s$")


class Found(NamedTuple):
    start: int
    end: int
    expr: Expr


def find_expressions(
    text: str, extra_spans: Iterable[Sequence[int]] | None = None
) -> list[tuple[int, int, str]]:
    """Date expressions in ``text`` as ``(start, end, text)``, in reading order.

    ``extra_spans`` are optional ``(start, end, ...)`` character spans from another
    recogniser (spaCy DATE entities); they are kept where no rule fired and the
    grammar can read them.
    """
    return [(f.start, f.end, text[f.start : f.end]) for f in scan(text, extra_spans)]


def scan(text: str, extra_spans: Iterable[Sequence[int]] | None = None) -> list[Found]:
    """Like ``find_expressions`` but with each hit's parsed meaning."""
    candidates: list[tuple[int, int, int, Expr]] = []
    for priority, rule in enumerate(RULES):
        for m in rule.regex.finditer(text):
            if m.end() <= m.start() or (rule.context and not rule.context(text, m)):
                continue
            expr = rule.build(m)
            if expr is not None:
                candidates.append((m.start(), m.end(), priority, expr))
    chosen = _select(candidates)
    chosen += _extra(text, extra_spans or (), chosen)
    return sorted(chosen, key=lambda f: f.start)


def _select(candidates: list[tuple[int, int, int, Expr]]) -> list[Found]:
    chosen: list[Found] = []
    for start, end, _, expr in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if not any(start < f.end and f.start < end for f in chosen):
            chosen.append(Found(start, end, expr))
    return chosen


def _extra(text: str, spans: Iterable[Sequence[int]], chosen: list[Found]) -> list[Found]:
    added: list[Found] = []
    for span in spans:
        start, end = int(span[0]), int(span[1])
        piece = text[start:end]
        lead = _LEAD.match(piece)
        start += lead.end() if lead else 0
        piece = text[start:end].rstrip(" .,;:")
        end = start + len(piece)
        if end <= start or any(start < f.end and f.start < end for f in chosen + added):
            continue
        expr = parse(piece)
        if expr is not None:
            added.append(Found(start, end, expr))
    return added


def parse(expression: str) -> Expr | None:
    """What one date expression means, or None if the grammar cannot read it.

    Leading prepositions ("on Thursday", "since 2006") and a possessive ("Thursday's")
    are tolerated, so callers may pass phrases as people write them.
    """
    text = expression.strip().rstrip(" .,;:")
    bare = _POSSESSIVE.sub("", _LEAD.sub("", text))
    for candidate in dict.fromkeys((text, bare)):
        for rule in RULES:
            m = rule.regex.fullmatch(candidate)
            expr = rule.build(m) if m else None
            if expr is not None:
                return expr
    return None
