"""Tables, fact boxes and breadcrumbs: trafilatura prints a table row as ``| cell | cell |``
and a fact box as ``Label: value`` lines. Both are article text; a breadcrumb is not, even
when it ends with the headline. Pages and lines written for these tests."""

from __future__ import annotations

import pytest

from chronicle.config import CleanConfig
from chronicle.model import Line
from chronicle.pipeline import RunContext
from chronicle.pipeline.clean import classify_lines, clean
from chronicle.pipeline.ingest import to_article
from chronicle.pipeline.ingest.html import html_document

TITLE = "Rovers beat United to lift the regional cup"
P1 = ("Rovers won the regional cup for the first time in eleven years on Saturday, beating "
      "United 3-1 in front of a crowd of twelve thousand.")
P2 = ("Striker Ole Dahl scored twice before half-time, and substitute Kasper Moe added a third "
      "ten minutes from the end.")
P3 = ("The win also lifts Rovers to the top of the league with two rounds left to play, two "
      "points ahead of United.")
ROWS = ["| Team | Played | Won | Points |", "| Rovers | 20 | 14 | 45 |",
        "| United | 20 | 13 | 43 |", "| City | 19 | 11 | 38 |"]
FACTS = ["Referee: Anna Berg", "Attendance: 12,004", "Player of the match: Ole Dahl"]

PAGE = """<html><head><title>{title} | The Fjordside Courier</title></head><body>
<ul class="menu"><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul>
<article><h1>{title}</h1><p>{p1}</p><p>{p2}</p>
<h2>League table</h2>
<table><tr><th>Team</th><th>Played</th><th>Won</th><th>Points</th></tr>
<tr><td>Rovers</td><td>20</td><td>14</td><td>45</td></tr>
<tr><td>United</td><td>20</td><td>13</td><td>43</td></tr>
<tr><td>City</td><td>19</td><td>11</td><td>38</td></tr></table>
<p>{p3}</p></article>
<footer><p>(c) 2025 The Fjordside Courier</p></footer></body></html>"""


def run(lines: list[str]) -> dict[str, Line]:
    result = classify_lines("\n".join(lines), CleanConfig(), title_hint=TITLE)
    return {line.text: line for line in result}


def test_a_news_page_with_a_results_table_keeps_its_rows() -> None:
    markup = PAGE.format(title=TITLE, p1=P1, p2=P2, p3=P3)
    ctx = RunContext()
    article = clean(to_article(html_document(markup, source_path="cup.html", fmt="html")), ctx)
    assert article.status == "kept"
    for row in ("| Team | Played | Won | Points |", "| Rovers | 20 | 14 | 45 |",
                "| City | 19 | 11 | 38 |"):
        assert row in article.paragraphs
    assert not [r for r in article.removed if "Rovers" in r.text]
    assert not ctx.stats["removed_boilerplate:nav"]


@pytest.mark.parametrize("position", ["body", "tail"])
def test_table_rows_in_the_body_and_after_it_are_kept(position: str) -> None:
    lines = ([TITLE, P1, "League table", *ROWS, P2, P3] if position == "body"
             else [TITLE, P1, P2, P3, "League table", *ROWS])
    decided = run(lines)
    assert [decided[row].kind for row in ROWS] == ["body"] * len(ROWS)
    assert decided["League table"].kind == "body"


@pytest.mark.parametrize("crumb", [
    "Home | World | Europe",
    "Home › Sport › Football",
    f"Home › Sport › Football › {TITLE}",  # a trail that ends with the page's headline
])
def test_a_breadcrumb_is_removed(crumb: str) -> None:
    decided = run([crumb, TITLE, P1, P2, P3])
    assert (decided[crumb].kind, decided[crumb].reason) == ("removed", "boilerplate:nav")
    assert decided[TITLE].kind == "title"


def test_a_label_line_followed_by_a_table_does_not_remove_the_table() -> None:
    decided = run([TITLE, P1, P2, P3, "Share this:", "Key figures after round 20", *ROWS])
    assert (decided["Share this:"].kind, decided["Share this:"].reason) == (
        "removed", "boilerplate:share")
    assert decided["Key figures after round 20"].kind == "body"
    assert [decided[row].kind for row in ROWS] == ["body"] * len(ROWS)


def test_a_label_line_followed_by_a_fact_list_does_not_remove_the_list() -> None:
    decided = run([TITLE, P1, P2, P3, "Advertisement", "Match facts", *(f"- {f}" for f in FACTS)])
    assert decided["Advertisement"].reason == "boilerplate:ad"
    assert decided["Match facts"].kind == "body"
    assert [decided[f"- {f}"].kind for f in FACTS] == ["body"] * len(FACTS)


def test_furniture_under_a_label_after_the_body_still_goes() -> None:
    """What the label owns when no table or fact list follows: "Name" under "Leave a Reply",
    a footer's short lines under the copyright."""
    decided = run([TITLE, P1, P2, P3, "Leave a Reply", "Name", "Website", "Post Comment"])
    assert {decided[t].reason for t in ("Name", "Website", "Post Comment")} == {
        "boilerplate:comments"}
