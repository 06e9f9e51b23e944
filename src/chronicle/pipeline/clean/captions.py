"""Photo captions: credit labels, position markers and the "who does what, where, when" shape.

``caption_cue`` reads one line. Whether a line that only ends with a wire credit is a
caption depends on where it sits (``classify.py``): above the first body paragraph or
beside another caption it is one; the same credit closing the body is a wire sign-off.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from chronicle.pipeline.clean.lexicon import lexicon
from chronicle.pipeline.clean.shape import LineShape, ends_with_date

CaptionCue = Literal["strong", "standalone", "credit"]

# "Photo: Jane Doe", "Photograph: AFP", "Image credit: ...".
_LABEL = re.compile(
    r"(?:^|[\s(\[|])(?:photo(?:graph)?s?|pictures?|pics?|images?|credits?|photo credit|"
    r"image credit|file photo|illustration|graphic|caption)\s*:",
    re.IGNORECASE,
)
# "(Photo by Jane Doe/Getty Images)", "Photo courtesy of ..." at a line or bracket start.
_BY_LABEL = re.compile(
    r"(?:^|[(\[|]|[.!?]\s)\s*(?:photo(?:graph)?s?|pictures?|images?)\s+"
    r"(?:by|courtesy(?:\s+of)?)\b",
    re.IGNORECASE,
)
_AGENCY_PHOTO = re.compile(
    r"\b(?:AFP|AP|EPA|REUTERS|Reuters|XINHUA|Xinhua|ANI|PTI)\s*(?:PHOTO|Photo)\b"
    r"|\bREUTERS/\s*\S|\bAP Photo/|/\s*Getty Images\b|\bGetty Images\s*\)?\.?$"
    r"|\bFILE PHOTO\b|\((?:file|FILE|File)(?: (?:photo|PHOTO|image))?\)\s*\.?$"
)
# Screen-reader labels some sites print as text: "Image source, Reuters", "Image caption, ...".
_MEDIA_LABEL = re.compile(r"^(?:image|photo|picture|video) (?:source|caption|credit)\s*[:,]",
                          re.IGNORECASE)
_COURTESY = re.compile(r"^(?:photo\s+)?courtesy\b", re.IGNORECASE)
# "(L)", "(2nd R)", "(left)", "(from left)", "(L-R)"; one-letter markers need a second one.
_POSITION = re.compile(
    r"\((?:(?:\d(?:st|nd|rd|th)|second|third|fourth|far|centre|center)\s+)?"
    r"(?P<mark>left|right|centre|center|front|l|r|c|cl|cr)"
    r"(?:\s*(?:to|-)\s*(?:left|right|l|r))?\)|\(from (?P<from>left|right)\)",
    re.IGNORECASE,
)


def caption_cue(shape: LineShape) -> CaptionCue | None:
    """How strongly one line reads as a photo caption, from its own text alone."""
    if shape.blank or shape.words > 80:
        return None
    text = shape.text
    if shape.words <= 8 and (_standalone_regex().fullmatch(text) or _COURTESY.match(text)):
        return "standalone"
    if any(rx.search(text) for rx in (_LABEL, _BY_LABEL, _AGENCY_PHOTO, _MEDIA_LABEL)):
        return "strong"
    if _positions(text) and (not shape.terminal or shape.credit):
        return "strong"
    if _dated_description(shape):
        return "strong"
    return "credit" if shape.credit else None


def _positions(text: str) -> bool:
    marks = list(_POSITION.finditer(text))
    if any(m.group("from") or len(m.group("mark")) > 2 for m in marks):
        return True
    return len(marks) >= 2


def _dated_description(shape: LineShape) -> bool:
    """``Leaders meet at the summit, Lima, Peru, November 30, 2021`` (no closing period)."""
    return (
        not shape.terminal
        and shape.words >= 8
        and "," in shape.text
        and ends_with_date(shape.text)
    )


@cache
def _standalone_regex() -> re.Pattern[str]:
    """A line that is nothing but a credit: ``AFP``, ``— Reuters``, ``Reuters/File``."""
    names = sorted(lexicon().agencies, key=len, reverse=True)
    agency = "|".join(re.escape(n) for n in names)
    filler = r"(?:photo|file|pool|handout|via|staff|images?)"
    sep = r"[\s/,&()\-—–|:.]*"
    return re.compile(
        rf"{sep}(?:{filler}{sep})*(?:{agency})(?:{sep}(?:{agency}|{filler}))*{sep}",
        re.IGNORECASE,
    )
