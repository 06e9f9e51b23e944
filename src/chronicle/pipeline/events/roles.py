"""Who did it and to whom: an event's source and target from the dependency parse.

The source is the trigger's subject (inherited through ``xcomp``/``conj`` chains, the agent
of a passive, the possessor of a noun: "X's visit"); the target its object, the object of a
preposition ("talks with Y", "sanctions on Y"), or an actor further down its own phrases. A
place after "in", "across" or "near" says where the act happened, never whom it was done
to; the people of that place are the target only of acts done to them (a curfew, an
attack), and a state's own acts at home target its country.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from chronicle.model import ActorRef
from chronicle.pipeline.entities.build import entity_id
from chronicle.pipeline.entities.gazetteer import country_name
from chronicle.pipeline.events.actors import ActorIndex, phrase_actors
from chronicle.pipeline.events.patterns import Pattern

# Not "accept": "accepted refugees from X" is taking people in (073), not being given aid.
RECEIVE = {"receive", "get", "win", "obtain", "gain", "secure", "earn"}
# "urged X to reopen": X is who would act, and the action is only asked for.
APPEAL = {"urge", "ask", "call", "press", "request", "encourage", "invite", "persuade",
          "pressure", "push", "demand", "order", "tell", "advise", "implore", "beg", "appeal"}
OBJECT_CONTROL = APPEAL | {"allow", "permit", "help", "force", "compel", "enable", "convince"}
TARGET_PREPS = ("with", "to", "against", "on", "toward", "towards", "at", "into", "for", "from",
                "in", "upon", "over")
WEAPONS = {"bomb", "bombing", "blast", "explosion", "explosive", "device", "ied", "mine",
           "landmine", "missile", "rocket", "shell", "shelling", "mortar", "grenade", "drone",
           "airstrike", "strike", "attack", "raid", "ambush", "gunfire", "fire", "shooting",
           "barrage", "artillery", "bullet", "car", "truck"}
# Participles that say where the subject stands ("is opposed to", "is committed to").
STANCES = frozenset({"oppose", "commit", "dedicate", "devote", "determine", "resolve"})
VIOLENT_ROOTS = frozenset({"17", "18", "19", "20"})
MESSAGES = frozenset({"call", "letter", "message", "note"})
PLACE_PREPS = frozenset({"in", "at"})
# Where an act happened: "in Nairobi", "across northern Rakhine", "outside parliament in X".
WHERE_PREPS = ("in", "at", "near", "across", "through", "throughout", "outside", "inside",
               "around", "into")


def own_country(source: list[ActorRef]) -> ActorRef | None:
    """The country itself, as the target of what its own state or people do at home."""
    countries = {a.country for a in source if a.country}
    if len(countries) != 1:
        return None
    code = countries.pop()
    return ActorRef(entity_id("country", code), country_name(code), code, None)


def place_people(index: ActorIndex, trigger: Token, source: list[ActorRef]) -> list[ActorRef]:
    """The country of the place a curfew, a protest or an attack happened in, as the
    target: its people, even the source's own ("Senegal lifted the curfew in Dakar")."""
    ids = {a.entity_id for a in source}
    for actor in authority_of_place(index, trigger):
        if actor.entity_id not in ids:
            return [actor]
    return []


def has_object(verb: Token) -> bool:
    return any(c.dep_ in {"dobj", "obj"} for c in verb.children)


def authority_of_place(index: ActorIndex, trigger: Token) -> list[ActorRef]:
    """The country of the place where a passive investigation, arrest or expulsion
    happened, as its actor ("was arrested in Peru": Peru's authorities)."""
    hosts = [trigger, *(c for c in trigger.children if c.dep_ in {"dobj", "obj"}),
             *(g for c in trigger.children if c.dep_ == "prep"  # "a curfew in", "under
               for g in c.children if g.dep_ == "pobj")]  # investigation in"
    for pobj in (p for host in hosts for p in child_pobjs(host, WHERE_PREPS)):
        # "in the Sinjar region of northern Iraq", "in Niger's Tillaberi region"
        for token in sorted(pobj.subtree, key=lambda t: t.i):
            if not is_place(index, token):
                continue
            actor = index.actor(index.by_token[token.i])
            if actor is not None and actor.country:
                return [actor]
    return []


def received(verb: Token, pattern: Pattern) -> bool:
    """"X received support from Y", "won the backing of Y", "received a call from Y",
    "came under attack from Y": Y did it, X is the target."""
    lemma = verb.lemma_.lower()
    if lemma in RECEIVE and pattern.cameo[:2] in {"03", "05", "07"}:
        return True
    if lemma in RECEIVE and pattern.cameo[:2] == "04":  # a call or a letter, not a visitor
        return any(c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in MESSAGES
                   for c in verb.children)
    return lemma == "come" and pattern.cameo[:2] in VIOLENT_ROOTS and any(
        c.dep_ == "prep" and c.lower_ == "under" for c in verb.children)


