"""Content ids and the hand-over from a reader's ``RawDocument`` to an ``Article``."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from chronicle.model import Article, RawDocument

_WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC, whitespace runs collapsed to one space, stripped."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str) -> str:
    """16 hex chars of SHA-256 over the normalized text: re-ingesting is a no-op, and copies
    that differ only in spacing or line endings share an id."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def to_article(doc: RawDocument) -> Article:
    """An ``Article`` ready for cleaning. The raw publication date, its source, the record
    and the encoding travel in ``metadata`` (``published``, ``published_source``,
    ``record``, ``encoding``) for the time stage to parse."""
    metadata = dict(doc.metadata)
    carried = {
        "published": doc.published,
        "published_source": doc.published_source if doc.published else None,
        "record": doc.record,
        "encoding": doc.encoding,
    }
    for key, value in carried.items():
        if value is not None:
            metadata[key] = value
    return Article(
        id=article_id(doc.text),
        source_path=doc.source_path,
        raw_text=doc.text,
        fmt=doc.fmt,
        record=doc.record,
        url=doc.url,
        outlet=doc.outlet,
        title=doc.title,
        metadata=metadata,
    )
