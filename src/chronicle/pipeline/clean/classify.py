"""``classify_lines``: one decision per raw line — title, body, caption, blank or removed.

The passes, in order (each only decides lines no earlier pass decided):

0. reader comment threads (``comments.py``): stamps, headers and the comment bodies between
   them, so no later pass takes a comment for the body or the headline;
1. title from a hint (unless the hint is furniture: "Most Read", "Donate now"), or a short
   first line the page repeats on its own and no cue claims; an "About the author" box at
   the very end claims the bio under it;
2. body anchors: lines that read as sentences and carry no boilerplate or caption cue. They
   split the article into a head zone (before the first), a middle and a tail zone (after
   the last). In the middle only strong cues remove anything, so body precision holds;
3. boilerplate cues (strong ones anywhere, "edge" ones in the head and tail zones);
4. lists owned by a heading ("Related News" and the headlines under it), dated link runs;
5. captions (a line that only ends with a wire credit counts above the body or beside
   another caption; closing the body it is a sign-off and stays body);
6. a headline-shaped title in the head zone when pass 1 found none (with a hint that
   matched no line exactly, only a line resembling the hint); a candidate under the site's
   menu or masthead comes before one over it (the site's name), and a short label the page
   prints twice gives way to any other candidate;
7. furniture by neighbourhood: short lines above the title and in the tail take the reason
   of the furniture around them, and so does another copy of a removed label; date lines
   become masthead above the title, byline below;
8. everything left is body; then repeated lines and duplicated captions are removed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from chronicle.config import CleanConfig
from chronicle.model import Line, LineKind
from chronicle.pipeline.clean.captions import CaptionCue, caption_cue
from chronicle.pipeline.clean.comments import COMMENTS, comment_threads
from chronicle.pipeline.clean.cues import (
    BYLINE,
    DATELINE,
    MASTHEAD,
    NAV,
    RELATED,
    dated_item,
    line_cue,
)
from chronicle.pipeline.clean.lexicon import Cue
from chronicle.pipeline.clean.repeats import mark_repeats
from chronicle.pipeline.clean.shape import LineShape, shape_of
from chronicle.pipeline.clean.title import (
    furniture_title,
    headline_shaped,
    hint_index,
    pick_title,
    repeated_headline,
    repeated_label,
    resembling_hint,
)

FURNITURE_WORDS = 8  # a line this short without closing punctuation can be page furniture
MID_LIST_ITEMS = 12  # a related-links block inside the body holds at most this many links
TITLE_SEARCH_LINES = 8  # without any body anchor, the title is sought in the first lines
SITE_CHROME = frozenset({NAV, MASTHEAD})  # headlines come under these, a site's name over them
AUTHOR_BOX_LINES = 3  # "About the author" owns this many lines under it at most


@dataclass(slots=True)
class _Page:
    shapes: list[LineShape]
    cues: list[Cue | None]
    caps: list[CaptionCue | None]
    kinds: list[LineKind | None]
    reasons: list[str | None]
    first: int = 0  # index of the first body anchor (len(shapes) when there is none)
    last: int = -1  # index of the last body anchor
    credit_captions: set[int] = field(default_factory=set)
    copies: Counter[str] = field(default_factory=Counter)  # lines per key
    spared: dict[int, str] = field(default_factory=dict)  # list items kept as headline candidates

    @classmethod
    def read(cls, lines: list[str], cfg: CleanConfig) -> _Page:
        shapes = [shape_of(line, cfg.min_body_words) for line in lines]
        n = len(shapes)
        return cls(shapes, [line_cue(s) for s in shapes], [caption_cue(s) for s in shapes],
                   [None] * n, [None] * n, first=n,
                   copies=Counter(s.key for s in shapes if not s.blank))

    @property
    def anchored(self) -> bool:
        return self.last >= 0

    def edge(self, i: int) -> bool:
        return not self.anchored or i < self.first or i > self.last

    def tail(self, i: int) -> bool:
        return self.anchored and i > self.last

    def open(self, i: int) -> bool:
        return self.kinds[i] is None and not self.shapes[i].blank

    def strong_cue(self, i: int) -> bool:
        cue = self.cues[i]
        return cue is not None and cue.strong

    def decide(self, i: int, kind: LineKind, reason: str | None = None) -> None:
        self.kinds[i], self.reasons[i] = kind, reason

    def step(self, i: int, direction: int) -> int | None:
        """The nearest non-blank line from ``i`` in ``direction`` (-1 up, +1 down)."""
        j = i + direction
        while 0 <= j < len(self.shapes) and self.shapes[j].blank:
            j += direction
        return j if 0 <= j < len(self.shapes) else None

    def furniture_reason(self, j: int | None) -> str | None:
        if j is None or self.kinds[j] != "removed":
            return None
        reason = self.reasons[j]
        return reason if reason and reason.startswith("boilerplate:") else None


def classify_lines(raw_text: str, cfg: CleanConfig, title_hint: str | None = None) -> list[Line]:
    """One ``Line`` per line of ``raw_text.split("\\n")``, numbered from 1. Pure and total."""
    lines = raw_text.split("\n")
    page = _Page.read(lines, cfg)
    thread = comment_threads(page.shapes, page.cues)
    for i in thread:
        page.decide(i, "removed", COMMENTS)
    if title_hint is not None and furniture_title(title_hint):
        title_hint = None  # metadata that names a widget or an appeal is no headline
    title = hint_index(lines, title_hint, skip=thread)
    if title is None:
        title = repeated_headline(page.shapes, cfg.max_title_words)
        if title is not None and (title in thread or page.strong_cue(title)):
            title = None  # a copyright line printed at both ends is no headline
    if title is not None:
        page.decide(title, "title")
    _claim_author_boxes(page)
    _find_anchors(page)
    _apply_cues(page)
    _apply_lists(page, cfg.max_title_words, spare_headline=title is None)
    _apply_captions(page)
    if title is None:
        title = _heuristic_title(page, cfg.max_title_words, title_hint)
    for i, reason in page.spared.items():
        if i != title and page.open(i):
            page.decide(i, "removed", reason)
    _head_furniture(page, title)
    _label_copies(page)
    _tail_furniture(page, cfg.max_title_words)
    _settle_datelines(page, title)
    kinds: list[LineKind] = [k if k is not None else ("blank" if s.blank else "body")
                             for k, s in zip(page.kinds, page.shapes, strict=True)]
    mark_repeats(page.shapes, kinds, page.reasons, cfg.repeat_similarity)
    return [Line(number=i + 1, text=text, kind=kinds[i],
                 reason=page.reasons[i] if kinds[i] == "removed" else None)
            for i, text in enumerate(lines)]


def _claim_author_boxes(page: _Page) -> None:
    """"About the author" near the end owns the bio under it, sentences included: at most
    AUTHOR_BOX_LINES open lines may follow it, or it is not at the end and owns nothing."""
    for i, cue in enumerate(page.cues):
        if cue is None or not cue.owns_text or not page.open(i):
            continue
        rest = [j for j in range(i + 1, len(page.shapes))
                if page.open(j) and not page.strong_cue(j)]
        if len(rest) <= AUTHOR_BOX_LINES:
            page.decide(i, "removed", cue.reason)
            for j in rest:
                page.decide(j, "removed", cue.reason)


def _find_anchors(page: _Page) -> None:
    """Sentence-like lines with no cue anchor the body; credit-ending lines join them
    unless they sit above the body or beside a caption (then they are captions).
    Sentence-like furniture ("This article was originally published on ...") is peeled
    off the two ends only, so a cue can never cut into the middle of the body."""
    strict = [i for i, s in enumerate(page.shapes) if s.sentence and page.kinds[i] is None
              and page.caps[i] is None and not page.strong_cue(i)]
    while strict and page.cues[strict[-1]] is not None:
        strict.pop()
    while strict and page.cues[strict[0]] is not None:
        strict.pop(0)
    anchors = list(strict)
    for i, cap in enumerate(page.caps):
        if cap != "credit" or page.kinds[i] is not None:
            continue
        inside = bool(strict) and i < strict[-1]
        if not page.shapes[i].terminal or (inside and (i < strict[0] or _beside_caption(page, i))):
            page.credit_captions.add(i)
        elif page.shapes[i].sentence:
            anchors.append(i)
    if anchors:
        page.first, page.last = min(anchors), max(anchors)


def _beside_caption(page: _Page, i: int) -> bool:
    return any(j is not None and page.caps[j] in ("strong", "standalone")
               for j in (page.step(i, -1), page.step(i, 1)))


def _apply_cues(page: _Page) -> None:
    for i, cue in enumerate(page.cues):
        if cue is None or not page.open(i):
            continue
        if cue.strong or page.edge(i):  # edge cues on sentences were vetted by the lexicon
            above = page.furniture_reason(page.step(i, -1)) if cue.follows else None
            page.decide(i, "removed", above or cue.reason)


def _settle_datelines(page: _Page, title: int | None) -> None:
    """Date lines above the headline are the site's masthead; below it they date the story."""
    for i, reason in enumerate(page.reasons):
        if reason == DATELINE:
            above = i < title if title is not None else i < page.first
            page.reasons[i] = MASTHEAD if above else BYLINE


