"""The corpus timeline: story entries and key events, by date then precision."""

from __future__ import annotations

from chronicle.model import ActorRef, Event, Span, Story, TimeValue
from chronicle.pipeline.summarize import key_events, timeline_entries


def _tv(earliest: str | None, latest: str | None = None, precision: str = "day") -> TimeValue:
    return TimeValue(earliest, latest or earliest, precision, "text")  # type: ignore[arg-type]


def _story(ident: str, title: str, first: TimeValue) -> Story:
    return Story(ident, [f"{ident}-a"], title, first, first)


def _event(ident: str, story: str, goldstein: float, mentions: int, date: TimeValue,
           text: str = "", **flags: bool) -> Event:
    actor = [ActorRef("e1", "Anna Berg", "PER", "GOV")]
    sentence = text or f"Event {ident} happened."
    return Event(id=ident, source=actor, target=[], cameo="042", root="04", quad_class=1,
                 goldstein=goldstein, plover="CONSULT", mode=None,
                 negated=flags.get("negated", False),
                 hypothetical=flags.get("hypothetical", False), date=date, location=None,
                 evidence=Span(f"{story}-a", 0, len(sentence), sentence), confidence=0.8,
                 future=flags.get("future", False), mentions=mentions, story_id=story)


def test_entries_ordered_by_earliest_date_then_precision() -> None:
    stories = [
        _story("s-month", "Drought grips the valley", _tv("2024-03-01", "2024-03-31", "month")),
        _story("s-day", "Treaty signed", _tv("2024-03-01")),
        _story("s-late", "Railway opens", _tv("2024-06-10")),
        _story("s-year", "Election year", _tv("2024-01-01", "2024-12-31", "year")),
    ]
    entries = timeline_entries(stories, [])
    assert [e.story_id for e in entries] == ["s-year", "s-day", "s-month", "s-late"]
    assert [e.precision for e in entries] == ["year", "day", "month", "day"]
    assert entries[1].text == "Treaty signed" and entries[1].event_id is None
    assert entries[0].to_dict()["date"]["latest"] == "2024-12-31"


def test_key_events_rank_by_goldstein_times_mentions_three_per_story() -> None:
    events = [
        _event("calm", "s1", 1.0, 10, _tv("2024-03-02")),  # 10
        _event("clash", "s1", -10.0, 2, _tv("2024-03-05")),  # 20
        _event("talks", "s1", 3.0, 2, _tv("2024-03-03")),  # 6
        _event("aid", "s1", 7.4, 1, _tv("2024-03-04")),  # 7.4
        _event("denied", "s1", -10.0, 9, _tv("2024-03-04"), negated=True),
        _event("maybe", "s1", 8.0, 9, _tv("2024-03-04"), hypothetical=True),
        _event("pledge", "s1", 8.0, 9, _tv("2024-03-04"), future=True),
        _event("undated", "s1", 9.0, 9, TimeValue()),
    ]
    assert [e.id for e in key_events(events, 3)] == ["clash", "calm", "aid"]
    entries = timeline_entries([_story("s1", "Border crisis", _tv("2024-03-01"))], events)
    assert [e.event_id for e in entries] == [None, "calm", "aid", "clash"]
    assert entries[-1].text == "Event clash happened."
    assert entries[-1].evidence is not None and entries[-1].evidence.article_id == "s1-a"


def test_records_of_one_event_count_as_its_mentions() -> None:
    told_thrice = [_event("visit", "s1", 1.9, 1, _tv("2024-03-02")) for _ in range(3)]
    once = [_event("meeting", "s1", 4.0, 1, _tv("2024-03-02"))]
    assert [e.id for e in key_events(told_thrice + once, 1)] == ["visit"]  # 5.7 > 4.0


def test_undated_story_has_no_entry_but_its_dated_events_do() -> None:
    story = _story("s2", "Mystery", TimeValue())
    entries = timeline_entries([story], [_event("e", "s2", 2.0, 1, _tv("2024-02-01"))])
    assert [(e.story_id, e.event_id) for e in entries] == [("s2", "e")]


def test_events_of_other_stories_stay_out() -> None:
    entries = timeline_entries([_story("s1", "One", _tv("2024-03-01"))],
                               [_event("x", "s9", 10.0, 5, _tv("2024-03-02"))])
    assert [e.event_id for e in entries] == [None]
