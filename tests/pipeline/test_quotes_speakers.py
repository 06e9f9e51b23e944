"""Who speaks: pronouns resolved to the right person, not the nearest name."""

from __future__ import annotations

from functools import cache

from chronicle.api import annotate
from chronicle.model import Quote
from chronicle.pipeline.nlp import load
from chronicle.pipeline.quotes import extract

CONTINUED = """\
Chancellor Jonas Weber of Germany arrived in Madrid on Monday for two days of talks on energy.

For her part, Prime Minister Ana Ruiz said the visit by Chancellor Jonas Weber was useful. \
"We are grateful for the support," she added.

"The new pipeline will open next spring. It will carry gas to four countries," Weber said. \
"We are ready," he continued.
"""

INSIDE_QUOTE = """\
The harbour board met on Wednesday to discuss the new ferry line and the cost of the docks.

Governor Maria Costa said Lena Vogt had resigned from the board. "It was a surprise," she \
added.

"We are ready for the next storm," Mayor Tom Hale said. Ruiz arrived later in the \
afternoon. "We are not," she said.
"""

GENDER = """\
Ms Ana Ruiz met Mr Tom Hale in the harbour town on Friday to discuss the new ferry line.

"The talks went well," Mr Hale said. "We agree," she said.

The two unions said the strike would end on Monday. "We have won," they said.

'We are grateful for the help,' said Lena Vogt, the head of the harbour board.
"""

SUBJECT = """\
The minister toured the new clinic with local doctors and nurses on a rainy Saturday morning.

When Health Minister Sara Lind met Oskar Berg at the clinic, she praised the staff and said \
the wards were "spotless".
"""


@cache
def quotes(text: str) -> tuple[Quote, ...]:
    article, linked, _ = annotate(text)
    return tuple(extract(article, load()(article.text), linked.mentions, linked.entities))


def said(text: str, words: str) -> Quote:
    [q] = [q for q in quotes(text) if q.direct and words in q.text.text]
    return q


def test_she_added_after_her_reported_speech_is_her_not_the_nearer_name() -> None:
    q = said(CONTINUED, "We are grateful")
    assert (q.speaker, q.cue) == ("Ana Ruiz", "add")


def test_he_continued_keeps_the_speaker_of_the_quote_before() -> None:
    first, second = said(CONTINUED, "The new pipeline"), said(CONTINUED, "We are ready")
    assert first.speaker == second.speaker == "Jonas Weber"
    assert second.speaker_id == first.speaker_id and second.cue == "continue"
    assert second.evidence.text == '"We are ready," he continued.'


def test_a_person_named_only_inside_the_reported_words_is_never_the_speaker() -> None:
    assert said(INSIDE_QUOTE, "It was a surprise").speaker == "Maria Costa"


def test_another_subject_in_between_ends_the_previous_speakers_turn() -> None:
    assert said(INSIDE_QUOTE, "We are ready").speaker == "Tom Hale"
    assert said(INSIDE_QUOTE, "We are not").speaker == "Ruiz"


def test_gender_shown_by_a_title_rules_out_the_previous_speaker() -> None:
    assert said(GENDER, "The talks went well").speaker == "Tom Hale"
    she = said(GENDER, "We agree")
    assert she.speaker is not None and "Ana Ruiz" in she.speaker  # "Mr Hale" cannot be "she"


def test_they_goes_to_the_group_that_spoke_before() -> None:
    q = said(GENDER, "We have won")
    assert (q.speaker, q.speaker_id) == ("The two unions", None)


def test_single_quotes_attributed_by_a_speech_verb_are_quotes() -> None:
    q = said(GENDER, "We are grateful for the help")
    assert (q.speaker, q.cue) == ("Lena Vogt", "say")


def test_pronoun_goes_to_the_subject_not_the_object_of_the_sentence() -> None:
    q = said(SUBJECT, "spotless")
    assert (q.speaker, q.cue, q.direct) == ("Sara Lind", "say", True)
