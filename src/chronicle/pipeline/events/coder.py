"""The event coder: trigger, source, target and flags from each sentence's dependency parse.

A trigger is a verb (with its object, preposition or particle) or an event noun listed
in ``data/event_patterns.tsv``. The source is the trigger's subject (inherited through
``xcomp``/``conj`` chains, the agent of a passive, the possessor of a noun: "X's visit"),
the target its object or the object of a preposition ("talks with Y", "sanctions on Y").
Flags never drop an event: negated ("did not"), hypothetical (modal, "if"), future
(pledged to, will) and reported (inside a quote, or the clause of a speech verb).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from chronicle.model import ActorRef
from chronicle.pipeline.entities.build import entity_id
from chronicle.pipeline.entities.gazetteer import country_name
from chronicle.pipeline.events.actors import ActorIndex, phrase_actors
from chronicle.pipeline.events.frames import Frame, frame_of, recode
from chronicle.pipeline.events.patterns import NOUN_POS, Pattern, loose_match, match

SPEECH = {"say", "tell", "state", "add", "note", "announce", "claim", "report", "affirm",
          "declare", "stress", "emphasise", "emphasize", "insist", "argue", "allege", "warn"}
INTENT = {"pledge", "vow", "promise", "plan", "intend", "aim", "seek", "hope", "want",
          "expect", "prepare", "propose", "offer", "threaten", "agree", "decide", "resolve"}
MODALS = {"would", "could", "should", "might", "may", "must", "can", "ought"}
FUTURE_AUX = {"will", "shall", "'ll"}
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
COMMENTATORS = frozenset({"BUS", "EDU", "MED"})
VERBAL_ROOTS = frozenset({"01", "02", "03", "04", "05", "09", "10", "11", "12", "13"})
# Participles that say where the subject stands ("is opposed to", "is committed to").
STANCES = frozenset({"oppose", "commit", "dedicate", "devote", "determine", "resolve"})
SETTING_PREPS = frozenset({"after", "before", "following", "since", "amid", "amidst",
                           "despite"})
SETTING_NOUNS = frozenset({"anniversary", "memorial", "commemoration", "victim"})

PROTESTERS = frozenset({"protester", "protestor", "demonstrator", "rioter", "crowd", "mob",
                        "marcher", "striker", "supporter"})
MASS_ACTS = frozenset({"kill", "massacre", "execute", "slaughter", "murder", "expel",
                       "drive", "deport", "uproot", "displace"})
EXPULSIONS = frozenset({"expel", "drive", "deport", "uproot", "displace"})
VIOLENT_ROOTS = frozenset({"17", "18", "19", "20"})
MESSAGES = frozenset({"call", "letter", "message", "note"})
# Acts a state or its people do at home unless the text names another target: easing
# restrictions or dissent, acceding to demands (081-083; what is returned, eased abroad or
# retreated from has a foreign target), protest, and coercion.
DOMESTIC = ("081", "082", "083", "14", "17")
SANCTIONS = ("161", "162", "163", "166")
TOPIC_ROOTS = frozenset({"09", "11", "12"})  # acts whose object is another act
# Acts only a state's authorities do: investigate (09), arrest, detain, expel, ban (17).
AUTHORITY_ROOTS = frozenset({"09", "17"})
COOPERATIVE = frozenset({"03", "04", "05", "06", "07", "08"})  # failing them is a rejection
PLACE_PREPS = frozenset({"in", "at"})
# Where an act happened: "in Nairobi", "across northern Rakhine", "outside parliament in X".
WHERE_PREPS = ("in", "at", "near", "across", "through", "throughout", "outside", "inside",
               "around", "into")
QUOTES = {'"', "“", "”", "«", "»"}


@dataclass(slots=True)
class Found:
    trigger: Token
    pattern: Pattern
    source: list[ActorRef]
    target: list[ActorRef]
    how: str  # how the actors were found: name, collective, pronoun, anaphor, institution
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    frame: Frame | None = None  # asked, demanded, promised, threatened or refused

    @property
    def code(self) -> str:
        """The CAMEO code of what the sentence does: the action, or its frame's code."""
        return recode(self.pattern.cameo, self.frame) if self.frame else self.pattern.cameo


