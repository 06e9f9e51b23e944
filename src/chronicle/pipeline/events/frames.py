"""What a sentence does with an action: asks for it, demands it, promises it, threatens it,
refuses it, or denies it happened (CAMEO 1.1b3's usage notes; PLOVER's REQUEST, AGREE,
THREATEN and REJECT).

"X urged Y to release the prisoners" is no release: it is X's appeal to Y (0253). "X will
send aid" is an intent (0331), "X threatened to impose sanctions" a threat (1312), "X
refused to withdraw" a refusal (1246). CAMEO gives these their own roots, with sub-codes
that follow the action asked for, promised or refused; ``recode`` builds them from the
action's code. A plain negation ("did not attack") is no event at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from chronicle.pipeline.events import codebook

APPEAL = frozenset({"urge", "ask", "call", "press", "request", "encourage", "invite",
                    "persuade", "pressure", "push", "implore", "beg", "appeal", "exhort",
                    "lobby", "petition", "plead"})
DEMAND = frozenset({"demand", "order", "insist", "require", "command", "instruct", "direct",
                    "ultimatum", "tell"})
REFUSE = frozenset({"refuse", "decline", "reject", "resist", "oppose", "rule", "balk"})
THREAT = frozenset({"threaten", "warn"})
FAIL = frozenset({"fail"})
INTENT = frozenset({"pledge", "vow", "promise", "plan", "intend", "offer", "agree", "decide",
                    "prepare", "propose", "aim", "seek", "want", "hope", "expect", "resolve",
                    "commit", "undertake", "volunteer", "consider", "announce"})
READY = frozenset({"willing", "ready", "prepared", "determined", "eager", "keen", "set",
                   "poised", "open"})
SPEECH = frozenset({"say", "tell", "state", "declare", "announce", "insist", "stress",
                    "add", "note", "warn", "argue", "maintain", "conclude", "write",
                    "reply", "respond", "confirm", "signal", "indicate"})
FUTURE = frozenset({"will", "shall", "'ll", "wo"})
OBLIGATION = frozenset({"must", "should"})
CONDITIONAL_MODALS = frozenset({"would", "could", "may", "might"})
REFUSING = FUTURE | {"would", "can", "could", "ca"}  # "would not", "cannot" (spaCy: "ca")
# Roots of actions that hurt the target: promised, they are threats (13), not intents (03).
HOSTILE = frozenset({"14", "15", "16", "17", "18", "19", "20"})


@dataclass(frozen=True, slots=True)
class Frame:
    """``kind``: appeal, demand, intent, threat, condition ("will X if"), reject, failed or
    negated; ``by``: the verb whose subject asks or demands (appeal, demand), whose object
    is asked (``asked``)."""

    kind: str
    by: Token | None = None
    asked: Token | None = None


def frame_of(clause: Token) -> Frame | None:
    """The frame of the action whose verb is ``clause``, from its chain of governing verbs."""
    token = clause
    negated = _negated(token)
    for _ in range(4):
        head = token.head
        lemma, dep = head.lemma_.lower(), token.dep_
        if head.i == token.i:
            break
        # "urged Y to X"; "called on Y to X", "threatened on Monday to X": the parser may
        # hang the infinitive as an adverbial clause; it is the same complement
        infinitive = dep == "advcl" and any(c.lower_ == "to" and c.dep_ == "aux"
                                            for c in token.children)
        if infinitive:
            dep = "xcomp"
        if lemma in APPEAL | DEMAND and dep == "xcomp":
            kind = "demand" if lemma in DEMAND else "appeal"
            asked = next((c for c in head.children if c.dep_ in {"dobj", "obj"}), None) or \
                next((g for c in head.children if c.dep_ == "prep" and c.lower_ in
                      {"on", "upon", "to"} for g in c.children if g.dep_ == "pobj"), None)
            return Frame(kind, head, asked)
        if dep == "ccomp" and lemma in THREAT and _aux(token) & (FUTURE | {"would"}):
            return Frame("threat")  # "warned that it would use force to disperse ..."
        if dep == "ccomp" and lemma in DEMAND - {"tell"}:  # "demanded that Y release Z"
            return Frame("demand", head, _subject_of(token))
        if dep == "ccomp" and lemma in SPEECH and _aux(token) & OBLIGATION \
                and not _same_subject(token, head):  # "X said Y must withdraw"
            return Frame("demand", head, _subject_of(token))
        if dep == "xcomp" and lemma in REFUSE or dep == "xcomp" and _negated(head) and (
                lemma in INTENT or head.lower_ in READY):
            return Frame("reject")
        if dep == "xcomp" and lemma in FAIL:  # "failed to reach an agreement"
            return Frame("failed")
        if dep == "xcomp" and lemma in THREAT:
            return Frame("threat")
        if dep == "xcomp" and (lemma in INTENT or head.lower_ in READY):
            return Frame("intent") if not negated else Frame("reject")
        if dep not in {"xcomp", "conj"} or head.pos_ not in {"VERB", "AUX", "ADJ"}:
            break
        token = head
    if negated and _aux(clause) & REFUSING:  # "would not yield", "will not attend"
        return Frame("reject")
    if not negated and _aux(clause) & (FUTURE | CONDITIONAL_MODALS) and any(
            c.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in c.children)
            for c in clause.children):  # "may halt its mediation if ...": a threat
        return Frame("condition")
    if _aux(clause) & FUTURE or "would" in _aux(clause) and clause.dep_ == "ccomp" \
            and clause.head.lemma_.lower() in SPEECH:  # "said it would tighten": will
        return Frame("intent")
    return Frame("negated") if negated else None


def recode(cameo: str, frame: Frame) -> str:
    """The code of the frame around an action coded ``cameo`` (the action's own code when
    the frame does not change it)."""
    root = cameo[:2]
    if frame.kind in {"appeal", "demand", "intent"}:
        if root in {"02", "03", "10"} and frame.kind != "intent":
            # "X must agree to talks": the intent (036) demanded is a demand (106)
            return _known({"appeal": "02", "demand": "10"}[frame.kind] + cameo[2:])
        if root in {"01", "11", "12", "13"} and frame.kind != "intent":
            # "called on X to publish the results", "urged Y to condemn Z": an appeal
            return {"appeal": "020", "demand": "100"}[frame.kind]
        if root in {"01", "02", "03", "10", "11", "12", "13"}:
            return cameo  # already a statement, an appeal, an intent or a threat
        if frame.kind == "intent" and root in HOSTILE:
            return _known(_THREATS.get(cameo[:3]) or _THREATS.get(root) or "130")
        head = {"appeal": "02", "demand": "10", "intent": "03"}[frame.kind]
        return _known(head + _cooperation_suffix(cameo, frame.kind))
    if frame.kind == "condition":  # on a condition, a hostile act is a threat, any other
        return recode(cameo, Frame("threat" if root in HOSTILE else "intent"))  # an offer
    if frame.kind == "threat":
        if root == "13":
            return cameo
        return _known(_THREATS.get(cameo[:3]) or _THREATS.get(root) or "130")
    if frame.kind in {"reject", "failed"}:  # failing to agree rejects the deal on the table
        return _known(_rejection(cameo))
    return cameo


def _cooperation_suffix(cameo: str, kind: str) -> str:
    """The digits after 02/03/10 for the action asked for or promised."""
    three = cameo[:3]
    if three == "045":  # mediate
        return "9" if kind == "intent" else "8"
    if three == "057":  # sign an agreement: settle the dispute
        return "7"
    if three[:2] == "04":
        return "6"
    if three[:2] == "05":
        return "2"
    if three[:2] in {"06", "07"}:
        sub = {"06": "1", "07": "3"}[three[:2]]
        return sub + ({"1": "1", "2": "2", "3": "3", "4": "4"}.get(three[2], ""))
    if three == "083":  # accede to a leadership, policy, rights or regime change: 0x4y
        return "4" + cameo[3:4]
    if three[:2] == "08":
        return _YIELD.get(three, "5")
    return "0"


def _rejection(cameo: str) -> str:
    three = cameo[:3]
    if three == "045":
        return "126"
    if three == "057":
        return "127"
    if three[:2] == "04":
        return "125"
    if three[:2] == "06":
        return "121" + ({"1": "1", "2": "2"}.get(three[2], ""))
    if three[:2] == "07":
        return "122" + ({"1": "1", "2": "2", "3": "3", "4": "4"}.get(three[2], ""))
    if three[:2] == "08":
        return {"083": "123"}.get(three) or "124" + _YIELD.get(three, "5")[1:]
    return "120"


def _known(code: str) -> str:
    """The code itself when the codebook has it, else the nearest shorter one that it has."""
    for candidate in (code, code[:3], code[:2] + "0", code[:2]):
        if codebook.is_code(candidate):
            return candidate
    return code


# Yielding (08x) -> the last digits of 02/03/10 "to yield" sub-codes (x5y) or reform (x4).
_YIELD = {"081": "51", "082": "52", "083": "4", "084": "53", "085": "54", "086": "55",
          "087": "56", "080": "5"}
# A hostile action promised -> the threat of it (13x).
_THREATS = {"162": "1311", "163": "1312", "161": "1313", "160": "131", "164": "134",
            "165": "135", "166": "136", "171": "137", "172": "132", "173": "137",
            "174": "137", "175": "137", "14": "133", "15": "138", "16": "131", "17": "137",
            "18": "1383", "19": "1384", "191": "1381", "192": "1382", "20": "1385"}


def _aux(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in {"never"} for c in verb.children)


def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _same_subject(clause: Token, speech: Token) -> bool:
    a, b = _subject_of(clause), _subject_of(speech)
    if a is None or b is None:
        return True
    return a.lower_ in {"it", "they", "he", "she", "we", "i"} or a.lemma_ == b.lemma_
