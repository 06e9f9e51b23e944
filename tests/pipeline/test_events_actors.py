"""Who an event's actors are: names, collectives ("the two sides"), pronouns, "the country",
institutions ("the US embassy"), country modifiers, counterparts, receivers and datelines.
Texts are written for these tests and go through annotate() and code_events()."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chronicle.api import annotate
from chronicle.config import Config
from chronicle.model import ActorRef, Event
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.events import code_events
from chronicle.pipeline.events.actors import ActorIndex, phrase_actors

CONFIG = replace(Config(), clean=replace(Config().clean, min_article_words=1))


@pytest.fixture(scope="module", autouse=True)
def _nlp() -> None:
    from chronicle.pipeline.nlp import load

    load()  # parse once per module


def events(text: str, published: str = "2024-03-05") -> list[Event]:
    from chronicle.pipeline.nlp import load

    article, linked, dates = annotate(text, published=published, config=CONFIG)
    doc = load()(article.text)
    return code_events(article, doc, linked, dates, RunContext(config=CONFIG))


def by_trigger(found: list[Event], word: str) -> Event:
    hits = [e for e in found if e.trigger is not None and e.trigger.text.lower() == word]
    assert hits, f"no event triggered by {word!r}: {[(e.cameo, e.trigger) for e in found]}"
    return hits[0]


def codes(actors: list[ActorRef]) -> list[tuple[str | None, str | None]]:
    return [(a.country, a.sector) for a in actors]


def countries(actors: list[ActorRef]) -> list[str | None]:
    return [a.country for a in actors]


# --- collectives ------------------------------------------------------------------------

def test_the_two_sides_are_the_two_countries_of_the_article() -> None:
    found = events("Poland and Ukraine held talks in Warsaw. "
                   "The two sides agreed to expand cooperation.")
    agreed = by_trigger(found, "agreed")
    assert {*countries(agreed.source), *countries(agreed.target)} == {"POL", "UKR"}
    assert agreed.evidence.text.startswith("The two sides")


def test_both_countries_act_together_on_a_third() -> None:
    found = events("Kenya and Tanzania signed a border deal. "
                   "Both countries pledged to boost trade with Uganda.")
    [boost] = [e for e in found if e.root == "03"]  # the pledge to boost trade
    assert sorted(countries(boost.source)) == ["KEN", "TZA"]
    assert countries(boost.target) == ["UGA"]


def test_a_collective_is_found_with_less_confidence_than_a_name() -> None:
    found = events("Poland and Ukraine held talks in Warsaw. "
                   "The two sides agreed to expand cooperation.")
    assert by_trigger(found, "agreed").confidence < by_trigger(found, "held").confidence


# --- pronouns and definite descriptions ---------------------------------------------------

def test_he_is_the_subject_of_the_previous_sentence() -> None:
    found = events("Fumio Kishida met Yoon Suk Yeol in Seoul on Monday. "
                   "He later praised South Korea.")
    praised = by_trigger(found, "praised")
    assert [a.name for a in praised.source] == ["Fumio Kishida"]
    assert codes(praised.source) == [("JPN", "GOV")]
    assert countries(praised.target) == ["KOR"]


def test_his_visit_is_the_previous_subjects_visit() -> None:
    found = events("Fumio Kishida arrived in Seoul on Monday. "
                   "His visit to South Korea was the first in years.")
    visit = by_trigger(found, "visit")
    assert [a.name for a in visit.source] == ["Fumio Kishida"]
    assert countries(visit.target) == ["KOR"]


def test_the_country_as_subject_continues_the_previous_subject() -> None:
    found = events("Norway condemned Russia. The country also expelled three diplomats.")
    assert countries(by_trigger(found, "expelled").source) == ["NOR"]


def test_the_country_as_object_is_the_last_other_country() -> None:
    found = events("Tanzania hosted a delegation from Zambia on Monday. "
                   "Kenya later criticized the country.")
    criticized = by_trigger(found, "criticized")
    assert (countries(criticized.source), countries(criticized.target)) == (["KEN"], ["ZMB"])


def test_a_pronoun_with_no_person_before_it_codes_nothing() -> None:
    assert events("They condemned the attack. Officials gave no details.") == []


# --- institutions, titles and modifiers ---------------------------------------------------

@pytest.mark.parametrize(("text", "trigger", "source", "target"), [
    ("The US embassy criticized Turkey's decision.", "criticized",
     [("USA", "GOV")], [("TUR", None)]),
    ("The Russian leader thanked China on Friday.", "thanked", [("RUS", "GOV")],
     [("CHN", None)]),
    ("The leader of North Korea praised Iran.", "praised", [("PRK", "GOV")], [("IRN", None)]),
    ("The Egyptian foreign ministry condemned Israel.", "condemned", [("EGY", "GOV")],
     [("ISR", None)]),
    # the table knows "forces" and "troops", not the lemmas "force" and "troop"
    ("Ethiopian troops fought Eritrean forces near the border.", "fought",
     [("ETH", "MIL")], [("ERI", "MIL")]),
    ("Ugandan police arrested a Kenyan journalist.", "arrested", [("UGA", "COP")],
     [("KEN", "MED")]),
    # a counterpart has no title of its own: government, like the one it meets
    ("The Kenyan president met his Ugandan counterpart in Nairobi.", "met",
     [("KEN", "GOV")], [("UGA", "GOV")]),
    # two country adjectives on one noun are two actors, who act on each other
    ("Indian and Pakistani troops exchanged fire along the border.", "exchanged",
     [("IND", "MIL")], [("PAK", "MIL")]),
    # a country adjective on a plain noun says whose it is
    ("The Greek government welcomed the Turkish proposal.", "welcomed", [("GRC", "GOV")],
     [("TUR", None)]),
])
def test_institutions(text: str, trigger: str, source: list, target: list) -> None:
    event = by_trigger(events(text), trigger)
    assert (codes(event.source), codes(event.target)) == (source, target)


def test_the_national_leader_is_the_person_named_before() -> None:
    found = events("President Gustavo Petro of Colombia flew to Caracas on Monday. "
                   "The Colombian leader thanked Venezuela for its help.")
    thanked = by_trigger(found, "thanked")
    assert [a.name for a in thanked.source] == ["Gustavo Petro"]
    assert codes(thanked.source) == [("COL", "GOV")]


def test_condemning_an_attack_targets_the_attacker() -> None:
    found = events("Norway condemned the Russian attack on Ukraine.")
    assert countries(by_trigger(found, "condemned").target) == ["RUS"]


# --- receiving ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "trigger", "giver", "receiver", "root"), [
    ("Ukraine received strong support from Poland.", "received", "POL", "UKR", "05"),
    ("Argentina won backing from Brazil for its bid.", "won", "BRA", "ARG", "05"),
    ("Argentina won the backing of Brazil.", "won", "BRA", "ARG", "05"),
    ("Ghana received financial aid from Germany.", "received", "DEU", "GHA", "07"),
])
def test_the_receiver_is_the_target(text: str, trigger: str, giver: str, receiver: str,
                                     root: str) -> None:
    event = by_trigger(events(text), trigger)
    assert (countries(event.source), countries(event.target)) == ([giver], [receiver])
    assert event.root == root


@pytest.mark.parametrize(("text", "trigger"), [
    ("Germany sent financial aid to Ghana.", "sent"),
    # taking people in is giving shelter, not receiving a gift from where they came
    ("Germany accepted thousands of refugees from Ghana.", "accepted"),
])
def test_a_giver_is_the_source(text: str, trigger: str) -> None:
    event = by_trigger(events(text), trigger)
    assert (countries(event.source), countries(event.target)) == (["DEU"], ["GHA"])
    assert event.root == "07"


# --- datelines ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "NAIROBI, March 4 - Kenya imposed sanctions on Eritrea after a border clash.",
    "NAIROBI (Reuters) - Kenya imposed sanctions on Eritrea after a border clash.",
])
def test_the_dateline_city_is_never_the_actor(text: str) -> None:
    event = by_trigger(events(text), "imposed")
    assert [a.name for a in event.source] == ["Kenya"]
    assert countries(event.target) == ["ERI"]


def test_the_index_leaves_out_dateline_mentions() -> None:
    from chronicle.pipeline.nlp import load

    text = "LIMA, March 4 - Peru recalled its ambassador from Bolivia."
    article, linked, _ = annotate(text, published="2024-03-05", config=CONFIG)
    doc = load()(article.text)
    body = article.text.index("Peru")
    index = ActorIndex.build(doc, linked.mentions, linked.entities, body_start=body)
    assert all(m.span.start >= body for m in index.mentions)
    lima, peru = doc[0], next(t for t in doc if t.text == "Peru")
    assert lima.i not in index.by_token
    assert countries(phrase_actors(index, peru)[0]) == ["PER"]


def test_an_anaphor_inside_a_compound_subject_does_not_loop() -> None:
    # "the country" sits in the subject it would exclude: resolving it must not recurse.
    found = events("Kenya criticized Uganda over the border closure. "
                   "Tanzania and the country later signed a trade pact in Arusha.")
    signed = by_trigger(found, "signed")
    assert "TZA" in countries(signed.source) + countries(signed.target)
