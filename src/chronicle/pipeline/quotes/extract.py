"""Quotes of one article: direct quotes from quotation marks, indirect speech from the parse.

Named steps, in order:

1. ``marks.find``: quoted spans (double marks always; single marks where they cannot be
   apostrophes).
2. drafts: each quoted span with the cue that governs it (the parse first, then "according
   to", then for a whole-sentence quote the nearest cue), and each cue's reported clause.
3. speakers, in text order, so a pronoun can lean on the quote before it; an unattributed
   whole quote right after an attributed one continues that speaker.

A quoted span becomes a quote only when somebody can be said to speak it: a short phrase
in marks with no cue ("the so-called 'peace dividend'") is a scare quote and is skipped
with its reason counted, like a cue whose subject names nobody ("it was said that").
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from chronicle.model import Article, Entity, Mention, Quote, Span
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.nlp import sentences
from chronicle.pipeline.quotes import attribution as attr
from chronicle.pipeline.quotes.marks import CLOSERS, STRAIGHT, Marked, find
from chronicle.pipeline.quotes.speakers import NOBODY, Previous, Speaker, Speakers

ENDS_CLAUSE = ".!?:;,"  # a quote opening after one of these (or a paragraph start) is whole
DIRECT_OVERLAP = 0.8  # a reported clause mostly inside marks is the direct quote itself
LOOKBACK = 8  # characters read before an opening mark to see whether a clause opens there
MARK_SLACK = 3  # characters between a clause's end and a closing mark it should take in


@dataclass(slots=True)
class Draft:
    start: int  # the quoted or reported words
    end: int
    direct: bool
    att: attr.Attribution | None
    mark: Marked | None = None
    whole: bool = False  # a sentence-like quote, not a phrase inside someone else's sentence


class Sentences:
    """Sentence spans of the article (never crossing a paragraph) and lookups by offset."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.text = article.text
        self.spans = [s.span for s in sentences(article, doc)] or [Span(article.id, 0, 0)]
        self.starts = [s.start for s in self.spans]

    def index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def cover(self, lo: int, hi: int) -> tuple[int, int]:
        first, last = self.spans[self.index(lo)], self.spans[self.index(max(lo, hi - 1))]
        return min(first.start, lo), max(last.end, hi)

    def region(self, doc: Doc, mark: Marked) -> SpacySpan:
        """The sentences around a quote, with a following "he said." split off by the parser."""
        lo, hi = self.cover(mark.open, mark.outer_end)
        k = self.index(hi - 1) + 1
        if k < len(self.spans):
            nxt = self.spans[k]
            asked = self.text[mark.end - 1] in {"?", "!"}
            if "\n\n" not in self.text[hi:nxt.start] and (nxt.text[:1].islower() or asked):
                hi = nxt.end  # "“Why now?” Mendes asked." splits after the question mark
        return doc.char_span(lo, hi, alignment_mode="expand") or doc[0:0]


def extract(article: Article, doc: Doc, mentions: list[Mention], entities: list[Entity],
            ctx: RunContext | None = None) -> list[Quote]:
    """Direct and indirect quotes in ``article``, with speakers, cues and evidence."""
    marks = find(article.text)
    sents = Sentences(article, doc)
    inside = frozenset(t.i for m in marks for t in _tokens(doc, m.open, m.outer_end))
    drafts = [d for m in marks if (d := _direct(doc, m, sents, inside)) is not None]
    drafts += _indirect(doc, inside, marks, drafts)
    drafts.sort(key=lambda d: (d.start, not d.direct))
    quoted = [(m.start, m.end) for m in marks] + [(d.start, d.end) for d in drafts]
    speakers = Speakers(doc, mentions, entities, sents.index, quoted)
    out: list[Quote] = []
    previous: Previous | None = None
    seen: set[tuple[int, int]] = set()
    for draft in drafts:
        speaker, reason = _speaker(draft, speakers, previous, sents)
        if reason is not None or (draft.start, draft.end) in seen:
            _count(ctx, f"quotes_skipped_{reason or 'repeat'}")
            continue
        seen.add((draft.start, draft.end))
        out.append(_quote(article, draft, speaker, sents))
        _count(ctx, "quotes_direct" if draft.direct else "quotes_indirect")
        end = max([draft.end, *(t.idx + len(t) for t in _anchors(draft))])
        previous = Previous(speaker, end, sents.index(end - 1)) if speaker.name else None
    return out


