"""One rule at a time, on small articles written for these tests (none taken from the seeds).

Each case builds an article around three body paragraphs and checks the decision for the
lines under test *and* that every body paragraph survived.
"""

from __future__ import annotations

import pytest

from chronicle.config import CleanConfig
from chronicle.model import Line
from chronicle.pipeline.clean import classify_lines

P1 = ("The harbour authority said on Tuesday that cargo volumes rose by nine percent in the "
      "first quarter of the year.")
P2 = ("Officials credited a new rail link to the inland freight terminal, which opened in "
      "January after two years of work.")
P3 = ("Shipping companies have added three weekly services since the link opened, according to "
      "figures published by the port.")
BODY = [P1, P2, P3]
CFG = CleanConfig()


def run(lines: list[str], hint: str | None = None) -> dict[str, Line]:
    """Classify and index the result by line text (test lines are unique unless repeated)."""
    text = "\n".join(lines)
    result = classify_lines(text, CFG, title_hint=hint)
    assert [line.text for line in result] == text.split("\n")
    by_text: dict[str, Line] = {}
    for line in result:
        by_text.setdefault(line.text, line)
    for para in BODY:
        if para in by_text:
            assert by_text[para].kind == "body", f"body paragraph lost: {by_text[para]}"
    return by_text


def decision(line: Line) -> tuple[str, str | None]:
    return line.kind, line.reason


