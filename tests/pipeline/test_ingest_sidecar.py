"""Sidecar metadata files override what a file says about itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chronicle.model import RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import ingest, read

META = {"url": "https://river.example/floods", "outlet": "River Times",
        "published": "2021-07-16", "section": "local"}
PAGE = (
    "<html><head><title>Flood warning lifted</title>"
    '<link rel="canonical" href="https://mirror.example/copy">'
    '<meta property="og:site_name" content="Mirror Site">'
    '<meta property="article:published_time" content="2021-07-20"></head>'
    "<body><article><p>The flood warning for the lower valley was lifted on Friday "
    "as the river fell below its banks.</p></article></body></html>"
)


def docs(path: Path) -> list[RawDocument]:
    results = list(read(path, RunContext()))
    assert all(isinstance(r, RawDocument) for r in results), results
    return results  # type: ignore[return-value]


@pytest.mark.parametrize("sidecar_name", ["floods.txt.meta.json", "floods.meta.json"])
def test_sidecar_fills_text_file(tmp_path: Path, sidecar_name: str) -> None:
    path = tmp_path / "floods.txt"
    path.write_text("Flood warning lifted\n\nThe river fell overnight.\n", encoding="utf-8")
    (tmp_path / sidecar_name).write_text(json.dumps(META), encoding="utf-8")
    [doc] = docs(path)
    assert (doc.url, doc.outlet) == (META["url"], META["outlet"])
    assert doc.published == "2021-07-16" and doc.published_source == "sidecar"
    assert doc.metadata["section"] == "local" and doc.metadata["sidecar"] == sidecar_name
    assert doc.text.startswith("Flood warning lifted")  # the text is untouched


def test_sidecar_overrides_html_metadata(tmp_path: Path) -> None:
    path = tmp_path / "floods.html"
    path.write_text(PAGE, encoding="utf-8")
    (tmp_path / "floods.html.meta.json").write_text(json.dumps(META), encoding="utf-8")
    [doc] = docs(path)
    assert doc.url == META["url"] and doc.outlet == "River Times"
    assert doc.published == "2021-07-16" and doc.published_source == "sidecar"
    assert doc.title == "Flood warning lifted"  # not in the sidecar: kept from the page


def test_broken_sidecar_is_noted_and_document_still_read(tmp_path: Path) -> None:
    path = tmp_path / "floods.html"
    path.write_text(PAGE, encoding="utf-8")
    (tmp_path / "floods.meta.json").write_text('{"url": "https://river.ex', encoding="utf-8")
    [doc] = docs(path)
    assert doc.url == "https://mirror.example/copy" and doc.outlet == "Mirror Site"
    assert doc.published_source == "metadata"
    assert doc.metadata["sidecar_error"].startswith("floods.meta.json:")


def test_sidecar_on_multi_record_file_only_fills_outlet(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [{"text": "Bridge closed for checks.", "url": "https://a.example/1"},
             {"text": "Ferry delayed by fog.", "outlet": "Harbour Log"}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    (tmp_path / "batch.jsonl.meta.json").write_text(json.dumps(META), encoding="utf-8")
    first, second = docs(path)
    assert first.url == "https://a.example/1" and first.outlet == "River Times"
    assert first.published is None
    assert second.url is None and second.outlet == "Harbour Log"


def test_sidecars_are_not_ingested_as_inputs(tmp_path: Path) -> None:
    (tmp_path / "floods.txt").write_text("The river fell overnight.\n", encoding="utf-8")
    (tmp_path / "floods.txt.meta.json").write_text(json.dumps(META), encoding="utf-8")
    [doc] = list(ingest([str(tmp_path)], RunContext()))
    assert isinstance(doc, RawDocument)
    assert Path(doc.source_path).name == "floods.txt" and doc.outlet == "River Times"
