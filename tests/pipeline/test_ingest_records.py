"""JSON and JSON Lines readers: one document per record, bad records reported one by one."""

from __future__ import annotations

import json
from pathlib import Path

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import read

RECORD = {
    "title": "Library extends opening hours",
    "text": "The city library will open until 9 pm on weekdays.\nStaff welcomed the move.",
    "url": "https://gazette.example/library-hours",
    "date": "2024-02-27",
    "source": "The Morning Gazette",
    "id": "lib-42",
}


def run(path: Path) -> tuple[list[RawDocument | InputFailure], RunContext]:
    ctx = RunContext()
    return list(read(path, ctx)), ctx


def test_json_object_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    path.write_text(json.dumps(RECORD), encoding="utf-8")
    [doc], _ = run(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == RECORD["text"] and doc.fmt == "json" and doc.record is None
    assert doc.title == RECORD["title"] and doc.url == RECORD["url"]
    assert doc.outlet == "The Morning Gazette"
    assert doc.published == "2024-02-27" and doc.published_source == "metadata"
    assert doc.metadata["id"] == "lib-42"


def test_json_list_with_alias_fields_and_html(tmp_path: Path) -> None:
    items = [
        {"maintext": "Rail strike called off after late-night talks.", "published": "2024-01-05",
         "site": "Northern Post"},
        {"html": "<html><body><article><p>The zoo welcomed two red panda cubs this spring, "
                 "keepers said on Friday.</p></article></body></html>",
         "source": {"id": "np", "name": "Northern Post"}, "title": "Panda cubs"},
        {"title": "No body here"},
        "not an object",
    ]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    results, ctx = run(path)
    first, second, third, fourth = results
    assert isinstance(first, RawDocument) and first.record == "item 1"
    assert first.outlet == "Northern Post" and first.published == "2024-01-05"
    assert isinstance(second, RawDocument) and second.record == "item 2"
    assert "red panda cubs" in second.text and second.title == "Panda cubs"
    assert second.outlet == "Northern Post" and second.metadata["extracted_from"] == "html"
    assert isinstance(third, InputFailure) and third.reason == "malformed"
    assert third.record == "item 3" and "no 'text' or 'html'" in third.detail
    assert isinstance(fourth, InputFailure) and fourth.record == "item 4"
    assert ctx.stats["ingested"] == 2 and ctx.stats["failed_malformed"] == 2


def test_json_wrapped_in_articles_key(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"status": "ok", "articles": [RECORD, RECORD]}), encoding="utf-8")
    results, _ = run(path)
    assert [r.record for r in results] == ["item 1", "item 2"]
    assert all(isinstance(r, RawDocument) for r in results)


def test_json_syntax_error_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"title": "Half a record", "text": "Cut off', encoding="utf-8")
    [result], ctx = run(path)
    assert isinstance(result, InputFailure)
    assert result.reason == "malformed" and result.detail.startswith("invalid JSON")
    assert ctx.stats["failed_malformed"] == 1


def test_jsonl_broken_line_does_not_stop_the_batch(tmp_path: Path) -> None:
    lines = [
        json.dumps(RECORD),
        '{"title": "broken", "text": ',
        "",
        json.dumps({**RECORD, "text": "Second story about the new cycle lanes on the ring road."}),
        json.dumps({"title": "Empty text", "text": "   "}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results, _ = run(path)
    assert [(type(r).__name__, r.record) for r in results] == [
        ("RawDocument", "line 1"),
        ("InputFailure", "line 2"),
        ("RawDocument", "line 4"),
        ("InputFailure", "line 5"),
    ]
    first, broken, second, empty = results
    assert isinstance(broken, InputFailure) and isinstance(empty, InputFailure)
    assert broken.reason == "malformed" and "invalid JSON" in broken.detail
    assert empty.reason == "empty"
    assert isinstance(second, RawDocument)
    assert second.fmt == "jsonl" and "cycle lanes" in second.text


def test_jsonl_text_is_repaired_and_paragraph_lists_joined(tmp_path: Path) -> None:
    record = {"text": ["First paragraph\r\nstill first.", "Caf\u00c3\u00a9 reopens."]}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [doc], _ = run(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == "First paragraph\nstill first.\nCafé reopens."


def test_markup_in_a_text_field_is_flattened_one_block_per_line(tmp_path: Path) -> None:
    record = {"content": "<p>Snow closed the pass on Sunday.</p><p>It reopens <b>today</b>.</p>"}
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    [doc], _ = run(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == "Snow closed the pass on Sunday.\nIt reopens today."
    assert doc.metadata["extracted_from"] == "html-fragment"
