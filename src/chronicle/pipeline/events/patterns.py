"""The event trigger lexicon: verb and noun patterns mapped to CAMEO codes, matched on a parse.

Rows live in ``data/event_patterns.tsv`` (``pattern  cameo  note``; ``#`` starts a comment).
A pattern is a trigger followed by the parts that must all be present around it:

* ``visit`` -- a verb lemma; ``n:visit`` -- a noun lemma (an event nominal).
* ``~talk|meeting`` -- the lemma of the verb's direct object (``dobj``/``obj``; the passive
  subject for a passive verb). Right after a preposition, ``~`` names that preposition's object.
* ``>for`` or ``>about|over`` -- a preposition child; ``call >for ~review`` adds its object.
* ``prt:up`` -- a particle ("step up"; an adverb or an object-less preposition also counts,
  as the parser tags "stepped *down*" and "pulled *out* of"); ``xcomp:deepen|boost`` -- the
  verb of an open complement ("pledged to deepen ties").
* ``a|b`` gives alternatives anywhere, also for the trigger (``criticize|criticise``).
* ``war_crime`` means the head ``crime`` with ``war`` before it in its phrase; ``n:air_strike``
  is the noun ``strike`` with ``air`` before it. Such compounds count as one part more.

Alternatives of the trigger, particle and preposition, and plain/compound word groups are
expanded into separate ``Pattern`` records: one trigger, particle and preposition per slot.
``specificity`` counts the parts a record requires; ``match`` tries the most specific first,
ties in file order. Prepositions are looked for on the trigger, on its objects (the parser
hangs "sanctions *on* the regime" on the object) and one level down (a call "for an end
*to* the fighting"); a quantity object ("hundreds of prisoners") also exposes its ``of`` noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import product
from typing import TYPE_CHECKING

from chronicle.errors import PipelineError

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA_FILE = "event_patterns.tsv"
CODE_RE = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")
OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass"})
PREP_DEPS = frozenset({"prep", "dative"})
PARTICLE_DEPS = frozenset({"prt", "advmod", "prep"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
# Heads that only count something; the noun after "of" says what ("dozens of protesters").
QUANTITY_HEADS = frozenset({
    "dozen", "hundred", "thousand", "million", "score", "number", "group", "couple",
    "batch", "handful", "some", "several", "many", "all", "most", "rest", "part",
    # measures: "20,000 tonnes of wheat", "$5 million worth of goods", "a shipment of arms"
    "tonne", "ton", "kilogram", "kg", "litre", "liter", "barrel", "dose", "unit", "shipment",
    "consignment", "worth", "package", "truckload", "planeload", "crate", "bag", "sack",
    "load", "supply", "quantity", "amount", "line", "billion",
})


@dataclass(frozen=True, slots=True)
class Pattern:
    lemma: str
    noun: bool
    objects: frozenset[str]
    preps: tuple[tuple[str, frozenset[str]], ...]
    particle: str | None
    xcomp: frozenset[str]
    cameo: str
    specificity: int
    modifier: str | None = None  # "air" in n:air_strike
    text: str = ""  # the row's pattern as written, for evidence and debugging
    line: int = 0


def _error(message: str, line: int) -> PipelineError:
    return PipelineError(message, context=f"In data/{DATA_FILE} line {line}")


def _split_words(spec: str, line: int) -> list[frozenset[str]]:
    """``a|b|war_crime`` -> plain and compound groups, each matched as one slot."""
    words = [w.strip().lower() for w in spec.split("|")]
    if not all(words):
        raise _error(f"empty alternative in `{spec}`", line)
    plain = frozenset(w for w in words if "_" not in w)
    compound = frozenset(w for w in words if "_" in w)
    return [group for group in (plain, compound) if group]


def _score(group: frozenset[str] | None) -> int:
    """A word slot counts one part, two if its words are compounds."""
    if group is None:
        return 0
    return 1 + any("_" in w for w in group)


@dataclass(slots=True)
class _Parts:
    triggers: list[str]
    objects: list[frozenset[str]]
    preps: list[tuple[list[str], list[frozenset[str]]]]
    particles: list[str | None] = field(default_factory=lambda: [None])
    xcomp: frozenset[str] = frozenset()


def _parse_parts(text: str, line: int) -> tuple[bool, _Parts]:
    tokens = text.split()
    if not tokens:
        raise _error("empty pattern", line)
    head, noun = tokens[0], tokens[0].startswith("n:")
    parts = _Parts(triggers=[w.lower() for w in head.removeprefix("n:").split("|")],
                   objects=[], preps=[])
    for token in tokens[1:]:
        if token.startswith("~"):
            groups = _split_words(token[1:], line)
            if parts.preps and not parts.preps[-1][1]:
                parts.preps[-1][1].extend(groups)
            elif parts.objects or parts.preps or noun:
                raise _error(f"object `{token}` has no slot (nouns take none; one per verb)", line)
            else:
                parts.objects.extend(groups)
        elif token.startswith(">"):
            parts.preps.append(([p.lower() for p in token[1:].split("|") if p], []))
        elif token.startswith("prt:"):
            parts.particles = [p.lower() for p in token[4:].split("|") if p]
        elif token.startswith("xcomp:"):
            parts.xcomp = frozenset(w.lower() for w in token[6:].split("|") if w)
        else:
            raise _error(f"unknown part `{token}` in `{text}`", line)
    if not all(parts.triggers) or not parts.particles or any(not p for p, _ in parts.preps):
        raise _error(f"empty trigger or preposition in `{text}`", line)
    return noun, parts


def parse_pattern(text: str, cameo: str, line: int = 0) -> list[Pattern]:
    """All ``Pattern`` records one row of the lexicon stands for."""
    if not CODE_RE.match(cameo):
        raise _error(f"`{cameo}` is not a CAMEO code (2-4 digits, root 01-20)", line)
    noun, parts = _parse_parts(text, line)
    object_options: list[frozenset[str] | None] = [*parts.objects] or [None]
    prep_options: list[list[tuple[str, frozenset[str] | None]]] = []
    for names, groups in parts.preps:
        options: list[frozenset[str] | None] = [*groups] or [None]
        prep_options.append([(name, group) for name in names for group in options])
    out = []
    combos = product(parts.triggers, parts.particles, object_options, product(*prep_options))
    for trigger, particle, objects, slots in combos:
        modifier, _, lemma = trigger.rpartition("_")
        score = 1 + bool(modifier) + bool(particle) + bool(parts.xcomp) + _score(objects)
        score += sum(1 + _score(group) for _, group in slots)
        out.append(Pattern(
            lemma=lemma, noun=noun, objects=objects or frozenset(),
            preps=tuple((name, group or frozenset()) for name, group in slots),
            particle=particle, xcomp=parts.xcomp, cameo=cameo, specificity=score,
            modifier=modifier or None, text=text, line=line,
        ))
    return out


def _rows(text: str) -> Iterator[tuple[int, str, str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if cells[0] == "pattern":
            continue
        if len(cells) < 2:
            raise _error(f"expected `pattern<TAB>cameo<TAB>note`, got {raw!r}", number)
        yield number, cells[0].strip(), cells[1].strip()


@cache
def all_patterns() -> tuple[Pattern, ...]:
    """Every pattern of the shipped lexicon, in file order."""
    text = resources.files("chronicle").joinpath("data", DATA_FILE).read_text("utf-8")
    return tuple(p for line, pattern, cameo in _rows(text)
                 for p in parse_pattern(pattern, cameo, line))


@cache
def _index() -> dict[tuple[str, bool], tuple[Pattern, ...]]:
    grouped: dict[tuple[str, bool], list[Pattern]] = {}
    for pattern in all_patterns():
        grouped.setdefault((pattern.lemma, pattern.noun), []).append(pattern)
    # sorted() is stable, so equally specific patterns keep their file order.
    return {key: tuple(sorted(group, key=lambda p: -p.specificity))
            for key, group in grouped.items()}


def patterns_for(lemma: str, noun: bool = False) -> list[Pattern]:
    """Patterns triggered by ``lemma`` (a verb, or a noun if ``noun``), most specific first."""
    return list(_index().get((lemma.lower(), noun), ()))


def match(token: Token) -> Pattern | None:
    """The most specific pattern whose parts are all found around ``token``, if any."""
    noun = token.pos_ in NOUN_POS
    if not noun and token.pos_ != "VERB":
        return None
    candidates = [p for key in _keys(token, noun) for p in patterns_for(key, noun)]
    if not candidates:
        return None
    context = _Context.of(token, noun)
    candidates.sort(key=lambda p: -p.specificity)
    return next((p for p in candidates if context.satisfies(p)), None)


def loose_match(token: Token) -> Pattern | None:
    """For a verb the lexicon lists only with objects it lacks here ("will release the
    prime minister", "will return weapons"): its usual code, as a bare pattern. Only used
    where the sentence frames the action (promised, asked for, refused), whose own root
    is what counts."""
    if token.pos_ != "VERB":
        return None
    for key in _keys(token, False):
        code = _usual_code(key)
        if code is not None:
            return parse_pattern(key, code)[0]
    return None


@cache
def _usual_code(lemma: str) -> str | None:
    """The 3-digit code most of a verb's rows give (ties: the first row's)."""
    rows = patterns_for(lemma, False)
    if not rows:
        return None
    counts: dict[str, int] = {}
    for pattern in rows:
        counts[pattern.cameo[:3]] = counts.get(pattern.cameo[:3], 0) + 1
    return max(counts, key=lambda c: counts[c])


def _keys(token: Token, noun: bool) -> list[str]:
    """Lemma and spelling; for verbs also the stems a lemmatizer slip can hide.

    The small English model turns "staged" into "stag" and "waged" into "wag"; trying
    the form minus "d"/"ed"/"ing" (plus "e") recovers the lexicon's lemma."""
    keys = [token.lemma_.lower(), token.lower_]
    text = token.lower_
    if not noun:
        if text.endswith("ed"):
            keys += [text[:-1], text[:-2]]
        elif text.endswith("ing"):
            keys += [text[:-3] + "e", text[:-3]]
        elif text.endswith("s"):
            keys += [text[:-1]]
    return list(dict.fromkeys(keys))


