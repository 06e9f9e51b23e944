"""Which line is the headline.

In order of trust: the line matching a title hint (HTML/feed metadata, a Markdown heading);
a short first line ending in a period that the page repeats on its own later (sites that
print the headline again above the body); else the first headline-shaped line above the
first body paragraph. A first line that is a long sentence is body, never a title.

Page furniture is never a headline: a hint the cue table knows as furniture ("Most Read",
"Donate now") is no hint, and a short label the page prints more than once ("Hot Right
Now" over a widget at the top and again at the bottom) yields to any other candidate. A
crawler's date glued before the headline ("2024-06-20 | Leaders meet", "[June 20, 2024]
Leaders meet") is not part of it: ``split_date_prefix`` parts them, the title keeps the
words and the stage records the date as a removed byline, where the time stage reads it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from chronicle.pipeline.clean.cues import NAV, SHARE, line_cue
from chronicle.pipeline.clean.keys import key_of
from chronicle.pipeline.clean.shape import (
    DATE,
    TIME,
    WEEKDAY_NAME,
    LineShape,
    count_words,
    shape_of,
)

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")  # "Headline | Site Name"
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_BY = re.compile(r"^by\s", re.IGNORECASE)
HINT_OVERLAP = 0.5  # word-set Jaccard a line needs with an unmatched hint to be the title
LABEL_WORDS = 4  # a line this short printed twice on a page is a widget's label
_NEVER_HEADLINES = frozenset({"boilerplate:newsletter", "boilerplate:comments", SHARE,
                              "boilerplate:ad", "boilerplate:notice"})
# "2024-06-20 | ", "20/06/2024 - ", "[June 20, 2024] ", "Thursday, June 20, 2024, 14:30: ".
_DATE_PREFIX = re.compile(
    rf"^\s*(?P<open>[\[(]\s*)?(?:{WEEKDAY_NAME},?\s+)?{DATE}(?:,?\s*(?:at\s+)?(?:{TIME}))?"
    rf"\s*(?P<close>[\])]\s*)?(?P<sep>[|–—:•·/-]+\s*)?",
    re.IGNORECASE,
)


def title_key(text: str) -> str:
    """A line or hint compared for title matching: Markdown heading marks dropped, keyed."""
    return key_of(_MD_HEADING.sub("", text.strip()).rstrip("# \t"))


def split_date_prefix(text: str) -> tuple[str, str] | None:
    """``(date, headline)`` when a full date is glued before a headline of two words or
    more, set off by brackets, a separator, or a capital starting the headline."""
    bare = _MD_HEADING.sub("", text.strip())
    match = _DATE_PREFIX.match(bare)
    if match is None or bool(match["open"]) != bool(match["close"]):
        return None
    rest = bare[match.end():].strip()
    if not (match["open"] or match["sep"] or rest[:1].isupper()) or count_words(rest) < 2:
        return None
    return bare[: match.end()].strip(" \t|–—:•·/-"), rest


def without_date_prefix(text: str) -> str:
    parts = split_date_prefix(text)
    return text if parts is None else parts[1]


def furniture_title(text: str) -> bool:
    """A title hint that is page furniture the cue table knows: a widget's heading ("Most
    Read"), an appeal ("Donate now"), a comments, share or advertising label, a menu item.
    Cues that only judge a line by its position ("Watch: ...", "Publisher fined ...") do
    not count: a headline may look like them."""
    shape = shape_of(without_date_prefix(text), 8)
    cue = line_cue(shape)
    if cue is None:
        return shape.blank
    return cue.heading or cue.reason in _NEVER_HEADLINES or (cue.reason == NAV and cue.strong)


def repeated_label(shape: LineShape, copies: Mapping[str, int]) -> bool:
    """A short line the page prints again on its own (``copies``: lines per key): a
    widget's label, not a headline."""
    return shape.words <= LABEL_WORDS and not shape.terminal and copies.get(shape.key, 0) > 1


def hint_index(lines: list[str], hint: str | None, skip: Collection[int] = ()) -> int | None:
    """The first line matching the hint, also when the hint carries a " | Site" suffix;
    lines in ``skip`` (a comment thread quoting the headline) are passed over."""
    if not hint or not hint.strip():
        return None
    keys = {title_key(hint), title_key(_SITE_SUFFIX.sub("", hint.strip()))} - {""}
    for i, line in enumerate(lines):
        if i in skip or len(line) >= 2000:
            continue
        if title_key(line) in keys or title_key(without_date_prefix(line)) in keys:
            return i
    return None


def resembling_hint(shapes: list[LineShape], candidates: list[int], hint: str) -> int | None:
    """The candidate sharing most words with a hint no line matched exactly (metadata and
    page headlines often differ a little); None when none reaches HINT_OVERLAP."""
    wanted = set(shape_of(_SITE_SUFFIX.sub("", hint.strip()), 1).tokens)
    best, best_score = None, HINT_OVERLAP
    for i in candidates:
        have = set(shapes[i].tokens)
        union = wanted | have
        score = len(wanted & have) / len(union) if union else 0.0
        if score > best_score or (best is None and score == best_score):
            best, best_score = i, score
    return best


def repeated_headline(shapes: list[LineShape], max_words: int) -> int | None:
    """A short first line ending in a period that is repeated later as a standalone line.

    "Standalone" means the copy is not the start of a repeated block: a whole article pasted
    twice repeats its first paragraph *and* the line after it, which a headline does not.
    """
    lines = [i for i, s in enumerate(shapes) if not s.blank]
    if not lines:
        return None
    first = shapes[lines[0]]
    if not first.terminal or not 3 <= first.words <= max_words:
        return None
    following = {a: b for a, b in zip(lines, lines[1:], strict=False)}
    after_first = shapes[following[lines[0]]].key if lines[0] in following else None
    for i in lines[1:]:
        if shapes[i].key != first.key:
            continue
        after_copy = shapes[following[i]].key if i in following else None
        if after_copy != after_first:
            return lines[0]
    return None


def headline_shaped(shape: LineShape, max_words: int) -> bool:
    """Short, not all caps, no date/pipe/credit/byline shape, no closing period (a date
    glued before it aside)."""
    parts = split_date_prefix(shape.text)
    if parts is not None:
        shape = shape_of(parts[1], 1)
    text = _MD_HEADING.sub("", shape.text)
    if not 2 <= shape.words <= max_words:
        return False
    if shape.all_caps or shape.date_line or shape.credit:
        return False
    if text.endswith((".", ":", ",", ";")) or "|" in text or "©" in text:
        return False
    return not (_URL.search(text) or _BY.match(text))


def pick_title(shapes: list[LineShape], candidates: list[int]) -> int | None:
    """A Markdown heading first, else the first candidate of three words or more, else the
    candidate nearest the body (short section labels sit above, headlines just above it)."""
    for i in candidates:
        if _MD_HEADING.match(shapes[i].text):
            return i
    for i in candidates:
        if shapes[i].words >= 3:
            return i
    return candidates[-1] if candidates else None


def title_text(raw: str) -> str:
    """The title as stored on the article: stripped, without Markdown heading marks or a
    date glued before it."""
    return without_date_prefix(_MD_HEADING.sub("", raw.strip()).rstrip("# \t").strip())
