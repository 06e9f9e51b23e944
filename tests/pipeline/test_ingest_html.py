"""HTML reader: trafilatura extraction with metadata, one paragraph per line."""

from __future__ import annotations

from pathlib import Path

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import read

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="{charset}">
<title>Bridge reopens after repairs | The Valley Courier</title>
<link rel="canonical" href="https://courier.example/news/bridge-reopens">
<meta property="og:site_name" content="The Valley Courier">
<meta property="article:published_time" content="2023-06-14T08:30:00+02:00">
<meta name="author" content="Ana Ribeiro">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Bridge reopens after repairs</h1>
<p>The old river bridge reopened to traffic on Wednesday after eight months of repairs, the
regional roads agency said.</p>
<p>Engineers replaced the steel supports and widened the footpath on both sides.</p>
<p>“It is good to have our short cut back,” said a café owner on the east bank.</p>
</article>
<footer>© 2023 The Valley Courier. All rights reserved.</footer>
</body></html>
"""


def read_page(tmp_path: Path, html: str | bytes, name: str = "page.html") -> list:
    path = tmp_path / name
    if isinstance(html, str):
        path.write_text(html, encoding="utf-8")
    else:
        path.write_bytes(html)
    return list(read(path, RunContext()))


def test_html_text_and_metadata(tmp_path: Path) -> None:
    [doc] = read_page(tmp_path, PAGE.format(charset="utf-8"))
    assert isinstance(doc, RawDocument)
    assert doc.fmt == "html" and doc.encoding == "utf-8"
    assert doc.title == "Bridge reopens after repairs"
    assert doc.outlet == "The Valley Courier"
    assert doc.url == "https://courier.example/news/bridge-reopens"
    assert doc.published == "2023-06-14" and doc.published_source == "metadata"
    assert doc.metadata["author"] == "Ana Ribeiro"
    lines = doc.text.split("\n")
    # One paragraph per line, the wrapped source line joined back together.
    assert any(line.startswith("The old river bridge reopened") and line.endswith("said.")
               for line in lines)
    assert "Engineers replaced the steel supports and widened the footpath on both sides." in lines
    assert "“It is good to have our short cut back,” said a café owner on the east bank." in lines


def test_html_in_latin1_uses_declared_charset(tmp_path: Path) -> None:
    page = PAGE.format(charset="iso-8859-1").replace("“", '"').replace("”", '"')
    [doc] = read_page(tmp_path, page.encode("latin-1"), "page.htm")
    assert isinstance(doc, RawDocument)
    assert "café owner" in doc.text and doc.title == "Bridge reopens after repairs"


def test_html_without_text_is_malformed(tmp_path: Path) -> None:
    page = "<html><head><title>Loading</title><script>var x = 1;</script></head><body></body>"
    [result] = read_page(tmp_path, page)
    assert isinstance(result, InputFailure)
    assert result.reason == "malformed" and result.detail == "no article text found in HTML"


def test_broken_html_with_text_is_still_read(tmp_path: Path) -> None:
    broken = (
        "<html><body><div class='story'><p>The school board met on Thursday evening "
        "to discuss the new timetable for the autumn term<p>Parents asked for later start "
        "times, the chair said <b>after the vote"
    )
    [doc] = read_page(tmp_path, broken)
    assert isinstance(doc, RawDocument)
    assert "school board met on Thursday" in doc.text
    assert "Parents asked for later start times" in doc.text
    assert doc.title is None and doc.published is None and doc.published_source == "none"


def test_outlet_from_title_tag_when_no_tag_names_the_site(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Night buses return to the old town &ndash; Riverside Daily</title>"
        '<meta property="og:title" content="Night buses return to the old town">'
        '<link rel="canonical" href="https://www.riverside-daily.example/transport/buses">'
        "</head><body><article><p>Night buses will run again through the old town from "
        "Friday, the transport office said, after a two-year pause.</p></article></body></html>"
    )
    [doc] = read_page(tmp_path, page)
    assert isinstance(doc, RawDocument)
    assert doc.title == "Night buses return to the old town"
    assert doc.outlet == "Riverside Daily"  # not the host name trafilatura falls back to
    assert doc.metadata["hostname"] == "riverside-daily.example"
