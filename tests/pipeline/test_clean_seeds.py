"""Acceptance of the clean stage on the five shared seed articles (read, never copied).

Each seed's expectation lists its title, captions and removed lines; every other non-blank
line must be body, so a body sentence removed anywhere fails the test (precision 1.0).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.config import CleanConfig, Config
from chronicle.model import Article, Line
from chronicle.pipeline.clean import classify_lines, clean
from chronicle.pipeline.context import RunContext

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

NAV, SHARE = "boilerplate:nav", "boilerplate:share"
COMMENTS, RELATED = "boilerplate:comments", "boilerplate:related-links"
MASTHEAD, BYLINE = "boilerplate:masthead", "boilerplate:byline"

# Per seed: {line number: (kind, allowed reasons)}; unlisted non-blank lines must be body.
EXPECTED: dict[str, dict[int, tuple[str, set[str | None]]]] = {
    "000": {n: ("removed", {"repeat"}) for n in range(8, 22)},
    "001": {
        1: ("title", {None}),
        3: ("removed", {"repeat"}),
        9: ("removed", {"repeat"}),
        35: ("removed", {RELATED, NAV}),
        37: ("removed", {BYLINE}),
        39: ("removed", {COMMENTS}),
        41: ("removed", {COMMENTS}),
        43: ("removed", {"boilerplate:newsletter"}),
    },
    "002": {
        **{n: ("removed", {NAV}) for n in (1, 2, 3)},
        5: ("title", {None}),
        9: ("caption", {None}),
        49: ("removed", {BYLINE}),
        **{n: ("removed", {RELATED}) for n in range(51, 72)},
        72: ("removed", {"boilerplate:pagination"}),
        73: ("removed", {"boilerplate:counter"}),
    },
    "003": {
        **{n: ("removed", {MASTHEAD}) for n in range(1, 7)},
        8: ("title", {None}),
        10: ("caption", {None}),
        11: ("removed", {"caption-duplicate"}),
        **{n: ("removed", {SHARE}) for n in (12, 13, 57, 58, 59)},
    },
    "004": {5: ("caption", {None})},
}


def _seed_text(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} is missing")
    return matches[0].read_text(encoding="utf-8")


def _classify(prefix: str) -> tuple[str, list[Line]]:
    text = _seed_text(prefix)
    return text, classify_lines(text, CleanConfig())


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_lines_match_expectation(prefix: str) -> None:
    text, lines = _classify(prefix)
    expected = EXPECTED[prefix]
    for line in lines:
        if not line.text.strip():
            assert line.kind == "blank", line
            continue
        kind, reasons = expected.get(line.number, ("body", {None}))
        assert line.kind == kind, f"{prefix}:{line.number} {line.kind} {line.reason}"
        assert line.reason in reasons, f"{prefix}:{line.number} {line.reason}"
    assert [line.text for line in lines] == text.split("\n")
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))


def test_seed_000_keeps_one_copy_of_seven_paragraphs() -> None:
    text, lines = _classify("000")
    body = [line for line in lines if line.kind == "body"]
    assert [line.number for line in body] == list(range(1, 8))
    raw = text.split("\n")
    assert [line.text for line in body] == raw[:7]


def test_seed_001_headline_is_title_once() -> None:
    article = _article("001")
    assert article.title == _seed_text("001").split("\n")[0].strip()
    assert article.title not in article.paragraphs
    assert article.status == "kept"


def test_seed_002_removed_spans_group_the_tail() -> None:
    article = _article("002")
    spans = [(s.line_start, s.line_end, s.reason) for s in article.removed]
    assert spans == [
        (1, 3, NAV),
        (49, 49, BYLINE),
        (51, 71, RELATED),
        (72, 72, "boilerplate:pagination"),
        (73, 73, "boilerplate:counter"),
    ]
    assert article.captions and "(left)" in article.captions[0]


def test_seed_003_wire_signoff_stays_in_body() -> None:
    article = _article("003")
    assert article.paragraphs[-1].endswith("— AFP")
    assert len(article.captions) == 1
    assert [s.reason for s in article.removed if s.line_start == 11] == ["caption-duplicate"]


def test_seed_004_nothing_removed_and_no_title() -> None:
    article = _article("004")
    assert article.removed == []
    assert article.title is None
    assert len(article.captions) == 1 and "Photo:" in article.captions[0]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_counters_match_removed_lines(prefix: str) -> None:
    ctx = RunContext(config=Config())
    article = clean(Article(id=prefix, source_path=prefix, raw_text=_seed_text(prefix)), ctx)
    removed = [line for line in article.lines if line.kind == "removed"]
    assert sum(v for k, v in ctx.stats.items() if k.startswith("removed_")) == len(removed)
    assert article.text == "\n\n".join(article.paragraphs)
    assert article.status == "kept"


def _article(prefix: str) -> Article:
    text = _seed_text(prefix)
    return clean(Article(id=prefix, source_path=prefix, raw_text=text), RunContext())


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_cleaning_the_cleaned_text_keeps_every_paragraph(prefix: str) -> None:
    first = _article(prefix)
    again = clean(Article(id="again", source_path="again", raw_text=first.text, title=first.title),
                  RunContext())
    assert again.paragraphs == first.paragraphs
    assert again.removed == []
