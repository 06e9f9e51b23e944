"""Summaries and contradictions on the five real crawled seed articles (read, never copied)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from chronicle.api import annotate
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.summarize import (
    conflict_input,
    find_conflicts,
    find_quantities,
    summarize,
    summary_input,
)

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
WEEKDAY = re.compile(r"^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds() -> list[tuple[Any, Any, Any, Any]]:
    if not SEEDS.is_dir():
        pytest.skip("seed articles not present")
    from chronicle.pipeline.nlp import load

    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        article, linked, dated = annotate(path.read_text(encoding="utf-8"))
        out.append((article, linked, dated, load()(article.text)))
    return out


def test_seed_summaries_are_verbatim_cited_and_within_budget(seeds: Any) -> None:
    texts = {a.id: a.text for a, _, _, _ in seeds}
    titles = {a.title for a, _, _, _ in seeds if a.title}
    inputs = [summary_input(a, linked.sentences, linked.mentions, dated)
              for a, linked, dated, _ in seeds]
    for story in (inputs, inputs[1:4]):
        summary = summarize(story, budget=6)
        assert 0 < len(summary.items) <= 6
        assert summary.headline in titles
        for item in summary.items:
            for span in item.citations:
                assert texts[span.article_id][span.start:span.end] == span.text
            assert item.text == item.span.text
            assert not item.text.rstrip().endswith("?")
            assert len(item.text.split()) >= 6
        assert len({it.span.article_id for it in summary.items}) >= 2  # several sources


def test_seed_arrival_days_conflict_and_nothing_else(seeds: Any) -> None:
    if not resources.files("chronicle.data").joinpath("event_patterns.tsv").is_file():
        pytest.skip("the events stage's pattern table is not there yet")
    from chronicle.pipeline.events import code_events

    inputs = []
    for article, linked, dated, doc in seeds:
        events = code_events(article, doc, linked, dated, RunContext())
        sentences = [s.span for s in linked.sentences]
        quantities = find_quantities(doc, sentences, linked.mentions)
        inputs.append(conflict_input(article, sentences, linked.mentions, dated, events,
                                     quantities))
    conflicts = find_conflicts(inputs, "seeds")
    texts = {a.id: a.text for a, _, _, _ in seeds}
    dates = [c for c in conflicts if c.fact.startswith("date of event")]
    assert dates, "two seed articles give different weekdays for one arrival"
    for conflict in dates:
        assert conflict.a.article_id != conflict.b.article_id
        assert all(WEEKDAY.match(v) for v in conflict.values)
        assert len({v.split()[0] for v in conflict.values}) == 2
        for span in (conflict.a, conflict.b):
            assert texts[span.article_id][span.start:span.end] == span.text
    assert [c for c in conflicts if not c.fact.startswith("date of event")] == []
