"""Direct and indirect quotes on short articles written for these tests, run through the real
language layer (clean, spaCy, entities) via ``chronicle.api.annotate``."""

from __future__ import annotations

from functools import cache

import pytest

from chronicle.api import annotate
from chronicle.model import Quote
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.nlp import load
from chronicle.pipeline.quotes import extract
from chronicle.pipeline.quotes.lexicon import speech_verbs

MARKS = set("\"“”'‘’")
PATTERNS = """\
Mayor Tom Hale said, "The river road is closed until the water goes down."

Senator Lee Park stated: “We will not back down on the flood budget.”

"Prices for sandbags will rise," said Governor Maria Costa. "Now we act."

Costa told reporters “the vote will happen on Friday” as she left the town hall.

"Nobody wants another flood," Park told reporters.

According to Defence Minister Omar Haddad, “the army drills near the river will end soon.”

Haddad referred to the levee plan as the “cornerstone” of regional safety during a visit.
"""

INDIRECT = """\
Senator Lee Park noted the budget had doubled since the last election. The ministry stated \
that exports fell sharply in March.

Governor Maria Costa emphasised that the port would stay open. Defence Minister Omar Haddad \
affirmed the troops would leave by May.

According to the ministry, the talks lasted five hours. Mayor Tom Hale told reporters that \
the bridge was safe.

In a short communique, the two sides said the pact was "not aimed at anyone".
"""

SCARE = """\
The harbour town voted on a new budget on Tuesday after a long and noisy night of debate.

The so-called 'quiet season' never came to the valley, where the "reform" package passed \
without a single vote against it.

Mayor Tom Hale said the result was fair.
"""

MULTI = """\
Mayor Tom Hale visited the flooded district on Tuesday with rescue teams and local officials.

"The new pumps arrived on Monday. They can clear the main square in a day," Hale said.

Hale said: "Our crews worked through the night and nobody was hurt.

"They cleared every road by dawn and the schools will reopen tomorrow."
"""

ASKED = """\
Senator Carla Mendes spoke to farmers in the valley on Monday about the price of water.

"Why now?" Mendes asked. "Nobody was ready for this."

Deputy Mayor Ivan Petrov was quoted by local radio as saying "the talks failed" on Monday.

"We are ready," Petrov said, "but we need more time."
"""

UNATTRIBUTED = """\
The council met in the old library on Thursday to vote on the new flood defences for the town.

"The river does not wait for committees."

The vote passed by nine votes to two, and work on the walls starts in June.
"""


@cache
def run(text: str) -> tuple[tuple[Quote, ...], RunContext]:
    article, linked, _ = annotate(text)
    ctx = RunContext()
    doc = load()(article.text)
    return tuple(extract(article, doc, linked.mentions, linked.entities, ctx)), ctx


def quote(text: str, words: str, direct: bool | None = None) -> Quote:
    found = [q for q in run(text)[0] if words in q.text.text
             and (direct is None or q.direct == direct)]
    assert len(found) == 1, [q.text.text for q in run(text)[0]]
    return found[0]


@pytest.mark.parametrize(
    ("words", "speaker", "cue"),
    [
        ("The river road is closed", "Tom Hale", "say"),  # X said, "..."
        ("We will not back down", "Lee Park", "state"),  # X stated: "..."
        ("Prices for sandbags will rise", "Maria Costa", "say"),  # "...," said X
        ("the vote will happen on Friday", "Maria Costa", "tell"),  # mid-sentence
        ("Nobody wants another flood", "Lee Park", "tell"),  # "...," X told reporters
        ("the army drills near the river", "Omar Haddad", "according to"),
        ("cornerstone", "Omar Haddad", "refer"),  # a partial quote
    ],
)
def test_direct_quote_patterns(words: str, speaker: str, cue: str) -> None:
    q = quote(PATTERNS, words, direct=True)
    assert (q.speaker, q.cue) == (speaker, cue)
    assert q.speaker_id is not None


def test_quote_text_leaves_out_marks_and_trailing_comma() -> None:
    q = quote(PATTERNS, "Nobody wants")
    assert q.text.text == "Nobody wants another flood"
    assert q.evidence.text == '"Nobody wants another flood," Park told reporters.'
    partial = quote(PATTERNS, "cornerstone")
    assert partial.text.text == "cornerstone"
    assert partial.evidence.text.startswith("Haddad referred to the levee plan")


def test_unattributed_sentence_after_a_quote_continues_its_speaker() -> None:
    q = quote(PATTERNS, "Now we act.")
    assert (q.speaker, q.cue, q.direct) == ("Maria Costa", None, True)