def find(index: ActorIndex, sent: SpacySpan) -> list[Found]:
    """Every coded event in one sentence; none in a sentence about sport or markets."""
    if _not_political(sent):
        return []
    found: list[Found] = []
    verb_triggers: set[int] = set()
    consumed: set[int] = set()  # complements a row reads as part of its verb's act
    # verbs first: "Israel's operation was condemned" is the condemnation, not an operation
    for token in sorted(sent, key=lambda t: (t.pos_ in NOUN_POS, t.i)):
        pattern = match(token)
        if pattern is None and token.pos_ == "VERB":
            loose = loose_match(token)  # "will release the prime minister": an intent
            frame = frame_of(token) if loose is not None else None
            pattern = loose if frame is not None and frame.kind != "negated" else None
        if pattern is None or token.i in consumed:
            continue  # "ordered the mission to leave": the order is the expulsion
        if not pattern.noun and pattern.cameo[:2] in {"01", "10"} and _bare(pattern) and \
                _names_act(token):
            continue  # "ordered the dissolution of the party": the dissolution says more
        if pattern.xcomp:
            consumed |= {c.i for c in token.children if c.dep_ == "xcomp"}
        if pattern.noun and _governor(token) is not None and \
                _governor(token).i in verb_triggers:  # type: ignore[union-attr]
            continue  # "held talks": the verb pattern already coded it
        if pattern.noun and _background(token) or not pattern.noun and (
                _described(token) or token.dep_ == "relcl" and pattern.cameo[:2] == "01"):
            continue  # "after a gun attack on its embassy, X called on Y": the setting;
            # "people Ankara regards as terrorists": an opinion that describes a noun
        roles = _noun_roles(index, token) if pattern.noun else _verb_roles(index, token)
        source, target, how = roles
        if not pattern.noun and _received(token, pattern):
            source, target = target, source  # the giver was found where a target would be
        clause = _governor(token) if pattern.noun else token
        frame = frame_of(clause) if clause is not None else None
        if pattern.cameo == "013" and (frame is not None and frame.kind == "negated" or
                                       _no_object(token)):  # "saw no prospect of": gloom
            pattern, frame = replace(pattern, cameo="012"), None
        if frame is not None and (frame.kind == "negated" or frame.kind == "failed" and
                                  pattern.cameo[:2] not in COOPERATIVE):
            continue  # "did not attack", "failed to stop" (CAMEO: a negated action is none)
        if frame is not None and frame.by is not None:  # "X urged Y to ...": X asks Y
            asker = _subject(frame.by)[0]
            askers = phrase_actors(index, asker)[0] if asker is not None else []
            if askers:
                asked = phrase_actors(index, frame.asked)[0] if frame.asked is not None else []
                states = {a.country for a in askers if a.sector is None}
                if asked and all(a.country in states for a in asked):
                    continue  # "Turkey demanded ... people Ankara regards as": a state asks
                    # nothing of its own government (a parse slip, not a demand)
                source, target = askers, _minus(asked or source or target, askers)
        if not source and target and pattern.cameo[:2] in AUTHORITY_ROOTS:
            source = _authority_of_place(index, token)  # "was put under investigation in
            # Italy", "were detained in Spain": only that state's authorities do that
        if not source and not (target and _unknown_doer(token, pattern)):
            continue  # no actor, no event; but "three soldiers were killed" has a victim
        flags = _flags(clause or token, sent)
        if frame is not None and frame.kind == "reject":
            flags["negated"] = False  # "would not yield" is a refusal, not a negated yield
        target = _minus(target, source)
        if not target and source and pattern.cameo[:2] in {"01", "09"}:
            # what a comment or an inquiry is about: "saw no prospect of relations with
            # Russia improving", "examined evidence that a Russian vessel had ..."
            target = _deep_target(index, token, source, clauses=True)
        placeless = not any(a.country for a in target) or not any(a.country for a in source)
        if source and _acts_on_place(pattern.cameo) and placeless:
            where = _place_people(index, token, source)  # "imposed a curfew in Freetown"
            # "burned down a school in Niger's Tillaberi region": the school is Niger's
            if not any(a.country for a in target):
                target = [replace(a, country=where[0].country) for a in target] if target \
                    and where else target or where
            if where and not any(a.country for a in source):  # "crowds attacked the
                source = [replace(a, country=where[0].country) for a in source]  # embassy in
                # Niamey": the crowd is of the place
        if source and not target and _domestic(pattern.cameo) and \
                (home := _own_country(source)) is not None:
            target = [home]  # "Ecuador lifted the state of emergency in three provinces"
        protest = None if pattern.noun else _protest_adjunct(token)
        if protest is not None and pattern.cameo[:2] != "14" and \
                not pattern.cameo.startswith(SANCTIONS):  # "walked out in protest at X"
            # (a recalled ambassador or cut aid stays a sanction, whatever it protests)
            against = [p for p in token.children if p.dep_ == "prep" and p.i > protest.i
                       and p.lower_ in {"at", "against", "over"}]  # the parser's choice
            target = next((hit for host in [protest, *against]
                           if (hit := _deep_target(index, host, source))), target)
            pattern = replace(pattern, cameo="143" if pattern.cameo[:2] in {"12", "16"}
                              else "140")
            frame = None
        if pattern.cameo[:2] == "15" and target and all(
                a.country in {mine.country for mine in source} for a in target):
            target = []  # "deployed riot police": the force shown is the source's own
        doer = frame.by if frame is not None and frame.by is not None else clause or token
        refined = _refined(recode(pattern.cameo, frame) if frame else pattern.cameo, token,
                           doer, source, target)
        if refined is not None:  # the frame's code is folded into the refined one
            pattern, frame = replace(pattern, cameo=refined), None
        event = Found(token, pattern, source, target, how, frame=frame, **flags)
        if _commentary(event):
            continue
        if not pattern.noun:
            verb_triggers.add(token.i)
        found.append(event)
    return sorted(_most_specific(found), key=lambda f: f.trigger.i)


