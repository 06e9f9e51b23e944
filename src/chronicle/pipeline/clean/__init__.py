"""The clean stage: decide what each raw line of an article is, and keep only the article.

Every line becomes a title, body, caption, blank or removed line; removed lines carry a
reason (``boilerplate:nav``, ``boilerplate:related-links``, ``repeat``, ...). Rules read a
line's shape (length, end punctuation, case, date shape), its position (head zone before the
first body paragraph, tail zone after the last), its neighbours and a small cue table in
``chronicle/data/boilerplate.json`` — never one site's strings.

Removal reasons, one per removed line (counted as ``removed_<reason>``):

* ``boilerplate:<kind>`` for page furniture, ``<kind>`` one of ``nav`` (menus, breadcrumbs,
  section labels, tag lists), ``share``, ``comments``, ``newsletter`` (sign-ups and appeals),
  ``related-links``, ``masthead`` (site name, copyright, weather, dates above the headline),
  ``byline`` (authors and dates below it), ``pagination``, ``counter``, ``ad``, ``notice``
  (cookie and script notices). ``boilerplate:dateline`` is transient: it becomes
  ``masthead`` or ``byline`` once the headline is known. Only ``boilerplate:`` reasons
  spread to neighbouring lines (furniture under furniture), never into table rows
  (``| a | b |``) or "Label: value" lines, which are article data.
* ``repeat`` and ``caption-duplicate`` for text the article already holds.
"""

from chronicle.pipeline.clean.classify import classify_lines
from chronicle.pipeline.clean.stage import clean, removed_spans

__all__ = ["classify_lines", "clean", "removed_spans"]