def _words(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _has(token: Token, word: str) -> bool:
    """``word`` is a plain lemma, or ``modifier_head`` with the modifier before the head."""
    modifier, _, head = word.rpartition("_")
    if head not in _words(token):
        return False
    return not modifier or any(
        modifier in _words(t) for t in token.subtree if t.i < token.i
    )


@cache
def _heads(group: frozenset[str]) -> frozenset[str]:
    """The head words of a group ("war_crime" -> "crime")."""
    return frozenset(word.rpartition("_")[2] for word in group)


def _any_has(tokens: Iterable[Token], group: frozenset[str]) -> bool:
    return any(_has(t, w) for t in tokens for w in group)


def _expand(tokens: Iterable[Token]) -> list[Token]:
    """Add conjuncts ("curfew and martial law") and the noun a quantity counts."""
    out: list[Token] = []
    stack = list(tokens)
    while stack:
        token = stack.pop(0)
        if token in out:
            continue
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ == "conj")
        if token.lemma_.lower() in QUANTITY_HEADS or token.pos_ == "NUM":
            stack.extend(g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj")
    return out


def _prep_objects(prep: Token) -> list[Token]:
    return _expand(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))


@dataclass(slots=True)
class _Context:
    """What surrounds a trigger token: objects, prepositions, particles, complements."""

    token: Token
    objects: list[Token]
    preps: list[tuple[str, list[Token]]]
    particles: set[str]
    xcomps: set[str]
    object_words: set[str] = field(default_factory=set)  # for a quick no before the checks
    prep_names: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, token: Token, noun: bool) -> _Context:
        objects = [] if noun else _expand(c for c in token.children if c.dep_ in OBJECT_DEPS)
        preps: list[tuple[str, list[Token]]] = []
        for host in [token, *objects]:
            for child in host.children:
                if child.dep_ in PREP_DEPS:
                    cls._add_prep(child, preps)
        particles = {c.lower_ for c in token.children if c.dep_ in PARTICLE_DEPS
                     and not any(g.dep_ in ("pobj", "pcomp") for g in c.children)}
        # "helped Cambodia clear mines": a bare infinitive the parser may call a ccomp
        xcomps = {c.lemma_.lower() for c in token.children if c.dep_ == "xcomp" or (
            c.dep_ == "ccomp" and not any(
                g.dep_ in {"nsubj", "mark", "nsubjpass"} for g in c.children))}
        return cls(token, objects, preps, particles, xcomps,
                   {w for t in objects for w in _words(t)}, {name for name, _ in preps})

    @staticmethod
    def _add_prep(prep: Token, out: list[tuple[str, list[Token]]]) -> None:
        objects = _prep_objects(prep)
        out.append((prep.lower_, objects))
        # One level down: "end *to* the fighting", "out *of* the city".
        for host in [prep, *objects]:
            for child in host.children:
                if child.dep_ in PREP_DEPS:
                    out.append((child.lower_, _prep_objects(child)))

    def satisfies(self, pattern: Pattern) -> bool:
        if pattern.objects and not _heads(pattern.objects) & self.object_words:
            return False  # none of the objects it needs is there: no closer look
        if any(prep not in self.prep_names for prep, _ in pattern.preps):
            return False
        if pattern.modifier and not _has(self.token, f"{pattern.modifier}_{pattern.lemma}"):
            return False
        if pattern.objects and not _any_has(self.objects, pattern.objects):
            return False
        if pattern.particle and pattern.particle not in self.particles:
            return False
        if pattern.xcomp and not pattern.xcomp & self.xcomps:
            return False
        return all(self._has_prep(prep, group) for prep, group in pattern.preps)

    def _has_prep(self, prep: str, group: frozenset[str]) -> bool:
        return any(name == prep and (not group or _any_has(objects, group))
                   for name, objects in self.preps)
