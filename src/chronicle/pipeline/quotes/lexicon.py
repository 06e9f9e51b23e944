"""Word lists the quotes stage reads: speech verbs (a data file), pronouns, gendered titles.

``data/speech_verbs.txt`` holds one verb lemma a line, optionally with a particle ("point
out") and a second column ``clause`` for verbs that attribute only a quote that is their
own clause (``"...," he added``), never a phrase deep inside their object.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Token

# Gender a pronoun or title word tells; None (they) matches anyone.
PRONOUN_GENDER: dict[str, str | None] = {"he": "m", "she": "f", "they": None}
POSSESSIVE_GENDER = {"his": "m", "her": "f"}
HONORIFIC_GENDER = {
    "mr": "m", "mr.": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "madam": "f",
    "madame": "f", "dame": "f", "lady": "f", "queen": "f", "princess": "f",
}
# Subjects that name nobody: "it was said that ...", "there were claims ...".
EXPLETIVES = frozenset({"it", "there"})
RELATIVES = frozenset({"who", "which", "that", "whom"})
# Tokens a verb reads as the cue even when spaCy tags them otherwise never count:
# "Omar Said" is a name, "so-called" an adjective.
NON_CUE_DEPS = frozenset({"amod", "compound", "pobj", "nmod", "poss", "appos", "npadvmod"})


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str  # "say", "point out"
    clause_only: bool


@cache
def speech_verbs() -> dict[tuple[str, str | None], Cue]:
    """(verb lemma, particle or None) -> Cue, read once from the data file."""
    text = files("chronicle.data").joinpath("speech_verbs.txt").read_text(encoding="utf-8")
    table: dict[tuple[str, str | None], Cue] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        phrase, _, flag = line.partition("\t")
        words = phrase.split()
        particle = words[1] if len(words) > 1 else None
        table[(words[0], particle)] = Cue(" ".join(words), flag.strip() == "clause")
    return table


def cue_of(token: Token) -> Cue | None:
    """The speech cue ``token`` is, if it is a verb from the list used as a verb."""
    if token.pos_ != "VERB" or token.dep_ in NON_CUE_DEPS or token.ent_type_ == "PERSON":
        return None
    table = speech_verbs()
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ == "prt" and (lemma, child.lower_) in table:
            return table[(lemma, child.lower_)]
    return table.get((lemma, None))


def according_to(token: Token) -> Token | None:
    """The source in "according to X" when ``token`` is that "according", else None."""
    if token.lower_ != "according":
        return None
    for to in token.children:
        if to.lower_ == "to":
            return next((c for c in to.children if c.dep_ == "pobj"), None)
    return None
