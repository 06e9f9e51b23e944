"""Mention repairs and title reading (entities/mentions.py) on short sentences, real spaCy model.

Each repair test first checks the model still makes the mistake the rule repairs (so the test
keeps exercising the rule), then checks the repaired mention.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from chronicle.pipeline.entities.mentions import RawMention, extract
from chronicle.pipeline.nlp import load


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load()


def _model_label(doc: Doc, text: str, nth: int = 0) -> str:
    """What spaCy itself tagged the ``nth`` occurrence of ``text`` as ("" when untagged)."""
    hits = [t for t in doc if t.text == text.split()[0]]
    token = hits[nth]
    return next((e.label_ for e in doc.ents if e.start <= token.i < e.end), "")


def _find(mentions: list[RawMention], text: str, nth: int = 0) -> RawMention:
    found = [m for m in mentions if m.text == text]
    assert len(found) > nth, f"no mention {text!r} in {[(m.text, m.label) for m in mentions]}"
    return found[nth]


def _person(nlp: Language, sentence: str, name: str) -> RawMention:
    mention = _find(extract(nlp(sentence)), name)
    assert mention.label == "PERSON"
    return mention


# --- repairs of the small model's mistakes ------------------------------------------


def test_calendar_word_tagged_person_is_dropped(nlp: Language) -> None:
    # The pinned model rarely makes this slip on short text, so tag it the way it does
    # on long pages and check the repair on the otherwise real parse.
    doc = nlp("Mensah met the envoy on Tuesday in Accra.")
    tuesday = next(t.i for t in doc if t.text == "Tuesday")
    doc.ents = [e for e in doc.ents if not e.start <= tuesday < e.end] + [
        SpacySpan(doc, tuesday, tuesday + 1, label="PERSON")]
    texts = {m.text for m in extract(doc)}
    assert "Tuesday" not in texts
    assert "Accra" in texts


def test_name_that_starts_with_a_weekday_is_kept(nlp: Language) -> None:
    doc = nlp("The aide Monday Okafor met the envoy in Abuja.")
    start = next(t.i for t in doc if t.text == "Monday")
    doc.ents = [e for e in doc.ents if e.end <= start or e.start >= start + 2] + [
        SpacySpan(doc, start, start + 2, label="PERSON")]
    assert _find(extract(doc), "Monday Okafor").label == "PERSON"


@pytest.mark.parametrize(("sentence", "name", "model_label"), [
    ("The Tribune newspaper said the minister lied.", "Tribune", "PERSON"),
    ("The Mirror newspaper said the strike was over.", "Mirror", "ORG"),
    ("Critics wrote in the Clarion newspaper that the budget was late.", "Clarion", "FAC"),
    ("The Beacon daily said the minister lied.", "Beacon", "PERSON"),
])
def test_name_before_newspaper_is_a_media_org(nlp: Language, sentence: str, name: str,
                                              model_label: str) -> None:
    doc = nlp(sentence)
    assert _model_label(doc, name) == model_label
    mention = _find(extract(doc), name)
    assert (mention.label, mention.sector_hint) == ("ORG", "MED")


def test_capitalised_word_between_title_and_name_joins_the_name(nlp: Language) -> None:
    doc = nlp("In Lima, President Do Hoang Minh met the visiting delegation.")
    assert _model_label(doc, "Do") == ""  # the model reads "Do" as the English word
    mention = _find(extract(doc), "Do Hoang Minh")
    assert (mention.label, mention.title, mention.sector) == ("PERSON", "President", "GOV")


def test_title_and_nationality_do_not_join_the_name(nlp: Language) -> None:
    mention = _person(nlp, "Kenyan President Amos Otieno arrived on Monday.", "Amos Otieno")
    assert mention.title == "President"


@pytest.mark.parametrize(("sentence", "name", "model_label", "sector"), [
    ("General Luz Maria Quispe inspected the troops.", "Luz Maria Quispe", "", "MIL"),
    ("South African President Thabo Ndlovu arrived on Monday.", "Thabo Ndlovu", "GPE", "GOV"),
])
def test_capitalised_run_after_title_is_a_person(nlp: Language, sentence: str, name: str,
                                                 model_label: str, sector: str) -> None:
    doc = nlp(sentence)
    assert _model_label(doc, name) == model_label
    mention = _find(extract(doc), name)
    assert (mention.label, mention.sector) == ("PERSON", sector)


def test_title_cased_headline_is_not_read_as_a_name(nlp: Language) -> None:
    mentions = extract(nlp("Foreign Minister Arrives In Buenos Aires"))
    assert all(m.label != "PERSON" for m in mentions)


def test_ambassador_to_country_is_not_the_actors_country(nlp: Language) -> None:
    doc = nlp("Ambassador to Japan Wanjiru Kamau said the deal was signed.")
    assert _model_label(doc, "Japan") == "ORG"  # the model runs the country into the name
    mentions = extract(doc)
    kamau = _find(mentions, "Wanjiru Kamau")
    assert (kamau.label, kamau.sector) == ("PERSON", "GOV")
    assert kamau.country is None
    assert _find(mentions, "Japan").label == "GPE"


@pytest.mark.parametrize(("sentence", "name", "country"), [
    ("Kenya's Ambassador to Japan Wanjiru Kamau said the deal was signed.", "Wanjiru Kamau",
     "KEN"),
    ("Mexico's Ambassador to Spain Carlos Mendez Ruiz hosted a dinner.", "Carlos Mendez Ruiz",
     "MEX"),
    ("Brazil's Ambassador to France Ana Paula Ribeiro hosted a dinner.", "Ana Paula Ribeiro",
     "BRA"),
    ("Chile's ambassador to Argentina, Rodrigo Soto, praised the accord.", "Rodrigo Soto",
     "CHL"),
])
def test_ambassador_keeps_the_sending_country(nlp: Language, sentence: str, name: str,
                                              country: str) -> None:
    mention = _person(nlp, sentence, name)
    assert (mention.country, mention.sector) == (country, "GOV")
    assert mention.title is not None and "to" in mention.title.split()


def test_lone_word_repeating_a_named_person_is_that_person(nlp: Language) -> None:
    doc = nlp("Talks were led by Luis Vargas. According to Vargas Friday, the vote was lost.")
    assert _model_label(doc, "Vargas", nth=1) == "GPE"
    assert _find(extract(doc), "Vargas").label == "PERSON"


def test_untagged_word_repeating_a_named_person_is_that_person(nlp: Language) -> None:
    doc = nlp("Bolivian Foreign Minister Rosa Quispe signed the agreement. "
              "Quispe told reporters the talks had been hard.")
    assert _model_label(doc, "Quispe", nth=1) == ""
    assert _find(extract(doc), "Quispe").label == "PERSON"


def test_lone_word_without_a_named_person_keeps_its_label(nlp: Language) -> None:
    doc = nlp("According to Vargas Friday, the vote was lost.")
    assert _find(extract(doc), "Vargas").label == _model_label(doc, "Vargas")


@pytest.mark.parametrize(("sentence", "name", "model_label"), [
    ("Kiribati and Vanuatu signed the pact.", "Vanuatu", "PERSON"),
    ("Eswatini rejected the report.", "Eswatini", "ORG"),
])
def test_gazetteer_overrides_the_label_of_a_country(nlp: Language, sentence: str, name: str,
                                                    model_label: str) -> None:
    doc = nlp(sentence)
    assert _model_label(doc, name) == model_label
    assert _find(extract(doc), name).label == "GPE"


@pytest.mark.parametrize(("sentence", "left", "right"), [
    ("The South Africa-Namibia corridor opened.", "South Africa", "Namibia"),
    ("Saudi Arabia-Oman talks ended.", "Saudi Arabia", "Oman"),
])
def test_hyphenated_country_compound_is_split(nlp: Language, sentence: str, left: str,
                                              right: str) -> None:
    doc = nlp(sentence)
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == [f"{left}-{right}"]
    mentions = extract(doc)
    assert [(m.text, m.label) for m in mentions] == [(left, "GPE"), (right, "GPE")]


@pytest.mark.parametrize(("sentence", "name"), [
    ("Officials in Gaborone said the plan was ready.", "Gaborone"),
    ("The delegation left Montevideo on Monday.", "Montevideo"),
    ("Tuvalu said the plan was unfair.", "Tuvalu"),
])
def test_untagged_capital_or_country_is_found(nlp: Language, sentence: str, name: str) -> None:
    doc = nlp(sentence)
    assert _model_label(doc, name) == ""
    assert _find(extract(doc), name).label == "GPE"


def test_mention_offsets_point_into_the_text(nlp: Language) -> None:
    text = "Kenya's Ambassador to Japan Wanjiru Kamau met Ingrid Dahl in Oslo."
    for m in extract(nlp(text)):
        assert text[m.start:m.end] == m.text


# --- titles, nationality adjectives, possessives, appositives -------------------------


@pytest.mark.parametrize(("sentence", "name", "title", "country", "sector"), [
    ("Argentine President Julia Torres arrived on Monday.", "Julia Torres", "President",
     "ARG", "GOV"),
    ("Kenyan Prime Minister Amos Otieno arrived on Monday.", "Amos Otieno", "Prime Minister",
     "KEN", "GOV"),
    ("French Foreign Minister Jean Moreau arrived on Monday.", "Jean Moreau",
     "Foreign Minister", "FRA", "GOV"),
    ("South African President Sipho Dlamini arrived on Monday.", "Sipho Dlamini", "President",
     "ZAF", "GOV"),
    ("Chilean Deputy Foreign Minister Rosa Fuentes arrived on Monday.", "Rosa Fuentes",
     "Deputy Foreign Minister", "CHL", "GOV"),
    ("US Secretary of State Mary Collins arrived on Monday.", "Mary Collins",
     "Secretary of State", "USA", "GOV"),
])
def test_nationality_adjective_and_title(nlp: Language, sentence: str, name: str, title: str,
                                         country: str, sector: str) -> None:
    mention = _person(nlp, sentence, name)
    assert (mention.title, mention.country, mention.sector) == (title, country, sector)


@pytest.mark.parametrize(("sentence", "name", "title", "country"), [
    ("Ghana's Foreign Minister Kwame Mensah spoke to reporters.", "Kwame Mensah",
     "Foreign Minister", "GHA"),
    ("Japan's Prime Minister Kenji Sato arrived on Monday.", "Kenji Sato", "Prime Minister",
     "JPN"),
    ("Nigeria's Vice President Tunde Bakare arrived on Monday.", "Tunde Bakare",
     "Vice President", "NGA"),
])
def test_possessive_and_title(nlp: Language, sentence: str, name: str, title: str,
                              country: str) -> None:
    mention = _person(nlp, sentence, name)
    assert (mention.title, mention.country, mention.sector) == (title, country, "GOV")


def test_former_office_holder_is_an_elite(nlp: Language) -> None:
    mention = _person(nlp, "Former President Julio Benitez criticised the plan.", "Julio Benitez")
    assert (mention.title, mention.sector) == ("Former President", "ELI")


def test_igo_before_title_gives_the_igo_code(nlp: Language) -> None:
    mention = _person(nlp, "UN Secretary-General Ana Lima visited the camp.", "Ana Lima")
    assert (mention.country, mention.sector) == ("UNO", "GOV")


@pytest.mark.parametrize(("sentence", "name", "country"), [
    ("Amos Otieno, the president of Kenya, arrived on Monday.", "Amos Otieno", "KEN"),
    ("Kwame Mensah, the foreign minister of Ghana, spoke to reporters.", "Kwame Mensah", "GHA"),
])
def test_appositive_after_the_name(nlp: Language, sentence: str, name: str,
                                   country: str) -> None:
    mention = _person(nlp, sentence, name)
    assert (mention.country, mention.sector) == (country, "GOV")
    assert mention.title is not None and mention.title.startswith("the ")


@pytest.mark.parametrize(("sentence", "name", "title", "country"), [
    ("Norway's foreign minister, Ingrid Dahl, said talks would resume.", "Ingrid Dahl",
     "foreign minister", "NOR"),
    ("The talks were led by Peru's prime minister, Luis Vargas, and his deputy.",
     "Luis Vargas", "prime minister", "PER"),
])
def test_title_before_comma_and_name(nlp: Language, sentence: str, name: str, title: str,
                                     country: str) -> None:
    mention = _person(nlp, sentence, name)
    assert (mention.title, mention.country, mention.sector) == (title, country, "GOV")


def test_title_in_a_list_is_not_read_onto_the_next_name(nlp: Language) -> None:
    sentence = ("The meeting was attended by the president, the foreign minister, "
                "Ingrid Dahl and two aides.")
    mention = _person(nlp, sentence, "Ingrid Dahl")
    assert (mention.title, mention.country, mention.sector) == (None, None, None)


def test_no_title_no_code(nlp: Language) -> None:
    mention = _person(nlp, "In Lima, Luis Vargas said talks would resume.", "Luis Vargas")
    assert (mention.title, mention.country, mention.sector) == (None, None, None)


# --- known gaps: strict xfails, so fixing one is noticed -----------------------------


def test_capital_tagged_person_after_a_preposition_is_a_place(nlp: Language) -> None:
    assert _find(extract(nlp("Protests spread from Bamako to Niamey.")), "Niamey").label == "GPE"


def test_untagged_country_of_two_words_is_found(nlp: Language) -> None:
    mentions = extract(nlp("Officials hailed the Sri Lanka-India ferry link."))
    assert _find(mentions, "Sri Lanka").label == "GPE"


def test_untagged_place_names_of_several_words_and_shouted_capitals_are_found(
        nlp: Language) -> None:
    mentions = extract(nlp("Republic of China officials met envoys from Somaliland."))
    assert _find(mentions, "Republic of China").label == "GPE"
    assert _find(mentions, "Somaliland").label == "GPE"
    assert _find(extract(nlp("TEHRAN rejected the offer.")), "TEHRAN").label == "GPE"


@pytest.mark.xfail(strict=True, reason="known gap: an outlet name the model left untagged "
                   "before 'newspaper' is not found")
def test_untagged_outlet_before_newspaper_is_found(nlp: Language) -> None:
    mentions = extract(nlp("The Morning Courier newspaper said the deal was dead."))
    assert _find(mentions, "Morning Courier").sector_hint == "MED"


@pytest.mark.parametrize(("sentence", "place", "next_name", "label"), [
    ("KUALA LUMPUR - Malaysia and Thailand agreed on Monday to reopen the border.",
     "KUALA LUMPUR", "Malaysia", "GPE"),
    ("BERLIN - German Chancellor Olaf Scholz met French officials on Monday.",
     "BERLIN", "German", "NORP"),
])
def test_a_dateline_is_a_place_apart_from_the_name_after_it(
        nlp: Language, sentence: str, place: str, next_name: str, label: str) -> None:
    doc = nlp(sentence)
    assert any(e.text.startswith(place + " -") for e in doc.ents)  # the model runs them together
    mentions = extract(doc)
    assert _find(mentions, place).label == "GPE"
    assert _find(mentions, next_name).label == label


def test_a_dateline_with_an_agency_keeps_the_whole_city(nlp: Language) -> None:
    doc = nlp("KUALA LUMPUR (Reuters) - Malaysia said on Monday it would reopen the border.")
    assert "KUALA LUMPUR" not in [e.text for e in doc.ents]  # the model cuts the city
    mentions = extract(doc)
    assert _find(mentions, "KUALA LUMPUR").label == "GPE"
    agency = _find(mentions, "Reuters")
    assert (agency.label, agency.sector_hint) == ("ORG", "MED")  # who filed it, not an actor


@pytest.mark.parametrize(("sentence", "place", "after"), [
    ("SAO PAULO, October 6, 2025 (Harbour Wire) - Brazil halted new permits for milk powder.",
     "SAO PAULO", "Brazil"),
    ("WASHINGTON, 5 January - Negotiators from Chile and Peru met on Monday.",
     "WASHINGTON", "Chile"),
])
def test_a_dated_dateline_is_the_whole_city(nlp: Language, sentence: str, place: str,
                                           after: str) -> None:
    mentions = extract(nlp(sentence))
    assert _find(mentions, place).label == "GPE"
    assert _find(mentions, after)  # the name after the date is still found on its own


@pytest.mark.parametrize(("sentence", "name", "label"), [
    ("NATO, the alliance, said on Monday it would send more ships.", "NATO", "ORG"),
    ("IMF, 2024 figures show debt rose - a warning, economists said.", "IMF", "ORG"),
    ("EU-China talks resumed on Monday in Brussels.", "EU", "ORG"),
])
def test_a_capitalised_opening_without_a_spaced_dash_is_no_dateline(
        nlp: Language, sentence: str, name: str, label: str) -> None:
    assert _find(extract(nlp(sentence)), name).label == label


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Ghanaian junior foreign minister Kofi Mensah met reporters.", "Kofi Mensah", "GHA"),
    ("Peru's new interior minister Ana Rojas resigned.", "Ana Rojas", "PER"),
])
def test_a_kind_of_minister_keeps_the_nationality_before_it(nlp: Language, text: str,
                                                            name: str, country: str) -> None:
    mention = _find(extract(nlp(text)), name)
    assert (mention.country, mention.sector) == (country, "GOV")
