"""Reader comment threads (``clean/comments.py``), on pages written for these tests.

Every case checks the thread's lines *and* that each body paragraph survived whole.
"""

from __future__ import annotations

import pytest

from chronicle.config import CleanConfig
from chronicle.model import Article, Line
from chronicle.pipeline.clean import classify_lines, clean
from chronicle.pipeline.clean.comments import stamp_of
from chronicle.pipeline.clean.cues import line_cue
from chronicle.pipeline.clean.shape import shape_of
from chronicle.pipeline.context import RunContext

COMMENTS = "boilerplate:comments"
CFG = CleanConfig()
HEAD = "Valley rail bridge reopens after eight months of repairs"
P1 = ("The rail bridge over the Esk valley reopened on Friday morning, eight months after "
      "floodwater undermined two of its piers.")
P2 = ("Engineers replaced the damaged piers with steel-reinforced concrete and raised the deck "
      "by forty centimetres, the rail operator said.")
P3 = ("Commuters from the northern villages had faced a ninety-minute bus detour since the "
      "closure in the spring.")
P4 = ("The operator wrote to season-ticket holders on Thursday to offer a month of free travel "
      "as compensation for the disruption.")
BODY = [P1, P2, P3, P4]


def run(lines: list[str], hint: str | None = None) -> list[Line]:
    text = "\n".join(lines)
    result = classify_lines(text, CFG, title_hint=hint)
    assert [line.text for line in result] == text.split("\n")
    kinds = {line.text: line.kind for line in result}
    lost = [p for p in BODY if p in kinds and kinds[p] != "body"]
    assert not lost, f"body paragraphs lost: {lost}"
    return result


def decisions(result: list[Line], texts: list[str]) -> list[tuple[str, str | None]]:
    by_text = {line.text: line for line in result}
    return [(by_text[t].kind, by_text[t].reason) for t in texts]


def removed_as_comments(result: list[Line], texts: list[str]) -> None:
    assert decisions(result, texts) == [("removed", COMMENTS)] * len(texts)


