"""The clean stage: decide what each raw line of an article is, and keep only the article.

Every line becomes a title, body, caption, blank or removed line; removed lines carry a
reason (``boilerplate:nav``, ``boilerplate:related-links``, ``repeat``, ...). Rules read a
line's shape (length, end punctuation, case, date shape), its position (head zone before the
first body paragraph, tail zone after the last), its neighbours and a small cue table in
``chronicle/data/boilerplate.json`` — never one site's strings.
"""

from chronicle.pipeline.clean.classify import classify_lines
from chronicle.pipeline.clean.stage import clean, removed_spans

__all__ = ["classify_lines", "clean", "removed_spans"]