def _apply_lists(page: _Page, max_words: int, spare_headline: bool) -> None:
    """Lists under headings, then dated link runs after the body. With no title yet, the
    line right above the body stays a headline candidate even under a widget's heading
    ("Editor's Picks" printed just over the headline); it rejoins the list if not chosen."""
    spare = _headline_slot(page, max_words) if spare_headline else None
    headings = {i: cue.reason for i, cue in enumerate(page.cues)
                if cue is not None and cue.heading and page.kinds[i] == "removed"}
    for i in _widget_labels(page, max_words):
        page.decide(i, "removed", RELATED)
        headings[i] = RELATED
    for i in sorted(headings):
        _consume_list(page, i, headings[i], max_words, spare)
    dated = [i for i in range(page.last + 1, len(page.shapes)) if page.tail(i)
             and page.open(i) and not page.shapes[i].sentence and dated_item(page.shapes[i])]
    if len(dated) >= 2:  # a run of dated headlines after the body is a link list
        for i in dated:
            page.decide(i, "removed", RELATED)


def _widget_labels(page: _Page, max_words: int) -> list[int]:
    """A short label printed more than once outside the body, each copy heading a list of
    headlines ("Hot Right Now" at the top and again at the bottom): a widget's heading."""
    copies: dict[str, list[int]] = {}
    for i, shape in enumerate(page.shapes):
        if repeated_label(shape, page.copies):
            copies.setdefault(shape.key, []).append(i)
    labels: list[int] = []
    for found in copies.values():
        if all(page.open(i) and page.edge(i) and _heads_list(page, i, max_words) for i in found):
            labels += found
    return labels


