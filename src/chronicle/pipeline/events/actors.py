"""Who an event's source or target is: from a noun phrase of the parse to coded actors.

A phrase names its actor directly ("Angela Merkel", "Japan"), through an institution
noun ("the US embassy", "the leader of North Korea", "the Russian leader"), collectively
("the two sides", "both countries": the two actors the sentence or article is about), or
by a pronoun or a definite description ("he", "the country": the most recent fitting actor).
Nothing here knows a name: it works from the mentions the entities stage linked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from spacy.tokens import Doc, Token

from chronicle.model import ActorRef, Entity, Mention
from chronicle.pipeline.entities.offices import title_sector

COLLECTIVE_HEADS = {"side", "country", "nation", "leader", "president", "government", "state",
                    "pair", "party", "delegation", "minister", "premier", "partner", "ally"}
# Heads that count people: the actor is who they are ("thousands of people", "dozens of
# students", "members of the party").
CROWDS = frozenset({"thousand", "hundred", "dozen", "score", "ten", "million", "member",
                    "group", "crowd", "number"})
# "X-led", "X-commanded", "X-flagged", "X-owned": the country that leads the force or owns
# the ship is its actor ("X-backed", "X-made" are not).
LEADING = frozenset({"lead", "led", "command", "commanded", "flag", "flagged", "own", "owned",
                     "register", "registered", "operate", "operated", "draft", "drafted",
                     "sponsor", "sponsored", "broker", "brokered"})
COUNTRY_ANAPHORS = {"country", "nation", "republic", "state", "kingdom"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_PRONOUNS = {"they", "them", "both"}
# "his Ugandan counterpart": the opposite number, whose sector the title table cannot know.
COUNTERPARTS = {"counterpart"}


@dataclass(slots=True)
class ActorIndex:
    """The linked mentions of one article, reachable from tokens."""

    doc: Doc
    mentions: list[Mention]
    entities: dict[str, Entity]
    by_token: dict[int, Mention] = field(default_factory=dict)
    busy: set[int] = field(default_factory=set)  # anaphors being resolved (no cycles)
    subjects: dict[tuple[int, int], bool] = field(default_factory=dict)  # _is_subject, cached
    body_start: int = 0  # after the dateline ("NAIROBI, May 4 -"), which names no actor

    @classmethod
    def build(cls, doc: Doc, mentions: list[Mention], entities: list[Entity],
              body_start: int = 0) -> ActorIndex:
        mentions = [m for m in mentions if m.span.start >= body_start]
        index = cls(doc, mentions, {e.id: e for e in entities}, body_start=body_start)
        starts = sorted(mentions, key=lambda m: m.span.start)
        j = 0
        for token in doc:
            while j < len(starts) and starts[j].span.end <= token.idx:
                j += 1
            if j < len(starts) and starts[j].span.start <= token.idx < starts[j].span.end:
                index.by_token[token.i] = starts[j]
        return index

    def actor(self, mention: Mention, sector: str | None = None) -> ActorRef | None:
        """The coded actor of a mention: a country, or an agent code alone ("soldiers" is
        ``{"country": None, "sector": "MIL"}``, as GDELT leaves the country blank)."""
        entity = self.entities.get(mention.entity_id or "")
        if entity is None:
            return None
        country = mention.country or entity.country
        sector = sector or mention.sector or entity.sector
        if country is None and (sector is None or entity.kind not in {"agent", "org"}):
            return None  # "soldiers", "the Red Cross": an agent code alone
        return ActorRef(entity.id, entity.name, country, sector)

    def mentions_before(self, pos: int) -> list[Mention]:
        return [m for m in self.mentions if m.span.end <= pos]


def phrase_actors(index: ActorIndex, head: Token) -> tuple[list[ActorRef], str]:
    """Actors a noun phrase names, with how they were found ("name", "collective", ...)."""
    found: list[ActorRef] = []
    how = "name"
    if head.idx < index.body_start:
        after = _past_dateline(index, head)
        if after is None:
            return [], "none"
        head = after
    for token in [head, *_conjuncts(head)]:
        actor, kind = _one(index, token)
        if actor is None:
            continue
        if kind != "name":
            how = kind
        found.extend(actor)
    return _unique(found), how


def _past_dateline(index: ActorIndex, head: Token) -> Token | None:
    """"NAIROBI, May 4 - Kenya imposed ...": the parser makes the dateline the subject; the
    actor is its apposition or the subject that follows it."""
    for token in [*head.children, *head.head.children]:
        if token.dep_ in {"appos", "nsubj", "nsubjpass"} and token.idx >= index.body_start:
            return token
    return None


def _conjuncts(token: Token) -> list[Token]:
    """"A and B", and "A, B and C" where the parser hangs B on A as an apposition."""
    out = []
    for child in token.children:
        listed = child.dep_ == "appos" and child.ent_type_ in {"GPE", "NORP", "ORG"} and any(
            c.dep_ == "conj" for c in child.children)
        if child.dep_ == "conj" or listed:
            out.append(child)
            out.extend(_conjuncts(child))
    return out


def _one(index: ActorIndex, token: Token) -> tuple[list[ActorRef] | None, str]:
    mention = index.by_token.get(token.i)
    if mention is not None:
        if mention.label == "AGENT" and mention.sector:  # "the foreign ministers of Egypt,
            several = _institution(index, token, mention.sector)  # Jordan and Saudi Arabia"
            if several is not None and len(several) > 1:
                return several, "institution"
        actor = index.actor(mention)
        return ([actor] if actor else None), "name"
    lower = token.lower_
    if lower in PERSON_PRONOUNS:
        return _recent_person(index, token), "pronoun"
    if lower == "it":
        return _it(index, token), "pronoun"
    if lower == "they" and (speaker := _speaker(index, token)):
        return speaker, "pronoun"  # "the rebels said they will release ..."
    if lower in GROUP_PRONOUNS or _is_collective(token):
        return _pair(index, token), "collective"
    if token.lemma_.lower() in COUNTRY_ANAPHORS and any(c.lower_ == "the" for c in token.children):
        return _recent_country(index, token), "anaphor"
    # The form first: the table knows "forces" and "troops", the lemma "force" is no title.
    sector = title_sector(token.lower_) or title_sector(token.lemma_.lower())
    if token.lemma_.lower() in COUNTERPARTS:
        sector = "GOV"
    if sector:
        return _institution(index, token, sector), "institution"
    if token.lemma_.lower() in CROWDS or token.pos_ == "NUM":  # "thousands of people"
        members = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children if g.dep_ == "pobj"), None)
        if members is not None:
            actors, how = phrase_actors(index, members)
            return actors or None, how
    if token.pos_ in {"NOUN", "PROPN"}:
        owned = _institution(index, token, None)
        return owned, ("modifier" if owned else "none")
    return None, "none"


def _is_collective(token: Token) -> bool:
    """"the two sides", "both countries", "the leaders" (plural), "the pair"."""
    if token.lemma_.lower() not in COLLECTIVE_HEADS:
        return False
    words = {c.lower_ for c in token.children}
    return bool(words & {"two", "both"}) or token.lemma_.lower() == "pair" or (
        token.tag_ == "NNS" and "the" in words and not any(
            c.dep_ in {"amod", "compound", "poss"} for c in token.children))


def _institution(index: ActorIndex, token: Token, sector: str | None,
                 ) -> list[ActorRef] | None:
    """"the US embassy", "the Russian leader", "the leader of North Korea"; "Indian and
    Pakistani troops" are two actors. Without a title (``sector`` None) a country still
    says whose thing it is: "Ukrainian positions", "the backing of Brazil", as CAMEO
    coders read them."""
    for child in token.children:
        candidates = [child, *_conjuncts(child)]
        if child.dep_ == "prep" and child.lower_ in {"of", "from"}:  # "a delegation from X"
            candidates = [g for c in child.children if c.dep_ == "pobj"
                          for g in (c, *_conjuncts(c))]
        elif child.dep_ not in {"amod", "compound", "poss", "nmod"}:
            continue
        actors = [a for c in candidates if (a := _owner(index, c, sector, token)) is not None]
        if actors:
            return _unique(actors)
    for word in token.subtree:  # "Saudi-led coalition aircraft", "a Greek-flagged tanker"
        if word.i >= token.i:
            break
        if word.lemma_.lower() in LEADING and word.dep_ == "amod":
            country = next((c for c in word.children if c.ent_type_ in {"GPE", "NORP"}), None)
            actor = _owner(index, country, sector, token) if country is not None else None
            if actor is not None:
                return [actor]
    return None


def _owner(index: ActorIndex, token: Token, sector: str | None,
           head: Token) -> ActorRef | None:
    mention = index.by_token.get(token.i)
    # "the government's plan": an agent owns a thing as a country does; "Orban's government"
    owners = {"GPE", "NORP", "ORG", "AGENT", "PERSON"} if token.dep_ == "poss" else {
        "GPE", "NORP", "ORG"}
    if mention is None or mention.label not in owners:
        return None
    actor = index.actor(mention, sector)
    if actor is None or sector is None:
        return actor
    return _person_of(index, actor, sector, head) or actor


def _person_of(index: ActorIndex, country_actor: ActorRef, sector: str,
               token: Token) -> ActorRef | None:
    """"the Russian leader" is the article's most mentioned person with that code."""
    before = [m for m in index.mentions_before(token.idx) if m.label == "PERSON"]
    people = [m for m in before if m.country == country_actor.country]
    # Same country and sector; else same country; else a leader whose country goes unsaid.
    counts = Counter(m.entity_id or "" for m in people if m.sector == sector) or Counter(
        m.entity_id or "" for m in people if m.sector is None) or Counter(
        m.entity_id or "" for m in before if m.country is None and m.sector == sector)
    if not counts or sector not in {"GOV", "MIL", "PTY", "ELI"}:
        return None
    best = counts.most_common(1)[0][0]
    mention = next(m for m in index.mentions if m.entity_id == best)
    entity = index.entities.get(best)
    if entity is None:
        return None
    return ActorRef(entity.id, entity.name, mention.country or country_actor.country,
                    mention.sector or sector)


