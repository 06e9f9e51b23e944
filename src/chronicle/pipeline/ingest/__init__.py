"""The ingest stage: input paths to ``RawDocument`` records, or ``InputFailure`` records.

Nothing raises: every file that cannot be read becomes an ``InputFailure`` with a
short reason code (``missing``, ``unreadable``, ``too-large``, ``empty``, ``binary``,
``unknown-extension``, ``unknown-format``, ``malformed``) and a one-line detail.

Readers are chosen by extension (case-insensitive); ``fmt`` on the documents:

=====================================  ========
``.txt`` ``.text``                     txt
``.md`` ``.markdown``                  md
``.html`` ``.htm`` ``.xhtml``          html
``.json`` / ``.jsonl`` ``.ndjson``     json / jsonl
``.warc`` ``.warc.gz``                 warc
``.rss`` ``.atom`` ``.xml`` (sniffed)  feed
=====================================  ========

A sidecar ``NAME.meta.json`` next to a file overrides its url, outlet, published date
and title (see :mod:`.sidecar`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest.article import article_id, to_article
from chronicle.pipeline.ingest.decode import Refusal, one_line
from chronicle.pipeline.ingest.discover import discover
from chronicle.pipeline.ingest.feeds import read_feed
from chronicle.pipeline.ingest.html import read_html
from chronicle.pipeline.ingest.language import identify_language
from chronicle.pipeline.ingest.records import read_json, read_jsonl
from chronicle.pipeline.ingest.sidecar import apply_sidecar, find_sidecar, load_sidecar
from chronicle.pipeline.ingest.text import read_md, read_txt
from chronicle.pipeline.ingest.warc import read_warc

__all__ = [
    "READERS",
    "article_id",
    "discover",
    "extension",
    "identify_language",
    "ingest",
    "read",
    "to_article",
]

Result = RawDocument | InputFailure
Reader = Callable[[Path, RunContext], Iterator[Result]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_md,
    ".markdown": read_md,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}
_LONGEST_FIRST = sorted(READERS, key=len, reverse=True)


def extension(path: Path) -> str | None:
    """The reader extension ``path`` ends with (``.warc.gz`` before ``.gz``), if any."""
    name = path.name.lower()
    return next((ext for ext in _LONGEST_FIRST if name.endswith(ext)), None)


def ingest(inputs: Sequence[str], ctx: RunContext) -> Iterator[Result]:
    """Discover and read every input: documents and failures in a stable order."""
    for item in discover(inputs):
        if isinstance(item, InputFailure):
            _record(item, ctx)
            yield item
        else:
            yield from read(item, ctx)


def read(path: Path, ctx: RunContext) -> Iterator[Result]:
    """Every document in one file (a JSONL, WARC or feed holds many), sidecar applied."""
    ext = extension(path)
    if ext is None:
        detail = f"no reader for '{path.suffix or path.name}'"
        failure = InputFailure(str(path), "unknown-extension", detail)
        _record(failure, ctx)
        yield failure
        return
    sidecar_path = find_sidecar(path, ext)
    sidecar = load_sidecar(sidecar_path) if sidecar_path else None
    for found in _guarded(READERS[ext](path, ctx), str(path)):
        result = _within_limit(found, ctx.config.ingest.max_document_chars)
        if sidecar is not None and isinstance(result, RawDocument):
            apply_sidecar(result, sidecar)
        _record(result, ctx)
        yield result


def _guarded(results: Iterator[Result], source: str) -> Iterator[Result]:
    """Pass results through; turn a refusal or any unexpected error into a failure."""
    try:
        yield from results
    except Refusal as refusal:
        yield InputFailure(source, refusal.reason, refusal.detail, refusal.record)
    except Exception as exc:  # a reader bug or a library choking must not stop the run
        yield InputFailure(source, "malformed", one_line(f"{type(exc).__name__}: {exc}"))


def _within_limit(result: Result, max_chars: int) -> Result:
    """A document longer than ``ingest.max_document_chars`` becomes a too-large failure: past
    the cleaner, every stage's cost grows with length, and spaCy refuses 1M characters."""
    if isinstance(result, InputFailure) or len(result.text) <= max_chars:
        return result
    detail = (f"{len(result.text):,} characters of text is over "
              f"ingest.max_document_chars={max_chars:,}")
    return InputFailure(result.source_path, "too-large", detail, result.record)


def _record(result: Result, ctx: RunContext) -> None:
    if isinstance(result, InputFailure):
        ctx.count(f"failed_{result.reason}")
        ctx.logger.debug("ingest: %s", result.message)
    else:
        ctx.count("ingested")
