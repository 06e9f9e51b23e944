"""What one sentence tells, once: the events the coder found, settled.

One event per actors and root (the most specific code); a killing that results from another
violent act joins it; what an accusation, an inquiry or a criticism is about is no event of
its own; a protest's demand is the protest; a statement carries the denunciation it makes; a
purpose with no target serves its act; and an act with no target is dropped beside the same
act with one in its own clause chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from chronicle.model import ActorRef
from chronicle.pipeline.events.frames import Frame, recode
from chronicle.pipeline.events.patterns import Pattern
from chronicle.pipeline.events.roles import VIOLENT_ROOTS, WEAPONS

TOPIC_ROOTS = frozenset({"09", "11", "12"})  # acts whose object is another act


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


def settle(found: list[Found]) -> list[Found]:
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
