"""Tense cues and the years an article states as its own time."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.model import Article
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
