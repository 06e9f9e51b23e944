"""Safe highlighting, snippets, local links, dates and the SVG charts, on tiny inputs."""

from __future__ import annotations

import re

import pytest

from chronicle.store.keyset import Page
from chronicle.web.charts import relations_svg, story_when, timeline_svg, when
from chronicle.web.errors import BadParameter
from chronicle.web.markup import Mark, highlight, local_href, mark_in, snippet
from chronicle.web.paging import decode, encode, paginate, parse_dyad

TEXT = 'Ministers met in <b>Lima</b> & said "<script>x()</script>" on Friday.'


def test_highlight_escapes_every_segment_and_keeps_the_text() -> None:
    out = str(highlight(TEXT, [Mark(0, 9, "mention", entity="ab12cd34"),
                               Mark(17, 28, "quote", title='a "title" <here>')]))
    assert "<b>" not in out and "<script>" not in out
    assert re.sub(r"<[^>]+>", "", out).replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&amp;", "&").replace("&#34;", '"') == TEXT
    assert '<a href="/entities/ab12cd34"><span class="mention">Ministers</span></a>' in out
    assert 'title="a &#34;title&#34; &lt;here&gt;"' in out


def test_overlapping_marks_nest_well_and_union_their_classes() -> None:
    out = str(highlight("abcdefghij", [Mark(0, 6, "event"), Mark(3, 9, "quote"),
                                       Mark(4, 5, "trigger")]))
    assert out == ('<span class="event">abc</span><span class="event quote">d</span>'
                   '<span class="event quote trigger">e</span><span class="event quote">f'
                   '</span><span class="quote">ghi</span>j')


def test_marks_outside_the_text_are_ignored_and_anchors_used_once() -> None:
    out = str(highlight("short", [Mark(2, 99, "cited"), Mark(0, 2, "cited", anchor="x"),
                                  Mark(1, 4, "hit", anchor="x")]))
    assert out.count('id="x"') == 1 and "99" not in out


def test_unknown_mark_class_is_refused() -> None:
    with pytest.raises(ValueError):
        Mark(0, 1, "onclick")


@pytest.mark.parametrize("ident", ["javascript:alert(1)", "../../etc", "AB", "", None,
                                   "12ab\" onmouseover=\"x"])
def test_local_href_only_builds_links_to_hex_ids(ident: str | None) -> None:
    assert local_href("articles", ident) is None


def test_local_href_and_unknown_kinds() -> None:
    assert local_href("stories", "00ff", "c-1") == "/stories/00ff#c-1"
    assert local_href("javascript:", "00ff") is None


def test_snippet_marks_hits_and_escapes_the_rest() -> None:
    out = str(snippet("… the \x02<i>water</i>\x03 treaty \x02talks\x03 …"))
    assert out == "… the <mark>&lt;i&gt;water&lt;/i&gt;</mark> treaty <mark>talks</mark> …"


def test_mark_in_marks_the_mention_in_its_sentence() -> None:
    assert str(mark_in("Talks in <Lima> ended.", "<Lima>")) == \
        'Talks in <span class="hit">&lt;Lima&gt;</span> ended.'
    assert str(mark_in("No match <here>", "Quito")) == "No match &lt;here&gt;"


@pytest.mark.parametrize(("tv", "shown"), [
    ({"earliest": "2025-03-26", "latest": "2025-03-26", "precision": "day"}, "2025-03-26"),
    ({"earliest": "2025-03-01", "latest": "2025-03-31", "precision": "month"},
     "2025-03-01 – 2025-03-31 (month)"),
    ({"earliest": None, "latest": "2025-02-20", "precision": "unknown"},
     "on or before 2025-02-20"),
    ({"earliest": None, "latest": None, "precision": "unknown"}, "date unknown"),
    (None, "date unknown"),
])
def test_dates_show_their_precision_and_never_invent_a_day(tv: dict | None, shown: str) -> None:
    assert when(tv) == shown


def test_story_range_keeps_open_ends_open() -> None:
    first = {"earliest": None, "latest": "2024-06-20"}
    assert story_when({"date": {"first": first, "last": {}}}) == "on or before 2024-06-20"
    assert story_when({"date": {"first": {"earliest": "2024-06-18"},
                                "last": {"latest": "2024-06-21"}}}) == "2024-06-18 – 2024-06-21"


def test_timeline_svg_links_each_dated_story_and_escapes_titles() -> None:
    stories = [
        {"id": "aa11", "title": "<script>x</script> talks", "article_ids": ["1", "2"],
         "date": {"first": {"earliest": "2025-01-02"}, "last": {"latest": "2025-01-09"}}},
        {"id": "bb22", "title": "Undated", "article_ids": ["3"], "date": {}},
        {"id": "cc33", "title": "Later", "size": 1,
         "date": {"first": {"earliest": "2025-06-01"}, "last": {"latest": "2025-06-01"}}},
    ]
    svg = str(timeline_svg(stories))
    assert svg.count("<rect") == 2 and 'href="/stories/aa11"' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "bb22" not in svg
    assert "No dated stories" in str(timeline_svg([stories[1]]))


def test_relations_svg_stacks_quad_classes_and_leaves_out_unknown_months() -> None:
    months = [
        {"month": "2025-01", "events": 3, "quad1": 2, "quad2": 0, "quad3": 1, "quad4": 0,
         "mean_goldstein": 1.5},
        {"month": "2025-02", "events": 1, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 1,
         "mean_goldstein": -9.0},
        {"month": "unknown", "events": 5, "quad1": 5, "quad2": 0, "quad3": 0, "quad4": 0,
         "mean_goldstein": 3.0},
    ]
    svg = str(relations_svg(months, "AAA", "BBB"))
    assert svg.count("<rect") == 3 and svg.count("<circle") == 2
    assert 'class="q4"' in svg and "unknown" not in svg
    heights = [float(h) for h in re.findall(r'class="q1" x="[^"]+" y="[^"]+" width="[^"]+" '
                                            r'height="([^"]+)"', svg)]
    assert heights == [pytest.approx(220 * 2 / 3, abs=0.1)]


def test_cursor_round_trip_and_rejection() -> None:
    key = (12, "Ştefan \"Ş\" / ?&", "0123456789abcdef")
    assert decode(encode(key)) == key and decode(None) is None
    assert re.fullmatch(r"[A-Za-z0-9_-]+", encode(key))  # safe in a URL as it is
    for bad in ["bogus", encode(key) + "!", "b-1", "%%%", encode(()), encode(([1],)),
                encode((True,)), "e30"]:  # "e30" is {}
        with pytest.raises(BadParameter):
            decode(bad)
    assert paginate(Page([1, 2], ("k", 2))) == {"items": [1, 2], "next": encode(("k", 2))}
    assert paginate(Page([], None)) == {"items": [], "next": None}


def test_parse_dyad() -> None:
    assert parse_dyad("rus,vnm") == ("RUS", "VNM") and parse_dyad("EUR-UNO") == ("EUR", "UNO")
    with pytest.raises(BadParameter):
        parse_dyad("RUS,VNM,CHN")
