"""discover(): folders, globs and missing paths to a stable list of files or failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import discover, ingest


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a.html", "sub/c.txt", "sub/deeper/d.jsonl", "sub/c.txt.meta.json",
                ".hidden.txt", ".git/config.txt", "notes.pdf"]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Town news item.\n", encoding="utf-8")
    return root


def names(items: list[Path | InputFailure], root: Path) -> list[str]:
    return [str(i.relative_to(root)) if isinstance(i, Path) else f"!{i.reason}" for i in items]


def test_folder_is_walked_sorted_skipping_hidden_and_sidecars(corpus: Path) -> None:
    found = list(discover([str(corpus)]))
    assert names(found, corpus) == ["a.html", "b.txt", "notes.pdf", "sub/c.txt",
                                    "sub/deeper/d.jsonl"]
    assert str(found[0]) == os.path.join(str(corpus), "a.html")  # the path as given


def test_glob_patterns_recursive_and_flat(corpus: Path) -> None:
    assert names(list(discover([f"{corpus}/**/*.txt"])), corpus) == ["b.txt", "sub/c.txt"]
    assert names(list(discover([f"{corpus}/*.htm*"])), corpus) == ["a.html"]


def test_missing_path_and_empty_glob(tmp_path: Path, corpus: Path) -> None:
    found = list(discover([str(tmp_path / "nope.txt"), f"{corpus}/*.warc", str(corpus / "b.txt")]))
    first, second, third = found
    assert isinstance(first, InputFailure) and first.reason == "missing"
    assert isinstance(second, InputFailure) and second.reason == "missing"
    assert "pattern" in second.detail
    assert third == corpus / "b.txt"


def test_each_file_once_when_inputs_overlap(corpus: Path) -> None:
    found = list(discover([str(corpus / "b.txt"), str(corpus), f"{corpus}/*.txt"]))
    assert names(found, corpus) == ["b.txt", "a.html", "notes.pdf", "sub/c.txt",
                                    "sub/deeper/d.jsonl"]


def test_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()

    def denied(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", denied)  # root ignores chmod, so simulate it
    [failure] = list(discover([str(locked)]))
    assert isinstance(failure, InputFailure) and failure.reason == "unreadable"


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [failure] = list(discover([str(tmp_path)]))
    assert isinstance(failure, InputFailure) and failure.reason == "unreadable"


def test_ingest_mixes_documents_and_failures_in_order(corpus: Path) -> None:
    ctx = RunContext()
    results = list(ingest([str(corpus), "missing-folder"], ctx))
    kinds = [(Path(r.source_path).name, type(r).__name__) for r in results]
    assert kinds == [
        ("a.html", "InputFailure"),  # a one-line page has no article text
        ("b.txt", "RawDocument"),
        ("notes.pdf", "InputFailure"),
        ("c.txt", "RawDocument"),
        ("d.jsonl", "InputFailure"),
        ("missing-folder", "InputFailure"),
    ]
    assert sum(isinstance(r, RawDocument) for r in results) == ctx.stats["ingested"] == 2
    assert ctx.stats["failed_unknown-extension"] == 1 and ctx.stats["failed_missing"] == 1
