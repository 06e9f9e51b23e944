"""Dates on the page around the story: lines the cleaner removed that still tell time.

A site date line above the headline (``boilerplate:masthead``) shows when the page was
served, so it is only an upper bound: the story may be years older. A date line below
the headline (``boilerplate:byline``: "By Ana Ruiz | May 3, 2024") dates the story
itself, unless it is an update stamp ("Updated: May 4, 2024"), again only an upper bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from chronicle.model import Article
from chronicle.pipeline.time.find import scan
from chronicle.pipeline.time.resolve import explicit_interval

MASTHEAD = "boilerplate:masthead"
# The cleaner settles "dateline" into masthead or byline; accept it unsettled too.
STORY_LINES = frozenset({"boilerplate:byline", "boilerplate:dateline"})
_UPDATE_STAMP = re.compile(r"\b(?:updated|modified|edited|revised)\b\W{0,3}(?:on\W+)?$", re.I)


@dataclass(frozen=True, slots=True)
class PageDates:
    published: date | None = None  # a story date line
    upper: date | None = None  # the latest masthead or update stamp


def page_dates(article: Article) -> PageDates:
    stated: list[date] = []
    bounds: list[date] = []
    for removed in article.removed:
        is_story = removed.reason in STORY_LINES
        if not (is_story or removed.reason.startswith(MASTHEAD)):
            continue
        for day, start in full_days(removed.text):
            stamp = _UPDATE_STAMP.search(removed.text[max(0, start - 30) : start])
            (stated if is_story and not stamp else bounds).append(day)
    # Several story dates ("Published 3 May | Updated 4 May" misread): the first is safest.
    # Several bounds: the latest, so one wrong line cannot exclude the true date.
    return PageDates(min(stated, default=None), max(bounds, default=None))


def full_days(text: str) -> list[tuple[date, int]]:
    """Every full date (with a year) in ``text``, with its offset."""
    days = []
    for found in scan(text):
        expr = found.expr
        if expr.explicit and expr.kind == "date" and expr.day is not None:
            iv = explicit_interval(expr)
            days += [(iv.lo, found.start)] if iv else []
    return days
