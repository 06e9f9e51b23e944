"""WARC reader (warcio): one document per HTML response record.

warcio treats a stream that ends early as a normal end of file, so damage is detected
here: gzip is inflated by :class:`WarcStream` (which also caps decompressed bytes), a
record whose payload is shorter than its Content-Length is truncated, and bytes left
after the last parsed record mean its successor was cut off.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest.decode import (
    MB,
    Refusal,
    check_not_binary,
    check_size,
    declared_charset,
    decode,
    one_line,
)
from chronicle.pipeline.ingest.html import html_document

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"

Result = RawDocument | InputFailure


class WarcDamaged(Exception):
    """The archive ends or breaks in the middle of a record."""


class TooLarge(Exception):
    """More decompressed bytes than ``ingest.max_decompressed_mb``."""


class WarcStream:
    """The uncompressed WARC bytes, counted and capped.

    Gzip members are inflated here rather than by warcio so that a compression bomb
    stops at ``cap`` bytes and a cut-off member raises instead of ending quietly.
    """

    def __init__(self, raw: BinaryIO, cap: int, gzipped: bool) -> None:
        self.raw, self.cap, self.gzipped = raw, cap, gzipped
        self.total = 0
        self._inflater = _inflater()
        self._pending = b""
        self._in_member = False

    def tell(self) -> int:
        return self.total

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(_CHUNK), b""))
        out = self._inflate(size) if self.gzipped else self.raw.read(size)
        self.total += len(out)
        if self.total > self.cap:
            raise TooLarge(f"more than {self.cap / MB:g} MB once decompressed")
        return out

    def _inflate(self, size: int) -> bytes:
        while size > 0:  # zlib reads max_length=0 as "no limit"
            if not self._pending:
                self._pending = self.raw.read(_CHUNK)
                if not self._pending:
                    if self._in_member:
                        raise WarcDamaged("the gzip data ends in the middle of a member")
                    return b""
            out = self._inflater.decompress(self._pending, size)
            self._pending = self._inflater.unconsumed_tail
            self._in_member = True
            if self._inflater.eof:  # next gzip member (one per WARC record)
                self._pending = self._inflater.unused_data + self._pending
                self._inflater, self._in_member = _inflater(), False
            if out:
                return out
        return b""


def _inflater() -> Any:
    return zlib.decompressobj(16 + zlib.MAX_WBITS)


def read_warc(path: Path, ctx: RunContext) -> Iterator[Result]:
    limits = ctx.config.ingest
    check_size(path, limits.max_file_mb)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise Refusal("unreadable", exc.strerror or str(exc)) from None
    with handle:
        gzipped = handle.read(2) == _GZIP_MAGIC
        handle.seek(0)
        stream = WarcStream(handle, int(limits.max_decompressed_mb * MB), gzipped)
        yield from _records(stream, str(path), ctx)


def _records(stream: WarcStream, source: str, ctx: RunContext) -> Iterator[Result]:
    records = ArchiveIterator(stream)
    done = 0  # records read completely
    yielded = False
    try:
        for number, record in enumerate(records, start=1):
            if record.format != "warc":  # warcio reads almost any text as old-style ARC
                raise WarcDamaged("not a WARC record")
            result = _record(record, source, number, ctx)
            _finish(record)
            done = number
            if result is None:
                ctx.count("warc_records_skipped")
            else:
                yielded = True
                yield result
        if stream.total > records.offset:
            raise WarcDamaged(f"{stream.total - records.offset} bytes could not be parsed")
        if not yielded:
            raise Refusal("empty", f"no HTML page among {done} WARC records")
    except Refusal:
        raise
    except TooLarge as exc:
        detail = f"{exc} (ingest.max_decompressed_mb)"
        yield InputFailure(source, "too-large", detail, f"record {done + 1}")
    except Exception as exc:  # warcio, zlib and our own damage checks
        detail = one_line(f"WARC damaged after {done} complete records: {exc}")
        yield InputFailure(source, "malformed", detail, f"record {done + 1}")


def _finish(record: Any) -> None:
    """Read what is left of a record and fail when it is shorter than it says."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    missing = getattr(raw, "limit", 0)
    if missing:
        raise WarcDamaged(f"record cut off {missing} bytes before its end")


def _record(record: Any, source: str, number: int, ctx: RunContext) -> Result | None:
    """A document for an HTML page record, a failure for a bad one, None to skip."""
    content_type = _html_content_type(record)
    if content_type is None:
        return None
    where = f"record {number}"
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    try:
        body = _body(record, ctx.config.ingest.max_file_mb)  # damage here ends the file
        check_not_binary(body)
        markup, encoding = decode(body, _charset(content_type) or declared_charset(body))
        doc = html_document(
            markup, source_path=source, fmt="warc", encoding=encoding, url=uri, record=where
        )
    except Refusal as refusal:
        return InputFailure(source, refusal.reason, refusal.detail, where)
    except (WarcDamaged, TooLarge, zlib.error, EOFError):
        raise
    except Exception as exc:  # one odd page must not cost the rest of the archive
        return InputFailure(source, "malformed", one_line(f"{type(exc).__name__}: {exc}"), where)
    if uri and doc.url and doc.url != uri:
        doc.metadata["canonical_url"] = doc.url
    doc.url = uri or doc.url
    warc_date = headers.get_header("WARC-Date")
    if not doc.published and warc_date:
        doc.published, doc.published_source = warc_date, "metadata"
        doc.metadata["date_from"] = "warc"
    doc.metadata["warc_record_id"] = headers.get_header("WARC-Record-ID")
    return doc


def _html_content_type(record: Any) -> str | None:
    """The content type of a 2xx HTML response (or HTML resource) record, else None."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not str(http.get_statuscode()).startswith("2"):
            return None
        content_type = http.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    return content_type if any(t in content_type.lower() for t in HTML_TYPES) else None


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _body(record: Any, max_mb: float) -> bytes:
    """The decoded HTTP body (chunked and gzip transfer undone), capped per page."""
    limit = int(max_mb * MB)
    body = record.content_stream().read(limit + 1)
    if len(body) > limit:
        raise Refusal("too-large", f"page body over ingest.max_file_mb={max_mb:g}")
    if not body.strip():
        raise Refusal("empty", "the response body is empty")
    return body
