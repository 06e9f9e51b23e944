"""Clustering mentions inside one article (entities/resolve.py), on short texts, real model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from chronicle.pipeline.entities.mentions import extract
from chronicle.pipeline.entities.resolve import Cluster, name_tokens, resolve
from chronicle.pipeline.nlp import load


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load()


def _clusters(nlp: Language, text: str) -> list[Cluster]:
    return resolve(extract(nlp(text)))


def _people(clusters: list[Cluster]) -> dict[str, list[str]]:
    """Each person cluster's name -> the surface forms of its mentions, in text order."""
    return {c.name: [m.text for m in sorted(c.mentions, key=lambda m: m.start)]
            for c in clusters if c.label == "PERSON"}


def _owner(clusters: list[Cluster], start: int) -> str:
    """Name of the cluster holding the mention that starts at ``start``."""
    return next(c.name for c in clusters for m in c.mentions if m.start == start)


def test_short_reference_joins_the_full_name(nlp: Language) -> None:
    text = 'Luis Vargas met the press. Vargas said on Sunday, "We will not give up."'
    assert _people(_clusters(nlp, text)) == {"Luis Vargas": ["Luis Vargas", "Vargas"]}


def test_family_name_first(nlp: Language) -> None:
    text = "Premier Zhao Wenhai opened the forum in Shanghai. Zhao said growth would recover."
    assert _people(_clusters(nlp, text)) == {"Zhao Wenhai": ["Zhao Wenhai", "Zhao"]}


def test_reference_before_the_full_name_joins_it(nlp: Language) -> None:
    text = "Ortega spoke first at the rally in Quito. Maria Ortega later joined her."
    assert _people(_clusters(nlp, text)) == {"Maria Ortega": ["Ortega", "Maria Ortega"]}


def test_middle_name_variant_is_the_same_person(nlp: Language) -> None:
    text = "Luis Alberto Vargas won the vote. Luis Vargas thanked his supporters."
    people = _people(_clusters(nlp, text))
    assert people == {"Luis Alberto Vargas": ["Luis Alberto Vargas", "Luis Vargas"]}


def test_different_given_names_are_different_people(nlp: Language) -> None:
    text = "Maria Ortega spoke first at the rally in Quito. Diego Ortega spoke next."
    assert set(_people(_clusters(nlp, text))) == {"Maria Ortega", "Diego Ortega"}


@pytest.mark.parametrize(("title", "expected"), [
    ("President", "Maria Ortega"),
    ("Senator", "Diego Ortega"),
])
def test_same_family_name_told_apart_by_title(nlp: Language, title: str, expected: str) -> None:
    text = ("President Maria Ortega met her brother, Senator Diego Ortega, in Quito. "
            f"Later, {title} Ortega said the talks had gone well.")
    clusters = _clusters(nlp, text)
    assert _owner(clusters, text.rindex("Ortega")) == expected
    assert len(_people(clusters)) == 2


@pytest.mark.parametrize(("first", "second"), [
    ("Maria Ortega", "Diego Ortega"),
    ("Diego Ortega", "Maria Ortega"),
])
def test_same_family_name_goes_to_the_most_recent(nlp: Language, first: str,
                                                  second: str) -> None:
    text = (f"{first} spoke first at the rally in Quito. {second} spoke next. "
            "Ortega said the crowd was large.")
    clusters = _clusters(nlp, text)
    assert _owner(clusters, text.rindex("Ortega")) == second


def test_hyphen_and_space_spellings_merge(nlp: Language) -> None:
    text = "Park Soo-jin arrived in Seoul on Monday. Park Soo Jin then met the mayor."
    assert _people(_clusters(nlp, text)) == {"Park Soo-jin": ["Park Soo-jin", "Park Soo Jin"]}


@pytest.mark.parametrize(("a", "b"), [
    ("Park Soo-jin", "Park Soo Jin"),
    ("José Núñez", "Jose Nunez"),
    ("Lê Đức Anh", "Le Duc Anh"),
    ("Jean-Marc O’Neill", "jean marc o'neill"),
])
def test_name_tokens_ignore_case_accents_and_separators(a: str, b: str) -> None:
    assert name_tokens(a) == name_tokens(b)


def test_repeated_place_is_one_cluster(nlp: Language) -> None:
    text = "Kenya and Uganda signed the pact. Kenya will host the next round."
    places = {c.name: len(c.mentions) for c in _clusters(nlp, text) if c.label == "GPE"}
    assert places == {"Kenya": 2, "Uganda": 1}


def test_clusters_come_in_order_of_first_mention(nlp: Language) -> None:
    text = "Kwame Mensah met Luis Vargas in Oslo. Vargas and Mensah then left."
    names = [c.name for c in _clusters(nlp, text)]
    assert names == ["Kwame Mensah", "Luis Vargas", "Oslo"]


@pytest.mark.xfail(strict=True, reason="known gap: the model tags the full name ORG and the "
                   "short one PERSON; no rule relabels a full name from its short form")
def test_full_name_tagged_org_still_joins_its_short_form(nlp: Language) -> None:
    text = "Ingrid Dahl met Luis Vargas in Oslo. Vargas and Dahl then left."
    assert _people(_clusters(nlp, text))["Ingrid Dahl"] == ["Ingrid Dahl", "Dahl"]
