"""Turn command-line inputs (files, folders, glob patterns) into a stable list of files."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from chronicle.model import InputFailure
from chronicle.pipeline.ingest.sidecar import is_sidecar

_GLOB_CHARS = frozenset("*?[")


DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")  # SQLite's files for one database


def database_files(db: str | Path) -> frozenset[str]:
    """The real paths of a database and the journal files SQLite keeps beside it."""
    return frozenset(os.path.realpath(f"{db}{suffix}") for suffix in DATABASE_SUFFIXES)


def discover(inputs: Sequence[str], skip: frozenset[str] = frozenset(),
             ) -> Iterator[Path | InputFailure]:
    """Files to read, in a stable order: each input in turn, folders walked recursively
    in sorted order. Hidden entries found inside folders or by patterns and sidecar files
    (``*.meta.json``) are skipped, and so are the real paths in ``skip`` (the run's own
    database files, when it is kept beside the articles); a file reached twice is yielded
    once."""
    seen: set[str] = set(skip)
    for given in inputs:
        for item in _expand(given):
            if isinstance(item, Path):
                key = os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
            yield item


def _expand(given: str) -> Iterator[Path | InputFailure]:
    path = Path(given)
    if path.is_dir():
        yield from _walk(path)
    elif path.is_file():
        if not is_sidecar(path):
            yield path
    elif os.path.lexists(given):  # a FIFO, a device, a dangling link
        yield InputFailure(given, "unreadable", "not a regular file or folder")
    elif _GLOB_CHARS & set(given):
        yield from _glob(given)
    else:
        yield InputFailure(given, "missing", "no such file or folder")


def _glob(pattern: str) -> Iterator[Path | InputFailure]:
    matches = sorted(glob.glob(os.path.expanduser(pattern), recursive=True))
    found = False
    for match in matches:
        path = Path(match)
        if path.is_dir():
            found = True
            yield from _walk(path)
        elif path.is_file() and not is_sidecar(path):
            found = True
            yield path
    if not found:
        yield InputFailure(pattern, "missing", "no file matches this pattern")


def _walk(folder: Path, _visiting: frozenset[str] = frozenset()) -> Iterator[Path | InputFailure]:
    real = os.path.realpath(folder)
    if real in _visiting:  # a symlink loop
        return
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputFailure(str(folder), "unreadable", exc.strerror or str(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if _is(entry.is_dir):
            yield from _walk(path, _visiting | {real})
        elif not _is(entry.is_file):
            yield InputFailure(str(path), "unreadable", "not a regular file or folder")
        elif not is_sidecar(path):
            yield path


def _is(test: Callable[[], bool]) -> bool:
    try:
        return test()
    except OSError:
        return False
