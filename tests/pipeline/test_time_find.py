"""The date grammar: which expressions are found in running text, and which are not."""

from __future__ import annotations

import pytest

from chronicle.pipeline.time import find_expressions, parse


def texts(sentence: str) -> list[str]:
    return [text for _, _, text in find_expressions(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # full dates
        ("Kenya's parliament voted on February 14, 2019 after a long debate.",
         ["February 14, 2019"]),
        ("The accord was signed on 14 February 2019 in Nairobi.", ["14 February 2019"]),
        ("The decree, dated 2019-02-14, was published later.", ["2019-02-14"]),
        ("Minutes of the meeting (2/14/19) were leaked.", ["2/14/19"]),
        ("Peru's census ran on Thursday, 14 Feb. 2019, nationwide.", ["Thursday, 14 Feb. 2019"]),
        ("The regional vote was on 3rd of March, 2022.", ["3rd of March, 2022"]),
        # month-day without a year
        ("Chile's senate voted on Dec. 3 and again on March 9.", ["Dec. 3", "March 9"]),
        ("Ballots close on 9 April, officials in Lima said.", ["9 April"]),
        # month-year and bare months
        ("Copper exports fell in October 2020 and again in May of 2021.",
         ["October 2020", "May of 2021"]),
        ("Norway's fleet returned in March, months before last December's storms.",
         ["March", "last December"]),
        # bare years in context, decades
        ("Oslo has hosted the talks since 2006 and joined the pact in 2017.", ["2006", "2017"]),
        ("Ties go back to the 1950s and cooled in the '90s.", ["1950s", "'90s"]),
        ("Growth slowed in mid-2021.", ["mid-2021"]),
        # ranges
        ("The Andean summit ran from November 29 to December 2 in Quito.",
         ["from November 29 to December 2"]),
        ("Trade fairs take place from March 3-5 each spring.", ["from March 3-5"]),
        ("Peru bought most of its rifles between 1995 and 2023.", ["between 1995 and 2023"]),
        ("The forum (3-5 March 2021) drew ministers.", ["3-5 March 2021"]),
        ("The Nordic pact (2001-2021) lapsed.", ["2001-2021"]),
        # weekdays
        ("Japan's envoy spoke on Thursday in Tokyo.", ["Thursday"]),
        ("Ghana's cabinet met last Friday and will meet next Tuesday.",
         ["last Friday", "next Tuesday"]),
        ("Thursday's talks in Accra ended early.", ["Thursday"]),
        # relative words
        ("The minister left Nairobi yesterday and returns tomorrow.", ["yesterday", "tomorrow"]),
        ("Talks began in Quito the previous day.", ["the previous day"]),
        ("He had landed in Oslo the day before, and left a day later.",
         ["the day before", "a day later"]),
        ("In a statement earlier this week, the embassy objected.", ["earlier this week"]),
        ("Exports rose last year and this year, and should rise next month.",
         ["last year", "this year", "next month"]),
        ("The strike ended two weeks ago, and talks resume over the weekend.",
         ["two weeks ago", "over the weekend"]),
    ],
)
def test_expressions_are_found(sentence: str, expected: list[str]) -> None:
    assert texts(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Thousands of protesters march through Lima every year.",  # "march" the verb
        "We may see more rain in the highlands, officials warned.",  # "May" the modal, "We"
        "Theresa May spoke to reporters after the vote.",  # "May" the surname
        "March organisers said turnout was high.",  # sentence-initial "March", no cue
        "The Sun and the Sat. supplement ran the story; Wednesbury fans cheered.",
        "Shops opened on Good Friday and the Sunday Times reported it.",
        "USA Today and Russia Today covered Super Tuesday.",
        "Rallies marked May Day in Santiago.",
        "Output rose 15-20-fold after COVID-19 hit; version 2.3.1 fixed it.",
        "The 2018 World Cup drew fans; a $2020 fine was paid; 1,000 people came.",
        "Relations improved in recent years and recently, and will grow in the coming time.",
        "Clinics open on Thursdays in the capital.",  # a habit, not a date
        "The day before the vote, ministers met.",  # counts from an undated event
    ],
)
def test_false_hits_are_filtered(sentence: str) -> None:
    assert texts(sentence) == []


def test_offsets_point_into_the_text() -> None:
    sentence = "On 2 June 2022 Ghana and Togo met; the following day they signed."
    found = find_expressions(sentence)
    assert [sentence[s:e] for s, e, _ in found] == [t for _, _, t in found]
    assert [t for _, _, t in found] == ["2 June 2022", "the following day"]


def test_longest_reading_wins_over_its_parts() -> None:
    assert texts("Talks ran on Monday, June 6, 2022 and on June 7.") == [
        "Monday, June 6, 2022", "June 7"]


def test_sentence_end_after_a_full_name_is_not_a_date() -> None:
    # "Friday." ends a sentence: the weekday and the next sentence's date stay apart.
    assert texts("Officials meet on Friday. 12 March 2024 was the deadline.") == [
        "Friday", "12 March 2024"]


def test_extra_spans_are_kept_only_where_readable_and_new() -> None:
    sentence = "2019 was a hard year; the past decade was worse; on Monday it rained."
    assert texts(sentence) == ["Monday"]  # a bare year needs a cue like "in"
    spans = [(0, 4), (22, 37), (51, 60)]  # "2019", "the past decade", "on Monday"
    got = find_expressions(sentence, extra_spans=spans)
    assert [t for _, _, t in got] == ["2019", "Monday"]  # vague span dropped, no duplicate


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [("on Thursday", "weekday"), ("since 2006", "date"), ("Thursday's", "weekday"),
     ("the 1950s", "decade"), ("11/30/21", "date"), ("03/04/2021", "either"),
     ("from November 29 to December 2", "range"), ("the previous day", "relative")],
)
def test_parse_reads_phrases_as_people_write_them(phrase: str, kind: str) -> None:
    expr = parse(phrase)
    assert expr is not None and expr.kind == kind


def test_parse_refuses_vague_phrases() -> None:
    assert parse("in recent years") is None
    assert parse("recently") is None
    assert parse("Wed") is None  # an abbreviation alone is never a date


def test_everything_found_can_be_parsed_again() -> None:
    sentence = ("Quito, 4 May 2023: the envoy, who arrived on Tuesday, said exports fell in "
                "2022 and between 2010 and 2015, grew last month and will grow next year.")
    found = find_expressions(sentence)
    assert [t for _, _, t in found] == [
        "4 May 2023", "Tuesday", "2022", "between 2010 and 2015", "last month", "next year"]
    assert all(parse(text) is not None for _, _, text in found)
