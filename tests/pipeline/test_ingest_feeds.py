"""RSS and Atom reader: one document per entry, HTML flattened to one block per line."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import read
from chronicle.pipeline.ingest.html import fragment_to_lines

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Coastal Weekly</title>
  <link>https://coastal.example/</link>
  <item>
    <title>Lifeboat station gets new crew room</title>
    <link>https://coastal.example/lifeboat</link>
    <guid>coastal-101</guid>
    <pubDate>Mon, 04 Sep 2023 09:15:00 +0100</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Volunteers opened the new crew room on Saturday.</p>
      <p>The building was paid for by <b>local</b> donations.<br/>More photos online.</p>
      <script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Beach clean-up this weekend</title>
    <link>https://coastal.example/cleanup</link>
    <description>&lt;p&gt;Bring gloves and a bag.&lt;/p&gt;</description>
  </item>
  <item><title>Nothing to say</title></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Hill Town Notes</title>
  <entry>
    <title>Orchard harvest starts early</title>
    <link href="https://hill.example/orchard"/>
    <id>tag:hill.example,2023:1</id>
    <updated>2023-08-21T07:00:00Z</updated>
    <content type="html">&lt;p&gt;Growers began picking apples two weeks early.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def run(tmp_path: Path, name: str, content: str) -> list[RawDocument | InputFailure]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return list(read(path, RunContext()))


def test_rss_entries_become_documents(tmp_path: Path) -> None:
    first, second, third = run(tmp_path, "coast.rss", RSS)
    assert isinstance(first, RawDocument) and first.fmt == "feed" and first.record == "entry 1"
    assert first.text == (
        "Volunteers opened the new crew room on Saturday.\n"
        "The building was paid for by local donations.\n"
        "More photos online."
    )  # full content preferred over the teaser; the script is gone
    assert first.title == "Lifeboat station gets new crew room"
    assert first.url == "https://coastal.example/lifeboat" and first.outlet == "Coastal Weekly"
    assert first.published == "Mon, 04 Sep 2023 09:15:00 +0100"
    assert first.published_source == "metadata" and first.metadata["guid"] == "coastal-101"
    assert isinstance(second, RawDocument) and second.text == "Bring gloves and a bag."
    assert isinstance(third, InputFailure)
    assert (third.reason, third.record) == ("empty", "entry 3")


def test_atom_feed_in_xml_file_is_sniffed(tmp_path: Path) -> None:
    [doc] = run(tmp_path, "notes.xml", ATOM)
    assert isinstance(doc, RawDocument)
    assert doc.text == "Growers began picking apples two weeks early."
    assert doc.url == "https://hill.example/orchard" and doc.outlet == "Hill Town Notes"
    assert doc.published == "2023-08-21T07:00:00Z"


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    [result] = run(tmp_path, "config.xml", '<?xml version="1.0"?><settings><a>1</a></settings>')
    assert isinstance(result, InputFailure) and result.reason == "unknown-format"


@pytest.mark.parametrize("content", ["<rss><channel><title>Cut off", "just words, no xml"])
def test_broken_feed_is_malformed(tmp_path: Path, content: str) -> None:
    [result] = run(tmp_path, "broken.rss", content)
    assert isinstance(result, InputFailure) and result.reason == "malformed"
    assert result.detail.startswith("not a readable feed")


def test_truncated_feed_keeps_complete_entries_with_a_warning(tmp_path: Path) -> None:
    cut = RSS[: RSS.index("<item><title>Nothing")]
    results = run(tmp_path, "cut.rss", cut)
    assert [r.record for r in results] == ["entry 1", "entry 2"]
    assert all(isinstance(r, RawDocument) and r.metadata["feed_warning"] for r in results)


def test_fragment_to_lines_one_block_per_line() -> None:
    fragment = "Intro text<ul><li>one</li><li>two  items</li></ul><h2>Next</h2>tail"
    assert fragment_to_lines(fragment) == "Intro text\none\ntwo items\nNext\ntail"