def verb_roles(index: ActorIndex, verb: Token) -> tuple[list[ActorRef], list[ActorRef], str]:
    subject, passive = subject_of(verb)
    if subject is not None and not passive and subject.lemma_.lower() in WEAPONS and \
            subject.dep_ in {"dobj", "obj"}:  # "X planted a bomb that killed ...": X did
        subject = subject_of(subject.head)[0] or subject
    source, how = phrase_actors(index, subject) if subject is not None else ([], "none")
    target: list[ActorRef] = []
    if passive and verb.lemma_.lower() in STANCES and child_pobj(verb, ("by",)) is None:
        passive = False  # "Israel is opposed to the mediation": a stance, not a passive
    if passive:
        agent = child_pobj(verb, ("by",))
        target, source = source, (phrase_actors(index, agent)[0] if agent is not None else [])
    # A candidate that is only the source itself ("made his visit to Y") names no target;
    # an agent with no country ("delivered armoured vehicles to the Somali army") is kept
    # only when no candidate names a country.
    target = minus(target, source)
    if not target:
        fallback: list[ActorRef] = []
        for candidate in target_candidates(index, verb, source):
            found = minus(candidate, source)
            if found and any(a.country for a in found):
                target = found
                break
            fallback = fallback or found
        # "sent troops to its border with Belarus": a country further down outranks the
        # country-less troops sent
        target = target or deep_target(index, verb, source) or fallback
    return source, target, how


# Children that open another clause or say when, not whom: a target is never looked for there.
CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "ccomp", "advcl", "relcl", "conj",
                         "parataxis", "punct", "mark", "aux", "auxpass", "neg", "npadvmod",
                         "cc", "expl", "xcomp"})


REPORTED_DEPS = frozenset({"ccomp", "relcl", "xcomp"})  # what was said, and about what


def deep_target(index: ActorIndex, head: Token, source: list[ActorRef],
                 clauses: bool = False) -> list[ActorRef]:
    """The first actor further down the trigger's own phrases ("launched an inquiry into the
    movements of a Chinese vessel", "briefed reporters on talks with Laos"), never in
    another clause (unless ``clauses``: what a comment is about), never a place after
    "in"/"at"."""
    stack = [c for c in head.children if c.dep_ not in CLAUSE_DEPS - (
        REPORTED_DEPS if clauses else set())]
    # below the trigger, a reported clause's own subject counts: "that Sweden would meet"
    skip = CLAUSE_DEPS - REPORTED_DEPS - {"nsubj", "nsubjpass"} if clauses else CLAUSE_DEPS
    seen: list[Token] = []
    while stack:
        token = stack.pop()
        if token.dep_ == "pobj" and token.head.lower_ in WHERE_PREPS and \
                is_place(index, token):
            continue  # where it happened ("across Nairobi"), not to whom
        seen.append(token)
        stack.extend(c for c in token.children if c.dep_ not in skip | {"appos"} or
                     c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"} or  # "gas and bullets"
                     c.dep_ == "npadvmod" and c.ent_type_ in {"GPE", "NORP"})  # "Estonian-
        # flagged"
    for token in sorted(seen, key=lambda t: t.i):
        mention = index.by_token.get(token.i)
        actor = index.actor(mention) if mention is not None else None
        found = minus([actor], source) if actor is not None and actor.country else []
        if found:
            return found
    return []


def target_candidates(index: ActorIndex, verb: Token, source: list[ActorRef],
             ) -> Iterator[list[ActorRef]]:
    """Where a verb's target may be, best first (computed lazily)."""
    for child in verb.children:
        if child.dep_ in {"dobj", "obj", "dative", "attr"}:
            yield phrase_actors(index, child)[0]
            # "valued X's visit", "the move by X": its owner; else "visit to Y"
            owner = next((c for c in child.children if c.dep_ == "poss"), None)
            owner = owner or child_pobj(child, ("by",))
            if owner is not None:
                yield phrase_actors(index, owner)[0]
            yield prep_targets(index, child)
    yield prep_targets(index, verb)
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    subject = subject_of(clause)[0] if clause is not None else None
    if subject is not None:  # "demanded that X release ...": X is who is asked
        yield phrase_actors(index, subject)[0]
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if xcomp is not None:  # "pledged to send aid to X": X is the target
        yield verb_roles(index, xcomp)[1]
    yield between_targets(index, verb, source)


def between_targets(index: ActorIndex, verb: Token, source: list[ActorRef]) -> list[ActorRef]:
    """"hosted talks between X and Y": both are the target, unless they are the source's
    own sides ("the presidents agreed to resume flights between the two countries")."""
    for host in [verb, *(c for c in verb.children if c.dep_ in {"dobj", "obj"})]:
        pobj = child_pobj(host, ("between", "among"))
        if pobj is not None:
            countries = {a.country for a in source}
            return [a for a in phrase_actors(index, pobj)[0] if a.country not in countries]
    return []


