"""Names in news of other languages: countries, cities and listed people found in any
script and given the entity ids the English pipeline gives them (texts written here)."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.model import Article
from chronicle.pipeline.entities.build import entity_for
from chronicle.pipeline.entities.foreign import find_names, link_foreign, skeleton

DAY = date(2023, 6, 1)


def names(text: str, on: date | None = DAY) -> list[tuple[str, str]]:
    return [(label, name) for _, _, label, _, name in find_names(text, on)]


@pytest.mark.parametrize(("text", "expected"), [
    # case endings: genitive, locative, instrumental
    ("Канцлер Германии Олаф Шольц прибыл в Москву.", {("GPE", "Germany"),
                                                       ("PERSON", "Olaf Scholz")}),
    ("Переговоры с Олафом Шольцем прошли в Москве.", {("PERSON", "Olaf Scholz"),
                                                       ("GPE", "Moscow")}),
    # a script without case: a full name
    ("وصل الرئيس الفرنسي إيمانويل ماكرون إلى القاهرة.", {("PERSON", "Emmanuel Macron"),
                                                        ("GPE", "Cairo")}),
    # diacritics of the table's own spelling, and a country in Vietnamese
    ("Thủ tướng Phạm Minh Chính tiếp đoàn Nhật Bản tại Hà Nội.",
     {("PERSON", "Phạm Minh Chính"), ("GPE", "Japan"), ("GPE", "Hanoi")}),
    # an exonym with the listed given name; a Czech case ending
    ("Le président Vladimir Poutine a reçu le Premier ministre.",
     {("PERSON", "Vladimir Putin")}),
    ("Premiér jednal s Putinem o plynu.", {("PERSON", "Vladimir Putin")}),
])
def test_names_in_other_languages(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= set(names(text)), names(text)


@pytest.mark.parametrize("text", [
    "Президент выступил перед депутатами.",  # a title, not a family name
    "Стороны обсудили поставки газа.",  # a common word of the same consonants as a name
    "Vladimir Poutine",  # a town named Vladimir is no part of a person's name
])
def test_words_are_not_taken_for_names(text: str) -> None:
    found = names(text)
    assert ("GPE", "Vladimir") not in found
    assert not [n for label, n in found if label == "PERSON" and "Putin" not in n], found


def test_skeletons_meet_across_scripts() -> None:
    assert skeleton("Шольц") == skeleton("Scholz")
    assert skeleton("بوتين") == skeleton("Putin")
    assert skeleton("Зеленский") == skeleton("Zelenskyy")


def test_a_foreign_article_gets_the_english_entity_ids() -> None:
    text = ("Президент России Владимир Путин встретился в Москве с канцлером Германии "
            "Олафом Шольцем.")
    article = Article(id="ru1", source_path="<test>", raw_text=text, text=text,
                      language="ru")
    linked = link_foreign(article)
    ids = {m.entity_id for m in linked.mentions}
    for label, name in [("PERSON", "Vladimir Putin"), ("GPE", "Russia"), ("GPE", "Moscow"),
                        ("PERSON", "Olaf Scholz")]:
        entity = entity_for(label, name, None)
        assert entity is not None and entity.id in ids, (name, linked.mentions)
    assert all(linked.sentences[0].span.start <= m.span.start for m in linked.mentions)


def test_an_unlisted_latin_name_keeps_its_english_id() -> None:
    found = names("Le ministre Daniel Hargreaves a rencontré Kenji Morioka à Tokyo.")
    assert ("PERSON", "Daniel Hargreaves") in found and ("PERSON", "Kenji Morioka") in found
