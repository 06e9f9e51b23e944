"""Acceptance on shared seed articles: speakers of pronoun-attributed quotes, collective
speakers and scare quotes, read at test time (their text is never copied here)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from chronicle.api import annotate
from chronicle.model import Entity, Quote
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.nlp import load
from chronicle.pipeline.quotes import extract

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@cache
def run(prefix: str) -> tuple[tuple[Quote, ...], dict[str, Entity], RunContext]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    [path] = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    article, linked, _ = annotate(path.read_text(encoding="utf-8"))
    ctx = RunContext()
    found = extract(article, load()(article.text), linked.mentions, linked.entities, ctx)
    return tuple(found), {e.id: e for e in linked.entities}, ctx


def seed(prefix: str) -> tuple[tuple[Quote, ...], dict[str, Entity]]:
    quotes, entities, _ = run(prefix)
    return quotes, entities


def by_cue(quotes: tuple[Quote, ...], cue: str) -> Quote:
    [q] = [q for q in quotes if q.cue == cue and q.direct]
    return q


def test_seed_000_he_continued_is_the_speaker_of_the_quote_before() -> None:
    quotes, entities = seed("000")
    before, continued = by_cue(quotes, "say"), by_cue(quotes, "continue")
    assert continued.speaker_id is not None
    assert entities[continued.speaker_id].name == "Vladimir Putin"
    assert continued.speaker_id == before.speaker_id
    assert before.text.end < continued.text.start


def test_seed_000_he_added_is_the_one_who_emphasised_not_the_nearest_name() -> None:
    quotes, entities = seed("000")
    added = by_cue(quotes, "add")
    emphasised = [q for q in quotes if q.cue == "emphasise" and not q.direct]
    assert added.speaker_id is not None
    assert entities[added.speaker_id].name == "Nguyen Phu Trong"
    assert [q.speaker_id for q in emphasised] == [added.speaker_id]
    # the name nearest before "he added" sits inside the reported words, never a candidate
    assert emphasised[0].text.end < added.text.start


def test_seed_000_single_quoted_words_in_reported_speech_are_partial_quotes() -> None:
    quotes, _ = seed("000")
    partial = [q for q in quotes if q.direct and q.cue in {"state", "emphasise"}]
    assert len(partial) == 2
    for q in partial:
        reported = [r for r in quotes if not r.direct and r.cue == q.cue]
        assert reported[0].text.start < q.text.start < reported[0].text.end
        assert q.speaker_id == reported[0].speaker_id


def test_seed_003_speakers_collective_sides_and_no_scare_quotes() -> None:
    quotes, entities = seed("003")
    told = [q for q in quotes if q.direct and q.cue == "tell"]
    assert entities[told[0].speaker_id or ""].name == "To Lam"
    sides = [q for q in quotes if q.speaker and q.speaker.lower() == "the two sides"]
    assert len(sides) >= 2 and all(q.speaker_id is None for q in sides)
    vowed = by_cue(quotes, "vow")
    assert entities[vowed.speaker_id or ""].name == "Kim Jong Un"
    assert all(q.speaker for q in quotes)
    assert {q.cue for q in quotes} <= {"tell", "say", "vow", "thank"}
    # one quoted phrase hangs off a verb that is not speech: a scare quote, skipped
    assert run("003")[2].stats["quotes_skipped_scare-quote"] == 1
