"""Exports: JSONL (default), CSV and Parquet, with the record shapes of ARCHITECTURE.md."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from chronicle.errors import StoreError
from chronicle.store import events, queries, stories
from chronicle.store.db import Store

TABLES: dict[str, Callable[[Store], Iterator[dict[str, Any]]]] = {
    "articles": queries.iter_articles,
    "removed": queries.iter_removed,
    "copies": queries.iter_copies,
    "failures": queries.iter_failures,
    "entities": queries.iter_entities,
    "mentions": queries.iter_mentions,
    "dates": queries.iter_dates,
    "events": events.iter_events,
    "quotes": events.iter_quotes,
    "stories": stories.iter_stories,
    "conflicts": stories.iter_conflicts,
    "timeline": lambda store: iter(stories.timeline(store)),
}
FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")


def export(store: Store, table: str, fmt: str = "jsonl", out: IO[str] | str | Path | None = None,
           ) -> int:
    """Write ``table`` in ``fmt`` to a stream or a file path. Returns the number of records."""
    if table not in TABLES:
        raise StoreError(f"unknown table `{table}` (one of: {', '.join(TABLES)})")
    if fmt not in FORMATS:
        raise StoreError(f"unknown format `{fmt}` (one of: {', '.join(FORMATS)})")
    if isinstance(out, str | Path):
        _check_target(Path(out))
    records = TABLES[table](store)
    if fmt in {"gdelt", "plover"}:
        if table != "events":
            raise StoreError(f"--format {fmt} applies to events only")
        if fmt == "plover":
            records = (events.plover_record(e) for e in records)
            fmt = "jsonl"
        else:
            return _write(out, lambda fh: _tsv((events.gdelt_row(e) for e in records), fh))
    if fmt == "parquet":
        if out is None or not isinstance(out, str | Path):
            raise StoreError("parquet is binary: give an output file with -o FILE")
        return _parquet(records, Path(out))
    writer = _jsonl if fmt == "jsonl" else _csv
    return _write(out, lambda fh: writer(records, fh))


def _check_target(path: Path) -> None:
    """Refuse a target that cannot be a file before reading a record for it."""
    if path.is_dir():
        raise StoreError(f"cannot write `{path}`: it is a folder")
    if not path.parent.is_dir():
        raise StoreError(f"cannot write `{path}`: no folder `{path.parent}`")


def _write(out: IO[str] | str | Path | None, write: Callable[[IO[str]], int]) -> int:
    if isinstance(out, str | Path):
        try:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                return write(fh)
        except OSError as exc:
            raise StoreError(f"cannot write `{out}`: {exc.strerror or exc}") from None
    if out is None:
        raise StoreError("no output given")
    return write(out)


def _tsv(records: Iterator[dict[str, Any]], fh: IO[str]) -> int:
    fh.write("\t".join(events.GDELT_COLUMNS) + "\n")
    n = 0
    for row in records:
        n += 1
        fh.write("\t".join(str(row[c]).replace("\t", " ") for c in events.GDELT_COLUMNS) + "\n")
    return n


def _jsonl(records: Iterator[dict[str, Any]], fh: IO[str]) -> int:
    n = 0
    for record in records:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """CSV cells are scalars: nested values become JSON text."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
            for k, v in record.items()}


def _csv(records: Iterator[dict[str, Any]], fh: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for record in records:
        n += 1
        row = _flat(record)
        if writer is None:
            writer = csv.DictWriter(fh, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
    return n


def _parquet(records: Iterator[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [_flat(r) for r in records]
    try:
        pq.write_table(pa.Table.from_pylist(rows), path)
    except OSError as exc:  # pyarrow's I/O errors are OSErrors
        raise StoreError(f"cannot write `{path}`: {exc.strerror or exc}") from None
    return len(rows)
