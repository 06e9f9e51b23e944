"""Speakers: the subject of a cue mapped to a mention and its entity, pronouns resolved.

A pronoun ("he added") goes, in order, to:

1. the speaker of the quote just before, when the pronoun's quote continues that discourse:
   the earlier quote ends in the sentence before (or the same one), the speaker fits the
   pronoun, and no other fitting subject comes in between;
2. else the most recent fitting grammatical subject in the last few sentences;
3. else the most recent fitting person mentioned in them.

Names inside quoted words (direct or reported) are never candidates: "Ruiz said Weber was
tired. 'We are grateful,' she added" is Ruiz. "Fitting" means a person for he/she whose
gender, when the text shows it (an honorific, "For her part, X said", an earlier pronoun),
agrees; they takes a group or organisation first and a person as a gender-neutral fallback.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from chronicle.model import Entity, Mention
from chronicle.pipeline.quotes.lexicon import (
    EXPLETIVES,
    HONORIFIC_GENDER,
    POSSESSIVE_GENDER,
    PRONOUN_GENDER,
)

WINDOW = 4  # sentences back a pronoun may reach
PHRASE_DROP = frozenset({"relcl", "acl", "appos", "advcl", "parataxis", "punct"})
FRONTED = frozenset({"prep", "advcl", "npadvmod", "advmod"})  # "For her part, X said"


@dataclass(frozen=True, slots=True)
class Speaker:
    entity_id: str | None
    name: str | None  # the entity's name, or the subject's words ("the two sides")
    person: bool = False
    group: bool = False


NOBODY = Speaker(None, None)


@dataclass(frozen=True, slots=True)
class Previous:
    """The quote before the one being attributed: who said it and where its attribution ends."""

    speaker: Speaker
    end: int  # last character of the quote or its attribution, whichever is later
    sentence: int


class Speakers:
    """Speakers of one article. ``quoted`` are the character ranges of all quoted words."""

    def __init__(self, doc: Doc, mentions: list[Mention], entities: list[Entity],
                 sentence_of: Callable[[int], int], quoted: list[tuple[int, int]]) -> None:
        self.doc, self.sentence_of = doc, sentence_of
        self.entities = {e.id: e for e in entities}
        self.mentions = sorted(mentions, key=lambda m: m.span.start)
        self._starts = [m.span.start for m in self.mentions]
        self.quoted = _union(quoted)
        self._quote_starts = [a for a, _ in self.quoted]
        self.genders: dict[str, set[str]] = {}
        self.cache: dict[int, Speaker] = {}
        self.subjects: list[tuple[int, Speaker]] = []
        for token in doc:
            if token.dep_ in {"nsubj", "nsubjpass"} and token.lower_ not in PRONOUN_GENDER \
                    and not self.in_quote(token.idx):
                named = self.named(token)
                if named.name:
                    self.subjects.append((token.idx, named))
                    self._fronted_gender(token, named)
        self._honorific_genders()

    # --- who a token names -----------------------------------------------------------------

    def of(self, token: Token | None, previous: Previous | None, at: int) -> Speaker:
        """The speaker ``token`` (a cue's subject) names; ``at`` is where its quote starts."""
        if token is None:
            return NOBODY
        if token.i not in self.cache:
            if token.lower_ in PRONOUN_GENDER:
                found = self._pronoun(token, previous, min(at, token.idx))
                if found.name:
                    bisect.insort(self.subjects, (token.idx, found), key=lambda s: s[0])
            else:
                found = self.named(token)
            self.cache[token.i] = found
        return self.cache[token.i]

    def named(self, token: Token) -> Speaker:
        if token.lower_ in EXPLETIVES:
            return NOBODY
        mention = self.mention_at(token.idx)
        if mention is not None and mention.label == "AGENT":  # "the ministry", "police": a
            return Speaker(None, _phrase(token) or mention.span.text,  # kind, nobody named
                           group=token.tag_ in {"NNS", "NNPS"})
        if mention is not None:
            return self._from_mention(mention)
        for child in token.children:
            appos = self.mention_at(child.idx) if child.dep_ == "appos" else None
            if appos is not None and appos.label == "PERSON":  # "the secretary, X, said"
                return self._from_mention(appos)
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        titled = self.mention_at(after.idx) if after is not None else None
        if titled is not None and titled.label == "PERSON" and titled.title:
            return self._from_mention(titled)  # "President Le Van" parsed with "Le" a preposition
        text = _phrase(token)
        if any(c.dep_ == "conj" for c in token.children):
            return Speaker(None, text, group=True)  # "Chile and Peru said"
        plural = token.tag_ in {"NNS", "NNPS"}
        actors = {m.entity_id: m for t in token.subtree if t.i != token.i
                  and (m := self.mention_at(t.idx)) and m.label != "PERSON" and m.entity_id}
        if len(actors) == 1:  # "the US embassy", "Kenyan officials": an actor of that country
            return Speaker(next(iter(actors)), text, group=plural)
        return Speaker(None, text or None, group=plural)

    def mention_at(self, char: int) -> Mention | None:
        k = bisect.bisect_right(self._starts, char) - 1
        if k >= 0 and self.mentions[k].span.start <= char < self.mentions[k].span.end:
            return self.mentions[k]
        return None

    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self._quote_starts, char) - 1
        return k >= 0 and char < self.quoted[k][1]

    def _from_mention(self, mention: Mention) -> Speaker:
        entity = self.entities.get(mention.entity_id or "")
        name = entity.name if entity else mention.span.text
        return Speaker(entity.id if entity else None, name, person=mention.label == "PERSON")

    # --- pronouns ------------------------------------------------------------------------

    def _pronoun(self, token: Token, previous: Previous | None, at: int) -> Speaker:
        gender, plural = PRONOUN_GENDER[token.lower_], token.lower_ == "they"
        if previous is not None and self._continues(previous, token, gender, plural, at):
            return self._learn(previous.speaker, gender)
        first = self.sentence_of(at) - WINDOW
        fits = [s for pos, s in self.subjects if pos < token.idx
                and self.sentence_of(pos) >= first and self._fits(s, gender, plural)]
        if plural:
            fits = [s for s in fits if not s.person] or fits
        if fits:
            return self._learn(fits[-1], gender)
        people = [self._from_mention(m) for m in self.mentions
                  if m.label == "PERSON" and m.span.start < token.idx
                  and self.sentence_of(m.span.start) >= first and not self.in_quote(m.span.start)]
        people = [p for p in people if self._fits(p, gender, plural)]
        return self._learn(people[-1], gender) if people else NOBODY

    def _continues(self, previous: Previous, token: Token, gender: str | None, plural: bool,
                   at: int) -> bool:
        if not self._fits(previous.speaker, gender, plural):
            return False
        if self.sentence_of(at) - previous.sentence > 1:
            return False
        return not any(previous.end <= pos < token.idx and s != previous.speaker
                       and self._fits(s, gender, plural) for pos, s in self.subjects)

    def _fits(self, speaker: Speaker, gender: str | None, plural: bool) -> bool:
        if not speaker.name:
            return False
        if plural:
            return True
        known = self.gender(speaker.entity_id)
        return speaker.person and (known is None or gender is None or known == gender)

    # --- gender the text shows -----------------------------------------------------------

    def gender(self, entity_id: str | None) -> str | None:
        seen = self.genders.get(entity_id or "", set())
        return next(iter(seen)) if len(seen) == 1 else None

    def _learn(self, speaker: Speaker, gender: str | None) -> Speaker:
        if gender and speaker.person and speaker.entity_id:
            self.genders.setdefault(speaker.entity_id, set()).add(gender)
        return speaker

    def _fronted_gender(self, subject: Token, speaker: Speaker) -> None:
        """"For her part, X said": a possessive fronted before the subject is the subject's."""
        if not speaker.person:
            return
        for child in subject.head.children:
            if child.dep_ in FRONTED and child.i < subject.i:
                for t in child.subtree:
                    if t.dep_ == "poss" and t.lower_ in POSSESSIVE_GENDER:
                        self._learn(speaker, POSSESSIVE_GENDER[t.lower_])

    def _honorific_genders(self) -> None:
        for m in self.mentions:
            if m.label != "PERSON" or not m.entity_id:
                continue
            span = self.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            if span is None:
                continue
            words = [span[0].lower_] + ([self.doc[span.start - 1].lower_] if span.start else [])
            for word in words:
                if word in HONORIFIC_GENDER:
                    self._learn(self._from_mention(m), HONORIFIC_GENDER[word])


def _phrase(token: Token) -> str:
    """The subject's words without relative clauses, appositives or trailing punctuation."""
    dropped = {t.i for c in token.children if c.dep_ in PHRASE_DROP for t in c.subtree}
    kept = [t for t in token.subtree if t.i not in dropped and not t.is_space]
    while kept and kept[-1].is_punct:
        kept.pop()
    return token.doc[kept[0].i:kept[-1].i + 1].text if kept else token.text


def _union(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ranges covering the same characters (for bisection)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(r for r in ranges if r[0] < r[1]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
