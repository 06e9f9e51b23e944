"""The event coder: trigger, source, target and flags from each sentence's dependency parse.

A trigger is a verb (with its object, preposition or particle) or an event noun listed
in ``data/event_patterns.tsv``. The source is the trigger's subject (inherited through
``xcomp``/``conj`` chains, the agent of a passive, the possessor of a noun: "X's visit"),
the target its object or the object of a preposition ("talks with Y", "sanctions on Y").
Flags never drop an event: negated ("did not"), hypothetical (modal, "if"), future
(pledged to, will) and reported (inside a quote, or the clause of a speech verb).

``roles.py`` finds who and whom, ``frames.py`` what the sentence does with the act (asks
for it, promises, threatens, refuses it), ``settle.py`` which of the events found the
sentence tells; here: the trigger, the act's code from who does it to whom, and the flags.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from chronicle.model import ActorRef
from chronicle.pipeline.events.actors import ActorIndex, phrase_actors
from chronicle.pipeline.events.frames import frame_of, recode
from chronicle.pipeline.events.patterns import NOUN_POS, Pattern, loose_match, match
from chronicle.pipeline.events.roles import (
    APPEAL,
    WEAPONS,
    authority_of_place,
    child_pobj,
    deep_target,
    governor_of,
    has_object,
    minus,
    noun_roles,
    own_country,
    place_people,
    received,
    subject_of,
    verb_roles,
)
from chronicle.pipeline.events.settle import Found, settle

SPEECH = {"say", "tell", "state", "add", "note", "announce", "claim", "report", "affirm",
          "declare", "stress", "emphasise", "emphasize", "insist", "argue", "allege", "warn"}
INTENT = {"pledge", "vow", "promise", "plan", "intend", "aim", "seek", "hope", "want",
          "expect", "prepare", "propose", "offer", "threaten", "agree", "decide", "resolve"}
MODALS = {"would", "could", "should", "might", "may", "must", "can", "ought"}
FUTURE_AUX = {"will", "shall", "'ll"}
COMMENTATORS = frozenset({"BUS", "EDU", "MED"})
VERBAL_ROOTS = frozenset({"01", "02", "03", "04", "05", "09", "10", "11", "12", "13"})
SETTING_PREPS = frozenset({"after", "before", "following", "since", "amid", "amidst",
                           "despite"})
SETTING_NOUNS = frozenset({"anniversary", "memorial", "commemoration", "victim"})
PROTESTERS = frozenset({"protester", "protestor", "demonstrator", "rioter", "crowd", "mob",
                        "marcher", "striker", "supporter"})
MASS_ACTS = frozenset({"kill", "massacre", "execute", "slaughter", "murder", "expel",
                       "drive", "deport", "uproot", "displace"})
EXPULSIONS = frozenset({"expel", "drive", "deport", "uproot", "displace"})
# Acts a state or its people do at home unless the text names another target: easing
# restrictions or dissent, acceding to demands (081-083; what is returned, eased abroad or
# retreated from has a foreign target), protest, and coercion.
DOMESTIC = ("081", "082", "083", "14", "17")
SANCTIONS = ("161", "162", "163", "166")
# Acts only a state's authorities do: investigate (09), arrest, detain, expel, ban (17).
AUTHORITY_ROOTS = frozenset({"09", "17"})
COOPERATIVE = frozenset({"03", "04", "05", "06", "07", "08"})  # failing them is a rejection
QUOTES = {'"', "“", "”", "«", "»"}


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
        if pattern.noun and governor_of(token) is not None and \
                governor_of(token).i in verb_triggers:  # type: ignore[union-attr]
            continue  # "held talks": the verb pattern already coded it
        if pattern.noun and _background(token) or not pattern.noun and (
                _described(token) or token.dep_ == "relcl" and pattern.cameo[:2] == "01"):
            continue  # "after a gun attack on its embassy, X called on Y": the setting;
            # "people Ankara regards as terrorists": an opinion that describes a noun
        roles = noun_roles(index, token) if pattern.noun else verb_roles(index, token)
        source, target, how = roles
        if not pattern.noun and received(token, pattern):
            source, target = target, source  # the giver was found where a target would be
        clause = governor_of(token) if pattern.noun else token
        frame = frame_of(clause) if clause is not None else None
        if pattern.cameo == "013" and (frame is not None and frame.kind == "negated" or
                                       _no_object(token)):  # "saw no prospect of": gloom
            pattern, frame = replace(pattern, cameo="012"), None
        if frame is not None and (frame.kind == "negated" or frame.kind == "failed" and
                                  pattern.cameo[:2] not in COOPERATIVE):
            continue  # "did not attack", "failed to stop" (CAMEO: a negated action is none)
        if frame is not None and frame.by is not None:  # "X urged Y to ...": X asks Y
            asker = subject_of(frame.by)[0]
            askers = phrase_actors(index, asker)[0] if asker is not None else []
            if askers:
                asked = phrase_actors(index, frame.asked)[0] if frame.asked is not None else []
                states = {a.country for a in askers if a.sector is None}
                if asked and all(a.country in states for a in asked):
                    continue  # "Turkey demanded ... people Ankara regards as": a state asks
                    # nothing of its own government (a parse slip, not a demand)
                source, target = askers, minus(asked or source or target, askers)
        if not source and target and pattern.cameo[:2] in AUTHORITY_ROOTS:
            source = authority_of_place(index, token)  # "was put under investigation in
            # Italy", "were detained in Spain": only that state's authorities do that
        if not source and not (target and _unknown_doer(token, pattern)):
            continue  # no actor, no event; but "three soldiers were killed" has a victim
        flags = _flags(clause or token, sent)
        if frame is not None and frame.kind == "reject":
            flags["negated"] = False  # "would not yield" is a refusal, not a negated yield
        target = minus(target, source)
        if not target and source and pattern.cameo[:2] in {"01", "09"}:
            # what a comment or an inquiry is about: "saw no prospect of relations with
            # Russia improving", "examined evidence that a Russian vessel had ..."
            target = deep_target(index, token, source, clauses=True)
        placeless = not any(a.country for a in target) or not any(a.country for a in source)
        if source and _acts_on_place(pattern.cameo) and placeless:
            where = place_people(index, token, source)  # "imposed a curfew in Freetown"
            # "burned down a school in Niger's Tillaberi region": the school is Niger's
            if not any(a.country for a in target):
                target = [replace(a, country=where[0].country) for a in target] if target \
                    and where else target or where
            if where and not any(a.country for a in source):  # "crowds attacked the
                source = [replace(a, country=where[0].country) for a in source]  # embassy in
                # Niamey": the crowd is of the place
        if source and not target and _domestic(pattern.cameo) and \
                (home := own_country(source)) is not None:
            target = [home]  # "Ecuador lifted the state of emergency in three provinces"
        protest = None if pattern.noun else _protest_adjunct(token)
        if protest is not None and pattern.cameo[:2] != "14" and \
                not pattern.cameo.startswith(SANCTIONS):  # "walked out in protest at X"
            # (a recalled ambassador or cut aid stays a sanction, whatever it protests)
            against = [p for p in token.children if p.dep_ == "prep" and p.i > protest.i
                       and p.lower_ in {"at", "against", "over"}]  # the parser's choice
            target = next((hit for host in [protest, *against]
                           if (hit := deep_target(index, host, source))), target)
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
    return sorted(settle(found), key=lambda f: f.trigger.i)


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
    subject = subject_of(event.trigger)[0]
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
    subject, passive = subject_of(trigger)
    if passive:
        return child_pobj(trigger, ("by",)) is None
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
    subject = subject_of(doer)[0]  # who acts, or who asks: "demonstrators demanded X resign"
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


def _acts_on_place(cameo: str) -> bool:
    """Acts done to the people of where they happen: easing or imposing restrictions, protest,
    force, violence (not talk, and not a military retreat, whose target is the enemy)."""
    return cameo[:2] in {"14", "17", "18", "19", "20"} or cameo[:2] == "08" and \
        cameo[:3] != "087"


def _no_object(verb: Token) -> bool:
    """"saw no prospect", "had no hope": the object is denied."""
    return any(c.dep_ in {"dobj", "obj"} and any(d.lower_ == "no" for d in c.children)
               for c in verb.children)


def _described(verb: Token) -> bool:
    """A verb that describes a noun rather than reports news: "a journalist detained at the
    airport", "a tanker that its guards had seized last month"."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # not a headline's only verb, and not
        # an active verb the parser took for one ("guards tortured captured soldiers")
        return verb.sent.root.pos_ in {"VERB", "AUX"} and not has_object(verb)
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