def _recent_person(index: ActorIndex, token: Token) -> list[ActorRef] | None:
    """"he": the nearest person before it that is a grammatical subject (the one a reader
    follows), else the nearest person at all."""
    before = [m for m in reversed(index.mentions_before(token.idx)) if m.label == "PERSON"]
    for mention in chain((m for m in before if _is_subject(index, m)), before):
        actor = index.actor(mention)
        if actor:
            return [actor]
    return None


def _is_subject(index: ActorIndex, mention: Mention) -> bool:
    """Whether the mention is (part of) a grammatical subject; once per mention, as every
    later pronoun asks again."""
    key = (mention.span.start, mention.span.end)
    found = index.subjects.get(key)
    if found is None:
        span = index.doc.char_span(*key, alignment_mode="expand")
        found = index.subjects[key] = any(
            t.dep_ in {"nsubj", "nsubjpass"} or t.head.dep_ in {"nsubj", "nsubjpass"}
            and t.dep_ in {"compound", "conj"} for t in (span if span is not None else ()))
    return found


def _it(index: ActorIndex, token: Token) -> list[ActorRef] | None:
    """"Switzerland said it had expelled ...": the speaker, when "it" opens the reported
    clause; else the last country or organisation named before."""
    speaker = _speaker(index, token)
    if speaker:
        return speaker
    for mention in reversed(index.mentions_before(token.idx)):
        if mention.label in {"GPE", "ORG"}:
            actor = index.actor(mention)
            if actor is not None and actor.country:
                return [actor]
    return None


