"""Extractive, cited multi-document summary of one story, and its headline.

Steps, each inspectable: ``candidates`` (filter sentences, each skip with a reason) ->
``vectorize`` + ``lexrank`` (centrality) -> ``near_duplicate_groups`` (one statement, many
sources) -> ``select`` (MMR: relevance + key-entity coverage - redundancy, within the
budget) -> order by time, then discourse. Nothing is generated: every summary sentence is
a verbatim sentence of a member article, cited with every article that carries it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from chronicle.model import Span, SummarySentence, TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.summarize.inputs import SentenceInput, SummaryInput
from chronicle.pipeline.summarize.lexrank import (
    Matrix,
    cosine,
    lexrank,
    near_duplicate_groups,
    vectorize,
)
from chronicle.pipeline.summarize.select import Group, key_entities, mmr

# A sentence opening with one of these leans on an earlier one for its meaning.
DEPENDENT_OPENERS = frozenset({"he", "she", "they", "it", "this", "these", "those", "his", "her",
                               "their", "its", "him", "them", "but", "however", "and", "also",
                               "yet", "such"})
PAIRED_QUOTES = (("“", "”"), ("«", "»"))  # single curly quotes double as apostrophes
TERMINATED = re.compile(r"[.!…][\"'”’»)\]]*$")
QUOTED = re.compile(r"[\"“«][^\"“”«»]*[\"”»]")


@dataclass(slots=True, frozen=True)
class SummaryConfig:
    min_words: int = 6  # shorter sentences say too little to stand alone
    max_words: int = 80  # longer ones are usually run-on lists or mis-split text
    duplicate_cosine: float = 0.7  # TF-IDF cosine at which two sentences are one statement
    duplicate_jaccard: float = 0.6  # ... or word-set Jaccard
    redundancy: float = 0.5  # a candidate this close to a chosen sentence adds nothing
    mmr_lambda: float = 0.7  # relevance versus novelty
    coverage_weight: float = 0.3  # reward for naming key entities not covered yet
    support_weight: float = 0.3  # reward for statements several articles carry
    source_weight: float = 0.15  # reward for citing an article not cited yet
    lead_weight: float = 0.15  # news puts the key facts in the first paragraphs
    dependent_penalty: float = 0.4  # opens with an unresolved pronoun or connective
    quote_penalty: float = 0.2  # mostly quoted words: a voice, not a fact
    key_entities: int = 8
    max_sentences: int = 2000  # beyond this, later paragraphs are left out


@dataclass(slots=True)
class Candidate:
    article: int  # index into the story's articles
    sentence: SentenceInput
    date: TimeValue
    penalty: float = 0.0

    @property
    def text(self) -> str:
        return self.sentence.span.text


@dataclass(slots=True)
class SummaryItem:
    text: str  # verbatim: equals span.text
    span: Span  # the cited sentence
    citations: list[Span]  # every article's copy of the statement, ``span`` first
    date: TimeValue  # the sentence's date, else its article's
    score: float

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(c.article_id for c in self.citations))


@dataclass(slots=True)
class Summary:
    headline: str | None  # a member article's title, verbatim
    headline_article: str | None
    items: list[SummaryItem] = field(default_factory=list)
    key_entities: list[str] = field(default_factory=list)
    skipped: list[tuple[Span, str]] = field(default_factory=list)  # filtered, with reason

    def sentences(self) -> list[SummarySentence]:
        return [SummarySentence(item.text, item.span) for item in self.items]


def summarize(story_articles: Sequence[SummaryInput], budget: int = 6,
              config: SummaryConfig | None = None, ctx: RunContext | None = None) -> Summary:
    """At most ``budget`` verbatim, cited sentences and a headline from the titles."""
    cfg = config or SummaryConfig()
    cands, skipped = candidates(story_articles, cfg)
    if ctx is not None:
        for _, reason in skipped:
            ctx.count(f"summary_skipped_{reason}")
    titled = [i for i, a in enumerate(story_articles) if a.title and a.title.strip()]
    vectors, title_vectors = vectorize([c.text for c in cands],
                                       [story_articles[i].title or "" for i in titled])
    sim = cosine(vectors)
    centrality = lexrank(sim)
    groups = _groups(cands, sim, centrality, story_articles, cfg)
    keys = key_entities(story_articles, cfg.key_entities)
    chosen = mmr(groups, sim, keys, budget, cfg)
    ordered = sorted(chosen, key=lambda g: _order(cands[g.primary], story_articles))
    items = [_item(g, cands, story_articles) for g in ordered]
    head = _headline(titled, title_vectors, vectors, centrality, story_articles)
    return Summary(story_articles[head].title if head is not None else None,
                   story_articles[head].article_id if head is not None else None,
                   items, keys, skipped)


def candidates(articles: Sequence[SummaryInput], cfg: SummaryConfig,
               ) -> tuple[list[Candidate], list[tuple[Span, str]]]:
    """Sentences fit to stand alone in a summary; the others with why they were left out."""
    kept: list[Candidate] = []
    skipped: list[tuple[Span, str]] = []
    # Leads first, so a capped story keeps every article's opening paragraphs.
    ranked = sorted(((a, s) for a, art in enumerate(articles) for s in art.sentences),
                    key=lambda t: (t[1].paragraph, t[0], t[1].span.start))
    for a, sentence in ranked:
        reason = skip_reason(sentence.span.text, cfg)
        if reason is None and len(kept) >= cfg.max_sentences:
            reason = "beyond-cap"
        if reason is not None:
            skipped.append((sentence.span, reason))
            continue
        kept.append(Candidate(a, sentence, _sentence_date(sentence.span, articles[a]),
                              _penalty(sentence.span.text, cfg)))
    return kept, skipped


def skip_reason(text: str, cfg: SummaryConfig) -> str | None:
    stripped = text.strip()
    if stripped.rstrip("\"'”’»)").endswith("?"):
        return "question"
    n_words = len(re.findall(r"[^\W_]+", stripped))
    if n_words < cfg.min_words:
        return "too-short"
    if n_words > cfg.max_words:
        return "too-long"
    if is_quote_fragment(stripped):
        return "quote-fragment"
    if not TERMINATED.search(stripped) or not re.match(r"[\"“‘'«]?[^\W_]", stripped):
        return "fragment"  # cut by the sentence splitter, or a list item or heading
    return None


def is_quote_fragment(text: str) -> bool:
    """Part of a longer quotation, or a quotation with nobody saying it."""
    if text[:1].islower():
        return True  # continues a sentence the splitter cut
    if text.count('"') % 2 or any(text.count(a) != text.count(b) for a, b in PAIRED_QUOTES):
        return True
    outside = QUOTED.sub("", text).strip(" .,;:!-–—")
    return bool(QUOTED.search(text)) and not re.search(r"[^\W\d_]", outside)


def _penalty(text: str, cfg: SummaryConfig) -> float:
    first = re.match(r"[\"“‘]?([^\W\d_]+)", text)
    penalty = cfg.dependent_penalty if first and first.group(1).lower() in DEPENDENT_OPENERS \
        else 0.0
    quoted = sum(len(m.group(0)) for m in QUOTED.finditer(text))
    return penalty + (cfg.quote_penalty if quoted > 0.6 * len(text) else 0.0)


def _sentence_date(span: Span, article: SummaryInput) -> TimeValue:
    for dated, value in article.dates:
        if span.start <= dated.start < span.end and value.is_known:
            return value
    return article.published


def _groups(cands: list[Candidate], sim: Matrix, centrality: Matrix,
            articles: Sequence[SummaryInput], cfg: SummaryConfig) -> list[Group]:
    texts = [c.text for c in cands]
    top = float(centrality.max()) if len(centrality) else 1.0
    n_articles = len({c.article for c in cands})
    out = []
    for members in near_duplicate_groups(texts, sim, cfg.duplicate_cosine,
                                         cfg.duplicate_jaccard):
        primary = min(members, key=lambda i: (
            cands[i].penalty, -centrality[i], _when(articles[cands[i].article].published),
            cands[i].sentence.paragraph, cands[i].article))
        sources = {cands[i].article for i in members}
        support = (len(sources) - 1) / (n_articles - 1) if n_articles > 1 else 0.0
        paragraph = min(cands[i].sentence.paragraph for i in members)
        lead = 1.0 if paragraph == 0 else 0.5 if paragraph == 1 else 0.0
        relevance = (float(max(centrality[i] for i in members)) / (top or 1.0)
                     + cfg.support_weight * support + cfg.lead_weight * lead
                     - cands[primary].penalty)
        entities = {e for i in members for e in cands[i].sentence.entities}
        out.append(Group(members, primary, relevance, entities, sources))
    return out


def _item(group: Group, cands: list[Candidate], articles: Sequence[SummaryInput],
          ) -> SummaryItem:
    chosen = cands[group.primary]
    citations = [chosen.sentence.span]
    seen = {chosen.article}
    for i in sorted(group.members, key=lambda i: (_when(articles[cands[i].article].published),
                                                  cands[i].article)):
        if cands[i].article not in seen:
            seen.add(cands[i].article)
            citations.append(cands[i].sentence.span)
    return SummaryItem(chosen.text, chosen.sentence.span, citations, chosen.date,
                       round(group.relevance, 4))


def _order(cand: Candidate, articles: Sequence[SummaryInput]) -> tuple[str, int, str, int]:
    """Time first (the sentence's date, else its article's), then place in the article."""
    return (_when(cand.date), cand.sentence.paragraph, _when(articles[cand.article].published),
            cand.sentence.span.start)


def _headline(titled: list[int], title_vectors: Matrix, vectors: Matrix, centrality: Matrix,
              articles: Sequence[SummaryInput]) -> int | None:
    """The member title closest to the story's centre and to the other titles."""
    if not titled:
        return None
    centre = (centrality[:, None] * vectors).sum(axis=0) if len(vectors) else np.zeros(1)
    norm = float(np.linalg.norm(centre))
    to_centre = title_vectors @ (centre / norm) if norm else np.zeros(len(titled))
    between = title_vectors @ title_vectors.T
    others = (between.sum(axis=1) - np.diag(between)) / max(len(titled) - 1, 1)
    exact = Counter((articles[i].title or "").strip().casefold() for i in titled)
    scores = [(float(to_centre[k] + others[k]), exact[(articles[i].title or "").strip()
               .casefold()], _negated_when(articles[i].published), -k)
              for k, i in enumerate(titled)]
    best = max(range(len(titled)), key=lambda k: scores[k])
    return titled[best]


def _when(value: TimeValue) -> str:
    return value.earliest or value.latest or "9999-12-31"


def _negated_when(value: TimeValue) -> tuple[int, ...]:
    """Sort key that prefers the earlier date under ``max``."""
    return tuple(-ord(ch) for ch in _when(value))