# (lines of the article, line under test, expected kind, expected reason)
CASES = [
    # nav
    (["Home > World > Asia", "Port traffic rebounds after rail link opens", *BODY],
     "Home > World > Asia", "removed", "boilerplate:nav"),
    (["Skip to main content", "WORLD NEWS", "Port traffic rebounds after rail link opens", *BODY],
     "WORLD NEWS", "removed", "boilerplate:nav"),
    ([*BODY, "Back to top"], "Back to top", "removed", "boilerplate:nav"),
    ([*BODY, "Tags:", "Shipping", "Rail freight"], "Rail freight", "removed", "boilerplate:nav"),
    # share
    ([*BODY, "Share this: Facebook Twitter"], "Share this: Facebook Twitter",
     "removed", "boilerplate:share"),
    (["Port traffic rebounds after rail link opens", "A-", "A+", *BODY], "A+",
     "removed", "boilerplate:share"),
    ([P1, "Facebook WhatsApp LinkedIn Email", P2, P3], "Facebook WhatsApp LinkedIn Email",
     "removed", "boilerplate:share"),
    ([*BODY, "Print", "search icon"], "search icon", "removed", "boilerplate:share"),
    # comments
    ([*BODY, "Comments (12)", "Leave a comment", "Name", "Email", "Post Comment"], "Email",
     "removed", "boilerplate:comments"),
    ([*BODY, "Your email address will not be published. Required fields are marked *"],
     "Your email address will not be published. Required fields are marked *",
     "removed", "boilerplate:comments"),
    # newsletter
    ([*BODY, "Sign up for our daily briefing"], "Sign up for our daily briefing",
     "removed", "boilerplate:newsletter"),
    ([P1, "Subscribe to our newsletter to get the top stories in your inbox every morning.",
      P2, P3], "Subscribe to our newsletter to get the top stories in your inbox every morning.",
     "removed", "boilerplate:newsletter"),
    # related links
    ([P1, "Read more:", "Dock strike enters fifth day as ships queue offshore",
      "Freight rates climb on coastal routes", P2, P3],
     "Freight rates climb on coastal routes", "removed", "boilerplate:related-links"),
    ([P1, "Read more: Dock strike enters fifth day as ships queue offshore", P2, P3],
     "Read more: Dock strike enters fifth day as ships queue offshore",
     "removed", "boilerplate:related-links"),
    ([*BODY, "", "More stories", "", "Union chief re-elected for a third term", "",
      "Council approves harbour budget"], "Council approves harbour budget",
     "removed", "boilerplate:related-links"),
    ([*BODY, "Ferry operator adds night crossings (03/12/24)",
      "New cranes arrive at container terminal (02/28/24)"],
     "New cranes arrive at container terminal (02/28/24)", "removed",
     "boilerplate:related-links"),
    # masthead
    (["Tuesday, 12 March 2024", "Lagos 31°C Partly cloudy",
      "Editor-in-chief: Ama Mensah", "Port traffic rebounds after rail link opens", *BODY],
     "Lagos 31°C Partly cloudy", "removed", "boilerplate:masthead"),
    (["Tuesday, 12 March 2024", "Port traffic rebounds after rail link opens", *BODY],
     "Tuesday, 12 March 2024", "removed", "boilerplate:masthead"),
    ([*BODY, "© 2024 Coastal Media Group. All rights reserved."],
     "© 2024 Coastal Media Group. All rights reserved.", "removed", "boilerplate:masthead"),
    # byline
    (["Port traffic rebounds after rail link opens", "By Ama Mensah", *BODY],
     "By Ama Mensah", "removed", "boilerplate:byline"),
    (["Port traffic rebounds after rail link opens", "Updated 12 March 2024, 10:40 GMT", *BODY],
     "Updated 12 March 2024, 10:40 GMT", "removed", "boilerplate:byline"),
    ([*BODY, "Reporting by Ama Mensah; Editing by Tom Reyes"],
     "Reporting by Ama Mensah; Editing by Tom Reyes", "removed", "boilerplate:byline"),
    ([*BODY, "About the author",
      "Ama Mensah covers trade and transport from Accra and has reported on West African ports."],
     "Ama Mensah covers trade and transport from Accra and has reported on West African ports.",
     "removed", "boilerplate:byline"),
    # pagination and counters
    ([*BODY, "Page 2 of 3"], "Page 2 of 3", "removed", "boilerplate:pagination"),
    ([*BODY, "1 2 3 4 Next"], "1 2 3 4 Next", "removed", "boilerplate:pagination"),
    ([*BODY, "Next page"], "Next page", "removed", "boilerplate:pagination"),
    ([*BODY, "12,407 views"], "12,407 views", "removed", "boilerplate:counter"),
    (["Port traffic rebounds after rail link opens", "5 min read", *BODY], "5 min read",
     "removed", "boilerplate:counter"),
    # advertising labels are removed with their own reason
    ([P1, "Advertisement", P2, P3], "Advertisement", "removed", "boilerplate:ad"),
    # captions
    (["Port traffic rebounds after rail link opens", "Photo: Jane Doe/Reuters", *BODY],
     "Photo: Jane Doe/Reuters", "caption", None),
    ([P1, "A crane lifts a container at the eastern terminal. (Photo by Kofi Boateng/Getty Images)",
      P2, P3], "A crane lifts a container at the eastern terminal. "
     "(Photo by Kofi Boateng/Getty Images)", "caption", None),
    ([P1, "Dock workers unload a ship at the eastern terminal, Tema, Ghana, March 12, 2024. "
      "REUTERS/Kofi Boateng", P2, P3], "Dock workers unload a ship at the eastern terminal, "
     "Tema, Ghana, March 12, 2024. REUTERS/Kofi Boateng", "caption", None),
    ([P1, "The port director (C) tours the terminal with ministers, Tema, Ghana, March 12, 2024",
      P2, P3], "The port director (C) tours the terminal with ministers, Tema, Ghana, "
     "March 12, 2024", "caption", None),
    (["Port traffic rebounds after rail link opens",
      "Trucks queue at the gate of the freight terminal on Monday. - AFP", *BODY],
     "Trucks queue at the gate of the freight terminal on Monday. - AFP", "caption", None),
]


@pytest.mark.parametrize(("lines", "target", "kind", "reason"), CASES,
                         ids=[f"{c[2]}:{c[3]}:{c[1][:24]}" for c in CASES])
def test_rule_decides_line(lines: list[str], target: str, kind: str, reason: str | None) -> None:
    assert decision(run(lines)[target]) == (kind, reason)


def test_caption_duplicate() -> None:
    caption = "Photo: Jane Doe/Reuters"
    got = classify_lines("\n".join([caption, caption, *BODY]), CFG)
    assert [decision(line) for line in got[:2]] == [("caption", None),
                                                   ("removed", "caption-duplicate")]


def test_wire_signoff_at_end_of_body_is_body() -> None:
    last = "The authority expects volumes to keep growing through the summer months. — AFP"
    assert decision(run([*BODY, last])[last]) == ("body", None)


def test_subheading_short_sentence_bullets_and_quotes_are_kept() -> None:
    kept = ["Rail link pays off", "Latest", "- Two new berths", "I agree.",
            "Work resumes on Monday."]
    lines = run([P1, kept[0], P2, kept[1], kept[2], kept[3], P3, kept[4]])
    assert [decision(lines[k]) for k in kept] == [("body", None)] * len(kept)