@cache
def _non_event_words() -> dict[str, str]:
    text = resources.files("chronicle").joinpath("data", "non_event_words.tsv").read_text(
        "utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:]
            if line.strip() and not line.startswith("#")]
    return {row[0].strip().lower(): row[1].strip() for row in rows}


@cache
def _sport_phrases() -> tuple[str, ...]:
    return tuple(w for w, kind in _non_event_words().items() if kind == "sport" and " " in w)


def _not_political(sent: SpacySpan) -> bool:
    """"France's rugby team stormed to victory", "the rupee recovered": a sentence that
    names a sport, or whose subject is a price or a currency, reports no political event."""
    words = _non_event_words()
    lowered = sent.text.lower()
    if any(phrase in lowered for phrase in _sport_phrases()):
        return True
    for token in sent:
        kind = words.get(token.lower_)
        if kind == "sport" and token.pos_ in {"NOUN", "PROPN", "ADJ"}:
            return True
        if kind == "market" and token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ == "NOUN":
            return True
    return False


def _commentary(event: Found) -> bool:
    """"Economists expected a cut", "historians regard ...": analysts, traders and reporters
    of no country comment; their words are no political event (they may still act), but
    students' demands are (a protest's)."""
    subject = _subject(event.trigger)[0]
    if subject is not None and subject.lemma_.lower() in {"student", "pupil"}:
        return False
    return bool(event.source) and event.code[:2] in VERBAL_ROOTS and all(
        not a.country and a.sector in COMMENTATORS for a in event.source)


def _unknown_doer(trigger: Token, pattern: Pattern) -> bool:
    """A violent, coercive or accusing action in the passive with no agent named ("were
    killed", "was abducted", "has been accused of"): an event with an empty source, as GDELT
    leaves Actor1 blank."""
    if pattern.noun or pattern.cameo[:2] not in {"09", "11", "17", "18", "19", "20"}:
        return False  # "was accused of", "was put under investigation", "were killed"
    subject, passive = _subject(trigger)
    if passive:
        return _child_pobj(trigger, ("by",)) is None
    # "a roadside bomb killed three soldiers": a weapon or an attack does it, nobody named
    return subject is not None and subject.lemma_.lower() in WEAPONS and \
        pattern.cameo[:2] in {"17", "18", "19", "20"}


