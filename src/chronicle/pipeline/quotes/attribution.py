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

from chronicle.pipeline.nlp import text_of
from chronicle.pipeline.quotes.lexicon import RELATIVES, according_to, cue_of

ACCORDING = "according to"
# How a quote hangs off its cue when it is the cue's own clause ("...," he added).
CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "dobj", "advcl", "conj", "ROOT",
                         "nsubj", "attr", "oprd"})
CLIMB_DEPS = frozenset({"conj", "advcl", "xcomp"})  # "... and said", "..., saying" share a subject
MAX_CLIMB = 4
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OWN_CLAUSE_DEPS = frozenset({"conj", "advcl", "relcl"})
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
            if child.dep_ in SUBJECT_DEPS:
                if child.lower_ in RELATIVES and v.dep_ == "relcl":
                    return v.head  # "X, who said ...": the relative pronoun stands for X
                return child
            if child.dep_ == "agent":  # "it was stated by X"
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if v.dep_ == "pcomp" and v.head.dep_ == "prep":
            v = v.head.head  # "X was quoted as saying", "after saying"
        elif v.dep_ in CLIMB_DEPS and v.head.i != v.i:
            v = v.head
        else:
            return None
    return None


def attribute(token: Token, inside: frozenset[int]) -> Attribution | None:
    """The attribution ``token`` makes when it is a speech cue outside quotes, else None."""
    if token.i in inside:
        return None
    cue = cue_of(token)
    if cue is not None:
        subject = subject_of(token, inside)
        if subject is not None and _apart(token, subject):
            subject = None  # the parser ran a sentence across a paragraph break
        return Attribution(cue.lemma, token, subject)
    source = according_to(token)
    return Attribution(ACCORDING, token, source) if source is not None else None


def governing(inner: list[Token], inside: frozenset[int], within: tuple[int, int],
              ) -> Attribution | None:
    """The nearest cue above the quoted words in the parse, or attached to them, in the
    paragraph ``within`` (the parser may run a sentence across a paragraph break).

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
    found = [f for f in found if within[0] <= f[2].verb.idx < within[1]]
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def _ancestors(t: Token, at: int, inside: frozenset[int]) -> Iterator[tuple[int, int, Attribution]]:
    """Cues above ``t``, nearest first. The climb stops at a clause that is somebody else's
    sentence: one with its own subject, relative ("where she signed a 'deal'") or joined to the
    main clause ("... but the 'reform' label stuck"); inside a reported clause it goes on."""
    clause = t.dep_ in CLAUSE_DEPS
    node, steps = t, 0
    while node.head.i != node.i:
        if _own_clause(node):
            return
        node, steps = node.head, steps + 1
        att = attribute(node, inside)
        cue = cue_of(node)
        if att is not None and (cue is None or not cue.clause_only or steps == 1 and clause):
            yield steps, abs(node.idx - at), att
            return


def _own_clause(node: Token) -> bool:
    if node.dep_ not in OWN_CLAUSE_DEPS or not any(c.dep_ in SUBJECT_DEPS for c in node.children):
        return False
    head = node.head
    return node.dep_ == "relcl" or head.dep_ == "ROOT" or cue_of(head) is not None


def nearest(region: SpacySpan, at: int, inside: frozenset[int]) -> Attribution | None:
    """The cue nearest to ``at`` in ``region``: for a whole quote the parse did not attach."""
    found = [att for t in region if (att := attribute(t, inside)) is not None]
    return min(found, key=lambda a: abs(a.verb.idx - at)) if found else None


def according_in(region: SpacySpan, inside: frozenset[int]) -> Attribution | None:
    return next((a for t in region if (a := attribute(t, inside)) and a.cue == ACCORDING), None)


def reported_clauses(doc: Doc, inside: frozenset[int],
                     ) -> Iterator[tuple[Attribution, tuple[int, int], int]]:
    """Indirect speech: each cue with a clausal complement, the clause's character range and
    where the cue's reach ends (a trailing aside cut from the clause is still in reach)."""
    for token in doc:
        att = attribute(token, inside)
        if att is None:
            continue
        if att.cue == ACCORDING:
            bounds, reach = _according_clause(token), None
        else:
            clauses = [c for c in token.children if c.dep_ == "ccomp"]
            if not clauses:
                continue
            lo = min(c.left_edge.i for c in clauses)
            hi = max(c.right_edge.i for c in clauses) + 1
            bounds, reach = _trimmed(doc, lo, _before_aside(clauses[-1], hi)), _trimmed(doc, lo, hi)
        if bounds is not None and "\n\n" not in text_of(doc)[bounds[0]:bounds[1]]:
            yield att, bounds, (reach or bounds)[1]


def _before_aside(clause: Token, hi: int) -> int:
    """Cut ", speaking to students ..." off a reported clause: a participle after a comma
    at its end tells what the speaker was doing, not what was said ("..., noting that ..."
    reports more and stays)."""
    for child in clause.children:
        start = child.left_edge.i
        if (child.dep_ == "advcl" and child.tag_ == "VBG" and child.right_edge.i + 1 == hi
                and start > clause.i and clause.doc[start - 1].text == ","
                and not (cue_of(child) and any(c.dep_ == "ccomp" for c in child.children))):
            return start - 1
    return hi


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


def _apart(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.idx, b.idx))
    return "\n\n" in text_of(a.doc)[lo:hi]


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
