"""Attribution from the parse: which speech cue governs a quote, who its subject is, and
which clauses a cue reports as indirect speech.

A cue inside quotation marks is somebody's words, never an attribution, so every search
here skips tokens in ``inside`` (the token indices within any pair of marks).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from chronicle.pipeline.quotes.lexicon import RELATIVES, according_to, cue_of

ACCORDING = "according to"
# How a quote hangs off its cue when it is the cue's own clause ("...," he added).
CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "dobj", "advcl", "conj", "ROOT",
                         "nsubj", "attr", "oprd"})
CLIMB_DEPS = frozenset({"conj", "advcl", "xcomp"})  # "... and said", "..., saying" share a subject
MAX_CLIMB = 4
EDGE_PUNCT = frozenset(",.;:—–-")


@dataclass(slots=True)
class Attribution:
    cue: str  # the verb lemma ("say", "point out") or "according to"
    verb: Token  # the cue token
    subject: Token | None  # the head token of whoever the cue makes the speaker


def subject_of(verb: Token, inside: frozenset[int]) -> Token | None:
    """The subject of a cue, borrowed from the verb it is coordinated with when it has none."""
    if verb.lower_ == "according":
        return according_to(verb)
    v = verb
    for _ in range(MAX_CLIMB):
        for child in v.children:
            if child.i in inside:
                continue
            if child.dep_ in {"nsubj", "nsubjpass"}:
                if child.lower_ in RELATIVES and v.dep_ == "relcl":
                    return v.head  # "X, who said ...": the relative pronoun stands for X
                return child
            if child.dep_ == "agent":  # "it was stated by X"
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if v.dep_ not in CLIMB_DEPS or v.head.i == v.i:
            return None
        v = v.head
    return None


def attribute(token: Token, inside: frozenset[int]) -> Attribution | None:
    """The attribution ``token`` makes when it is a speech cue outside quotes, else None."""
    if token.i in inside:
        return None
    cue = cue_of(token)
    if cue is not None:
        return Attribution(cue.lemma, token, subject_of(token, inside))
    source = according_to(token)
    return Attribution(ACCORDING, token, source) if source is not None else None


def governing(inner: list[Token], inside: frozenset[int]) -> Attribution | None:
    """The nearest cue above the quoted words in the parse, or attached to them.

    A cue marked ``clause`` ("add", "continue") counts only when the quote is its clause.
    """
    own = {t.i for t in inner}
    found: list[tuple[int, int, Attribution]] = []
    for t in inner:
        if t.head.i not in own:
            found.extend(_ancestors(t, inner[0].idx, inside))
        for child in t.children:
            if child.i not in own and child.dep_ in CLAUSE_DEPS - {"nsubj", "dobj"}:
                att = attribute(child, inside)
                if att is not None:
                    found.append((1, abs(child.idx - inner[0].idx), att))
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def _ancestors(t: Token, at: int, inside: frozenset[int]) -> Iterator[tuple[int, int, Attribution]]:
    clause = t.dep_ in CLAUSE_DEPS
    node, steps = t, 0
    while node.head.i != node.i:
        node, steps = node.head, steps + 1
        att = attribute(node, inside)
        cue = cue_of(node)
        if att is not None and (cue is None or not cue.clause_only or steps == 1 and clause):
            yield steps, abs(node.idx - at), att
            return


def nearest(region: SpacySpan, at: int, inside: frozenset[int]) -> Attribution | None:
    """The cue nearest to ``at`` in ``region``: for a whole quote the parse did not attach."""
    found = [att for t in region if (att := attribute(t, inside)) is not None]
    return min(found, key=lambda a: abs(a.verb.idx - at)) if found else None


def according_in(region: SpacySpan, inside: frozenset[int]) -> Attribution | None:
    return next((a for t in region if (a := attribute(t, inside)) and a.cue == ACCORDING), None)


def reported_clauses(doc: Doc, inside: frozenset[int]) -> Iterator[tuple[Attribution, int, int]]:
    """Indirect speech: each cue with a clausal complement, and the clause's character range."""
    for token in doc:
        att = attribute(token, inside)
        if att is None:
            continue
        if att.cue == ACCORDING:
            bounds = _according_clause(token)
        else:
            clauses = [c for c in token.children if c.dep_ == "ccomp" and c.i not in inside]
            bounds = _trimmed(doc, min(c.left_edge.i for c in clauses),
                              max(c.right_edge.i for c in clauses) + 1) if clauses else None
        if bounds is not None:
            yield att, bounds[0], bounds[1]


def _according_clause(token: Token) -> tuple[int, int] | None:
    """"According to X, <clause>" (or "<clause>, according to X"): the sentence minus the phrase."""
    doc, phrase = token.doc, list(token.subtree)
    lo, hi = phrase[0].i, phrase[-1].i + 1
    start, end = lo, hi
    while start > token.sent.start and not _breaks(doc[start - 1]):
        start -= 1
    while end < token.sent.end and not _breaks(doc[end]):
        end += 1
    before, after = _trimmed(doc, start, lo), _trimmed(doc, hi, end)
    sides = [b for b in (before, after) if b is not None]
    return max(sides, key=lambda b: b[1] - b[0]) if sides else None


def _breaks(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def _trimmed(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Character range of tokens ``lo:hi`` without a leading "that" or edge punctuation."""
    while lo < hi and (doc[lo].text in EDGE_PUNCT or doc[lo].is_space
                       or doc[lo].dep_ == "mark" and doc[lo].lower_ == "that"):
        lo += 1
    while hi > lo and (doc[hi - 1].text in EDGE_PUNCT or doc[hi - 1].is_space):
        hi -= 1
    if hi - lo < 2:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
