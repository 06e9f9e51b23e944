"""The data model: small typed records that every stage reads and writes.

Annotations are spans into an article's cleaned text (article id + character
offsets), the way a spaCy ``Span`` points into a ``Doc``: nothing that can be
pointed to is copied. Records later stages fill (entities, events, quotes,
stories, conflicts) are declared here with their fields but no behaviour.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Precision = Literal["day", "week", "month", "year", "unknown"]
TimeSource = Literal["metadata", "sidecar", "url", "dateline", "text", "masthead", "inferred",
                     "none"]
LineKind = Literal["title", "body", "caption", "blank", "removed"]
ArticleStatus = Literal["kept", "duplicate", "dropped"]


@dataclass(slots=True, frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's cleaned text."""

    article_id: str
    start: int
    end: int
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TimeValue:
    """A date known to lie between ``earliest`` and ``latest`` (ISO dates, inclusive).

    A date the text does not pin down stays a range with an honest precision,
    never a guessed day.
    """

    earliest: str | None = None
    latest: str | None = None
    precision: Precision = "unknown"
    source: TimeSource = "none"
    evidence: Span | None = None

    @classmethod
    def unknown(cls) -> TimeValue:
        return cls()

    @property
    def is_known(self) -> bool:
        return self.earliest is not None or self.latest is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "earliest": self.earliest,
            "latest": self.latest,
            "precision": self.precision,
            "source": self.source,
            "evidence": self.evidence.to_dict() if self.evidence else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> TimeValue:
        if not data:
            return cls()
        ev = data.get("evidence")
        return cls(
            earliest=data.get("earliest"),
            latest=data.get("latest"),
            precision=data.get("precision", "unknown"),
            source=data.get("source", "none"),
            evidence=Span(**ev) if ev else None,
        )


@dataclass(slots=True)
class RawDocument:
    """What a reader yields: one article's raw text plus what the source says about it."""

    source_path: str
    text: str
    fmt: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # as found in metadata; parsed by the time stage
    published_source: TimeSource = "none"
    record: str | None = None  # position inside a multi-record file ("line 3", "entry 2")
    encoding: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class InputFailure:
    """An input that could not be read, with a one-line reason. Never raised, always recorded."""

    source_path: str
    reason: str  # short code: "empty", "binary", "unknown-extension", "unreadable", "malformed"
    detail: str = ""
    record: str | None = None

    @property
    def message(self) -> str:
        where = f"{self.source_path} ({self.record})" if self.record else self.source_path
        return f"{where}: {self.reason}" + (f": {self.detail}" if self.detail else "")


@dataclass(slots=True)
class Line:
    """One line of an article's raw text and what the cleaner decided about it."""

    number: int  # 1-based, in the raw text
    text: str
    kind: LineKind
    reason: str | None = None  # set when kind == "removed"


@dataclass(slots=True, frozen=True)
class RemovedSpan:
    """A run of raw lines the cleaner removed, and why (``boilerplate:nav``, ``repeat`` ...);
    or, on the title's line, the date a crawler glued before the headline (a byline)."""

    article_id: str
    line_start: int
    line_end: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Article:
    id: str
    source_path: str
    raw_text: str
    fmt: str = "txt"
    record: str | None = None  # position inside a multi-record file
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    text: str = ""  # cleaned body: paragraphs joined by a blank line
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    removed: list[RemovedSpan] = field(default_factory=list)
    language: str | None = None
    language_score: float | None = None
    published: TimeValue = field(default_factory=TimeValue)
    metadata: dict[str, Any] = field(default_factory=dict)
    status: ArticleStatus = "kept"
    reason: str | None = None  # why dropped, or the rule that found it a duplicate
    duplicate_of: str | None = None
    similarity: float | None = None  # estimated Jaccard (or paragraph share) with duplicate_of
    content_hash: str = ""  # hash of the normalized cleaned text
    canonical_url: str | None = None  # ``url`` in one form (dedup.urls); None: names no article

    def paragraph_spans(self) -> list[Span]:
        spans, pos = [], 0
        for para in self.paragraphs:
            spans.append(Span(self.id, pos, pos + len(para), para))
            pos += len(para) + 2
        return spans


# --- Records filled by later stages -------------------------------------------------


@dataclass(slots=True)
class Sentence:
    span: Span


@dataclass(slots=True)
class Mention:
    """A name in the text, linked to its entity, with the actor code the text gives it."""

    span: Span
    label: str
    entity_id: str | None = None
    title: str | None = None  # "Russian President", "the leader of North Korea"
    country: str | None = None  # actor country this mention supports (ISO3 / IGO code)
    sector: str | None = None  # actor sector this mention supports (GOV, MIL, PTY ...)
    evidence: str | None = None  # "text" (title, adjective, possessive) or "table" (offices)


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ActorRef:
    entity_id: str
    name: str
    country: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class Event:
    id: str
    source: list[ActorRef]
    target: list[ActorRef]
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None
    mode: str | None
    negated: bool
    hypothetical: bool
    date: TimeValue
    location: str | None
    evidence: Span  # the sentence
    confidence: float
    future: bool = False  # pledged, planned or announced, not yet done
    reported: bool = False  # someone said it happened ("X said Y attacked Z")
    trigger: Span | None = None  # the words that carry the action
    mentions: int = 1
    story_id: str | None = None


@dataclass(slots=True)
class Quote:
    id: str
    text: Span
    speaker_id: str | None
    speaker: str | None
    cue: str | None
    direct: bool
    evidence: Span


@dataclass(slots=True)
class SummarySentence:
    text: str
    span: Span


@dataclass(slots=True)
class Story:
    id: str
    article_ids: list[str]
    title: str
    first: TimeValue
    last: TimeValue
    summary: list[SummarySentence] = field(default_factory=list)
    key_entities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Conflict:
    story_id: str
    fact: str
    a: Span
    b: Span
    values: tuple[str, str]
