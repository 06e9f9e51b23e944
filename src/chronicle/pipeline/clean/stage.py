"""The clean stage's entry point: classify an article's raw lines and fill the article.

Nothing is lost silently: every removed line lands in ``article.removed`` (one span per run
of lines removed for the same reason, in original line numbers) and in the run's counters.
"""

from __future__ import annotations

from chronicle.model import Article, Line, RemovedSpan
from chronicle.pipeline.clean.classify import classify_lines
from chronicle.pipeline.clean.cues import BYLINE
from chronicle.pipeline.clean.shape import count_words
from chronicle.pipeline.clean.title import (
    furniture_title,
    split_date_prefix,
    title_text,
    without_date_prefix,
)
from chronicle.pipeline.context import RunContext

_SHORT_REASONS = ("too-short", "empty")


def clean(article: Article, ctx: RunContext) -> Article:
    """Fill lines, title, paragraphs, captions, text and removed spans; drop short articles.

    Re-running on the same article gives the same result: everything is rebuilt from
    ``raw_text``, and a title this stage set earlier matches its own line again.
    """
    cfg = ctx.config.clean
    hint = article.title if article.title and not furniture_title(article.title) else None
    lines = classify_lines(article.raw_text, cfg, title_hint=article.title)  # ignores junk too
    article.lines = lines
    if hint is None:
        title = next((line.text for line in lines if line.kind == "title"), None)
        article.title = title_text(title) if title is not None else None
    else:
        article.title = without_date_prefix(hint)
    article.paragraphs = [line.text.strip() for line in lines if line.kind == "body"]
    article.captions = [line.text.strip() for line in lines if line.kind == "caption"]
    article.text = "\n\n".join(article.paragraphs)
    article.removed = removed_spans(article.id, lines)
    for line in lines:
        if line.kind == "removed":
            ctx.count(f"removed_{line.reason}")
        elif line.kind == "title" and split_date_prefix(line.text) is not None:
            ctx.count(f"removed_{BYLINE}")  # the date glued before the headline
    _judge_length(article, ctx)
    return article


def removed_spans(article_id: str, lines: list[Line]) -> list[RemovedSpan]:
    """One span per run of removed lines sharing a reason; blank lines inside a run join it.
    A date glued before the headline is a span of its own on the title's line, a byline:
    it dates the story, and the time stage reads it there."""
    spans: list[RemovedSpan] = []
    run: list[Line] = []
    for line in lines:
        if line.kind == "blank":
            if run:
                run.append(line)
            continue
        if run and (line.kind != "removed" or line.reason != run[0].reason):
            spans.append(_span(article_id, run))
            run = []
        if line.kind == "removed":
            run.append(line)
        elif line.kind == "title":
            spans += _title_date(article_id, line)
    if run:
        spans.append(_span(article_id, run))
    return spans


def _span(article_id: str, run: list[Line]) -> RemovedSpan:
    while run[-1].kind == "blank":  # trailing blanks were only waiting for the run to go on
        run = run[:-1]
    return RemovedSpan(
        article_id=article_id,
        line_start=run[0].number,
        line_end=run[-1].number,
        text="\n".join(line.text for line in run),
        reason=run[0].reason or "",
    )


def _title_date(article_id: str, line: Line) -> list[RemovedSpan]:
    parts = split_date_prefix(line.text)
    if parts is None:
        return []
    return [RemovedSpan(article_id, line.number, line.number, parts[0], BYLINE)]


def _judge_length(article: Article, ctx: RunContext) -> None:
    words = sum(count_words(p) for p in article.paragraphs)
    if words >= ctx.config.clean.min_article_words:
        if article.status == "dropped" and article.reason in _SHORT_REASONS:
            article.status, article.reason = "kept", None  # an earlier, stricter run dropped it
        return
    reason = "empty" if words == 0 else "too-short"
    article.status, article.reason = "dropped", reason
    ctx.count(f"dropped_{reason}")
