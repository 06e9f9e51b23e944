"""Shape features of one line: length, end punctuation, case, date shape, credit ending.

The cleaner decides from these features, a line's neighbours and the small cue table, never
from one site's strings. Every function here is total: any string, however long or odd,
yields a shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from chronicle.pipeline.clean.keys import key_of
from chronicle.pipeline.clean.lexicon import lexicon

_SPACE = re.compile(r"\s+")
# Markdown that crawlers leave in text: links and images keep their words, emphasis goes.
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\s]{0,500}(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")
_TOKEN = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# Scripts written without spaces: a run of these counts as several words.
_WIDE = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_TERMINAL = re.compile(r"(?:[.!?…。！？؟।۔][\"'”’»)\]]*|[\"”»])$")
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = (  # a full date: "May 3, 2024", "3rd of May 2024", "03/05/2024", "2024-05-03"
    rf"(?:{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME},?\s+\d{{4}}"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2})"
)
FULL_DATE = re.compile(rf"\b{DATE}\b", re.IGNORECASE)
TIME = r"\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?\s?m\b\.?)?|\d{1,2}\s*[ap]\.?\s?m\b\.?"  # 4:12 pm, 16h30
WEEKDAY_NAME = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_WEEKDAY = re.compile(rf"\b{WEEKDAY_NAME}\b\.?", re.IGNORECASE)
_MONTH = re.compile(rf"\b{MONTH_NAME}(?!\w)", re.IGNORECASE)
_NUMERIC = re.compile(r"^\d+(?:st|nd|rd|th|h)?$")
_TAIL = 120  # end-of-line features only look this far back, so huge lines stay cheap
# "Label: value" as fact boxes print it ("Turnout: 61.2%", "- Referee: Anna Berg"): a label
# of at most five words, a colon, a space and a value. "02:40" and "https://" are no label.
_FIELD = re.compile(r"^(?:[-•*–]\s+)?(?P<label>[^\W\d_][^:]{0,60}?):\s+\S")
FIELD_LABEL_WORDS = 5


@dataclass(slots=True, frozen=True)
class LineShape:
    """What the cleaner reads from one raw line."""

    text: str  # plain text: Markdown marks dropped, whitespace collapsed
    key: str  # what the cue table matches: see ``keys.key_of``
    tokens: tuple[str, ...]  # casefolded word tokens
    words: int
    terminal: bool  # ends like a sentence (a trailing wire credit ignored)
    sentence: bool  # terminal and at least ``min_body_words`` words
    credit: bool  # ends with a wire credit ("— AFP", "(Reuters)")
    all_caps: bool
    date_line: bool  # mostly a date or time ("Sunday, 8 September 2024 | 10:32")
    cells: int = 0  # a table row as trafilatura prints it ("| Rovers | 20 | 45 |"): its cells
    field: bool = False  # a "Label: value" line of a fact box

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def table_row(self) -> bool:
        """A row of two or more cells; one cell in bars is a layout table's, read as text."""
        return self.cells >= 2


def count_words(text: str) -> int:
    """Word tokens; a run of Thai or CJK characters counts as one word per two characters."""
    total = 0
    for token in _TOKEN.findall(text):
        wide = len(_WIDE.findall(token))
        total += max(1, wide // 2) if wide else 1
    return total


def plain_text(raw: str) -> str:
    """The line as a reader sees it: Markdown links and emphasis dropped, spaces collapsed."""
    text = _MD_LINK.sub(r"\1", raw) if "](" in raw else raw
    if "*" in text or "_" in text:
        text = _MD_EMPHASIS.sub("", text)
    return _SPACE.sub(" ", text).strip()


def shape_of(raw: str, min_body_words: int) -> LineShape:
    """The shape of one raw line. A line without a letter or digit ("***", "—") is blank:
    a separator carries no text to keep or to remove."""
    text = plain_text(raw)
    if not any(c.isalnum() for c in text):
        return LineShape("", "", (), 0, False, False, False, False, False)
    tokens = tuple(t.casefold() for t in _TOKEN.findall(text))
    words = count_words(text)
    credit_at = credit_start(text)
    body = text[:credit_at].rstrip() if credit_at is not None else text
    terminal = bool(_TERMINAL.search(body[-_TAIL:]))
    return LineShape(
        text=text,
        key=key_of(text),
        tokens=tokens,
        words=words,
        terminal=terminal,
        sentence=terminal and words >= min_body_words,
        credit=credit_at is not None,
        all_caps=_all_caps(text),
        date_line=_date_line(text, tokens),
        cells=table_cells(text),
        field=is_field(text),
    )


def table_cells(text: str) -> int:
    """The cells of a table row printed ``| a | b |`` (0: no table row)."""
    if len(text) < 3 or text[0] != "|" or text[-1] != "|":
        return 0
    return text.count("|") - 1


def is_field(text: str) -> bool:
    """A "Label: value" line: a short label that starts with a letter, then the value."""
    match = _FIELD.match(text)
    return match is not None and len(match.group("label").split()) <= FIELD_LABEL_WORDS


def credit_start(text: str) -> int | None:
    """Where a trailing wire credit (``— AFP``, ``/Reuters``, ``(AP)``) starts, if any."""
    tail = text[-_TAIL:]
    match = _credit_regex().search(tail)
    if match is None:
        return None
    start = len(text) - len(tail) + match.start()
    return start or None  # a line that is only a credit has no sentence to end


@cache
def _credit_regex() -> re.Pattern[str]:
    # Agencies as listed and in capitals, case-sensitive: "- ap" at a line's end is no credit.
    names = sorted({v for a in lexicon().agencies for v in (a, a.upper())}, key=len, reverse=True)
    agency = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"(?:\s*[—–-]{{1,2}}\s*|\s*/\s*|\s+\(\s*)(?:{agency})"
        rf"(?:\s*/\s*(?:{agency}|File|FILE|Pool|POOL))?\s*\)?\.?$"
    )


def _all_caps(text: str) -> bool:
    letters = [c for c in text[:400] if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters if c.upper() != c.lower())


def _date_line(text: str, tokens: tuple[str, ...]) -> bool:
    """A short line made mostly of date and time words that names a full date."""
    if not tokens or len(tokens) > 16:
        return False
    if not (FULL_DATE.search(text) or (_WEEKDAY.search(text) and _MONTH.search(text))):
        return False
    dateish = lexicon().vocab["dateish"]
    hits = sum(1 for t in tokens if t in dateish or _NUMERIC.match(t))
    return hits / len(tokens) >= 0.6


def ends_with_date(text: str) -> bool:
    """The line's last words are a full date ("..., Moscow, November 30, 2021"); a date in
    brackets, as link lists print it, does not count."""
    tail = text[-60:].rstrip(" .,;")
    return any(m.end() == len(tail) for m in FULL_DATE.finditer(tail))
