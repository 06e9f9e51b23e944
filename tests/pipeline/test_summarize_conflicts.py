"""Contradictions between articles of one story: event days, numbers, titles."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import pytest

from chronicle.api import annotate
from chronicle.model import ActorRef, Article, Conflict, Event, Span, TimeValue
from chronicle.pipeline.entities.build import Linked
from chronicle.pipeline.summarize import (
    ConflictInput,
    conflict_input,
    find_conflicts,
    quantities_from_sentences,
)

Dated = list[tuple[Span, TimeValue]]
BERG_ARRIVES_WED = ("Ruritanian President Anna Berg arrived in the capital on Wednesday for "
                    "talks with the government of Osterland.")
BERG_ARRIVES_THU = "Anna Berg arrived in the country on Thursday, officials said."
DORN_ARRIVES_THU = "Osterland's President Karl Dorn arrived in the capital on Thursday."
BERG_LEAVES_THU = "Anna Berg left the capital on Thursday after the talks."
ATTACK_12 = ("Militants killed 12 soldiers in an attack on a border post, the army said. "
             "Around a dozen people were injured in the blast. "
             "Nearly 30 percent of voters backed the treaty in a poll.")
ATTACK_15 = ("Militants killed 15 soldiers at the border post, officials said. "
             "More than 10 people were injured in the blast. "
             "About 28 percent of voters backed the treaty.")


# Short articles are dropped by the cleaner, so every test article gets this paragraph.
TAIL = ("\n\nDelegations from both governments are expected to discuss trade, water rights "
        "and a planned railway line during the coming weeks.")


def _article(text: str, published: str = "2024-03-14") -> tuple[Article, Linked, Dated]:
    article, linked, dated = annotate(text + TAIL, published=published)
    assert article.status == "kept"
    return article, linked, dated


def _event(parsed: tuple[Article, Linked, Dated], sentence_part: str, trigger: str,
           actor: str, cameo: str = "042") -> Event:
    """An event as the events stage codes it, pointing into the annotated article."""
    article, linked, dated = parsed
    sent = next(s.span for s in linked.sentences if sentence_part in s.span.text)
    at = article.text.index(trigger, sent.start)
    actor_id = next(m.entity_id for m in linked.mentions
                    if actor in m.span.text and sent.start <= m.span.start < sent.end)
    date = next((v for s, v in dated if sent.start <= s.start < sent.end), article.published)
    return Event(id=f"{article.id}:{at}", source=[ActorRef(str(actor_id), actor, "RUR", "GOV")],
                 target=[], cameo=cameo, root=cameo[:2], quad_class=1, goldstein=1.9,
                 plover="CONSULT", mode="visit", negated=False, hypothetical=False,
                 date=date, location=None, evidence=sent, confidence=0.8,
                 trigger=Span(article.id, at, at + len(trigger), trigger))


def _input(parsed: tuple[Article, Linked, Dated], events: Sequence[Event] = ()) -> ConflictInput:
    article, linked, dated = parsed
    return conflict_input(article, linked.sentences, linked.mentions, dated, events)


def _arrival(text: str, actor: str, trigger: str = "arrived", cameo: str = "042",
             ) -> ConflictInput:
    parsed = _article(text)
    return _input(parsed, [_event(parsed, actor, trigger, actor, cameo)])


def _only(conflicts: list[Conflict], prefix: str) -> list[Conflict]:
    return [c for c in conflicts if c.fact.startswith(prefix)]


def test_different_weekdays_of_one_arrival_conflict() -> None:
    a = _arrival(BERG_ARRIVES_WED, "Anna Berg")
    b = _arrival(BERG_ARRIVES_THU, "Anna Berg")
    found = _only(find_conflicts([a, b], "story-1"), "date of event")
    assert len(found) == 1
    conflict = found[0]
    assert conflict.story_id == "story-1"
    assert "Anna Berg" in conflict.fact and "arrived" in conflict.fact
    assert {conflict.a.article_id, conflict.b.article_id} == {a.article_id, b.article_id}
    assert {conflict.a.text, conflict.b.text} == {BERG_ARRIVES_WED, BERG_ARRIVES_THU}
    assert "Wednesday" in conflict.values[0] and "Thursday" in conflict.values[1]


def test_same_weekday_or_different_actor_or_event_is_no_conflict() -> None:
    wednesday = _arrival(BERG_ARRIVES_WED, "Anna Berg")
    again = _arrival(BERG_ARRIVES_WED.replace("for talks", "for a visit"), "Anna Berg")
    other_actor = _arrival(DORN_ARRIVES_THU, "Karl Dorn")
    other_event = _arrival(BERG_LEAVES_THU, "Anna Berg", trigger="left", cameo="036")
    for other in (again, other_actor, other_event):
        assert _only(find_conflicts([wednesday, other]), "date of event") == []


def test_event_without_its_own_date_is_not_compared() -> None:
    undated = _arrival("Anna Berg arrived in the capital for talks, officials said.",
                       "Anna Berg")
    assert undated.events[0].date_text is None
    thursday = _arrival(BERG_ARRIVES_THU, "Anna Berg")
    assert find_conflicts([undated, thursday]) == []


def test_different_counts_conflict_but_compatible_paraphrases_do_not() -> None:
    a, b = _input(_article(ATTACK_12)), _input(_article(ATTACK_15))
    found = _only(find_conflicts([a, b]), "number")
    assert [c.values for c in found] == [("12", "15")]
    assert "soldiers" in found[0].fact and "killed" in found[0].fact
    assert found[0].a.text.startswith("Militants killed 12")
    assert not _only(find_conflicts([a, b]), "percentage")


def test_counts_by_different_actors_are_not_compared() -> None:
    a = _input(_article("Militants killed 12 soldiers in an attack on a border post."))
    b = _input(_article("Rebels killed 15 soldiers in an attack on a border post."))
    assert find_conflicts([a, b]) == []


def test_article_giving_both_values_is_an_update_not_a_contradiction() -> None:
    both = _input(_article("Militants killed 12 soldiers on Monday, the army said. "
                           "By Tuesday, militants had killed 15 soldiers in the region."))
    fifteen = _input(_article("Militants killed 15 soldiers at the border post."))
    assert find_conflicts([both, fifteen]) == []


def test_numbers_from_articles_days_apart_are_not_compared() -> None:
    early = _input(_article(ATTACK_12, published="2024-03-01"))
    late = _input(_article(ATTACK_15, published="2024-03-20"))
    assert _only(find_conflicts([early, late]), "number") == []


def test_different_titles_of_one_person_conflict() -> None:
    president = _input(_article("President Anna Berg opened the new bridge on Monday."))
    premier = _input(_article("Prime Minister Anna Berg opened the new bridge in the north."))
    found = _only(find_conflicts([president, premier]), "title")
    assert len(found) == 1
    assert found[0].values == ("President", "Prime Minister")
    for generic in ("Ruritanian leader Anna Berg opened the new bridge on Monday.",
                    "Former Prime Minister Anna Berg opened the new bridge on Monday."):
        other = _input(_article(generic))
        assert _only(find_conflicts([president, other]), "title") == []


def test_conflict_spans_index_their_articles() -> None:
    parsed = [_article(ATTACK_12), _article(ATTACK_15)]
    texts = {p[0].id: p[0].text for p in parsed}
    for conflict in find_conflicts([_input(p) for p in parsed]):
        for span in (conflict.a, conflict.b):
            assert texts[span.article_id][span.start:span.end] == span.text


def test_quantities_know_what_they_count() -> None:
    article, linked, _ = _article(ATTACK_12)
    found = {q.span.text: q for q in quantities_from_sentences(
        [s.span for s in linked.sentences], linked.mentions)}
    assert found["12"].key == ("count", "soldier", "kill", "militant")
    assert found["Nearly 30 percent"].head == "voter"
    assert found["Around a dozen"].verb == "injure"
    for q in found.values():
        assert article.text[q.span.start:q.span.end] == q.span.text


@pytest.mark.skipif(not resources.files("chronicle.data").joinpath("event_patterns.tsv")
                    .is_file(), reason="the events stage's pattern table is not there yet")
def test_events_coded_by_the_events_stage_feed_date_conflicts() -> None:
    from chronicle.pipeline.context import RunContext
    from chronicle.pipeline.events import code_events
    from chronicle.pipeline.nlp import load

    inputs = []  # the coder needs actors with a country: a real one, a made-up person
    for text in ("Peruvian President Anna Berg arrived in the capital on Wednesday for talks.",
                 "Peru's President Anna Berg arrived in the country on Thursday, aides said.",
                 "Peru's President Anna Berg arrived in Santiago on Thursday morning."):
        article, linked, dated = _article(text)
        events = code_events(article, load()(article.text), linked, dated, RunContext())
        inputs.append(conflict_input(article, linked.sentences, linked.mentions, dated, events))
    found = _only(find_conflicts(inputs), "date of event")
    assert [c.a.article_id for c in found] == [inputs[0].article_id] * 2
    assert {c.b.article_id for c in found} == {inputs[1].article_id, inputs[2].article_id}


def test_counts_in_different_places_are_two_facts() -> None:
    lima = _input(_article("Floods killed 12 people in Lima on Monday, officials said."))
    cusco = _input(_article("Floods killed 15 people in Cusco on Monday, officials said."))
    lima_15 = _input(_article("Floods killed 15 people in Lima on Monday, the mayor said."))
    assert find_conflicts([lima, cusco]) == []
    assert [c.values for c in find_conflicts([lima, lima_15])] == [("12", "15")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Deputy Foreign Minister Anna Berg", "Vice Foreign Minister Anna Berg"),
        ("Premier Anna Berg", "Prime Minister Anna Berg"),
        ("Minister Anna Berg", "Defence Minister Anna Berg"),
    ],
)
def test_one_office_named_two_ways_is_no_conflict(first: str, second: str) -> None:
    inputs = [_input(_article(f"{who} opened the new bridge on Monday."))
              for who in (first, second)]
    assert all(m.title for i in inputs for m in i.mentions if m.label == "PERSON")
    assert _only(find_conflicts(inputs), "title") == []
