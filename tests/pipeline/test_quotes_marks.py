"""Quotation marks paired into quoted spans, without a parse."""

from __future__ import annotations

import pytest

from chronicle.pipeline.quotes.marks import find, paragraphs


def quoted(text: str) -> list[str]:
    return [text[m.start:m.end] for m in find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The dam held, and the town is dry," the engineer said.',
         ["The dam held, and the town is dry"]),
        ("“We will rebuild,” she said, “and we will start today.”",
         ["We will rebuild", "and we will start today."]),
        ('He called it „a good start“ and left.', ["a good start"]),
        ("The pianist called the hall «too loud» for chamber music.", ["too loud"]),
    ],
)
def test_double_marks_pair_and_drop_marks_and_trailing_comma(text: str, expected: list[str],
                                                             ) -> None:
    assert quoted(text) == expected


def test_apostrophes_decades_and_inch_marks_are_not_quotes() -> None:
    text = ("The farmers' co-op, founded in the ’90s, sold the mayor's 12\" pipes "
            "and the region’s grain.")
    assert find(text) == []


def test_single_marks_pair_around_words_but_not_around_possessives() -> None:
    text = "The so-called 'quiet zone' and the city’s ‘green belt’ were both in the plan."
    assert quoted(text) == ["quiet zone", "green belt"]
    assert all(m.single for m in find(text))


def test_single_marks_inside_double_quotes_are_part_of_the_quote() -> None:
    text = "\"They told us 'wait' for a week,\" the tenant said."
    marks = find(text)
    assert [text[m.start:m.end] for m in marks] == ["They told us 'wait' for a week"]
    assert not marks[0].single


def test_quote_left_open_runs_to_paragraph_end_and_the_next_paragraph_continues_it() -> None:
    text = ('The coach said: "We trained all winter.\n\n'
            '"Now the season starts, and we are ready."\n\n'
            '"A new quote," said the captain.')
    first, second, third = find(text)
    assert text[first.start:first.end] == "We trained all winter."
    assert first.close is None and not first.continued
    assert second.continued and text[second.start:second.end].startswith("Now the season")
    assert not third.continued  # the paragraph before closed its quote


def test_straight_marks_alternate_within_a_paragraph() -> None:
    text = 'He said "yes" twice and "no" once.'
    assert quoted(text) == ["yes", "no"]


def test_paragraphs_split_on_blank_lines() -> None:
    text = "One.\n\nTwo.\n  \nThree."
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two.", "Three."]
