"""RSS and Atom reader (feedparser): one document per entry.

Entry HTML is a clean fragment, not a page, so it is flattened block by block
(:func:`.html.fragment_to_lines`) rather than run through trafilatura, which would
discard short entries.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest.decode import (
    SNIFF_BYTES,
    Refusal,
    check_not_binary,
    clean_field,
    one_line,
    read_bytes,
    repair,
)
from chronicle.pipeline.ingest.html import fragment_to_lines

_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")

Result = RawDocument | InputFailure


def read_feed(path: Path, ctx: RunContext) -> Iterator[Result]:
    data = read_bytes(path, ctx.config.ingest.max_file_mb)
    check_not_binary(data)
    if path.suffix.lower() == ".xml" and not is_feed(data):
        raise Refusal("unknown-format", "XML that is neither an RSS nor an Atom feed")
    # A stream, never a str: feedparser would fetch a str that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        if parsed.bozo:
            raise Refusal("malformed", f"not a readable feed: {one_line(parsed.bozo_exception)}")
        raise Refusal("empty", "the feed has no entries")
    outlet = clean_field(parsed.feed.get("title"))
    # feedparser recovers entries from broken XML; keep them, but say the feed was broken.
    warning = one_line(parsed.bozo_exception) if parsed.bozo else None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"entry {number}"
        try:
            doc = _entry_document(entry, str(path), outlet, parsed.get("encoding"), where)
            if warning and isinstance(doc, RawDocument):
                doc.metadata["feed_warning"] = warning
            yield doc
        except Exception as exc:  # one odd entry must not cost the rest of the feed
            yield InputFailure(str(path), "malformed", one_line(exc), where)


def is_feed(data: bytes) -> bool:
    """Whether XML bytes hold an RSS (0.9x, 1.0 RDF, 2.0) or Atom root element."""
    head = data[:SNIFF_BYTES].replace(b"\x00", b"").lower()
    return any(root in head for root in _FEED_ROOTS)


def _entry_document(
    entry: Any, source: str, outlet: str | None, encoding: str | None, where: str
) -> Result:
    text = repair(_entry_text(entry))
    if not text.strip():
        return InputFailure(source, "empty", "feed entry has no content or summary", where)
    published = entry.get("published") or entry.get("updated")
    metadata: dict[str, Any] = {"guid": entry.get("id"), "author": entry.get("author")}
    tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
    if tags:
        metadata["tags"] = tags
    return RawDocument(
        source_path=source,
        text=text,
        fmt="feed",
        title=clean_field(entry.get("title")),
        url=entry.get("link"),
        outlet=outlet,
        published=published,
        published_source="metadata" if published else "none",
        record=where,
        encoding=encoding,
        metadata={k: v for k, v in metadata.items() if v},
    )


def _entry_text(entry: Any) -> str:
    """The entry's full content when present, else its summary, as text lines."""
    parts = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if parts:
        part = max(parts, key=lambda c: len(c["value"]))
        value, kind = part["value"], part.get("type", "text/html")
    else:
        value = entry.get("summary") or ""
        kind = entry.get("summary_detail", {}).get("type", "text/html")
    if not value.strip():
        return ""
    return value if kind == "text/plain" else fragment_to_lines(value)
