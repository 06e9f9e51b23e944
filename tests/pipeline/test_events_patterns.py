"""The event trigger lexicon: every row parses to real CAMEO codes and matches real parses."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from chronicle.errors import PipelineError
from chronicle.pipeline.events.patterns import (
    CODE_RE,
    all_patterns,
    match,
    parse_pattern,
    patterns_for,
)

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
ROOTS = [f"{n:02d}" for n in range(1, 21)]


@pytest.fixture(scope="module")
def nlp():
    from chronicle.pipeline.nlp import load

    return load()


def code_at(nlp, sentence: str, word: str) -> str | None:
    """The CAMEO code the lexicon gives the first token spelled ``word``."""
    token = next(t for t in nlp(sentence) if t.text == word)
    pattern = match(token)
    return pattern.cameo if pattern else None


# --- the shipped file ----------------------------------------------------------------------

def test_every_row_parses_into_patterns():
    patterns = all_patterns()
    rows = {p.line for p in patterns}
    assert len(rows) >= 3000  # every CAMEO code, its synonyms and nominalisations
    assert all(p.lemma and p.specificity >= 1 for p in patterns)


def test_every_code_looks_like_cameo():
    for pattern in all_patterns():
        assert re.fullmatch(r"\d{2,4}", pattern.cameo), pattern.text
        assert CODE_RE.match(pattern.cameo), pattern.text
        assert pattern.cameo[:2] in ROOTS, pattern.text


def test_every_code_is_in_the_codebook():
    codebook = pytest.importorskip("chronicle.pipeline.events.codebook")
    unknown = sorted({p.cameo for p in all_patterns() if not codebook.is_code(p.cameo)})
    assert unknown == []


def test_every_root_has_at_least_five_rows():
    rows = Counter()
    for root, _line in {(p.cameo[:2], p.line) for p in all_patterns()}:
        rows[root] += 1
    assert {root: rows[root] for root in ROOTS if rows[root] < 5} == {}


def test_every_base_code_of_the_codebook_is_covered():
    codebook = pytest.importorskip("chronicle.pipeline.events.codebook")
    bases = {p.cameo[:3] for p in all_patterns()}
    listed = {c.code for c in codebook.all_codes() if len(c.code) == 3}
    assert len(listed) > 140
    assert sorted(listed - bases) == []


def test_no_two_rows_give_the_same_pattern_different_codes():
    codes = defaultdict(set)
    for p in all_patterns():
        key = (p.lemma, p.noun, p.modifier, p.objects, p.preps, p.particle, p.xcomp)
        codes[key].add(p.cameo)
    assert [key for key, found in codes.items() if len(found) > 1] == []


# --- the grammar ---------------------------------------------------------------------------

def test_object_and_preposition_alternatives_expand():
    found = parse_pattern("express ~concern >about|over", "012")
    assert [p.preps for p in found] == [(("about", frozenset()),), (("over", frozenset()),)]
    assert all(p.objects == {"concern"} and p.specificity == 3 for p in found)


def test_preposition_object_binds_to_the_preposition():
    (pattern,) = parse_pattern("call >for ~review|investigation", "0242")
    assert pattern.objects == frozenset()
    assert pattern.preps == (("for", frozenset({"review", "investigation"})),)
    assert pattern.specificity == 3


def test_compound_words_split_from_plain_ones_and_rank_higher():
    plain, compound = parse_pattern("accuse >of ~crime|war_crime", "112")
    assert plain.preps[0][1] == {"crime"} and compound.preps[0][1] == {"war_crime"}
    assert compound.specificity == plain.specificity + 1


def test_noun_particle_and_xcomp_parts():
    (noun,) = parse_pattern("n:air_strike", "195")
    assert (noun.noun, noun.lemma, noun.modifier, noun.specificity) == (True, "strike", "air", 2)
    (phrasal,) = parse_pattern("step prt:up ~cooperation", "050")
    assert (phrasal.particle, phrasal.specificity) == ("up", 3)
    (intent,) = parse_pattern("vow xcomp:strengthen|deepen", "030")
    assert intent.xcomp == {"strengthen", "deepen"}


@pytest.mark.parametrize("text, cameo", [
    ("visit", "42"), ("visit", "21"), ("visit", "0a1"),
    ("n:talk ~meeting", "046"), ("hold ~talk ~meeting", "046"),
    ("hold &talk", "046"), ("hold >", "046"),
])
def test_malformed_rows_are_refused(text, cameo):
    with pytest.raises(PipelineError):
        parse_pattern(text, cameo, line=7)


def test_patterns_for_lists_most_specific_first():
    found = patterns_for("call")
    scores = [p.specificity for p in found]
    assert scores == sorted(scores, reverse=True)
    assert found[-1].specificity == 2  # "call >for" / "call >on": the least specific


# --- matching real parses ------------------------------------------------------------------

@pytest.mark.parametrize("sentence, word, cameo", [
    ("The two presidents held talks in Lima on Monday.", "held", "046"),
    ("Canada imposed sanctions on the regime.", "imposed", "163"),
    ("Sanctions were imposed on the regime.", "imposed", "163"),
    ("The minister criticized the decision.", "criticized", "111"),
    ("Japan's prime minister visited Jakarta.", "visited", "042"),
    ("They signed a trade agreement.", "signed", "057"),
    ("The army shelled the town.", "shelled", "194"),
    ("He called for a review of the sanctions.", "called", "1042"),
    ("Kenya pledged to deepen cooperation with Ethiopia.", "pledged", "030"),
])
def test_required_sentences(nlp, sentence, word, cameo):
    assert code_at(nlp, sentence, word) == cameo


@pytest.mark.parametrize("sentence, word, cameo", [
    ("The spokesman declined to comment on the report.", "declined", "011"),
    ("The opposition called for early elections.", "called", "0241"),
    ("The two countries agreed to resume talks.", "agreed", "036"),
    ("The premier received the delegation.", "received", "043"),
    ("The two countries established diplomatic relations.", "established", "054"),
    ("The two navies held joint exercises.", "held", "062"),
    ("The agency delivered food to the flood victims.", "delivered", "073"),
    ("The militia freed the hostages.", "freed", "0841"),
    ("The commission launched a probe into corruption.", "launched", "091"),
    ("The group demanded the release of the journalists.", "demanded", "1053"),
    ("Washington accused Beijing of espionage.", "accused", "1125"),
    ("Russia vetoed the resolution.", "vetoed", "129"),
    ("Iran threatened to attack the ships.", "threatened", "1384"),
    ("Thousands of workers went on strike.", "went", "143"),
    ("The army deployed troops to the border.", "deployed", "154"),
    ("Mali expelled the French ambassador.", "expelled", "161"),
    ("Police detained dozens of protesters.", "detained", "173"),
    ("Gunmen kidnapped two aid workers.", "kidnapped", "181"),
    ("Troops captured the town.", "captured", "192"),
    ("Militias massacred villagers.", "massacred", "202"),
])
def test_one_sentence_per_root(nlp, sentence, word, cameo):
    assert code_at(nlp, sentence, word) == cameo


@pytest.mark.parametrize("sentence, word, cameo", [
    # the object decides: the same verb, different codes
    ("Rebels accused the army of war crimes.", "accused", "1124"),
    ("Rebels accused the mayor of crimes.", "accused", "1121"),
    ("The army expelled thousands of residents.", "expelled", "201"),
    ("Officials deported the migrants.", "deported", "174"),
    ("Russia struck a deal with Iran.", "struck", "057"),
    ("Jets struck the village.", "struck", "190"),
    # prepositions hanging on the object or one level down
    ("The envoy called for an end to the fighting.", "called", "0256"),
    ("The UN called on Russia to withdraw its troops.", "called", "0256"),
    ("The court released hundreds of prisoners.", "released", "0841"),
    # particles, also when parsed as an adverb or a bare preposition
    ("Troops pulled out of the city.", "pulled", "0874"),
    ("The premier stepped down.", "stepped", "0831"),
    ("The two leaders agreed to a ceasefire.", "agreed", "0356"),  # a commitment (PLOVER AGREE)
    ("The army declared a ceasefire.", "declared", "0871"),
    ("The army carried out air strikes on the city.", "carried", "195"),
    # noun triggers, plural through the lemma
    ("The chancellor's visit to Ottawa ended.", "visit", "042"),
    ("Talks between the two sides stalled.", "Talks", "046"),
    ("The attack on the convoy killed five.", "attack", "190"),
    ("Air strikes hit the depot.", "strikes", "195"),
])
def test_parts_decide_the_code(nlp, sentence, word, cameo):
    assert code_at(nlp, sentence, word) == cameo


@pytest.mark.parametrize("sentence, word", [
    ("The company released its earnings report on Tuesday.", "released"),
    ("She demonstrated her skills at the event.", "demonstrated"),
    ("The government raised taxes on fuel.", "raised"),
    ("The firm launched a new phone.", "launched"),
    ("Prices rose sharply in March.", "March"),
])
def test_ordinary_verbs_and_nouns_are_not_triggers(nlp, sentence, word):
    assert code_at(nlp, sentence, word) is None


def test_a_press_conference_is_not_a_consultation(nlp):
    assert code_at(nlp, "Ministers held a press conference in Paris.", "held") == "010"


def test_seed_articles_yield_diplomatic_events(nlp):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    codes = Counter()
    for path in sorted(SEEDS.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        codes.update(p.cameo for p in map(match, doc) if p is not None)
    for expected in ("042", "046", "057", "111", "051", "030"):
        assert codes[expected] > 0, expected
    assert sum(n for code, n in codes.items() if code[:2] in {"18", "19", "20"}) < codes["042"]