def interleave(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += [line, ""]
    return out


WORDPRESS = [
    "2 thoughts on “Valley rail bridge reopens after eight months of repairs”",
    "Gwen Alder says:",
    "March 8, 2024 at 7:41 am",
    "Finally! The bus detour added three hours to my week.",
    "Reply",
    "trainspotter_61 says:",
    "March 8, 2024 at 9:02 am",
    "Shame they did not add a footpath while the bridge was closed anyway.",
    "Reply",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
]

COUNTED = [
    "Comments (3)",
    "Ravi Menon",
    "2 hours ago",
    "Good work by the crews, they kept going all winter in terrible weather.",
    "14 Likes | Reply | Report abuse",
    "Dora Pike",
    "3 hours ago",
    "Will the timetable go back to half-hourly trains?",
    "Reply",
    "Ole",
    "5 hours ago",
    "Who pays for the free month, the operator or the council?",
    "2 Likes | Reply",
    "Log in to reply",
]


def test_thread_after_the_body_is_removed_stamps_and_comments_alike() -> None:
    result = run([HEAD, "", *interleave(BODY), *WORDPRESS])
    assert decisions(result, [HEAD]) == [("title", None)]
    removed_as_comments(result, WORDPRESS)


def test_thread_under_a_comment_count_header() -> None:
    result = run([HEAD, "", *interleave(BODY), *COUNTED])
    removed_as_comments(result, COUNTED)


def test_thread_without_a_header_is_found_by_its_stamps() -> None:
    thread = ["Gwen Alder says:", "March 8, 2024 at 7:41 am", "Finally, some good news.",
              "Reply", "Ben says:", "March 8, 2024 at 9:15 am",
              "The new piers look much sturdier than the old ones.", "Reply"]
    removed_as_comments(run([HEAD, *BODY, *thread]), thread)


def test_thread_interrupting_the_article_ends_where_the_article_resumes() -> None:
    result = run([HEAD, P1, P2, *COUNTED, P3, P4])
    removed_as_comments(result, COUNTED)


def test_header_with_bare_comments_under_it_takes_the_short_end() -> None:
    thread = ["Reader comments (2)", "About time too.", "My commute is finally back to normal."]
    removed_as_comments(run([HEAD, *BODY, *thread]), thread)


def test_body_sentences_with_wrote_reply_or_says_are_kept() -> None:
    sentences = [
        "The mayor wrote to the transport ministry in June asking for a firm reopening date.",
        "In reply, the ministry said the piers had to be tested under load before any train "
        "could cross.",
        "Residents can reply to the operator's survey on the new timetable until Friday.",
        "A station volunteer says: the first train was packed with people who just wanted to "
        "ride across.",
    ]
    result = run([HEAD, P1, sentences[0], P2, sentences[1], P3, sentences[2], sentences[3], P4])
    assert decisions(result, sentences) == [("body", None)] * len(sentences)


def test_quoted_posts_in_the_article_are_not_a_thread() -> None:
    quoted = ["The regional minister wrote:", "“A great day for the valley and its commuters.”",
              "Halvorsen wrote:", "“We will be watching the piers closely after every storm.”",
              "Esk Rail wrote:", "“Thank you for your patience over the last eight months.”"]
    result = run([HEAD, P1, P2, *quoted, P3, P4])
    assert decisions(result, quoted) == [("body", None)] * len(quoted)


def test_live_blog_entry_stamps_are_not_a_thread() -> None:
    stamps = ["Ana Lima · 2 hours ago", "Ana Lima · 3 hours ago", "Tom Reyes · 4 hours ago"]
    result = run([HEAD, stamps[0], P1, stamps[1], P2, stamps[2], P3, P4])
    assert all(kind != "removed" or reason != COMMENTS
               for kind, reason in decisions(result, stamps))


def test_comment_count_by_the_byline_does_not_open_a_thread() -> None:
    result = run([HEAD, "By Nadia Frost", "14 Comments", *BODY, "Reply"])
    assert decisions(result, ["14 Comments", "Reply"]) == [("removed", COMMENTS)] * 2


def test_byline_date_and_thread_without_header_keep_the_article() -> None:
    byline = "Nadia Frost | March 7, 2024 at 6:00 pm"
    thread = ["Gwen says:", "March 8, 2024 at 7:41 am", "Finally, some good news.", "Reply",
              "Ben says:", "March 8, 2024 at 9:15 am", "The piers look sturdier now.", "Reply"]
    result = run([HEAD, byline, *BODY, *thread])
    assert decisions(result, [byline]) == [("removed", "boilerplate:byline")]
    removed_as_comments(result, thread)


def test_headline_never_comes_from_a_thread() -> None:
    quoted = "Valley rail bridge reopens"  # a commenter quotes the page's title metadata
    thread = ["Comments (2)", "Gwen Alder", "2 hours ago", quoted, "Reply", "Ben", "3 hours ago",
              "Good news at last for the northern villages.", "Reply"]
    result = run([*BODY, *thread], hint=quoted)
    assert [line for line in result if line.kind == "title"] == []
    removed_as_comments(result, thread)


def test_clean_records_the_thread_as_one_span_and_counts_its_lines() -> None:
    raw = "\n".join([HEAD, "", *interleave(BODY), *WORDPRESS])
    ctx = RunContext()
    article = clean(Article(id="a1", source_path="a1.txt", raw_text=raw), ctx)
    assert article.title == HEAD
    assert article.paragraphs == BODY
    spans = [(s.reason, s.text.split("\n")[0]) for s in article.removed]
    assert spans == [(COMMENTS, WORDPRESS[0])]
    assert ctx.stats[f"removed_{COMMENTS}"] == len(WORDPRESS)


@pytest.mark.parametrize(("line", "role", "weight"), [
    ("Reply", "foot", 2),
    ("| Reply", "foot", 2),
    ("12 Likes | Reply | Report abuse", "foot", 2),
    ("Log in to reply", "foot", 2),
    ("Like · Reply · 2y", "foot", 2),
    ("Gwen Alder says:", "head", 1),
    ("pete_99 wrote :", "head", 1),
    ("Gwen Alder says: March 8, 2024 at 7:41 am", "head", 2),
    ("Gwen Alder on March 8, 2024 at 7:41 am", "head", 2),
    ("gwen.a · 2 hours ago", "head", 2),
    ("March 8, 2024 at 7:41 am", "head", 1),
    ("2 hours ago", "head", 1),
    ("Comments (14)", "header", 0),
    ("14 comments", "header", 0),
    ("3 thoughts on “Valley rail bridge reopens”", "header", 0),
    ("Leave a Reply", "header", 0),
    ("Add your comment", "header", 0),
])
def test_stamp_shapes(line: str, role: str, weight: int) -> None:
    shape = shape_of(line, CFG.min_body_words)
    stamp = stamp_of(shape, line_cue(shape))
    assert stamp is not None
    assert (stamp.role, stamp.weight) == (role, weight)


@pytest.mark.parametrize("line", [
    "The minister wrote to his counterpart on Monday.",
    "He wrote:",
    "Posted on March 8, 2024 at 7:41 am",
    "March 8, 2024",
    "Like",
    "Share",
    "12 votes",
    "3 points",
    "No comments yet",
    "Reactions",
    "Discussion",
    "Valley rail bridge reopens on March 8, 2024",
])
def test_not_stamps(line: str) -> None:
    shape = shape_of(line, CFG.min_body_words)
    assert stamp_of(shape, line_cue(shape)) is None