def _refined(code: str, trigger: Token, doer: Token, source: list[ActorRef],
             target: list[ActorRef]) -> str | None:
    """The code the act gets from who does it and to whom (CAMEO 1.1b3's usage notes):
    protesters' demands and violence are protests (141x, 145); killing or driving out
    hundreds or thousands of people is a mass killing or expulsion (202, 201);
    killing civilians without an army's weapons is unconventional violence (18), not
    military force (19). None when the code stands."""
    before = code
    subject = _subject(doer)[0]  # who acts, or who asks: "demonstrators demanded X resign"
    if subject is not None and subject.lemma_.lower() in PROTESTERS:
        if code[:2] == "10":  # "demonstrators demanded that the prime minister resign"
            code = "141" + code[3:] if code[:3] == "104" else "141"  # 104x -> 141x
        elif code[:2] in {"17", "18", "19"}:  # "rioters set fire to a police station"
            code = "145"
    elif code[:2] in {"17", "18", "19"} and trigger.lemma_.lower() in MASS_ACTS and \
            _counts_masses(trigger):
        code = "201" if trigger.lemma_.lower() in EXPULSIONS else "202"
    elif code == "190" and any(a.sector == "CVL" for a in target) and not any(
            a.sector in {"MIL", "GOV", "COP"} for a in source):
        code = "180"  # "gunmen killed seven passengers"
    return None if code == before else code


def _counts_masses(verb: Token) -> bool:
    """"killed hundreds of civilians", "drove tens of thousands of Rohingya out": an
    object counted in hundreds or more (thousands for an expulsion: deporting 120 migrant
    workers is no mass expulsion)."""
    expelling = verb.lemma_.lower() in EXPULSIONS
    words = {"thousand", "million"} if expelling else {"hundred", "thousand", "million"}
    least = 1000 if expelling else 100
    for obj in (c for c in verb.children if c.dep_ in {"dobj", "obj", "nsubjpass"}):
        for word in obj.subtree:
            if word.lemma_.lower() in words or (
                    word.like_num and word.text.replace(",", "").isdigit() and
                    int(word.text.replace(",", "")) >= least):
                return True
    return False


def _domestic(cameo: str) -> bool:
    return cameo.startswith(DOMESTIC)


def _own_country(source: list[ActorRef]) -> ActorRef | None:
    """The country itself, as the target of what its own state or people do at home."""
    countries = {a.country for a in source if a.country}
    if len(countries) != 1:
        return None
    code = countries.pop()
    return ActorRef(entity_id("country", code), country_name(code), code, None)


def _acts_on_place(cameo: str) -> bool:
    """Acts done to the people of where they happen: easing or imposing restrictions, protest,
    force, violence (not talk, and not a military retreat, whose target is the enemy)."""
    return cameo[:2] in {"14", "17", "18", "19", "20"} or cameo[:2] == "08" and \
        cameo[:3] != "087"


def _place_people(index: ActorIndex, trigger: Token, source: list[ActorRef]) -> list[ActorRef]:
    """The country of the place a curfew, a protest or an attack happened in, as the
    target: its people, even the source's own ("Senegal lifted the curfew in Dakar")."""
    ids = {a.entity_id for a in source}
    for actor in _authority_of_place(index, trigger):
        if actor.entity_id not in ids:
            return [actor]
    return []


def _no_object(verb: Token) -> bool:
    """"saw no prospect", "had no hope": the object is denied."""
    return any(c.dep_ in {"dobj", "obj"} and any(d.lower_ == "no" for d in c.children)
               for c in verb.children)


def _described(verb: Token) -> bool:
    """A verb that describes a noun rather than reports news: "a journalist detained at the
    airport", "a tanker that its guards had seized last month"."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # not a headline's only verb, and not
        # an active verb the parser took for one ("guards tortured captured soldiers")
        return verb.sent.root.pos_ in {"VERB", "AUX"} and not _has_object(verb)
    pluperfect = any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)
    # "the tanker that its navy had seized" (as the parser may hang it, a clause of "freed"),
    # but "said it had expelled" is reported news
    return pluperfect and (verb.dep_ == "relcl" or verb.dep_ == "ccomp" and
                           verb.head.lemma_.lower() not in SPEECH)


def _bare(pattern: Pattern) -> bool:
    """A row of the verb alone, with no object, preposition, particle or complement."""
    return not (pattern.objects or pattern.preps or pattern.particle or pattern.xcomp)


def _names_act(verb: Token) -> bool:
    """The verb's object is an event noun of the lexicon ("ordered the arrest")."""
    return any(c.dep_ in {"dobj", "obj"} and (p := match(c)) is not None and p.noun
               for c in verb.children)


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in {"dobj", "obj"} for c in verb.children)