def noun_roles(index: ActorIndex, noun: Token) -> tuple[list[ActorRef], list[ActorRef], str]:
    source: list[ActorRef] = []
    how = "name"
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "amod", "nmod"}:
            actors, how = phrase_actors(index, child)
            source.extend(actors)
    between = child_pobj(noun, ("between", "among"))
    if between is not None:
        pair, how = phrase_actors(index, between)
        return pair[:1], pair[1:], how
    target = prep_targets(index, noun) or deep_target(index, noun, source)
    verb = governor_of(noun)
    if verb is not None and noun.head.lower_ == "under" and noun.head.head.i == verb.i:
        # "Armenian positions came under attack from Azerbaijani forces"
        subject, _ = subject_of(verb)
        attacked = phrase_actors(index, subject)[0] if subject is not None else []
        by = child_pobj(noun, ("from", "by"))
        return (phrase_actors(index, by)[0] if by is not None else []), attacked, how
    if verb is not None and not source:
        subject, _ = subject_of(verb)
        actors, how = phrase_actors(index, subject) if subject is not None else ([], how)
        if verb.lemma_.lower() in RECEIVE:  # "X received support from Y": X is the target
            giver = prep_targets(index, verb)
            return giver, actors, how
        source = actors
        if not target:  # "joined the Iranian navy for drills", "granted Moldova support"
            target = next((found for candidate in target_candidates(index, verb, source)
                           if (found := minus(candidate, source))), [])
    return source, target, how


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The subject, inherited up xcomp/conj/advcl chains; passive subjects are flagged."""
    token: Token | None = verb
    while token is not None:
        controller = controller_of(token)
        if controller is not None:
            return controller, False
        for child in token.children:
            if child.dep_ in {"nsubj", "csubj", "expl"}:
                if child.lower_ in {"who", "which", "that"} and token.dep_ == "relcl":
                    return token.head, False  # "X, who arrived on Monday": X arrived
                return child, False
            if child.dep_ == "nsubjpass":
                return child, True
        if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.dep_ in {"dobj", "obj"}:
            return subject_of(token.head.head)  # "released a statement denouncing X": the
            # one who released it denounces
        if token.dep_ == "acl" and (token.tag_ == "VBD" or has_object(token) or
                                    token.sent.root.pos_ in {"NOUN", "PROPN"}):
            # no verb at the root: "Doctors from two groups donated"; or an active verb
            # with its object: "guards tortured captured soldiers"
            return phrase_top(token.head), False
        if token.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acomp"} and \
                token.head.i != token.i:  # "he is prepared to lift"
            token = token.head
        elif token.dep_ == "relcl":
            return token.head, False
        else:
            token = None
    return None, False


def phrase_top(noun: Token) -> Token:
    """The noun a prepositional chain hangs from: "doctors" in "doctors from two groups"."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in {
            "NOUN", "PROPN"}:
        noun = noun.head.head
    return noun


def controller_of(verb: Token) -> Token | None:
    """The object of "urged Peru to X", who is the subject of X."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in OBJECT_CONTROL:
        return None
    return next((c for c in verb.head.children if c.dep_ in {"dobj", "obj"}), None)


def governor_of(noun: Token) -> Token | None:
    """The verb a noun trigger hangs from ("made a visit", "declaration of support")."""
    token = noun
    for _ in range(6):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return None


def child_pobj(token: Token, preps: tuple[str, ...]) -> Token | None:
    return next(child_pobjs(token, preps), None)


def prep_targets(index: ActorIndex, token: Token) -> list[ActorRef]:
    """The target after a preposition; "in <place>" and "at <place>" say where it
    happened (the event's location), never whom it was done to ("spoke in Geneva")."""
    for prep in TARGET_PREPS:
        for pobj in child_pobjs(token, (prep,)):  # "on Monday on Iranian officials": each
            if prep in PLACE_PREPS and is_place(index, pobj):
                continue
            actors, _ = phrase_actors(index, pobj)
            if actors:
                return actors
    return []


def child_pobjs(token: Token, preps: tuple[str, ...]) -> Iterator[Token]:
    """The objects of the token's prepositions among ``preps``, in the text's order."""
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            yield from (g for g in child.children if g.dep_ == "pobj")


def is_place(index: ActorIndex, token: Token) -> bool:
    mention = index.by_token.get(token.i)
    if mention is None:
        return False
    entity = index.entities.get(mention.entity_id or "")
    return entity is not None and entity.kind in {"country", "place"} and not mention.sector


def minus(target: list[ActorRef], source: list[ActorRef]) -> list[ActorRef]:
    """Targets that are not the source itself (same entity, or the same country and sector:
    "Lula valued the visit to Brazil" is not Brazil acting on Brazil)."""
    ids = {a.entity_id for a in source}
    codes = {(a.country, a.sector) for a in source}
    countries = {a.country for a in source}
    return [a for a in target if a.entity_id not in ids and (a.country, a.sector) not in codes
            and not (a.sector is None and a.country in countries)]
