"""The time stage: publication dates and every date expression, as honest ``TimeValue``s.

Entry points:

- ``publication_date(article)``: metadata, dateline, "today [date]", else bounds.
- ``find_expressions(text, extra_spans=None)``: date expressions as ``(start, end, text)``.
- ``resolve(expression, anchor, years=(), tense="past", context=None)``: one expression.
- ``resolve_article(article, extra_spans=None)``: publication + every body expression.
- ``date_article(article, ctx)`` / ``run(articles, ctx)``: the stage; sets
  ``article.published`` and returns the dated spans.

A date the text does not pin down stays a range with an honest precision: no day is
ever guessed.
"""

from chronicle.pipeline.time.article import (
    CaptionDate,
    date_article,
    resolve_article,
    resolve_captions,
    run,
)
from chronicle.pipeline.time.find import find_expressions, parse
from chronicle.pipeline.time.publication import publication_date
from chronicle.pipeline.time.resolve import resolve

__all__ = [
    "CaptionDate",
    "date_article",
    "find_expressions",
    "parse",
    "publication_date",
    "resolve",
    "resolve_article",
    "resolve_captions",
    "run",
]
