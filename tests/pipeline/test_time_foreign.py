"""Dates in other languages, read in the article's detected language (texts written here)."""

from __future__ import annotations

from datetime import date

import pytest

from chronicle.model import Article
from chronicle.pipeline.time.foreign import foreign_dates


def read(text: str, language: str, anchor: date | None = date(2025, 3, 14)) -> list[tuple]:
    article = Article(id="x", source_path="<t>", raw_text=text, text=text, language=language)
    return [(s.text, v.earliest, v.latest, v.precision)
            for s, v in foreign_dates(article, anchor, [])]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Il vertice si è svolto il 12 marzo 2025 a Roma.", "it",
     ("12 marzo 2025", "2025-03-12", "2025-03-12", "day")),
    ("Встреча состоялась 3 октября 2023 года в Минске.", "ru",
     ("3 октября 2023 года", "2023-10-03", "2023-10-03", "day")),
    ("Hai bên đã ký thỏa thuận hôm qua tại Hà Nội.", "vi",
     ("hôm qua", "2025-03-13", "2025-03-13", "day")),
    # a month stays a month: the same honest ranges as English
    ("En janvier 2024, les ministres se sont réunis.", "fr",
     ("janvier 2024", "2024-01-01", "2024-01-31", "month")),
    # a day number dateparser's search leaves out, before the month it reads
    ("Die Regierungen hatten am 2. Mai 2024 ein Abkommen unterzeichnet.", "de",
     ("2. Mai 2024", "2024-05-02", "2024-05-02", "day")),
    ("La kunveno okazis la 4-an de marto 2024 en Lilongve.", "eo",
     ("4-an de marto 2024", "2024-03-04", "2024-03-04", "day")),
])
def test_dates_in_other_languages(text: str, language: str, expected: tuple) -> None:
    assert expected in read(text, language)


def test_without_the_day_only_dates_with_a_year_are_read() -> None:
    found = read("Ayer, y el 10 de marzo de 2025, hubo reuniones.", "es", anchor=None)
    assert [f[0] for f in found] == ["10 de marzo de 2025"]


def test_a_language_dateparser_lacks_reads_nothing() -> None:
    assert read("La 4-an de marto 2024 okazis kunveno.", "xx") == []
