"""Tense cues and the years an article states as its own time."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.model import Article
from chronicle.pipeline.time.article import resolve_article
from chronicle.pipeline.time.evidence import collect, stated_years, tense_at


@pytest.mark.parametrize(
    ("sentence", "target", "tense"),
    [
        ("Ghana's envoy met Kenya's minister on Monday to discuss the port.", "Monday", "past"),
        ("Elections will be held on 5 May 2030.", "5 May 2030", "future"),
        ("The summit is set to open on Thursday, officials said.", "Thursday", "future"),
        ("He said the talks would resume on Friday.", "Friday", "future"),
        ("Talks are scheduled for Friday.", "Friday", "future"),
        ("Leaders will gather at the next climate conference in November.", "November", "future"),
        ("The summit opens on Thursday.", "Thursday", "unknown"),
        ("Oslo hosted the talks in 2019. Delegates will return on Friday.", "2019", "past"),
    ],
)
def test_tense_comes_from_the_nearest_cue_in_the_sentence(sentence: str, target: str,
                                                          tense: str) -> None:
    start = sentence.index(target)
    assert tense_at(sentence, start, start + len(target)) == tense


def article(text: str, captions: list[str] | None = None) -> Article:
    return Article(id="e1", source_path="e1.txt", raw_text=text, text=text,
                   paragraphs=text.split("\n\n"), captions=captions or [])


def test_stated_years_skip_deadlines_adjectives_and_future() -> None:
    text = ("The visit was a highlight of Ghana's diplomacy in 2021.\n\n"
            "Both sides set targets until 2030 under the 1982 convention.\n\n"
            "A new port will open in 2027.")
    assert stated_years(collect(article(text))) == (2021,)


def test_stated_years_include_captions_and_respect_bounds() -> None:
    evidence = collect(article("Trade grew in 2019.", captions=["Quito, May 2, 2023"]))
    assert stated_years(evidence) == (2019, 2023)
    assert stated_years(evidence, lo=date(2020, 1, 1)) == (2023,)


def test_a_range_of_years_states_both_ends_so_a_background_date_lends_no_year() -> None:
    """The only full date is a treaty's signing; a "1994-2024" exhibition names the
    anniversary's other end, so "June 12" has no single year to borrow from."""
    text = ("Fishing ministers of Chile and Peru met in Arica on June 12 to mark the "
            "anniversary of the boundary accord, signed on April 9, 1994.\n\n"
            "A photo show titled 1994-2024 opened beside the meeting hall.")
    evidence = collect(article(text))
    assert stated_years(evidence) == (1994, 2024)
    without_range = collect(article(text.split("\n\n")[0]))
    assert stated_years(without_range) == (1994,)
    dated = dict((s.text, v) for s, v in resolve_article(article(text))[1])
    assert dated["June 12"].precision != "day"  # before: 1994-06-12, a year from background
    assert dated["April 9, 1994"].earliest == "1994-04-09"