def _protest_adjunct(verb: Token) -> Token | None:
    """"boycotted the session in protest at X", "walked out in protest": the act is the
    protest (a walkout, a boycott), whose target is what it protests against."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() == "protest":
                    return noun
    return None


def _background(noun: Token) -> bool:
    """An event noun in the sentence's setting, not its news: after a time preposition
    ("after a gun attack", "amid fighting"), in a memorial or anniversary ("the anniversary
    of the invasion"), or in a participle clause ("Commenting on the missile strike, X ...")."""
    token = noun
    for _ in range(8):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.dep_ == "prep" and token.lower_ in SETTING_PREPS or \
                token.lemma_.lower() in SETTING_NOUNS:
            return True
        if token.pos_ in {"VERB", "AUX"}:
            return token.dep_ == "advcl" and token.tag_ == "VBG" and \
                token.i < token.head.i
    return False


def _authority_of_place(index: ActorIndex, trigger: Token) -> list[ActorRef]:
    """The country of the place where a passive investigation, arrest or expulsion
    happened, as its actor ("was arrested in Peru": Peru's authorities)."""
    hosts = [trigger, *(c for c in trigger.children if c.dep_ in {"dobj", "obj"}),
             *(g for c in trigger.children if c.dep_ == "prep"  # "a curfew in", "under
               for g in c.children if g.dep_ == "pobj")]  # investigation in"
    for pobj in (p for host in hosts for p in _child_pobjs(host, WHERE_PREPS)):
        # "in the Sinjar region of northern Iraq", "in Niger's Tillaberi region"
        for token in sorted(pobj.subtree, key=lambda t: t.i):
            if not _is_place(index, token):
                continue
            actor = index.actor(index.by_token[token.i])
            if actor is not None and actor.country:
                return [actor]
    return []


def _most_specific(found: list[Found]) -> list[Found]:
    """One event per actors and root in a sentence: "threatened to impose sanctions" is the
    threat of sanctions (1312), not also a threat (130)."""
    best: dict[tuple[str, ...], Found] = {}
    for f in found:
        key = (",".join(sorted(a.entity_id for a in f.source)),
               ",".join(sorted(a.entity_id for a in f.target)), f.code[:2])
        if key not in best or len(f.code) > len(best[key].code):
            best[key] = f
    kept = set(map(id, best.values()))
    found = _merge_results([f for f in found if id(f) in kept])
    found = _drop_purposes(_fold_vehicles(_fold_demands(_drop_topics(found))))
    # "Cyprus demanded that Turkey return": the demand of Turkey says all the one with no
    # target says (one clause chain: "who arrived in Tokyo ... held talks with" is two acts)
    return [f for f in found if f.target or not any(
        g.target and _ids(g.source) == _ids(f.source) and g.code[:2] == f.code[:2] and
        _related(f.trigger, g.trigger) for g in found)]


def _related(a: Token, b: Token) -> bool:
    """One trigger governs the other."""
    return any(t.i == b.i for t in _governors(a)) or any(t.i == a.i for t in _governors(b))


def _ids(actors: list[ActorRef]) -> str:
    return ",".join(sorted(a.entity_id for a in actors))


def _merge_results(found: list[Found]) -> list[Found]:
    """A killing that is the result of another violent act is that act, with its victims as
    the target: "blew himself up at a market, killing nine people", "planted a bomb that
    killed four soldiers", "tried to assassinate a senator, firing on his car"."""
    violent = {f.trigger.i: f for f in found if f.code[:2] in VIOLENT_ROOTS}
    out = []
    for f in found:
        main = violent.get(_cause(f.trigger).i) if f.code[:2] in VIOLENT_ROOTS else None
        if main is None or main is f:
            out.append(f)
            continue
        if not main.target:
            main.target = f.target
        # what the result shows outranks the means: "opened fire, killing seven passengers"
        # is violence against civilians (18), "fired rockets, killing hundreds" a massacre
        if f.code[:2] == "20" or f.code[:2] == "18" and main.code[:2] not in {"18", "20"}:
            main.pattern, main.frame = f.pattern, f.frame
    return out


def _drop_topics(found: list[Found]) -> list[Found]:
    """What an accusation, an inquiry, a criticism or a denial is about is no event of its
    own: "accused Minsk of facilitating the invasion", "investigating how a missile entered
    Polish airspace", "criticised Hungary for threatening a veto" (CAMEO codes the charge)."""
    judging = {f.trigger.i for f in found if f.code[:2] in TOPIC_ROOTS or f.code == "016"}
    return [f for f in found if not any(
        head.i in judging for head in _governors(f.trigger))]


def _governors(trigger: Token) -> Iterator[Token]:
    """The tokens above a trigger, up to the sentence root."""
    token = trigger
    for _ in range(10):
        if token.head.i == token.i:
            return
        token = token.head
        yield token


def _fold_demands(found: list[Found]) -> list[Found]:
    """"rallied to demand the release of X", "blocked the crossings, demanding that the EU
    act": the demand says what the protest is for and against whom; it is the protest."""
    protests = {f.trigger.i: f for f in found if f.code[:2] == "14"}
    out = []
    for f in found:
        # the demand's own verb: "marched to demand that X step down" frames "step down"
        anchor = f.frame.by if f.frame is not None and f.frame.by is not None else f.trigger
        main = protests.get(anchor.head.i) if f.code[:2] in {"02", "10"} and \
            anchor.dep_ in {"advcl", "xcomp"} else None
        if main is None:
            out.append(f)
        elif f.target:
            main.target = f.target
    return out


def _drop_purposes(found: list[Found]) -> list[Found]:
    """"approved a loan to Zambia to support its budget", "declared a ceasefire to allow
    relief efforts": a purpose with no target of its own is part of the act it serves."""
    by_trigger = {f.trigger.i: f for f in found}
    out = []
    for f in found:
        main = by_trigger.get(f.trigger.head.i)
        purpose = f.trigger.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in f.trigger.children)
        if purpose and not f.target and main is not None and main is not f and \
                _ids(main.source) == _ids(f.source):
            continue
        out.append(f)
    return out


