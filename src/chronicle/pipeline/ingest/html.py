"""HTML pages to text with trafilatura, one paragraph per line.

Extraction favours recall and keeps repeated lines (``deduplicate=False``): our own
cleaner removes leftover boilerplate and records why, which trafilatura cannot.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import trafilatura

from chronicle.model import RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest.decode import Refusal, load_text, repair

# Only dates the page states in its markup or URL count as metadata, not dates guessed
# from the body text (which the time stage reads with its own evidence).
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_EXTRA_FIELDS = ("author", "description", "hostname", "categories", "tags", "image")


def read_html(path: Path, ctx: RunContext) -> Iterator[RawDocument]:
    markup, encoding = load_text(path, ctx.config.ingest.max_file_mb, html=True)
    yield html_document(markup, source_path=str(path), fmt="html", encoding=encoding)


def html_document(
    markup: str,
    *,
    source_path: str,
    fmt: str,
    encoding: str | None = None,
    url: str | None = None,
    record: str | None = None,
) -> RawDocument:
    """Extract one article from a page; raises :class:`Refusal` when no text is found."""
    found = _extract(markup, url)
    text = repair(found.get("text") or "")
    if not text.strip():
        raise Refusal("malformed", "no article text found in HTML", record)
    metadata: dict[str, Any] = {k: found[k] for k in _EXTRA_FIELDS if found.get(k)}
    metadata["extracted_from"] = "html"
    date = found.get("date")
    return RawDocument(
        source_path=source_path,
        text=text,
        fmt=fmt,
        title=_clean(found.get("title")),
        url=found.get("url") or url,
        outlet=_clean(found.get("sitename")),
        published=date,
        published_source="metadata" if date else "none",
        record=record,
        encoding=encoding,
        metadata=metadata,
    )


def _extract(markup: str, url: str | None) -> dict[str, Any]:
    if not markup.strip():
        return {}
    found = trafilatura.bare_extraction(
        markup,
        url=url,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if found is None:
        return {}
    return found if isinstance(found, dict) else found.as_dict()


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(repair(value).split())
    return value or None