def test_a_quote_that_is_the_reported_clause_is_not_also_indirect_speech() -> None:
    quotes, _ = run(PATTERNS)
    assert all(q.direct for q in quotes)


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("the budget had doubled since the last election", "Lee Park", "note"),
        ("exports fell sharply in March", "The ministry", "state"),
        ("the port would stay open", "Maria Costa", "emphasise"),
        ("the troops would leave by May", "Omar Haddad", "affirm"),
        ("the talks lasted five hours", "the ministry", "according to"),
        ("the bridge was safe", "Tom Hale", "tell"),
    ],
)
def test_indirect_speech_is_the_reported_clause(text: str, speaker: str, cue: str) -> None:
    q = quote(INDIRECT, text, direct=False)
    assert q.text.text == text  # no "that", no final full stop
    assert (q.speaker, q.cue) == (speaker, cue)


def test_collective_speaker_keeps_its_words_but_no_entity() -> None:
    reported = quote(INDIRECT, "the pact was", direct=False)
    partial = quote(INDIRECT, "not aimed at anyone", direct=True)
    for q in (reported, partial):
        assert (q.speaker_id, q.speaker, q.cue) == (None, "the two sides", "say")
    assert reported.text.text == 'the pact was "not aimed at anyone"'
    assert partial.text.text == "not aimed at anyone"


def test_scare_quotes_without_a_speech_verb_are_not_quotes() -> None:
    quotes, ctx = run(SCARE)
    assert [(q.text.text, q.speaker, q.direct) for q in quotes] == [
        ("the result was fair", "Tom Hale", False)]
    assert ctx.stats["quotes_skipped_scare-quote"] == 2
    assert ctx.stats["quotes_indirect"] == 1


def test_multi_sentence_quote_is_one_quote_with_both_sentences_as_evidence() -> None:
    q = quote(MULTI, "The new pumps arrived")
    assert q.text.text == "The new pumps arrived on Monday. They can clear the main square in a day"
    assert q.evidence.text.startswith('"The new pumps') and q.evidence.text.endswith("Hale said.")
    assert q.speaker == "Tom Hale"


def test_quote_reopened_in_the_next_paragraph_keeps_its_speaker() -> None:
    first = quote(MULTI, "Our crews worked")
    second = quote(MULTI, "They cleared every road")
    assert first.text.text == "Our crews worked through the night and nobody was hurt."
    assert (first.speaker, first.cue) == ("Tom Hale", "say")
    assert (second.speaker, second.speaker_id, second.cue) == ("Tom Hale", first.speaker_id, None)


@pytest.mark.parametrize(
    ("words", "speaker", "cue"),
    [
        ("Why now?", "Carla Mendes", "ask"),  # the parser splits after the question mark
        ("Nobody was ready for this.", "Carla Mendes", None),
        ("the talks failed", "Ivan Petrov", "say"),  # "quoted as saying"
        ("We are ready", "Ivan Petrov", "say"),
        ("but we need more time.", "Ivan Petrov", "say"),  # attribution in the middle
    ],
)
def test_questions_split_quotes_and_quoted_as_saying(words: str, speaker: str,
                                                    cue: str | None) -> None:
    q = quote(ASKED, words)
    assert q.text.text == words
    assert (q.speaker, q.cue) == (speaker, cue)


def test_a_whole_quote_nobody_is_said_to_speak_stays_without_speaker() -> None:
    [q] = run(UNATTRIBUTED)[0]
    assert (q.text.text, q.speaker, q.speaker_id, q.cue, q.direct) == (
        "The river does not wait for committees.", None, None, None, True)


@pytest.mark.parametrize("text", [PATTERNS, INDIRECT, SCARE, MULTI, ASKED, UNATTRIBUTED])
def test_spans_index_the_cleaned_text_and_ids_are_stable(text: str) -> None:
    article, linked, _ = annotate(text)
    doc = load()(article.text)
    again = extract(article, doc, linked.mentions, linked.entities)
    quotes, _ = run(text)
    assert [q.id for q in again] == [q.id for q in quotes]
    assert len({q.id for q in quotes}) == len(quotes)
    for q in quotes:
        assert article.text[q.text.start:q.text.end] == q.text.text
        assert article.text[q.evidence.start:q.evidence.end] == q.evidence.text
        assert q.evidence.start <= q.text.start and q.text.end <= q.evidence.end
        assert q.text.article_id == article.id
        if q.direct:
            assert q.text.text[0] not in MARKS and q.text.text[-1] not in MARKS | {","}


def test_speech_verbs_come_from_the_data_file() -> None:
    verbs = speech_verbs()
    assert verbs[("say", None)].clause_only is False
    assert verbs[("add", None)].clause_only is True
    assert verbs[("point", "out")].lemma == "point out"
    assert ("emphasise", None) in verbs and ("emphasize", None) in verbs
    assert ("think", None) not in verbs  # a mind, not words