def test_short_final_sentence_before_tail_furniture_is_kept() -> None:
    lines = run([*BODY, "Talks resume on Friday.", "Share this: Facebook Twitter", "Name"])
    assert decision(lines["Talks resume on Friday."]) == ("body", None)
    assert decision(lines["Name"]) == ("removed", "boilerplate:share")


def test_article_pasted_twice_with_one_word_changed() -> None:
    second = [P1.replace("Tuesday", "Wednesday"), P2, P3.replace("three", "four")]
    got = classify_lines("\n".join([*BODY, *second]), CFG)
    assert [decision(line) for line in got] == [("body", None)] * 3 + [("removed", "repeat")] * 3


def test_different_sentences_are_not_repeats() -> None:
    other = ("The harbour authority said on Friday that passenger numbers fell by a third in the "
             "second quarter.")
    assert decision(run([*BODY, other])[other]) == ("body", None)


def test_first_line_long_sentence_is_not_a_title() -> None:
    got = classify_lines("\n".join(BODY), CFG)
    assert [line.kind for line in got] == ["body"] * 3


def test_title_just_above_body_after_nav_lines() -> None:
    lines = run(["Latest", "Economy", "Port traffic rebounds after rail link opens", "", *BODY])
    assert decision(lines["Port traffic rebounds after rail link opens"]) == ("title", None)
    assert lines["Economy"].kind == "removed"


def test_dek_under_the_title_stays_body() -> None:
    dek = "Cargo volumes are up nine percent since the new freight line began running"
    lines = run(["Port traffic rebounds", dek, "By Ama Mensah", *BODY])
    assert decision(lines["Port traffic rebounds"]) == ("title", None)
    assert decision(lines[dek]) == ("body", None)


def test_headline_with_period_repeated_alone_is_title() -> None:
    head = "Port traffic rebounds after rail link opens."
    got = classify_lines("\n".join([head, "", P1, "", head, "", P2, "", P3]), CFG)
    assert decision(got[0]) == ("title", None)
    assert decision(got[4]) == ("removed", "repeat")


def test_title_hint_with_site_suffix_and_markdown_heading() -> None:
    lines = run(["# Port traffic rebounds", *BODY], hint="Port traffic rebounds | Coast News")
    assert decision(lines["# Port traffic rebounds"]) == ("title", None)


def test_caption_with_position_markers_and_credit_above_body() -> None:
    cap = "The port director (L) and the transport minister (R) open the terminal. — AFP"
    lines = run(["Port traffic rebounds after rail link opens", cap, *BODY])
    assert decision(lines[cap]) == ("caption", None)


def test_party_initial_in_a_body_sentence_is_not_a_caption() -> None:
    sentence = "Senator Ama Mensah (R) said on Tuesday that the port deserved more federal money."
    assert decision(run([P1, sentence, P2, P3])[sentence]) == ("body", None)


def test_furniture_words_inside_a_body_sentence_do_not_remove_it() -> None:
    sentences = [
        "Readers were asked to sign up for flood alerts through the council's website last year.",
        "The company said its share of the market had grown to a third, with more stories to come.",
        "Analysts said more news about the merger was expected before the end of the month.",
        "The new sports channel is available to subscribers only, the broadcaster said.",
        "Use of ad blockers has risen sharply among younger readers, the survey found.",
        "The findings may not be reproduced in other age groups, the researchers cautioned.",
        "Inspectors entered the depot without prior written permission from the owners.",
        "Total: 1,234",
        "By Monday evening, most of the roads into the valley had been reopened to traffic.",
    ]
    lines = run([P1, *sentences, P2, P3])
    assert [lines[s].kind for s in sentences] == ["body"] * len(sentences)


def test_new_sentence_after_a_repeated_one_is_kept() -> None:
    new = ("Port officials said a second rail link to the northern industrial zone would be "
           "tendered before the end of the year.")
    got = classify_lines("\n".join([*BODY, P1, new]), CFG)
    assert [decision(line) for line in got[3:]] == [("removed", "repeat"), ("body", None)]


def test_unmatched_hint_takes_only_a_resembling_line_as_title() -> None:
    dek = "Cargo volumes are up nine percent since the freight line began running"
    lines = run([dek, *BODY], hint="Harbour strike ends after pay deal")
    assert decision(lines[dek]) == ("body", None)
    lines = run(["PORT TRAFFIC REBOUNDS AS RAIL LINK OPENS", *BODY],
                hint="Port traffic rebounds after rail link opens | Coast News")
    assert decision(lines["PORT TRAFFIC REBOUNDS AS RAIL LINK OPENS"]) == ("title", None)
