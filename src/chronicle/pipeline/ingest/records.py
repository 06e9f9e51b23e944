"""JSON and JSON Lines readers: one document per record, one failure per bad record.

Field names vary between crawlers, so each field accepts a few common spellings
(news-please's ``maintext``/``date_publish``, NewsAPI's ``publishedAt``/``source.name``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest.decode import Refusal, clean_field, load_text, one_line, repair
from chronicle.pipeline.ingest.html import fragment_to_lines, html_document, looks_like_html

TEXT_KEYS = ("text", "maintext", "content", "body")
HTML_KEYS = ("html", "raw_html")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link", "canonical_url")
DATE_KEYS = ("date", "published", "date_publish", "publishedAt", "published_at", "pubDate")
OUTLET_KEYS = ("outlet", "source", "site", "sitename", "publisher", "source_domain")
# A JSON file may wrap its records in an object under one of these keys.
LIST_KEYS = ("articles", "items", "documents", "records", "results", "data", "entries")
_USED = set(TEXT_KEYS + HTML_KEYS + TITLE_KEYS + URL_KEYS + DATE_KEYS + OUTLET_KEYS)
_MAX_META_CHARS = 1000

Result = RawDocument | InputFailure


def read_json(path: Path, ctx: RunContext) -> Iterator[Result]:
    text, encoding = load_text(path, ctx.config.ingest.max_file_mb)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refusal("malformed", f"invalid JSON: {exc}") from None
    items = _unwrap(data)
    if items is None:  # a single article: the record is the whole file
        yield _guarded(data, str(path), "json", encoding, None)
        return
    if not items:
        raise Refusal("empty", "the JSON list holds no records")
    for number, item in enumerate(items, start=1):
        yield _guarded(item, str(path), "json", encoding, f"item {number}")


def read_jsonl(path: Path, ctx: RunContext) -> Iterator[Result]:
    text, encoding = load_text(path, ctx.config.ingest.max_file_mb)
    seen = False
    # Split on "\n" only: U+2028 may legally sit inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        where = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            detail = f"invalid JSON: {exc.msg} at column {exc.colno}"
            yield InputFailure(str(path), "malformed", detail, where)
            continue
        yield _guarded(record, str(path), "jsonl", encoding, where)
    if not seen:
        raise Refusal("empty", "the file holds no records")


def _unwrap(data: Any) -> list[Any] | None:
    """The records of a JSON file, or None when the file is one article object."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if _first(data, TEXT_KEYS + HTML_KEYS) is None:
            for key in LIST_KEYS:
                if isinstance(data.get(key), list):
                    return data[key]
        return None
    raise Refusal("malformed", f"expected a JSON object or list, got {type(data).__name__}")


def _guarded(record: Any, source: str, fmt: str, encoding: str, where: str | None) -> Result:
    try:
        return record_document(record, source_path=source, fmt=fmt, encoding=encoding, record=where)
    except Refusal as refusal:
        return InputFailure(source, refusal.reason, refusal.detail, where)
    except Exception as exc:  # one odd record must not cost the rest of the file
        return InputFailure(source, "malformed", one_line(f"{type(exc).__name__}: {exc}"), where)


def record_document(
    data: Any, *, source_path: str, fmt: str, encoding: str | None, record: str | None
) -> RawDocument:
    """One JSON object to a document; raises :class:`Refusal` when it carries no text."""
    if not isinstance(data, dict):
        raise Refusal("malformed", f"expected a JSON object, got {type(data).__name__}", record)
    url = clean_field(_first(data, URL_KEYS))
    text = _as_text(_first(data, TEXT_KEYS))
    html = _as_text(_first(data, HTML_KEYS))
    markup = text is not None and looks_like_html(text)
    if text is not None:
        text = repair(fragment_to_lines(text) if markup else text)
    if text and text.strip():
        doc = RawDocument(source_path, text, fmt, record=record, encoding=encoding)
        if markup:
            doc.metadata["extracted_from"] = "html-fragment"
    elif html and html.strip():
        doc = html_document(
            html, source_path=source_path, fmt=fmt, encoding=encoding, url=url, record=record
        )
    elif text is not None or html is not None:
        raise Refusal("empty", "the record's text is empty", record)
    else:
        raise Refusal("malformed", "the record has no 'text' or 'html' field", record)
    # What the record states beats what was extracted from its HTML.
    doc.title = clean_field(_first(data, TITLE_KEYS)) or doc.title
    doc.url = url or doc.url
    doc.outlet = _outlet(_first(data, OUTLET_KEYS)) or doc.outlet
    published = clean_field(_first(data, DATE_KEYS))
    if published:
        doc.published, doc.published_source = published, "metadata"
    doc.metadata.update(_extras(data))
    return doc


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((data[k] for k in keys if data.get(k) is not None), None)


def _as_text(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)  # a list of paragraphs
    return value if isinstance(value, str) else None


def _outlet(value: Any) -> str | None:
    if isinstance(value, dict):  # NewsAPI: {"id": ..., "name": "..."}
        value = value.get("name") or value.get("title")
    return clean_field(value)


def _extras(data: dict[str, Any]) -> dict[str, Any]:
    """Other short scalar fields (id, author, language...) kept as metadata."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _USED or key in LIST_KEYS:
            continue
        short = isinstance(value, str) and len(value) <= _MAX_META_CHARS
        tags = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if short or tags or isinstance(value, (bool, int, float)):
            out[key] = value
    return out