def _direct(doc: Doc, mark: Marked, sents: Sentences, inside: frozenset[int]) -> Draft | None:
    inner = _tokens(doc, mark.start, mark.end)
    if not inner:
        return None
    region = sents.region(doc, mark)
    att = attr.governing(inner, inside, (region.start_char, region.end_char))
    if att is None:
        att = attr.according_in(region, inside)
    whole = mark.continued or _opens_clause(sents.text, mark) and (
        any(t.pos_ in {"VERB", "AUX"} for t in inner) or inner[-1].text in {"?", "!"})
    if att is None and whole:
        att = attr.nearest(region, mark.start, inside)
    return Draft(mark.start, mark.end, True, att, mark, whole)


def _opens_clause(text: str, mark: Marked) -> bool:
    before = text[max(0, mark.open - LOOKBACK):mark.open].rstrip(" \t")
    return not before or before.endswith("\n") or before[-1] in ENDS_CLAUSE \
        or before[-1] in CLOSERS + STRAIGHT and before[:-1].rstrip()[-1:] in ENDS_CLAUSE


def _indirect(doc: Doc, inside: frozenset[int], marks: list[Marked], directs: list[Draft],
              ) -> list[Draft]:
    """Reported clauses that are not a direct quote themselves and not inside another one."""
    found: list[tuple[Draft, int]] = []
    opens = [(d.mark.open, d.start) for d in directs if d.mark is not None]
    for att, (start, end), reach in attr.reported_clauses(doc, inside):
        start, end = _balanced(marks, start, end)
        if any(a <= start <= b for a, b in opens):
            continue  # "told the crowd “...” as she left": the quote is the clause
        marked = sum(max(0, min(end, d.end) - max(start, d.start)) for d in directs)
        if marked < DIRECT_OVERLAP * (end - start):
            found.append((Draft(start, end, False, att), reach))
    return [d for d, _ in found if not any(
        o is not d and o.start <= _cue_at(d) < reach for o, reach in found)]


def _balanced(marks: list[Marked], start: int, end: int) -> tuple[int, int]:
    """Take in a closing mark the parser hung outside a reported clause ('was "not aimed"')."""
    for m in marks:
        if start <= m.open < end < m.outer_end <= end + MARK_SLACK:
            end = m.outer_end
    return start, end


def _cue_at(draft: Draft) -> int:
    return draft.att.verb.idx if draft.att else draft.start


def _speaker(draft: Draft, speakers: Speakers, previous: Previous | None,
             sents: Sentences) -> tuple[Speaker, str | None]:
    """Who speaks ``draft``, or why it is not a quote."""
    if draft.att is not None:
        speaker = speakers.of(draft.att.subject, previous, draft.start)
        if speaker.name or draft.whole:
            return speaker, None
        return NOBODY, "no-speaker"
    if not draft.whole:
        return NOBODY, "scare-quote"
    assert draft.mark is not None
    adjacent = previous is not None and sents.index(draft.mark.open) - previous.sentence <= 1
    if previous is not None and (adjacent or draft.mark.continued):
        return previous.speaker, None  # a quote running on from the one before
    return (NOBODY, "unattributed-single") if draft.mark.single else (NOBODY, None)


def _quote(article: Article, draft: Draft, speaker: Speaker, sents: Sentences) -> Quote:
    lo, hi = draft.start, draft.end
    if draft.mark is not None:
        lo, hi = draft.mark.open, draft.mark.outer_end
    for token in _anchors(draft):
        lo, hi = min(lo, token.idx), max(hi, token.idx + len(token))
    lo, hi = sents.cover(lo, hi)
    text = article.text
    key = f"{article.id}:{draft.start}:{draft.end}".encode()
    return Quote(
        id=hashlib.blake2b(key, digest_size=8).hexdigest(),
        text=Span(article.id, draft.start, draft.end, text[draft.start:draft.end]),
        speaker_id=speaker.entity_id, speaker=speaker.name,
        cue=draft.att.cue if draft.att else None, direct=draft.direct,
        evidence=Span(article.id, lo, hi, text[lo:hi]),
    )


def _anchors(draft: Draft) -> list[Token]:
    """The cue and its subject: the evidence must show them."""
    if draft.att is None:
        return []
    subject = draft.att.subject
    return [draft.att.verb] + ([subject] if subject is not None else [])


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if start <= t.idx < end] if span is not None else []


def _count(ctx: RunContext | None, key: str) -> None:
    if ctx is not None:
        ctx.count(key)