def _heads_list(page: _Page, i: int, max_words: int) -> bool:
    """The line right under ``i`` (no blank between) is a headline-shaped list item."""
    j = i + 1
    return j < len(page.shapes) and page.open(j) and not page.shapes[j].sentence \
        and headline_shaped(page.shapes[j], max_words)


def _headline_slot(page: _Page, max_words: int) -> int | None:
    j = page.step(page.first, -1) if page.anchored else None
    if j is None or not page.open(j) or not headline_shaped(page.shapes[j], max_words):
        return None
    return j


def _consume_list(page: _Page, i: int, reason: str, max_words: int,
                  spare: int | None = None) -> None:
    """The headlines under a heading. After the body the list runs on across blank lines;
    inside the body only the block right under the heading belongs to it."""
    tail = page.tail(i)
    j, taken = i + 1, 0
    while j < len(page.shapes) and (tail or taken < MID_LIST_ITEMS):
        shape = page.shapes[j]
        if shape.blank:
            if taken and not tail:
                return
            j += 1
            continue
        if not page.open(j) or shape.sentence or shape.words > max_words:
            return
        if page.caps[j] is not None and not dated_item(shape):  # a photo, not a link
            return
        if j == spare:
            page.spared[j] = reason
            return
        page.decide(j, "removed", reason)
        taken += 1
        j += 1


def _apply_captions(page: _Page) -> None:
    for i, cap in enumerate(page.caps):
        if cap is None or not page.open(i):
            continue
        if cap == "standalone" and page.tail(i):
            page.decide(i, "removed", BYLINE)  # "— AFP" alone after the body signs it off
        elif cap != "credit" or i in page.credit_captions:
            page.decide(i, "caption")


