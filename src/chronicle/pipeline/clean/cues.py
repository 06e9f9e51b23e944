"""Boilerplate cues of one line, read from the cue table and from the line's shape alone.

Context (zones, neighbours, lists under a heading) is applied later in ``classify.py``; a
cue here only says what the line would be if its position allows it.
"""

from __future__ import annotations

import re

from chronicle.pipeline.clean.lexicon import Cue, lexicon
from chronicle.pipeline.clean.shape import LineShape

NAV = "boilerplate:nav"
SHARE = "boilerplate:share"
MASTHEAD = "boilerplate:masthead"
BYLINE = "boilerplate:byline"
RELATED = "boilerplate:related-links"
# A date line is masthead above the headline and byline below it ("Published 3 May 2024");
# classify.py settles which once the title is known.
DATELINE = "boilerplate:dateline"

_TEMPERATURE = re.compile(r"-?\d{1,3}(?:[.,]\d)?\s*°\s*[CFcf]?")
_WORD = re.compile(r"[^\W\d_]+")
_CRUMB_SPLIT = re.compile(r"\s+[>›»|/·•]\s+|\s*[>›»]\s*")
_CRUMB_WORDS = 40  # a trail ending with a long headline
_HOME = frozenset({"home", "homepage", "trang chủ", "inicio"})
# "By" then a capitalised name: "By Jane Doe", "BY JANE DOE", not "By contrast".
_BYLINE = re.compile(r"^[Bb][Yy]:?\s+(?:the\s+)?[A-Z\u00c0-\u00de]")
# A headline in a list of links, ending with its date: "(11/28/21)", "- June 3, 2024".
_DATED_ITEM = re.compile(
    r"(?:\(\s*\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{1,4})?\s*\)"
    r"|\(\s*[A-Za-z]{3,9}\.? \d{1,2},? \d{4}\s*\)"
    r"|\s[|–—-]\s+\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})\s*$"
)


def line_cue(shape: LineShape) -> Cue | None:
    """The boilerplate cue of a line, or None. Cues with zone "edge" need a head/tail line."""
    if shape.blank:
        return None
    cue = lexicon().match(shape.key, shape.words, shape.sentence)
    if cue is not None or shape.sentence:
        return cue
    # A table row is data: its bars are no breadcrumb, a date or temperature in a cell is no
    # masthead ("| 3 May 2025 | Rovers | 2-1 |", "| Dunmore | 38.9°C |").
    rules = _ROW_RULES if shape.table_row else _LINE_RULES
    for rule in rules:
        cue = rule(shape)
        if cue is not None:
            return cue
    return None


def dated_item(shape: LineShape) -> bool:
    """A headline-sized line ending with a bracketed or dashed date, as in link lists."""
    return 2 <= shape.words <= 40 and bool(_DATED_ITEM.search(shape.text[-40:]))


def _date_line(shape: LineShape) -> Cue | None:
    return Cue(DATELINE, zone="edge") if shape.date_line else None


def _weather(shape: LineShape) -> Cue | None:
    """``Lagos 31°C Partly cloudy``: a temperature among capitalised or weather words only
    (a headline like "Temperatures hit 45°C in the capital" has lower-case words)."""
    if shape.words > 8 or not _TEMPERATURE.search(shape.text):
        return None
    weather = lexicon().vocab["weather"]
    for word in _WORD.findall(shape.text):
        if word[0].islower() and word.casefold() not in weather:
            return None
    return Cue(MASTHEAD, zone="edge")


def _breadcrumb(shape: LineShape) -> Cue | None:
    """``Home > World > Asia``: three or more short parts joined by arrows or bars. A trail
    from the home page may end with the page's own headline ("Home › Sport › <headline>")."""
    if shape.words > _CRUMB_WORDS or not any(sep in shape.text for sep in ">›»|/·•"):
        return None
    parts = [p for p in _CRUMB_SPLIT.split(shape.text) if p.strip()]
    if len(parts) < 2 or any(len(p.split()) > 4 for p in parts[:-1]):
        return None
    starts_home = parts[0].strip().casefold() in _HOME
    if len(parts[-1].split()) > 4:  # only a trail from home ends with a headline
        return Cue(NAV) if starts_home and len(parts) >= 3 else None
    if shape.words <= 16 and (len(parts) >= 3 or (starts_home and len(parts) == 2)):
        return Cue(NAV)
    return None


def _share_widget(shape: LineShape) -> Cue | None:
    """A line made only of share words and network names ("Share this: Facebook Twitter")."""
    vocab = lexicon().vocab
    networks = [t for t in shape.tokens if t in vocab["network"]]
    if not networks or any(t not in vocab["social"] and t not in vocab["network"]
                           for t in shape.tokens):
        return None
    verbs = {"share", "follow", "tweet", "print", "copy"}
    strong = len(networks) >= 2 or any(t in verbs for t in shape.tokens)
    return Cue(SHARE, zone="any" if strong else "edge")


def _section_label(shape: LineShape) -> Cue | None:
    """A short label made mostly of section names ("Foreign News", "Asia | Politics")."""
    if shape.words > 5 or shape.terminal or not shape.tokens:
        return None
    section = lexicon().vocab["section"]
    hits = sum(1 for t in shape.tokens if t in section)
    # More than half: "Breaking news: quake hits" is a headline, "World News" a label.
    return Cue(NAV, zone="edge") if hits / len(shape.tokens) > 0.5 else None


def _byline(shape: LineShape) -> Cue | None:
    """``By Jane Doe``, ``By Jane Doe and John Roe | Reuters`` (a name follows "By")."""
    if shape.words > 14 or not _BYLINE.match(shape.text):
        return None
    if shape.terminal and shape.words > 6:
        return None
    return Cue(BYLINE, zone="edge")


_LINE_RULES = (_date_line, _weather, _byline, _breadcrumb, _share_widget, _section_label)
_ROW_RULES = (_share_widget, _section_label)  # a row of share icons or of section names
