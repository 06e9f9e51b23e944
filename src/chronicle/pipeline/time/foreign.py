"""Dates in news of other languages ("12 marzo 2025", "3 октября 2023", "ngày 14/2/2025",
"hôm qua"), read with dateparser in the article's detected language.

The English grammar (``grammar.py``, ``relative.py``) knows English words only; here
dateparser's ``search_dates`` finds expressions and ``DateDataParser`` says how precise
each is, so a month stays a month and a year a year: the same honest ranges as English.
An expression that needs the article's day to mean anything (a weekday, "yesterday", a
day and month with no year) is read only when the publication day is known. Edge words
dateparser swallows ("в", "à", "en", "في") are trimmed when the rest means the same date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from chronicle.model import Article, Precision, Span, TimeValue

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DIGIT = re.compile(r"\d")


def foreign_dates(article: Article, anchor: date | None,
                  taken: list[tuple[int, int]]) -> list[tuple[Span, TimeValue]]:
    """Date expressions of a non-English article's text, outside spans already ``taken``."""
    language = (article.language or "").split("-")[0]
    parser = _parser(language, anchor)
    if parser is None or not article.text.strip():
        return []
    from dateparser.search import search_dates

    try:
        found = search_dates(article.text, languages=[language],
                             settings=_settings(anchor)) or []
    except Exception:  # noqa: BLE001 - a language dateparser half-supports: no dates
        return []
    out: list[tuple[Span, TimeValue]] = []
    cursor = 0
    for phrase, when in found:
        start = article.text.find(phrase, cursor)
        if start < 0:
            continue
        cursor = start + len(phrase)
        start, phrase, period = _trimmed(parser, start, phrase, when)
        start, phrase, when, period = _widened(parser, article.text, start, phrase, when,
                                               period)
        end = start + len(phrase)
        if period == "year" and (year := _YEAR.search(phrase)) and when.year != int(
                year.group()):
            when = when.replace(year=int(year.group()))  # "2000 года" read as the year 24
        if not _worth(phrase, anchor) or any(start < e and s < end for s, e in taken):
            continue
        value = _value(when.date(), period)
        span = Span(article.id, start, end, phrase)
        out.append((span, TimeValue(value[0], value[1], period_precision(period),
                                    "text", span)))
    return out


def period_precision(period: str) -> Precision:
    """dateparser's period as a TimeValue precision (its "time" is a day's)."""
    precisions: dict[str, Precision] = {"day": "day", "week": "week", "month": "month",
                                        "year": "year"}
    return precisions.get(period, "day")


@lru_cache(maxsize=128)  # one per language and day: a batch's articles share a few
def _parser(language: str, anchor: date | None) -> Any | None:
    from dateparser.date import DateDataParser

    try:
        return DateDataParser(languages=[language], settings=_settings(anchor))
    except Exception:  # noqa: BLE001 - a language dateparser does not know
        return None


def _settings(anchor: date | None) -> dict[str, Any]:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "current_period",
                                "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return settings


def _trimmed(parser: Any, start: int, phrase: str, when: datetime) -> tuple[int, str, str]:
    """Drop short edge words without which the phrase still reads as a date of the same
    precision ("в", "à", "Am", "ein"); the period."""
    period = _period(parser, phrase)
    words = phrase.split(" ")
    while len(words) > 1:
        for edge in (0, -1):
            word = words[edge]
            if len(word) <= 3 and not _DIGIT.search(word):
                rest = words[1:] if edge == 0 else words[:-1]
                data = parser.get_date_data(" ".join(rest))
                if data.date_obj is not None and (data.period or period) == period:
                    if edge == 0:
                        start += len(word) + 1
                    words, period = rest, data.period or period
                    break
        else:
            break
    return start, " ".join(words), period


# "2. Mai", "5 مارس", "4-an de marto", "le 4 de marzo": a day number, an ordinal ending or
# a dot, and at most one short word, just before the month
_DAY_BEFORE = re.compile(r"(\d{1,2})(?:\.|-?[^\W\d]{1,3})?\s+(?:[^\W\d]{1,3}\s+)?$")
_YEAR_AFTER = re.compile(r"^\s*,?\s+(\d{4})\b")


def _widened(parser: Any, text: str, start: int, phrase: str, when: datetime, period: str,
             ) -> tuple[int, str, datetime, str]:
    """Take in a day number dateparser's search left out before a month ("2. Mai 2024",
    "5 مارس 2025") and a year right after, when the longer phrase still reads as a date."""
    before = _DAY_BEFORE.search(text[max(0, start - 12):start])
    after = _YEAR_AFTER.match(text[start + len(phrase):start + len(phrase) + 8])
    options = []
    if before is not None:
        lead = len(text[max(0, start - 12):start]) - before.start()
        options.append((start - lead, text[start - lead:start + len(phrase)]))
        core = phrase.split(" ")
        while len(core) > 1 and len(core[-1]) <= 3 and not _DIGIT.search(core[-1]):
            core = core[:-1]  # "2. Mai 2024 ein": the day, without the word after
            options.append((start - lead, text[start - lead:start + len(" ".join(core))]))
    if after is not None:
        options.append((start, text[start:start + len(phrase) + after.end()]))
    if before is not None and after is not None:
        options.insert(0, (options[0][0], text[options[0][0]:start + len(phrase) + after.end()]))
    for begin, longer in options:
        data = parser.get_date_data(longer)
        if data.date_obj is not None:
            return begin, longer, data.date_obj, data.period or period
    if before is not None and period == "month":  # the parser cannot read the ordinal
        try:  # ("4-an de marto 2024"): the day it names, in the month it read
            day = when.replace(day=int(before.group(1)))
        except ValueError:
            return start, phrase, when, period
        return options[-1][0] if after is None else options[0][0], (
            options[-1][1] if after is None else options[0][1]), day, "day"
    return start, phrase, when, period


def _period(parser: Any, phrase: str) -> str:
    data = parser.get_date_data(phrase)
    return data.period or "day"


def _worth(phrase: str, anchor: date | None) -> bool:
    """Not a false hit: letters enough to be a word of time (a short Latin word alone,
    "Die", is an article, not "Di"), and a year when there is no day to read the rest from."""
    text = phrase.strip()
    if len(text) < 3 or text.isdigit() and len(text) != 4:
        return False
    if " " not in text and len(text) <= 3 and text.isascii() and not text.isdigit():
        return False
    return anchor is not None or bool(_YEAR.search(text))


def _value(day: date, period: str) -> tuple[str, str]:
    if period == "year":
        return f"{day.year}-01-01", f"{day.year}-12-31"
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return f"{day:%Y-%m}-01", f"{day:%Y-%m}-{last:02d}"
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    return day.isoformat(), day.isoformat()
