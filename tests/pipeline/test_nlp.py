"""The NLP stage: cached model, skipped articles with reasons, batching, sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from chronicle.errors import PipelineError
from chronicle.model import Article, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import to_article
from chronicle.pipeline.nlp import load, parse, sentences
from chronicle.runners.local import process_document


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load()


def _article(ident: str, text: str, *, language: str | None = "en",
             status: str = "kept") -> Article:
    return Article(id=ident, source_path="<test>", raw_text=text, text=text,
                   language=language, status=status)  # type: ignore[arg-type]


def test_model_is_loaded_once(nlp: Language) -> None:
    assert load() is nlp
    assert {"parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)


def test_missing_model_names_the_install_command() -> None:
    with pytest.raises(PipelineError) as info:
        load("no_such_spacy_model_xyz")
    assert "pip install" in str(info.value)
    assert "In stage `nlp`" in str(info.value)


def test_parse_skips_with_a_counted_reason(nlp: Language) -> None:
    ctx = RunContext()
    articles = [
        _article("kept", "Kenya and Uganda signed a trade pact on Monday."),
        _article("dropped", "Kenya and Uganda signed a trade pact.", status="dropped"),
        _article("empty", "  \n\n "),
        _article("french", "Le Kenya et l'Ouganda ont signé un accord.", language="fr"),
        _article("unknown", "Kenya and Uganda signed a trade pact.", language=None),
    ]
    out = list(parse(articles, ctx))  # skipped ones pass through at once, not in input order
    assert {a.id: doc is not None for a, doc in out} == {
        "kept": True, "dropped": False, "empty": False, "french": False, "unknown": False}
    reasons = {a.id: a.metadata.get("nlp_skipped") for a, _ in out}
    assert reasons == {"kept": None, "dropped": "not-kept", "empty": "no-text",
                       "french": "not-english", "unknown": "not-english"}
    assert ctx.stats["nlp_parsed"] == 1
    assert ctx.stats["nlp_skipped_not-english"] == 2
    assert ctx.stats["nlp_skipped_not-kept"] == ctx.stats["nlp_skipped_no-text"] == 1


def test_parse_keeps_order_across_batches(nlp: Language) -> None:
    texts = [f"Delegation {n} arrived in Nairobi on Monday." for n in range(7)]
    articles = [_article(str(n), t) for n, t in enumerate(texts)]
    articles.insert(3, _article("skip", "Le Kenya a signé.", language="fr"))
    out = list(parse(articles, RunContext(), batch_size=2))
    parsed = [(a.id, doc.text) for a, doc in out if doc is not None]
    assert parsed == [(str(n), t) for n, t in enumerate(texts)]
    assert {a.id for a, _ in out} == {a.id for a in articles}


def test_sentences_never_cross_a_paragraph_break(nlp: Language) -> None:
    text = ("Talks resumed in Nairobi\n\nThe envoy said the two sides were close. "
            "A deal may follow soon\n\nKamau disagreed")
    doc = nlp(text)
    assert any("\n\n" in s.text for s in doc.sents)  # the model alone runs them together
    spans = [s.span for s in sentences(_article("x", text), doc)]
    assert [s.text for s in spans] == [
        "Talks resumed in Nairobi", "The envoy said the two sides were close.",
        "A deal may follow soon", "Kamau disagreed"]
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_seed_sentences_are_spans_of_the_cleaned_text(nlp: Language, seeds: Path) -> None:
    ctx = RunContext()
    for path in sorted(seeds.glob("*.txt")):
        article = to_article(RawDocument(source_path=str(path),
                                         text=path.read_text(encoding="utf-8"), fmt="txt"))
        process_document(article, ctx)
        assert article.status == "kept", path.name
        spans = [s.span for s in sentences(article, nlp(article.text))]
        assert len(spans) >= 5, path.name
        for span in spans:
            assert article.text[span.start:span.end] == span.text
            assert "\n\n" not in span.text and span.text == span.text.strip()
        starts = [s.start for s in spans]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)
