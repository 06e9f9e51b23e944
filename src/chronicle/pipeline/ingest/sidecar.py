"""Sidecar metadata: ``story.txt.meta.json`` (or ``story.meta.json``) next to ``story.txt``.

A sidecar is written by whoever collected the file and knows where it came from, so it
overrides what the file says. It describes one document: for files holding many
records (JSONL, WARC, feeds) it only fills in a missing outlet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicle.model import RawDocument
from chronicle.pipeline.ingest.decode import MB, clean_field, one_line

SUFFIX = ".meta.json"
FIELDS: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "canonical_url"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher"),
    "published": ("published", "date", "published_at", "publishedAt", "date_publish"),
    "title": ("title", "headline"),
}
_KNOWN = {key for keys in FIELDS.values() for key in keys}
_MAX_BYTES = 1 * MB


@dataclass(slots=True)
class Sidecar:
    path: Path
    values: dict[str, str] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIX)


def find_sidecar(path: Path, extension: str) -> Path | None:
    """``NAME.EXT.meta.json`` first, then ``NAME.meta.json`` (``extension`` includes the dot)."""
    name = path.name
    stem = name[: -len(extension)] if extension and name.lower().endswith(extension) else path.stem
    for candidate in (path.with_name(name + SUFFIX), path.with_name(stem + SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def load_sidecar(path: Path) -> Sidecar:
    """Read a sidecar; a broken one comes back with ``error`` set instead of raising."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            return Sidecar(path, error=f"{path.name}: larger than 1 MB")
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Sidecar(path, error=one_line(f"{path.name}: {exc}"))
    if not isinstance(data, dict):
        return Sidecar(path, error=f"{path.name}: expected a JSON object")
    sidecar = Sidecar(path)
    for name, keys in FIELDS.items():
        raw = next((data[k] for k in keys if data.get(k) is not None), None)
        value = clean_field(raw)
        if value:
            sidecar.values[name] = value
        elif raw is not None:
            sidecar.error = f"{path.name}: `{name}` must be a non-empty string"
    sidecar.extras = {
        k: v for k, v in data.items() if k not in _KNOWN and isinstance(v, (str, int, float, bool))
    }
    return sidecar


def apply_sidecar(doc: RawDocument, sidecar: Sidecar) -> RawDocument:
    """Override ``doc`` with the sidecar (a whole-file document) or fill its outlet."""
    if sidecar.error:
        doc.metadata["sidecar_error"] = sidecar.error
    doc.metadata["sidecar"] = sidecar.path.name
    whole_file = doc.record is None
    for name, value in sidecar.values.items():
        if whole_file:
            setattr(doc, name, value)
        elif name == "outlet" and not doc.outlet:
            doc.outlet = value
    if whole_file and "published" in sidecar.values:
        doc.published_source = "sidecar"
    for key, value in sidecar.extras.items():
        doc.metadata.setdefault(key, value)
    return doc
