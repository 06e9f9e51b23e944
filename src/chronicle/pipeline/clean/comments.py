"""Reader comment threads: the stamps a comment system prints, and the zone a thread covers.

Found by structure, never by one site's strings (the words live in ``boilerplate.json``,
section ``threads``). A stamp is a short line of one of these shapes:

* a comment's foot, an action bar: "Reply", "12 Likes | Reply | Report abuse", "Log in to
  reply", "Like · Reply · 2y" (weight 2);
* a comment's head: "Jane says:", "pete wrote :" (weight 1; 2 with its moment on the line
  or right under it); a commenter and a moment, "Jane Doe on May 3, 2024 at 4:12 pm",
  "jdoe · 2 hours ago" (weight 2); a bare moment, "May 3, 2024 at 4:12 pm", "2 hours ago"
  (weight 1);
* a header: "Comments (14)", "3 thoughts on “...”", "Leave a Reply" ("No comments yet"
  announces nothing and is left to the cue table).

Stamps at most GAP_LINES non-blank lines apart form a cluster. A header starts a new one
unless only furniture stands between it and the stamp before ("12 Comments", "Sort by
oldest", "Add a comment..."); text after a comment's foot that holds sentences and leads
to a new head is the article resuming, so the cluster ends there. A thread follows the
article: a head or header opening a cluster with as much text under it as above it is the
article's own (a byline's date, a "14 comments" link by the byline) and is left out.

A cluster is a thread when its stamps weigh THREAD_WEIGHT and one of them only a comment
system prints (an action bar, or "says:" with its moment: names and moments alone are
what a live blog stamps its entries with, and an article may quote "Smith wrote:"), or
when a header opens it and its stamps weigh HEADED_WEIGHT. Its zone runs from the header
(or the first commenter's name) over every stamp and the comment bodies between them,
then over the last comment's body: to the end of the page when little is left
(TAIL_LINES), else only its first paragraph, since more text is the article going on. A
header with no thread under it takes the end of the page only when that end is short and
more sentences stand above the header than below it.

Inside a zone, a line with a strong cue of another kind (a share bar, a newsletter appeal)
keeps its own reason unless it is a stamp; a heading of another kind ("Related stories")
ends the zone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from chronicle.pipeline.clean.lexicon import Cue, lexicon
from chronicle.pipeline.clean.shape import DATE, MONTH_NAME, TIME, WEEKDAY_NAME, LineShape

COMMENTS = "boilerplate:comments"
GAP_LINES = 6  # at most this many non-blank lines between two stamps of one thread
THREAD_WEIGHT = 3
HEADED_WEIGHT = 2
TAIL_LINES = 6  # the last comment's body runs to the page's end when no more is left
NAME_WORDS = 3
BODY_LINES = 4  # above a first comment's foot, its commenter's name is sought this far
STAMP_WORDS = 12
HEADER_WORDS = 30

Role = Literal["head", "foot", "header"]

_AGO = (r"(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?"
        r"|weeks?|mo|mos|months?|y|yrs?|years?)\s+ago|just now")
_DAY = (rf"(?:{WEEKDAY_NAME},?\s+)?(?:{DATE}|{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_NAME}|today|yesterday)")
# A moment: a day (with a time of day or not), a time of day, or a time ago.
_MOMENT = re.compile(
    rf"(?<!\w)(?:(?P<day>{_DAY})(?:,?\s*(?:at|@|[-–|·•])?\s*(?P<dtime>{TIME}))?"
    rf"|(?P<time>{TIME})|(?P<ago>{_AGO}))(?!\w)",
    re.IGNORECASE,
)
_SEPARATORS = " \t|·•-–—,:/"
_LEAD_WORDS = re.compile(r"(?:\s+(?:on|at|@))+$", re.IGNORECASE)
_SAID = re.compile(r"^(?P<name>.+?)\s+(?P<verb>[^\W\d_]+)\s*:\s*(?P<rest>.*)$")
_WORD = re.compile(r"[^\W_]+")
_HANDLE = re.compile(r"^@?[\w.\-]{2,30}$")
_AGE = re.compile(r"^\d+(?:[smhdwy]|mins?|hrs?|mos?|yrs?)?$")  # a count, or "2y", "5h" in a bar


@dataclass(slots=True, frozen=True)
class Stamp:
    role: Role
    kind: Literal["action", "said", "named", "moment", "header"]
    weight: int = 0

    @property
    def moment(self) -> bool:
        """Only a date or time: never opens a thread by itself."""
        return self.kind == "moment"

    @property
    def specific(self) -> bool:
        """Only a comment system prints it: an action bar, or "says:" with its moment. A
        name and a moment are not enough (a live blog stamps its entries "Jane Doe · 2 hours
        ago"), nor "says:" alone (an article quotes posts: "Smith wrote:")."""
        return self.kind == "action" or (self.kind == "said" and self.weight == 2)


@dataclass(slots=True, frozen=True)
class _Tables:
    headers: tuple[re.Pattern[str], ...]
    empty: tuple[re.Pattern[str], ...]
    actions: frozenset[str]
    marks: frozenset[str]
    counted: frozenset[str]
    said: frozenset[str]
    not_names: frozenset[str]


@cache
def _tables() -> _Tables:
    raw = lexicon().threads

    def words(name: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in raw[name])

    return _Tables(
        headers=tuple(re.compile(p) for p in raw["headers"]),
        empty=tuple(re.compile(p) for p in raw["empty"]),
        actions=words("actions"), marks=words("marks"), counted=words("counted"),
        said=words("said"), not_names=words("not_names"),
    )


def stamp_of(shape: LineShape, cue: Cue | None) -> Stamp | None:
    """What a line says about a comment thread, or None. Pure: the line alone decides."""
    if shape.blank or shape.words > HEADER_WORDS:
        return None
    tables = _tables()
    if any(rx.search(shape.key) for rx in tables.empty):
        return None
    if _header(shape, cue, tables):
        return Stamp("header", "header")
    if shape.sentence or shape.words > STAMP_WORDS:
        return None
    return _action_bar(shape.tokens, tables) or _said(shape.text, tables) or _moment(shape.text)


def _header(shape: LineShape, cue: Cue | None, tables: _Tables) -> bool:
    if any(rx.search(shape.key) for rx in tables.headers):
        return True
    return cue is not None and cue.reason == COMMENTS and cue.strong and not shape.sentence


def _action_bar(tokens: tuple[str, ...], tables: _Tables) -> Stamp | None:
    """"Reply", "12 Likes | Reply | Report abuse", "Like · Reply · 2y": action words, counts
    and ages only, with one a comment system prints (a share bar's "Like" or "Share" alone
    does not count)."""
    if not tokens or len(tokens) > 8:
        return None
    if any(not _AGE.match(t) and t not in tables.actions for t in tokens):
        return None
    counted = any(t.isdigit() for t in tokens) and any(t in tables.counted for t in tokens)
    if counted or any(t in tables.marks for t in tokens):
        return Stamp("foot", "action", 2)
    return None


def _said(text: str, tables: _Tables) -> Stamp | None:
    """"Jane says:", "pete wrote :", "Jane Doe says: May 3, 2024 at 4:12 pm"."""
    match = _SAID.match(text)
    if match is None or match["verb"].casefold() not in tables.said:
        return None
    if not _name_like(match["name"], tables):
        return None
    rest = match["rest"].strip()
    if rest and _whole_moment(rest) is None:
        return None
    return Stamp("head", "said", 2 if rest else 1)


def _moment(text: str) -> Stamp | None:
    """A commenter and a moment ("Jane Doe on May 3, 2024 at 4:12 pm", "jdoe · 2h ago ·
    Reply") or a bare moment with a time in it ("May 3, 2024 at 4:12 pm", "2 hours ago")."""
    match = next((m for m in _MOMENT.finditer(text) if m.group()), None)
    if match is None:
        return None
    timed = bool(match["dtime"] or match["time"] or match["ago"])
    before = _LEAD_WORDS.sub("", text[: match.start()].strip(_SEPARATORS)).strip(_SEPARATORS)
    after = tuple(t.casefold() for t in _WORD.findall(text[match.end():]))
    tables = _tables()
    if after and _action_bar(after, tables) is None:
        return None
    if before and not _name_like(before, tables):
        return None
    if after:
        return Stamp("foot", "action", 2)  # "2 hours ago · Reply" closes a comment
    if before:
        return Stamp("head", "named", 2 if timed else 1)
    return Stamp("head", "moment", 1) if timed else None  # a bare date is a dateline


def _whole_moment(text: str) -> re.Match[str] | None:
    match = _MOMENT.search(text)
    rest = (text[: match.start()] + text[match.end():]).strip(_SEPARATORS) if match else "x"
    return match if match and not _LEAD_WORDS.sub("", " " + rest).strip() else None


def _name_like(text: str, tables: _Tables) -> bool:
    """A commenter: a handle ("pete_99", "@jdoe") or up to NAME_WORDS capitalised words."""
    words = text.split()
    if not 1 <= len(words) <= NAME_WORDS or words[0].casefold() in tables.not_names:
        return False
    if len(words) == 1:
        return bool(_HANDLE.match(words[0]))
    return all(w[0].isupper() and not w.endswith((",", ";", ":", "!", "?")) for w in words)


# --- The zone a thread covers ---------------------------------------------------------------


def comment_threads(shapes: list[LineShape], cues: list[Cue | None]) -> set[int]:
    """Indices of the lines inside reader comment threads (blank lines left out)."""
    stamps: dict[int, Stamp] = {}
    for i, (shape, cue) in enumerate(zip(shapes, cues, strict=True)):
        stamp = stamp_of(shape, cue)
        if stamp is not None:
            stamps[i] = stamp
    _pair_said_with_moments(shapes, stamps)
    page = _Thread(shapes, cues, stamps)
    zone: set[int] = set()
    for cluster in page.clusters():
        if page.is_thread(cluster):
            zone |= page.extent(cluster)
    for i, stamp in stamps.items():
        if stamp.role == "header" and i not in zone:
            zone |= page.header_tail(i)
    return {i for i in zone
            if not shapes[i].blank and (i in stamps or not _own_reason(cues[i]))}


def _pair_said_with_moments(shapes: list[LineShape], stamps: dict[int, Stamp]) -> None:
    """"Jane says:" over "May 3, 2024 at 4:12 pm" is a comment's head, as one line is."""
    for i, stamp in list(stamps.items()):
        if stamp.kind != "said" or stamp.weight != 1:
            continue
        j = next((j for j in range(i + 1, len(shapes)) if not shapes[j].blank), None)
        if j is not None and j in stamps and stamps[j].moment:
            stamps[i] = Stamp("head", "said", 2)


def _own_reason(cue: Cue | None) -> bool:
    return cue is not None and cue.reason != COMMENTS and cue.strong


@dataclass(slots=True)
class _Thread:
    """One page's stamps, with what the zone rules ask of the lines around them (in time
    linear in the page: non-blank indices and sentence counts are precomputed)."""

    shapes: list[LineShape]
    cues: list[Cue | None]
    stamps: dict[int, Stamp]
    filled_at: list[int] = field(default_factory=list)  # indices of non-blank lines
    sentences_before: list[int] = field(default_factory=list)  # sentence lines above i

    def __post_init__(self) -> None:
        self.filled_at = [i for i, s in enumerate(self.shapes) if not s.blank]
        self.sentences_before = [0]
        for shape in self.shapes:
            self.sentences_before.append(self.sentences_before[-1] + shape.sentence)

    def boundary(self, i: int) -> bool:
        """A heading of another kind ("Related stories") ends a thread."""
        cue = self.cues[i]
        return cue is not None and cue.reason != COMMENTS and cue.heading

    def filled(self, start: int, end: int) -> list[int]:
        """The non-blank lines in ``range(start, end)``."""
        return self.filled_at[bisect_left(self.filled_at, start):bisect_left(self.filled_at, end)]

    def sentences(self, start: int, end: int) -> int:
        return self.sentences_before[max(end, start)] - self.sentences_before[start]

    def clusters(self) -> list[list[int]]:
        out: list[list[int]] = []
        for i in sorted(self.stamps):
            if out and self.joins(out[-1][-1], i):
                out[-1].append(i)
            else:
                out.append([i])
        return [self.trim(c) for c in out]

    def joins(self, prev: int, nxt: int) -> bool:
        gap = self.filled(prev + 1, nxt)
        if len(gap) > GAP_LINES or any(self.boundary(j) for j in gap):
            return False
        sentences = self.sentences(prev + 1, nxt)
        if self.stamps[nxt].role == "header":  # "12 Comments", "Sort by", "Add a comment"
            return sentences == 0
        resumes = sentences >= 2 and self.stamps[prev].role != "head"
        return not (resumes and self.stamps[nxt].role == "head")

    def trim(self, cluster: list[int]) -> list[int]:
        """Drop leading stamps that belong to the article (see the module's docstring)."""
        while cluster and self.stamps[cluster[0]].role != "foot":
            first = cluster[0]
            lone_moment = self.stamps[first].moment and self.name_above(first) is None
            below = self.sentences(first + 1, cluster[1]) if len(cluster) > 1 else 0
            if not lone_moment and (below == 0 or below < self.sentences(0, first)):
                break
            cluster = cluster[1:]
        return cluster

    def is_thread(self, cluster: list[int]) -> bool:
        if not cluster:
            return False
        stamps = [self.stamps[i] for i in cluster]
        weight = sum(s.weight for s in stamps if s.role != "header")
        if weight >= THREAD_WEIGHT and any(s.specific for s in stamps):
            return True
        return stamps[0].role == "header" and weight >= HEADED_WEIGHT

    def extent(self, cluster: list[int]) -> set[int]:
        first, last = cluster[0], cluster[-1]
        name = None
        if self.stamps[first].role == "foot":  # its comment's body, and the name over it
            name = self.name_above(first, BODY_LINES)
        elif self.stamps[first].moment:
            name = self.name_above(first)
        zone = set(range(first if name is None else name, last + 1))
        if self.stamps[last].role == "head":
            zone |= self.last_body(last)
        elif self.stamps[last].role == "header":
            zone |= self.header_tail(last)
        return zone

    def name_above(self, i: int, reach: int = 1) -> int | None:
        """The commenter's name line within ``reach`` non-blank lines above ``i``."""
        for j in reversed(self.filled(0, i)[-reach:] if reach else []):
            if j in self.stamps or self.boundary(j):
                return None
            if not self.shapes[j].terminal and _name_like(self.shapes[j].text, _tables()):
                return j
        return None

    def rest(self, i: int) -> list[int]:
        """The non-blank lines after ``i`` up to the page's end or a heading of another kind,
        as far as TAIL_LINES + 1 (enough to tell a short end from a long one)."""
        out: list[int] = []
        for j in self.filled_at[bisect_left(self.filled_at, i + 1):]:
            if self.boundary(j) or len(out) > TAIL_LINES:
                break
            out.append(j)
        return out

    def last_body(self, i: int) -> set[int]:
        """The last comment's body: the rest of the page when short, else one paragraph
        (lines hard-wrapped inside a sentence run on to where it ends)."""
        rest = self.rest(i)
        if len(rest) <= TAIL_LINES:
            return set(rest)
        end = rest[0]
        while (not self.shapes[end].terminal and end + 1 < len(self.shapes)
               and not self.shapes[end + 1].blank and end - rest[0] < TAIL_LINES):
            end += 1
        return set(range(rest[0], end + 1))

    def header_tail(self, i: int) -> set[int]:
        rest = self.rest(i)
        below = sum(self.shapes[j].sentence for j in rest)
        if len(rest) <= TAIL_LINES and self.sentences(0, i) > below:
            return {i, *rest}
        return {i}
