"""One event told many times is one event: the same id within an article and across
articles of the same day, so the store counts its mentions, articles and sources."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import chronicle
from chronicle.api import annotate
from chronicle.config import Config
from chronicle.model import ActorRef, Event, Span, TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.events import code_events, event_id

CONFIG = replace(Config(), clean=replace(Config().clean, min_article_words=1))

# Two reports of one event (a fictional row between Kenya and Eritrea), from two outlets on
# the same day. The first tells the event twice; neither copies the other's wording.
WIRE = """Kenya imposes sanctions on Eritrea over frontier row
By Grace Wanjiru
May 14, 2024

Kenya imposed sanctions on Eritrea, the foreign ministry said in a short statement, after \
weeks of tension over a disputed stretch of their shared frontier.

The measures freeze the assets of several senior officials and suspend a ferry service \
that has linked the two coasts for a decade.

Analysts described the step as the sharpest turn in relations in years. Kenya imposed the \
sanctions on Eritrea without consulting regional partners, two diplomats told reporters.
"""

DAILY = """Asmara weighs reply to Kenyan measures
By Samuel Tesfay
May 14, 2024

Kenya imposed sanctions on Eritrea, and officials in Asmara said they were studying how to \
respond to what they called an unfriendly step by a neighbour.

A government spokesperson told reporters that the asset freezes would hurt small traders \
more than the officials named in the order. Fishing crews from both coasts were detained \
near a contested island in March, according to local radio.
"""


def sanctions(found: list[Event]) -> list[Event]:
    return [e for e in found if e.cameo == "163"]


# --- ids ----------------------------------------------------------------------------------

def _event(day: TimeValue, **flags: bool) -> Event:
    return Event(
        id="", source=[ActorRef("e1", "Kenya", "KEN")], target=[ActorRef("e2", "Eritrea", "ERI")],
        cameo="163", root="16", quad_class=4, goldstein=-8.0, plover="SANCTION", mode=None,
        negated=flags.get("negated", False), hypothetical=flags.get("hypothetical", False),
        date=day, location=None, evidence=Span("a", 0, 10), confidence=0.9,
        future=flags.get("future", False),
    )


DAY = TimeValue("2024-05-14", "2024-05-14", "day", "text")
MONTH = TimeValue("2024-05-01", "2024-05-31", "month", "text")


def test_same_actors_code_and_day_is_one_event_whatever_the_article() -> None:
    assert event_id(_event(DAY), "a1") == event_id(_event(DAY), "a2")


def test_another_day_is_another_event() -> None:
    other = TimeValue("2024-05-15", "2024-05-15", "day", "text")
    assert event_id(_event(DAY), "a1") != event_id(_event(other), "a1")


def test_without_a_day_events_merge_only_within_their_article() -> None:
    assert event_id(_event(MONTH), "a1") == event_id(_event(MONTH), "a1")
    assert event_id(_event(MONTH), "a1") != event_id(_event(MONTH), "a2")


@pytest.mark.parametrize("flag", ["negated", "hypothetical", "future"])
def test_a_denied_or_possible_event_is_not_the_event(flag: str) -> None:
    assert event_id(_event(DAY), "a1") != event_id(_event(DAY, **{flag: True}), "a1")


# --- within one article -------------------------------------------------------------------

def test_the_same_event_in_two_sentences_has_one_id() -> None:
    from chronicle.pipeline.nlp import load

    article, linked, dates = annotate(WIRE, config=CONFIG)
    found = sanctions(code_events(article, load()(article.text), linked, dates,
                                  RunContext(config=CONFIG)))
    assert len(found) == 2
    assert found[0].evidence.start != found[1].evidence.start
    assert found[0].id == found[1].id
    assert found[0].date.earliest == "2024-05-14"


# --- through the store --------------------------------------------------------------------

def export_events(db_path: Path, folder: Path) -> list[dict[str, Any]]:
    with chronicle.open(db_path) as db:
        db.run([str(folder)])
        out = io.StringIO()
        db.export("events", out=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def sanction_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r["cameo"] == "163"
            and [a["country"] for a in r["source"]] == ["KEN"]
            and [a["country"] for a in r["target"]] == ["ERI"]]


def test_the_store_counts_both_mentions(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    records = sanction_records(export_events(tmp_path / "c.db", folder))
    assert len(records) == 1
    assert (records[0]["mentions"], records[0]["articles"], records[0]["sources"]) == (2, 1, 1)


def test_two_articles_of_one_day_tell_one_event(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "daily.txt").write_text(DAILY, encoding="utf-8")
    records = sanction_records(export_events(tmp_path / "c.db", folder))
    assert len(records) == 1
    assert (records[0]["mentions"], records[0]["articles"], records[0]["sources"]) == (3, 2, 2)
    assert records[0]["date"]["earliest"] == "2024-05-14"


def test_another_day_in_another_article_stays_apart(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    later = DAILY.replace("May 14, 2024", "June 20, 2024")
    (folder / "daily.txt").write_text(later, encoding="utf-8")
    records = sanction_records(export_events(tmp_path / "c.db", folder))
    assert sorted((r["date"]["earliest"], r["mentions"]) for r in records) == [
        ("2024-05-14", 2), ("2024-06-20", 1)]
