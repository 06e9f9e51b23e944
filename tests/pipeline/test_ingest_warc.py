"""WARC reader: HTML responses become documents; damage and bombs become failures."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from chronicle.config import Config, IngestConfig
from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import read

DATED = (
    '<html><head><meta property="article:published_time" content="2022-11-03">'
    "<title>Ferry fares frozen</title></head><body><article>"
    "<p>The island ferry company said on Thursday it would keep fares unchanged next year.</p>"
    "<p>Passenger numbers rose by a tenth over the summer, it said.</p>"
    "</article></body></html>"
)
UNDATED = (
    "<html><head><title>Market hall repairs</title></head><body><article>"
    "<p>Repairs to the roof of the old market hall will start in April, the council said.</p>"
    "<p>Traders and the caf\u00e9 will move to a site near the bus station.</p>"
    "</article></body></html>"
)


def response(writer: WARCWriter, uri: str, body: bytes, ctype: str = "text/html; charset=utf-8",
             status: str = "200 OK", date: str = "2022-11-05T10:00:00Z") -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                       http_headers=http, warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def build_warc(gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    response(writer, "https://isles.example/ferry-fares", DATED.encode())
    response(writer, "https://isles.example/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png")
    response(writer, "https://isles.example/gone", UNDATED.encode(), status="404 Not Found")
    response(writer, "https://town.example/market-hall", UNDATED.encode("latin-1"),
             "text/html; charset=ISO-8859-1")
    return buffer.getvalue()


def run(tmp_path: Path, data: bytes, name: str, max_file_mb: float = 64.0,
        max_decompressed_mb: float = 256.0) -> tuple[list, RunContext]:
    path = tmp_path / name
    path.write_bytes(data)
    limits = IngestConfig(max_file_mb=max_file_mb, max_decompressed_mb=max_decompressed_mb)
    ctx = RunContext(config=Config(ingest=limits))
    return list(read(path, ctx)), ctx


@pytest.mark.parametrize(("gz", "name"), [(False, "crawl.warc"), (True, "crawl.WARC.GZ")])
def test_warc_html_responses_become_documents(tmp_path: Path, gz: bool, name: str) -> None:
    results, ctx = run(tmp_path, build_warc(gz), name)
    assert all(isinstance(r, RawDocument) for r in results), results
    dated, undated = results
    assert dated.url == "https://isles.example/ferry-fares" and dated.fmt == "warc"
    assert dated.record == "record 2" and dated.title == "Ferry fares frozen"
    assert dated.published == "2022-11-03" and dated.published_source == "metadata"
    assert "date_from" not in dated.metadata
    assert "keep fares unchanged" in dated.text
    assert undated.record == "record 5" and undated.url == "https://town.example/market-hall"
    assert undated.published == "2022-11-05T10:00:00Z" and undated.metadata["date_from"] == "warc"
    assert undated.encoding == "iso8859-1" and "the café will move" in undated.text
    assert ctx.stats["warc_records_skipped"] == 3  # warcinfo, image, 404


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_records_before_the_damage(tmp_path: Path, gz: bool) -> None:
    data = build_warc(gz)
    results, _ = run(tmp_path, data[: len(data) - 40], "cut.warc.gz" if gz else "cut.warc")
    *documents, damage = results
    assert [d.record for d in documents] == ["record 2"]
    assert isinstance(damage, InputFailure) and damage.reason == "malformed"
    assert damage.record == "record 5" and "damaged" in damage.detail


def test_not_a_warc_is_malformed(tmp_path: Path) -> None:
    [result], _ = run(tmp_path, b"This is a plain note, not an archive.\n" * 3, "note.warc")
    assert isinstance(result, InputFailure) and result.reason == "malformed"


def test_gzip_bomb_stops_at_decompressed_limit(tmp_path: Path) -> None:
    # A WARC record that inflates to 3 MB from a few kilobytes.
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(writer.create_warc_record(
        "urn:blob", "resource", payload=io.BytesIO(b" " * 3_000_000),
        warc_content_type="application/octet-stream"))
    bomb = gzip.compress(buffer.getvalue())
    assert len(bomb) < 20_000
    results, ctx = run(tmp_path, bomb, "bomb.warc.gz", max_decompressed_mb=1.0)
    assert [(r.reason, r.record) for r in results] == [("too-large", "record 1")]
    assert "max_decompressed_mb" in results[0].detail
    assert ctx.stats["failed_too-large"] == 1


def test_warc_over_file_limit_is_not_opened(tmp_path: Path) -> None:
    results, _ = run(tmp_path, build_warc(False), "crawl.warc", max_file_mb=0.001)
    assert [r.reason for r in results] == ["too-large"]


def test_gzip_encoded_page_over_page_limit_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    page = b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>"  # 2 MB page
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                       ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://big.example/", "response", payload=io.BytesIO(gzip.compress(page)),
        http_headers=http))
    response(writer, "https://isles.example/ferry-fares", DATED.encode())
    results, _ = run(tmp_path, buffer.getvalue(), "big.warc.gz", max_file_mb=1.0)
    assert [(type(r).__name__, r.record) for r in results] == [
        ("InputFailure", "record 1"), ("RawDocument", "record 2")]
    assert results[0].reason == "too-large"
