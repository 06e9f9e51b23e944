"""The cleaner is total: any string gives one line per raw line, never an exception."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.config import CleanConfig
from chronicle.model import Article
from chronicle.pipeline.clean import classify_lines, clean
from chronicle.pipeline.context import RunContext

CFG = CleanConfig()
KINDS = {"title", "body", "caption", "blank", "removed"}


def _check(raw: str) -> None:
    lines = classify_lines(raw, CFG)
    assert [line.text for line in lines] == raw.split("\n")
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    for line in lines:
        assert line.kind in KINDS
        assert (line.reason is not None) == (line.kind == "removed")
        if not line.text.strip():
            assert line.kind == "blank"
    assert sum(line.kind == "title" for line in lines) <= 1


@pytest.mark.parametrize("raw", [
    "", "\n", "\n\n  \n\t", "x", "***\n---\n• • •", "\x00\x01\x02\x1b[31m\x7f",
    "line one\r\nline two\r\n", "\u2028\u2029\x0b\x0c\x85", "# \n#\n## ##", "(L) (R) — AFP",
    "Page 1 of 1\nPage 1 of 1", "«»‹›|/\\", "🙂 🙂 🙂", "A" * 5000 + "." * 3000,
])
def test_odd_inputs(raw: str) -> None:
    _check(raw)
    clean(Article(id="x", source_path="x", raw_text=raw), RunContext())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "Share", "Related News", "By Ama Mensah", "Photo: AFP", "— AFP",
                     "Page 2 of 3", "Home > World", "Tuesday, 12 March 2024",
                     "The council approved the harbour budget on Monday after a long debate.",
                     "Port traffic rebounds"]),
), max_size=30))
def test_any_lines(parts: list[str]) -> None:
    _check("\n".join(parts))


def test_long_single_line_is_fast() -> None:
    raw = ("word " * 200_000).strip() + "."
    start = time.perf_counter()
    lines = classify_lines(raw, CFG)
    assert time.perf_counter() - start < 5.0
    assert [line.kind for line in lines] == ["body"]


def _time_pasted_twice(n: int) -> float:
    paragraphs = [f"Paragraph {i} reports that the council met {i} times about budget item {i}."
                  for i in range(n)]
    start = time.perf_counter()
    lines = classify_lines("\n".join(paragraphs * 2), CFG)
    elapsed = time.perf_counter() - start
    kinds = [line.kind for line in lines]
    assert kinds.count("body") == n and kinds.count("removed") == n
    return elapsed


def test_many_similar_lines_scale_linearly() -> None:
    small, large = _time_pasted_twice(1000), _time_pasted_twice(4000)
    assert large < 10.0
    assert large / small < 9  # linear is ~4; the quadratic search this guards against is ~16