def _fold_vehicles(found: list[Found]) -> list[Found]:
    """"released a statement denouncing X": the statement carries the denunciation; the
    denunciation is the event."""
    carried = {f.trigger.head.head.i for f in found if f.trigger.dep_ == "acl" and
               f.trigger.head.dep_ in {"dobj", "obj"}}
    return [f for f in found if not (f.code[:2] == "01" and f.trigger.i in carried)]


def _cause(trigger: Token) -> Token:
    """The trigger of the act whose result ``trigger`` reports, or ``trigger`` itself."""
    if trigger.dep_ == "advcl" and trigger.tag_ == "VBG":  # ", killing nine people"
        return trigger.head
    if trigger.dep_ == "relcl" and trigger.head.lemma_.lower() in WEAPONS and \
            trigger.head.dep_ in {"dobj", "obj"}:  # "planted a bomb that killed"
        return trigger.head.head
    return trigger


def _received(verb: Token, pattern: Pattern) -> bool:
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


def _verb_roles(index: ActorIndex, verb: Token) -> tuple[list[ActorRef], list[ActorRef], str]:
    subject, passive = _subject(verb)
    if subject is not None and not passive and subject.lemma_.lower() in WEAPONS and \
            subject.dep_ in {"dobj", "obj"}:  # "X planted a bomb that killed ...": X did
        subject = _subject(subject.head)[0] or subject
    source, how = phrase_actors(index, subject) if subject is not None else ([], "none")
    target: list[ActorRef] = []
    if passive and verb.lemma_.lower() in STANCES and _child_pobj(verb, ("by",)) is None:
        passive = False  # "Israel is opposed to the mediation": a stance, not a passive
    if passive:
        agent = _child_pobj(verb, ("by",))
        target, source = source, (phrase_actors(index, agent)[0] if agent is not None else [])
    # A candidate that is only the source itself ("made his visit to Y") names no target;
    # an agent with no country ("delivered armoured vehicles to the Somali army") is kept
    # only when no candidate names a country.
    target = _minus(target, source)
    if not target:
        fallback: list[ActorRef] = []
        for candidate in _targets(index, verb, source):
            found = _minus(candidate, source)
            if found and any(a.country for a in found):
                target = found
                break
            fallback = fallback or found
        # "sent troops to its border with Belarus": a country further down outranks the
        # country-less troops sent
        target = target or _deep_target(index, verb, source) or fallback
    return source, target, how


# Children that open another clause or say when, not whom: a target is never looked for there.
CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "ccomp", "advcl", "relcl", "conj",
                         "parataxis", "punct", "mark", "aux", "auxpass", "neg", "npadvmod",
                         "cc", "expl", "xcomp"})


