"""Number expressions with what they count: the counted noun, the predicate and its subject.

"Militants killed 12 soldiers" gives 12 (count) of ``soldier``, predicate ``kill``, subject
``militant``; "Nearly 30 percent of voters backed the plan" gives 27-30 (percent) of
``voter``, predicate ``back``. Two quantities state the same fact when unit, counted noun,
predicate and subject agree; ``conflicts`` compares only those.

``find_quantities`` reads a parsed article (the events stage has the ``Doc``);
``quantities_from_sentences`` parses bare sentence texts itself, for callers that only
hold stored sentences.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chronicle.model import Mention, Span
from chronicle.pipeline.summarize.numbers import Amount, Interval, find_amounts

if TYPE_CHECKING:  # spaCy loads only when a text is parsed
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

MODIFIER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "npadvmod", "nmod"})
# Words that only carry the number or its unit; the counted thing hangs off them by "of"/"in".
CARRIERS = frozenset({"dozen", "hundred", "thousand", "million", "billion", "trillion", "score",
                      "percent", "%", "cent", "per", "point", "$", "€", "£", "tens", "dollar",
                      "euro", "pound"})
MEASURES = frozenset({"day", "week", "month", "year", "hour", "minute", "decade", "century",
                      "kilometre", "kilometer", "km", "mile", "metre", "meter", "tonne", "ton"})
SPEECH = frozenset({"say", "tell", "report", "add", "state", "announce", "confirm", "claim",
                    "estimate", "show", "according"})
# Predicates that report one fact in different words ("12 died" = "killed 12").
FACT_CLASS = {"die": "kill", "dead": "kill", "death": "kill", "perish": "kill",
              "fatality": "kill", "wound": "injure", "hurt": "injure", "injury": "injure",
              "detain": "arrest", "people": "person"}


@dataclass(slots=True, frozen=True)
class Quantity:
    span: Span  # the number phrase ("around a dozen")
    sentence: Span  # the sentence that states it
    interval: Interval
    unit: str  # "count", "percent", "point" or a currency code
    head: str | None = None  # counted noun, normalized ("soldier", "day visit")
    head_text: str | None = None
    verb: str | None = None  # predicate, normalized to its fact class ("kill")
    verb_text: str | None = None
    subject: str | None = None  # entity id, else lemma, of the predicate's subject

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None]:
        return (self.unit, self.head, self.verb, self.subject)

    def to_dict(self) -> dict[str, Any]:
        iv = self.interval
        return {
            "span": self.span.to_dict(), "sentence": self.sentence.to_dict(),
            "low": iv.low, "high": None if math.isinf(iv.high) else iv.high,
            "low_open": iv.low_open, "high_open": iv.high_open, "unit": self.unit,
            "head": self.head, "head_text": self.head_text, "verb": self.verb,
            "verb_text": self.verb_text, "subject": self.subject,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quantity:
        high = math.inf if data["high"] is None else data["high"]
        interval = Interval(data["low"], high, data["low_open"], data["high_open"])
        rest = {k: data.get(k) for k in ("head", "head_text", "verb", "verb_text", "subject")}
        return cls(Span(**data["span"]), Span(**data["sentence"]), interval, data["unit"],
                   **rest)


def find_quantities(doc: Doc, sentences: Sequence[Span],
                    mentions: Sequence[Mention] = ()) -> list[Quantity]:
    """Quantities in an article's sentences, read on the article's own parse."""
    out: list[Quantity] = []
    for sentence in sentences:
        for amount in find_amounts(sentence.text):
            start = sentence.start + amount.start
            tokens = doc.char_span(start, sentence.start + amount.end, alignment_mode="expand")
            if tokens is not None:
                out.append(_quantity(sentence, amount, tokens, 0, mentions))
    return out


def quantities_from_sentences(sentences: Sequence[Span],
                              mentions: Sequence[Mention] = ()) -> list[Quantity]:
    """Quantities in bare sentences: only sentences holding a number are parsed."""
    from chronicle.pipeline.nlp import load

    todo = [(s, found) for s in sentences if (found := find_amounts(s.text))]
    docs = load().pipe(s.text for s, _ in todo)
    out: list[Quantity] = []
    for (sentence, amounts), doc in zip(todo, docs, strict=True):
        for amount in amounts:
            tokens = doc.char_span(amount.start, amount.end, alignment_mode="expand")
            if tokens is not None:
                out.append(_quantity(sentence, amount, tokens, sentence.start, mentions))
    return out


def _quantity(sentence: Span, amount: Amount, tokens: SpacySpan, base: int,
              mentions: Sequence[Mention]) -> Quantity:
    """``base``: where the parsed text starts in the article (0 for the article's own doc)."""
    noun, head = _counted(tokens)
    verb = _predicate(noun if noun is not None else _root(tokens))
    subject = _subject(verb, noun, tokens, base, mentions) if verb is not None else None
    if head and " " in head:
        verb = None  # a measure ("two-day visit") names its fact without the predicate
    start = sentence.start + amount.start
    return Quantity(
        span=Span(sentence.article_id, start, start + len(amount.text), amount.text),
        sentence=sentence, interval=amount.interval, unit=amount.unit, head=head,
        head_text=noun.text if noun is not None else None,
        verb=_fact(verb.lemma_.lower()) if verb is not None else None,
        verb_text=verb.text if verb is not None else None, subject=subject,
    )


def _root(tokens: SpacySpan) -> Token:
    outside = [t for t in tokens if t.head.i < tokens.start or t.head.i >= tokens.end
               or t.head.i == t.i]
    return outside[-1] if outside else tokens[-1]


def _counted(tokens: SpacySpan) -> tuple[Token | None, str | None]:
    """The noun the number counts, and its normalized key."""
    root = _root(tokens)
    noun: Token | None = None
    if root.lower_ in CARRIERS or root.lemma_.lower() in CARRIERS or root.pos_ == "NUM" \
            or root.like_num:
        noun = _of_noun(root)
    if noun is None and root.dep_ in MODIFIER_DEPS and root.head.pos_ in {"NOUN", "PROPN"} \
            and root.head.i >= tokens.end:
        noun = root.head
    if noun is None or noun.lower_ in CARRIERS:
        return None, None
    key = _fact(noun.lemma_.lower())
    if key in MEASURES and noun.dep_ in MODIFIER_DEPS and noun.head.i != noun.i:
        return noun.head, f"{key} {_fact(noun.head.lemma_.lower())}"  # "two-day visit"
    return noun, key


def _of_noun(token: Token) -> Token | None:
    """"dozens of protesters", "$2 billion in aid": the object after "of"/"in"."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "in"}:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ in {"NOUN", "PROPN"}:
                    return obj
    return None


def _predicate(token: Token) -> Token | None:
    """The nearest verb (or predicate adjective) above ``token``; speech verbs don't count."""
    current = token
    for _ in range(6):
        if current.head.i == current.i:
            break
        current = current.head
        if current.pos_ == "VERB":
            return None if current.lemma_.lower() in SPEECH else current
        if current.pos_ == "AUX":
            acomp = [c for c in current.children if c.dep_ == "acomp"]
            return acomp[0] if acomp else None
    return None


def _subject(verb: Token, noun: Token | None, tokens: SpacySpan, base: int,
             mentions: Sequence[Mention]) -> str | None:
    for child in verb.children:
        candidate = child
        if child.dep_ == "agent":
            candidate = next((c for c in child.children if c.dep_ == "pobj"), child)
        elif child.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if candidate == noun or tokens.start <= candidate.i < tokens.end \
                or candidate.pos_ == "PRON":
            continue
        entity = _entity_at(candidate, base, mentions)
        return entity or _fact(candidate.lemma_.lower())
    return None


def _entity_at(token: Token, base: int, mentions: Iterable[Mention]) -> str | None:
    left, right = token.left_edge.idx + base, token.right_edge.idx + len(token.right_edge) + base
    for mention in mentions:
        if mention.entity_id and mention.label != "AGENT" and left <= mention.span.start \
                and mention.span.end <= right:  # "militants" counts by its word, not its code
            return mention.entity_id
    return None


def _fact(lemma: str) -> str:
    return FACT_CLASS.get(lemma, lemma)
