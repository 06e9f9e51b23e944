"""Quotes stage: direct and indirect quotes with their speaker, cue verb and evidence.

``extract(article, doc, mentions, entities)`` is pure: it reads the cleaned text, its spaCy
parse and the entities stage's mentions, and returns ``Quote`` records whose spans index
``article.text``. Speech cues come from ``data/speech_verbs.txt``.
"""

from chronicle.pipeline.quotes.extract import extract

__all__ = ["extract"]