REPORTED_DEPS = frozenset({"ccomp", "relcl", "xcomp"})  # what was said, and about what


def _deep_target(index: ActorIndex, head: Token, source: list[ActorRef],
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
                _is_place(index, token):
            continue  # where it happened ("across Nairobi"), not to whom
        seen.append(token)
        stack.extend(c for c in token.children if c.dep_ not in skip | {"appos"} or
                     c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"} or  # "gas and bullets"
                     c.dep_ == "npadvmod" and c.ent_type_ in {"GPE", "NORP"})  # "Estonian-
        # flagged"
    for token in sorted(seen, key=lambda t: t.i):
        mention = index.by_token.get(token.i)
        actor = index.actor(mention) if mention is not None else None
        found = _minus([actor], source) if actor is not None and actor.country else []
        if found:
            return found
    return []


def _targets(index: ActorIndex, verb: Token, source: list[ActorRef],
             ) -> Iterator[list[ActorRef]]:
    """Where a verb's target may be, best first (computed lazily)."""
    for child in verb.children:
        if child.dep_ in {"dobj", "obj", "dative", "attr"}:
            yield phrase_actors(index, child)[0]
            # "valued X's visit", "the move by X": its owner; else "visit to Y"
            owner = next((c for c in child.children if c.dep_ == "poss"), None)
            owner = owner or _child_pobj(child, ("by",))
            if owner is not None:
                yield phrase_actors(index, owner)[0]
            yield _prep_targets(index, child)
    yield _prep_targets(index, verb)
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    subject = _subject(clause)[0] if clause is not None else None
    if subject is not None:  # "demanded that X release ...": X is who is asked
        yield phrase_actors(index, subject)[0]
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if xcomp is not None:  # "pledged to send aid to X": X is the target
        yield _verb_roles(index, xcomp)[1]
    yield _between(index, verb, source)


def _between(index: ActorIndex, verb: Token, source: list[ActorRef]) -> list[ActorRef]:
    """"hosted talks between X and Y": both are the target, unless they are the source's
    own sides ("the presidents agreed to resume flights between the two countries")."""
    for host in [verb, *(c for c in verb.children if c.dep_ in {"dobj", "obj"})]:
        pobj = _child_pobj(host, ("between", "among"))
        if pobj is not None:
            countries = {a.country for a in source}
            return [a for a in phrase_actors(index, pobj)[0] if a.country not in countries]
    return []


def _noun_roles(index: ActorIndex, noun: Token) -> tuple[list[ActorRef], list[ActorRef], str]:
    source: list[ActorRef] = []
    how = "name"
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "amod", "nmod"}:
            actors, how = phrase_actors(index, child)
            source.extend(actors)
    between = _child_pobj(noun, ("between", "among"))
    if between is not None:
        pair, how = phrase_actors(index, between)
        return pair[:1], pair[1:], how
    target = _prep_targets(index, noun) or _deep_target(index, noun, source)
    verb = _governor(noun)
    if verb is not None and noun.head.lower_ == "under" and noun.head.head.i == verb.i:
        # "Armenian positions came under attack from Azerbaijani forces"
        subject, _ = _subject(verb)
        attacked = phrase_actors(index, subject)[0] if subject is not None else []
        by = _child_pobj(noun, ("from", "by"))
        return (phrase_actors(index, by)[0] if by is not None else []), attacked, how
    if verb is not None and not source:
        subject, _ = _subject(verb)
        actors, how = phrase_actors(index, subject) if subject is not None else ([], how)
        if verb.lemma_.lower() in RECEIVE:  # "X received support from Y": X is the target
            giver = _prep_targets(index, verb)
            return giver, actors, how
        source = actors
        if not target:  # "joined the Iranian navy for drills", "granted Moldova support"
            target = next((found for candidate in _targets(index, verb, source)
                           if (found := _minus(candidate, source))), [])
    return source, target, how


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject, inherited up xcomp/conj/advcl chains; passive subjects are flagged."""
    token: Token | None = verb
    while token is not None:
        controller = _controller(token)
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
            return _subject(token.head.head)  # "released a statement denouncing X": the
            # one who released it denounces
        if token.dep_ == "acl" and (token.tag_ == "VBD" or _has_object(token) or
                                    token.sent.root.pos_ in {"NOUN", "PROPN"}):
            # no verb at the root: "Doctors from two groups donated"; or an active verb
            # with its object: "guards tortured captured soldiers"
            return _phrase_top(token.head), False
        if token.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acomp"} and \
                token.head.i != token.i:  # "he is prepared to lift"
            token = token.head
        elif token.dep_ == "relcl":
            return token.head, False
        else:
            token = None
    return None, False


def _phrase_top(noun: Token) -> Token:
    """The noun a prepositional chain hangs from: "doctors" in "doctors from two groups"."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in {
            "NOUN", "PROPN"}:
        noun = noun.head.head
    return noun


