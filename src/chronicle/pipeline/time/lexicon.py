"""Words and regex fragments the date grammar is built from.

Month and weekday names match only Capitalized or UPPER forms: in English prose a
lowercase "march" or "may" is a verb, and accepting it would flood the stage with
false dates. Abbreviations that are also ordinary words ("Sat", "Sun", "Wed", "Mar")
are only accepted where a day number follows (see ``grammar``).
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
FULL_MONTHS = [name for name in MONTHS if len(name) > 4 or name in {"may", "june", "july"}]

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
FULL_WEEKDAYS = [name for name in WEEKDAYS if name.endswith("day")]

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

# Words before a bare year or bare month that make it a date ("in 2017", "since May").
YEAR_CUES = frozenset({
    "in", "since", "until", "till", "by", "during", "from", "through", "before", "after",
    "early", "late", "mid", "between", "around", "circa", "year", "throughout", "spring",
    "summer", "autumn", "fall", "winter",
})
MONTH_CUES = frozenset({
    "in", "since", "until", "till", "during", "from", "through", "before", "after",
    "early", "late", "mid", "last", "next", "this", "throughout", "by",
})
# "May" is also a surname and a modal: trust it only after the least ambiguous cues.
MAY_CUES = frozenset({"in", "since", "until", "during", "early", "late", "mid", "last", "next",
                      "this", "throughout"})

# Named days that are not the weekday in question ("Good Friday", "Super Tuesday").
WEEKDAY_NAME_BEFORE = frozenset({"good", "black", "super", "ash", "bloody", "palm", "easter",
                                 "holy", "cyber", "maundy", "shrove", "giving", "small"})
WEEKDAY_NAME_AFTER = frozenset({"times", "telegraph", "express", "mirror", "school", "league",
                                "service", "mail", "post", "herald", "independent", "people"})


def _cased(words: list[str]) -> str:
    """``Word|WORD`` alternatives for each word, longest first so prefixes lose."""
    forms = []
    for word in sorted(words, key=len, reverse=True):
        forms += [word.capitalize(), word.upper()]
    return "|".join(forms)


def _names(full: list[str], every: list[str]) -> str:
    """Full names, or abbreviations with an optional dot ("Dec.", "Sept", "Tues.").

    Only abbreviations take the dot: "December. 3 people" is a sentence end, not a date.
    """
    short = [word for word in every if word not in full]
    return f"(?:{_cased(full)}|(?:{_cased(short)})\\.?)"


MONTH_FULL_RE = f"(?:{_cased(FULL_MONTHS)})"
MONTH_RE = _names(FULL_MONTHS, list(MONTHS))
WEEKDAY_FULL_RE = f"(?:{_cased(FULL_WEEKDAYS)})"
WEEKDAY_RE = _names(FULL_WEEKDAYS, list(WEEKDAYS))
DAY_RE = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
YEAR_RE = r"(?:1[89]\d\d|20\d\d)(?![\d%]|s\b|,\d)"
# Connector between two ends of a range: a dash (spaced or not) or a word.
DASH_RE = r"(?:\s*[-–—]\s*|\s+(?:to|through|until|till|and)\s+)"

_WORD_RE = re.compile(r"[A-Za-z]+")


def month_number(token: str) -> int | None:
    return MONTHS.get(token.rstrip(".").lower())


def weekday_number(token: str) -> int | None:
    return WEEKDAYS.get(token.rstrip(".").lower())


def day_number(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def count_word(token: str) -> int | None:
    token = token.lower()
    return int(token) if token.isdigit() else NUMBER_WORDS.get(token)


def previous_word(text: str, start: int) -> str:
    """The word just before ``start`` (lowercase, "" if none), skipping spaces and hyphens."""
    window = text[max(0, start - 24) : start]
    words = _WORD_RE.findall(window)
    if not words or not re.search(r"[A-Za-z][\s\-]*$", window):
        return ""
    return words[-1].lower()


_NEXT_RE = re.compile(r"(?:['’]s)?\s+([A-Za-z]+)")


def next_word(text: str, end: int) -> str:
    """The word just after ``end`` (lowercase), past a possessive "'s"."""
    match = _NEXT_RE.match(text, end)
    return match.group(1).lower() if match else ""
