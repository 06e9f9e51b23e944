"""The language layer: the stages over one batch's parsed articles (entities, events,
quantities, quotes), and how their results join the batch.

Pure (no store, no process of its own), so the local runner calls it in this process, its
parse workers (``parallel.py``) and the Ray workers (``ray.py``) call it in theirs. An
article a stage fails on is isolated: it is stored without language records and the run
goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from chronicle.model import Article, InputFailure, Span, TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.entities.build import link
from chronicle.pipeline.entities.foreign import link_foreign
from chronicle.pipeline.events import code_events
from chronicle.pipeline.nlp import parse
from chronicle.pipeline.quotes import extract as extract_quotes
from chronicle.pipeline.summarize import find_quantities
from chronicle.store import Batch

if TYPE_CHECKING:
    from spacy.tokens import Doc

LayerResult = tuple[Article, Batch | None, InputFailure | None]
Dated = dict[str, list[tuple[Span, TimeValue]]]


def add_language_layer(batch: Batch, ctx: RunContext) -> None:
    """Parse the batch's kept English articles in one ``nlp.pipe`` and link their entities."""
    apply_layer(batch, layer_articles(batch.articles, dates_by_article(batch.dates), ctx))


def layer_articles(articles: list[Article], dated: Dated, ctx: RunContext,
                   ) -> Iterator[LayerResult]:
    """Each article with its language records (None when not parsed) and, should a stage
    fail on it, the failure to record: the article is stored without language records
    and the run goes on."""
    for article, doc in parse(articles, ctx):
        if doc is None and article.metadata.get("nlp_skipped") == "not-english":
            yield foreign_layer(article, ctx)
            continue
        if doc is None:
            error = article.metadata.get("nlp_error")
            yield article, None, stage_failure(article, "nlp", error) if error else None
            continue
        try:
            part = language_layer(article, doc, dated.get(article.id, []), ctx)
        except Exception as exc:  # noqa: BLE001 - isolate the article, keep the run
            ctx.count("layer_failed")
            article.metadata["layer_error"] = f"{type(exc).__name__}: {exc}"[:300]
            yield article, None, stage_failure(article, "language layer",
                                               article.metadata["layer_error"])
            continue
        yield article, part, None


def apply_layer(batch: Batch, results: Iterable[LayerResult]) -> None:
    """Merge layer results into ``batch`` in order; a worker's copy of an article replaces
    the batch's (the layer adds to its metadata)."""
    index = {a.id: i for i, a in enumerate(batch.articles)}
    for article, part, failure in results:
        batch.articles[index[article.id]] = article
        if part is not None:
            merge_language(batch, part)
        if failure is not None:
            batch.failures.append(failure)


def stage_failure(article: Article, stage: str, error: str) -> InputFailure:
    detail = " ".join(f"{stage}: {error}".split())[:500]
    return InputFailure(article.source_path, "stage-error", detail, article.record)


def language_layer(article: Article, doc: Doc, dated: list[tuple[Span, TimeValue]],
                   ctx: RunContext) -> Batch:
    """The stages over one parsed article (entities, events, quantities, quotes), as a
    Batch holding only their records: pure, so a Ray worker can run it too."""
    part = Batch()
    with ctx.timed("entities"):
        linked = link(article, doc)
    part.sentences.extend(linked.sentences)
    part.mentions.extend(linked.mentions)
    part.entities.extend(linked.entities)
    ctx.count("mentions", len(linked.mentions))
    with ctx.timed("events"):
        part.events.extend(code_events(article, doc, linked, dated, ctx))
    spans = [sentence.span for sentence in linked.sentences]
    with ctx.timed("quantities"):
        article.metadata["quantities"] = [
            q.to_dict() for q in find_quantities(doc, spans, linked.mentions)]
    with ctx.timed("quotes"):
        quotes = extract_quotes(article, doc, linked.mentions, linked.entities, ctx)
    part.quotes.extend(quotes)
    ctx.count("quotes", len(quotes))
    return part


def foreign_layer(article: Article, ctx: RunContext) -> LayerResult:
    """A non-English article's places and listed people (no parse, no events or quotes):
    enough for it to join the story its English reports tell."""
    try:
        with ctx.timed("entities (other languages)"):
            linked = link_foreign(article)
    except Exception as exc:  # noqa: BLE001 - isolate the article, keep the run
        ctx.count("layer_failed")
        article.metadata["layer_error"] = f"{type(exc).__name__}: {exc}"[:300]
        return article, None, stage_failure(article, "language layer",
                                            article.metadata["layer_error"])
    part = Batch()
    part.sentences.extend(linked.sentences)
    part.mentions.extend(linked.mentions)
    part.entities.extend(linked.entities)
    ctx.count("mentions", len(linked.mentions))
    return article, part, None


def merge_language(batch: Batch, part: Batch) -> None:
    """Append one article's language records (``language_layer``) to ``batch``."""
    for name in ("sentences", "mentions", "entities", "events", "quotes"):
        getattr(batch, name).extend(getattr(part, name))


def dates_by_article(dates: list[tuple[Span, TimeValue]]) -> Dated:
    out: Dated = {}
    for span, value in dates:
        out.setdefault(span.article_id, []).append((span, value))
    return out