def _speaker(index: ActorIndex, token: Token) -> list[ActorRef] | None:
    """The subject of the speech verb whose reported clause this pronoun opens ("Switzerland
    said it had expelled", "the rebels said they will"), when it names countries."""
    clause = token.head
    if token.dep_ not in {"nsubj", "nsubjpass"} or clause.dep_ != "ccomp":
        return None
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.i in index.busy:
        return None
    index.busy.add(speaker.i)
    try:
        actors = phrase_actors(index, speaker)[0]
    finally:
        index.busy.discard(speaker.i)
    return actors if actors and all(a.country for a in actors) else None


def _recent_country(index: ActorIndex, token: Token) -> list[ActorRef] | None:
    """"the country": the last country named before, other than this sentence's subject.

    As a subject it continues the topic: the last country that was a subject comes first
    ("Norway condemned Russia. The country also ..." is Norway)."""
    if token.i in index.busy:  # resolving the subject led back here ("X and the country")
        return None
    index.busy.add(token.i)
    try:
        subject_countries: set[str | None] = set()
        for head in token.sent:
            if head.dep_ in {"nsubj", "nsubjpass"} and \
                    head.lemma_.lower() not in COUNTRY_ANAPHORS:
                subject_countries |= {a.country for a in phrase_actors(index, head)[0]}
    finally:
        index.busy.discard(token.i)
    before = [m for m in reversed(index.mentions_before(token.idx))
              if m.label in {"GPE", "NORP"} and m.country not in subject_countries]
    ordered = chain((m for m in before if _is_subject(index, m)), before) \
        if token.dep_ in {"nsubj", "nsubjpass"} else before
    for mention in ordered:
        actor = index.actor(mention)
        if actor:
            return [actor]
    return None


def _pair(index: ActorIndex, token: Token) -> list[ActorRef] | None:
    """The two actors a collective phrase means: the sentence's two countries if it names
    two, else the article's two most mentioned actors of different countries."""
    want_people = token.lemma_.lower() in {"leader", "president", "minister", "premier"}
    local = [m for t in token.sent if (m := index.by_token.get(t.i)) is not None]
    for pool in (local, index.mentions):
        actors = _top_two(index, pool, want_people)
        if actors:
            return actors
    return None


def _top_two(index: ActorIndex, pool: list[Mention], people: bool) -> list[ActorRef] | None:
    labels = {"PERSON"} if people else {"PERSON", "GPE", "NORP"}
    counts = Counter(m.entity_id for m in pool if m.label in labels and m.country)
    chosen: list[ActorRef] = []
    for entity_id, _ in counts.most_common():
        mention = next(m for m in pool if m.entity_id == entity_id)
        actor = index.actor(mention)
        if actor and actor.country not in {a.country for a in chosen}:
            chosen.append(actor)
        if len(chosen) == 2:
            return chosen
    return None


def _unique(actors: list[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for actor in actors:
        if actor.entity_id not in seen:
            seen.add(actor.entity_id)
            out.append(actor)
    return out
