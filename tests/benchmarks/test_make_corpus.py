"""The benchmark corpus: the realistic feed has the length of real news, the short feed
stays the feed earlier figures were measured on, and the length bench cuts at paragraphs."""

from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

from bench_length import prefix  # noqa: E402
from make_corpus import MAX_WORDS, REAL_WORDS, LengthModel, generate  # noqa: E402


def test_length_model_matches_real_news_word_counts() -> None:
    model = LengthModel.fit()
    got = model.summary()
    for key, target in REAL_WORDS.items():
        assert abs(got[key] / target - 1) < 0.15, (key, got[key], target)
    rng = random.Random(1)
    assert max(model.draw(rng) for _ in range(5000)) <= MAX_WORDS


def test_realistic_feed_is_news_length_and_short_feed_is_unchanged() -> None:
    realistic = [len(d.text.split()) for d in generate(120, seed=3, feed="realistic")]
    short = [len(d.text.split()) for d in generate(120, seed=3, feed="short")]
    assert statistics.median(realistic) > 2 * statistics.median(short)
    assert 500 < statistics.median(realistic) < 1500
    assert max(realistic) > 3 * statistics.median(realistic)  # a long tail
    assert statistics.median(short) < 450


def test_feeds_are_deterministic_and_a_larger_corpus_extends_a_smaller() -> None:
    for feed in ("realistic", "short"):
        small = [d.text for d in generate(25, seed=5, feed=feed)]
        assert [d.text for d in generate(50, seed=5, feed=feed)][:25] == small


def test_prefix_cuts_at_a_paragraph_break() -> None:
    text = "First paragraph here.\n\nSecond one, a bit longer.\n\nThird."
    assert prefix(text, 30) == "First paragraph here."
    assert prefix(text, 1000) == text
