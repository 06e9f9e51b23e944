"""Corpus entities and actor codes (entities/build.py) on short texts, real spaCy model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from chronicle.api import annotate
from chronicle.model import Article, Entity, Mention, TimeValue
from chronicle.pipeline.entities.build import Linked, article_day, entity_id, link
from chronicle.pipeline.nlp import load


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load()


def _link(nlp: Language, text: str, day: str | None = None, article_id: str = "a1") -> Linked:
    published = TimeValue(day, day, "day", "metadata") if day else TimeValue()
    article = Article(id=article_id, source_path="<test>", raw_text=text, text=text,
                      language="en", published=published)
    return link(article, nlp(text))


def _entity(linked: Linked, name: str) -> Entity:
    found = [e for e in linked.entities if e.name == name]
    assert found, f"no entity {name!r} in {[e.name for e in linked.entities]}"
    return found[0]


def _mention(linked: Linked, text: str) -> Mention:
    found = [m for m in linked.mentions if m.span.text == text]
    assert found, f"no mention {text!r} in {[m.span.text for m in linked.mentions]}"
    return found[0]


# --- stable ids -----------------------------------------------------------------------


def test_same_person_and_country_get_the_same_ids_in_other_articles(nlp: Language) -> None:
    one = _link(nlp, "President Luis Vargas of Peru opened the summit.", article_id="a1")
    two = _link(nlp, "Peruvian officials said Luis Vargas would not attend.", article_id="a2")
    assert _entity(one, "Luis Vargas").id == _entity(two, "Luis Vargas").id
    assert _entity(one, "Peru").id == _entity(two, "Peru").id == entity_id("country", "PER")
    assert {m.span.article_id for m in one.mentions} == {"a1"}


def test_spelling_variants_share_an_id_across_articles(nlp: Language) -> None:
    one = _link(nlp, "Park Soo-jin arrived in Seoul on Monday.", article_id="a1")
    two = _link(nlp, "Park Soo Jin left Seoul on Friday.", article_id="a2")
    assert _mention(one, "Park Soo-jin").entity_id == _mention(two, "Park Soo Jin").entity_id


def test_short_reference_carries_the_entity_id(nlp: Language) -> None:
    linked = _link(nlp, 'Luis Vargas met the press. Vargas said on Sunday, "We will not give up."')
    ids = {m.span.text: m.entity_id for m in linked.mentions}
    assert ids["Vargas"] == ids["Luis Vargas"] == _entity(linked, "Luis Vargas").id


def test_country_name_and_adjective_are_one_entity(nlp: Language) -> None:
    linked = _link(nlp, "Peru and Peruvian officials agreed to meet in Geneva.")
    assert _mention(linked, "Peru").entity_id == _mention(linked, "Peruvian").entity_id


# --- actor codes: text first, then the office table at the article's date ---------------


@pytest.mark.parametrize(("day", "country"), [
    ("2005-06-01", "KOR"),  # foreign minister then
    ("2010-06-01", "UNO"),  # UN secretary-general then
])
def test_office_table_codes_a_person_by_the_article_date(nlp: Language, day: str,
                                                         country: str) -> None:
    linked = _link(nlp, "Ban Ki-moon met reporters in Geneva on Monday.", day)
    person = _entity(linked, "Ban Ki-moon")
    assert (person.country, person.sector) == (country, "GOV")
    # the entity lists every term the tables know; the code is the one held that day
    assert {r["country"] for r in person.roles} == {"KOR", "UNO"}
    mention = _mention(linked, "Ban Ki-moon")
    assert (mention.country, mention.sector, mention.evidence) == (country, "GOV", "table")


def test_same_person_keeps_one_id_whatever_the_date(nlp: Language) -> None:
    early = _link(nlp, "Ban Ki-moon met reporters in Geneva on Monday.", "2005-06-01")
    late = _link(nlp, "Ban Ki-moon met reporters in Geneva on Monday.", "2010-06-01")
    assert _entity(early, "Ban Ki-moon").id == _entity(late, "Ban Ki-moon").id


def test_undated_article_with_two_offices_gets_no_country(nlp: Language) -> None:
    person = _entity(_link(nlp, "Ban Ki-moon met reporters in Geneva on Monday."), "Ban Ki-moon")
    assert person.country is None
    assert {r["country"] for r in person.roles} == {"KOR", "UNO"}


def test_text_outranks_the_office_table(nlp: Language) -> None:
    text = "South Korean Foreign Minister Ban Ki-moon met reporters in Geneva."
    linked = _link(nlp, text, "2010-06-01")  # the table says UN secretary-general then
    mention = _mention(linked, "Ban Ki-moon")
    assert (mention.country, mention.sector, mention.evidence) == ("KOR", "GOV", "text")


def test_unknown_person_gets_no_invented_code(nlp: Language) -> None:
    linked = _link(nlp, "Luis Vargas met the press in Lima on Monday.", "2021-06-01")
    person = _entity(linked, "Luis Vargas")
    assert (person.country, person.sector, person.roles) == (None, None, [])
    mention = _mention(linked, "Luis Vargas")
    assert (mention.country, mention.sector, mention.evidence) == (None, None, None)


def test_title_from_text_codes_an_unknown_person(nlp: Language) -> None:
    linked = _link(nlp, "Argentine President Julia Torres arrived on Monday.", "2021-06-01")
    person = _entity(linked, "Julia Torres")
    assert (person.country, person.sector, person.roles) == ("ARG", "GOV", [])


def test_igo_and_country_entities(nlp: Language) -> None:
    linked = _link(nlp, "The United Nations and the European Union urged calm in Kenya, "
                        "and NATO agreed.")
    kinds = {e.name: (e.kind, e.country) for e in linked.entities}
    assert kinds == {"United Nations": ("igo", "UNO"), "European Union": ("igo", "EUR"),
                     "Kenya": ("country", "KEN"), "NATO": ("igo", "NATO")}


def test_city_is_a_place_in_its_country(nlp: Language) -> None:
    place = _entity(_link(nlp, "Delegates met in Geneva on Monday."), "Geneva")
    assert (place.kind, place.country) == ("place", "CHE")


def test_institution_is_coded_by_the_gazetteer(nlp: Language) -> None:
    org = _entity(_link(nlp, "The Kremlin said the talks were useful."), "Kremlin")
    assert (org.kind, org.country, org.sector) == ("org", "RUS", "GOV")


def test_newspaper_is_a_media_org(nlp: Language) -> None:
    org = _entity(_link(nlp, "The Mirror newspaper said the strike was over."), "Mirror")
    assert (org.kind, org.sector) == ("org", "MED")


@pytest.mark.parametrize(("text", "word", "country", "sector"), [
    ("Officials at the US embassy declined to comment.", "US", "USA", "GOV"),
    ("Russian troops crossed the river.", "Russian", "RUS", "MIL"),
    ("The Kenyan army said the attack was repelled.", "Kenyan", "KEN", "MIL"),
])
def test_institution_noun_after_a_country_sets_the_mention_sector(
        nlp: Language, text: str, word: str, country: str, sector: str) -> None:
    linked = _link(nlp, text)
    mention = _mention(linked, word)
    assert (mention.country, mention.sector, mention.evidence) == (country, sector, "text")
    entity = next(e for e in linked.entities if e.id == mention.entity_id)
    assert (entity.kind, entity.sector) == ("country", None)  # the sector is the mention's


def test_spans_point_into_the_text(nlp: Language) -> None:
    text = ("Kenya's Ambassador to Japan Wanjiru Kamau met Ingrid Dahl in Oslo.\n\n"
            "Dahl said the United Nations would help.")
    linked = _link(nlp, text)
    assert linked.mentions and linked.sentences
    for m in linked.mentions:
        assert text[m.span.start:m.span.end] == m.span.text
    assert [m.span.start for m in linked.mentions] == sorted(m.span.start for m in linked.mentions)
    assert {m.entity_id for m in linked.mentions} <= {e.id for e in linked.entities}


def test_article_day_prefers_the_latest_known_day() -> None:
    article = Article(id="a", source_path="<test>", raw_text="",
                      published=TimeValue("2021-06-01", "2021-06-30", "month", "text"))
    assert str(article_day(article)) == "2021-06-30"
    article.published = TimeValue()
    assert article_day(article) is None


# --- the whole per-article chain on one text -----------------------------------------


def test_annotate_runs_every_per_article_stage() -> None:
    text = ("Peru and Bolivia sign water accord\n\n"
            "LIMA - Peruvian President Luis Vargas and Bolivian Foreign Minister Rosa Quispe "
            "signed an agreement on Tuesday to share the waters of a lake that straddles their "
            "border, officials said.\n\n"
            "Vargas said the deal would end a dispute that had lasted for decades. Quispe told "
            "reporters in Lima that the United Nations had helped broker the talks.\n")
    article, linked, _ = annotate(text, published="2021-06-03")
    assert article.status == "kept"
    codes = {e.name: (e.kind, e.country, e.sector) for e in linked.entities}
    assert codes["Luis Vargas"] == ("person", "PER", "GOV")
    assert codes["Rosa Quispe"] == ("person", "BOL", "GOV")
    assert codes["United Nations"] == ("igo", "UNO", None)
    quispe = _entity(linked, "Rosa Quispe")
    assert sorted(quispe.aliases) == ["Quispe", "Rosa Quispe"]


def test_an_unlisted_titled_person_takes_the_story_country(nlp: Language) -> None:
    linked = _link(nlp, "Judge Marta Quispe opened an inquiry into Bolivian officials on "
                   "Monday.", "2021-06-01")
    assert (_entity(linked, "Marta Quispe").country, _entity(linked, "Marta Quispe").sector) \
        == ("BOL", "JUD")


def test_a_listed_person_is_not_given_the_story_country(nlp: Language) -> None:
    linked = _link(nlp, "Ban Ki-moon met Bolivian ministers in La Paz on Monday.")
    assert _entity(linked, "Ban Ki-moon").country is None  # two listed offices, no date


@pytest.mark.parametrize(("text", "agent", "sector"), [
    ("Nurses marched against the government's plan on Monday.", "government", "GOV"),
    ("Villagers fled the army's offensive on Monday.", "army", "MIL"),
])
def test_an_owning_institution_is_an_agent(nlp: Language, text: str, agent: str,
                                           sector: str) -> None:
    assert _mention(_link(nlp, text), agent).sector == sector


def test_a_possessor_of_people_is_no_agent_of_its_own(nlp: Language) -> None:
    linked = _link(nlp, "The schoolchildren's parents met on Monday.")
    assert not [m for m in linked.mentions if m.span.text == "schoolchildren"]


def test_a_listed_body_of_no_country_stays_international(nlp: Language) -> None:
    linked = _link(nlp, "Red Cross officials visited a prison in Kenya on Monday.")
    assert _entity(linked, "Red Cross").country is None  # not Kenya's Red Cross


def test_an_unlisted_institution_belongs_to_the_story_country(nlp: Language) -> None:
    linked = _link(nlp, "The Supreme Court annulled the vote in Kenya on Monday.")
    assert _entity(linked, "Supreme Court").country == "KEN"