def _heuristic_title(page: _Page, max_words: int, hint: str | None) -> int | None:
    """A headline-shaped line above the body; with a hint that matched no line exactly, only
    a line resembling the hint (else the first paragraph or a dek could pass for a title)."""
    if page.anchored:
        limit = page.first
    else:
        non_blank = [i for i, s in enumerate(page.shapes) if not s.blank]
        limit = non_blank[TITLE_SEARCH_LINES - 1] + 1 if len(non_blank) >= TITLE_SEARCH_LINES \
            else len(page.shapes)
    if hint and hint.strip():
        near = [i for i in range(limit)
                if page.open(i) and page.shapes[i].words <= max_words]
        title = resembling_hint(page.shapes, near, hint)
    else:
        candidates = [i for i in range(limit) if page.open(i)
                      and headline_shaped(page.shapes[i], max_words) and not _runs_on(page, i)]
        headlines = [i for i in candidates if not repeated_label(page.shapes[i], page.copies)]
        chrome = max((i for i in range(limit) if page.reasons[i] in SITE_CHROME), default=-1)
        below = [i for i in headlines if i > chrome]  # a site's name sits over its menu
        title = pick_title(page.shapes, below or headlines or candidates)
    if title is not None:
        page.decide(title, "title")
    return title


def _runs_on(page: _Page, i: int) -> bool:
    """The sentence continues on the next line (hard-wrapped text): not a headline."""
    nxt = page.shapes[i + 1] if i + 1 < len(page.shapes) else None
    return nxt is not None and not nxt.blank and nxt.text[0].islower()


def _head_furniture(page: _Page, title: int | None) -> None:
    """Short open lines before the body: above the headline they are site furniture (taking
    the reason of the nearest furniture, else masthead or nav); below it, a line counts only
    when furniture of one reason sits on both sides (a dek under the headline is body)."""
    for i in range(min(page.first, len(page.shapes))):
        shape = page.shapes[i]
        if not page.open(i) or shape.terminal or shape.words > FURNITURE_WORDS:
            continue
        reason: str | None
        if title is not None and i < title:
            reason = _nearest_furniture(page, i) or (
                MASTHEAD if shape.all_caps or shape.date_line else NAV)
        else:
            reason = _sandwiched(page, i)
        if reason is not None:
            page.decide(i, "removed", reason)


def _nearest_furniture(page: _Page, i: int) -> str | None:
    for direction in (-1, 1):
        j = page.step(i, direction)
        while j is not None and page.open(j):
            j = page.step(j, direction)
        reason = page.furniture_reason(j)
        if reason is not None:
            return reason
    return None


def _sandwiched(page: _Page, i: int) -> str | None:
    if _holds_data(page, i):
        return None
    above = page.furniture_reason(page.step(i, -1))
    return above if above is not None and above == page.furniture_reason(page.step(i, 1)) else None


def _holds_data(page: _Page, i: int) -> bool:
    """A table row or a "Label: value" line, or the line that heads one (the table's title,
    "Match facts"): article data, which no furniture label nearby spreads into."""
    if page.shapes[i].table_row or page.shapes[i].field:
        return True
    j = page.step(i, 1)
    return j is not None and page.open(j) and (page.shapes[j].table_row or page.shapes[j].field)


def _label_copies(page: _Page) -> None:
    """A widget's label printed at both edges ("Hot Right Now" over the headline and again
    after the body): once one copy is furniture, so is every other copy outside the body."""
    removed = {page.shapes[i].key: page.reasons[i] for i in range(len(page.shapes))
               if page.furniture_reason(i) is not None}
    for i, shape in enumerate(page.shapes):
        if page.open(i) and page.edge(i) and shape.key in removed \
                and repeated_label(shape, page.copies):
            page.decide(i, "removed", removed[shape.key])


def _tail_furniture(page: _Page, max_words: int) -> None:
    """After the body, an open line without closing punctuation under furniture belongs to
    it ("Name" under "Leave a Reply"); a short final sentence, ending in a period, stays, and
    so do tables and fact lists with their headings."""
    for i in range(page.last + 1, len(page.shapes)):
        shape = page.shapes[i]
        if not page.tail(i) or not page.open(i) or shape.terminal or shape.words > max_words \
                or _holds_data(page, i):
            continue
        reason = page.furniture_reason(page.step(i, -1))
        if reason is not None:
            page.decide(i, "removed", reason)