def _controller(verb: Token) -> Token | None:
    """The object of "urged Peru to X", who is the subject of X."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in OBJECT_CONTROL:
        return None
    return next((c for c in verb.head.children if c.dep_ in {"dobj", "obj"}), None)


def _governor(noun: Token) -> Token | None:
    """The verb a noun trigger hangs from ("made a visit", "declaration of support")."""
    token = noun
    for _ in range(6):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return None


def _child_pobj(token: Token, preps: tuple[str, ...]) -> Token | None:
    return next(_child_pobjs(token, preps), None)


def _prep_targets(index: ActorIndex, token: Token) -> list[ActorRef]:
    """The target after a preposition; "in <place>" and "at <place>" say where it
    happened (the event's location), never whom it was done to ("spoke in Geneva")."""
    for prep in TARGET_PREPS:
        for pobj in _child_pobjs(token, (prep,)):  # "on Monday on Iranian officials": each
            if prep in PLACE_PREPS and _is_place(index, pobj):
                continue
            actors, _ = phrase_actors(index, pobj)
            if actors:
                return actors
    return []


def _child_pobjs(token: Token, preps: tuple[str, ...]) -> Iterator[Token]:
    """The objects of the token's prepositions among ``preps``, in the text's order."""
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            yield from (g for g in child.children if g.dep_ == "pobj")


def _is_place(index: ActorIndex, token: Token) -> bool:
    mention = index.by_token.get(token.i)
    if mention is None:
        return False
    entity = index.entities.get(mention.entity_id or "")
    return entity is not None and entity.kind in {"country", "place"} and not mention.sector


def _flags(clause: Token, sent: SpacySpan) -> dict[str, bool]:
    chain = [clause]
    while chain[-1].dep_ in {"xcomp", "conj", "pcomp", "acomp"} and chain[-1].head.i != \
            chain[-1].i:
        chain.append(chain[-1].head)
    children = [c for t in chain for c in t.children]
    words = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass", "neg", "mark"}}
    # a clause joined by "but"/"and" has its own polarity: "X did not get Y, but Z offered"
    own = chain[:next((k + 1 for k, t in enumerate(chain) if t.dep_ == "conj"), len(chain))]
    negated = any(c.dep_ == "neg" or c.lower_ in {"never"} for t in own for c in t.children)
    # "urged X to leave", "demanded that X leave" (but "told reporters that X left" is said)
    hypothetical = bool(words & MODALS) or bool(words & {"if", "unless"}) or any(
        t.head.lemma_.lower() in APPEAL and (t.dep_ == "xcomp" or t.dep_ == "ccomp" and
                                             t.head.lemma_.lower() not in SPEECH)
        for t in chain)
    future = bool(words & FUTURE_AUX) or any(
        t.dep_ == "xcomp" and t.head.lemma_.lower() in INTENT for t in chain)
    top = chain[-1]
    reported = (top.dep_ == "ccomp" and top.head.lemma_.lower() in SPEECH) or _in_quote(
        clause, sent)
    return {"negated": negated, "hypothetical": hypothetical, "future": future,
            "reported": reported}


def _in_quote(token: Token, sent: SpacySpan) -> bool:
    before = [t for t in sent if t.i < token.i and t.text in QUOTES]
    return len(before) % 2 == 1


def _minus(target: list[ActorRef], source: list[ActorRef]) -> list[ActorRef]:
    """Targets that are not the source itself (same entity, or the same country and sector:
    "Lula valued the visit to Brazil" is not Brazil acting on Brazil)."""
    ids = {a.entity_id for a in source}
    codes = {(a.country, a.sector) for a in source}
    countries = {a.country for a in source}
    return [a for a in target if a.entity_id not in ids and (a.country, a.sector) not in codes
            and not (a.sector is None and a.country in countries)]
