"""Events: who did what to whom, coded in CAMEO and PLOVER.

``code_events`` turns one parsed, linked and dated article into ``Event`` records, one
per sentence that reports an action between coded actors. The same event told again
(in another sentence or article, same actors, same code, same day) gets the same id, so
the store counts its mentions, sources and articles the way GDELT does.
"""

from __future__ import annotations

import hashlib
import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from chronicle.model import ActorRef, Article, Event, Mention, Span, TimeValue
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.entities.build import Linked
from chronicle.pipeline.events import codebook
from chronicle.pipeline.events.actors import ActorIndex
from chronicle.pipeline.events.coder import Found, find

# "NAIROBI, May 4 -", "LIMA (Reuters) -": where the report was filed, before the body.
DATELINE = re.compile(
    r"^\s*([A-Z][A-Z .'’-]{2,40}?)\s*(?:\([^)\n]{1,30}\))?\s*(?:,[^:\n]{0,40})?\s*[:—–-]\s")
CONFIDENCE = {"name": 0.8, "institution": 0.7, "modifier": 0.6, "collective": 0.6,
              "anaphor": 0.55, "pronoun": 0.55}


def code_events(article: Article, doc: Doc, linked: Linked,
                dated: list[tuple[Span, TimeValue]], ctx: RunContext) -> list[Event]:
    match = DATELINE.match(article.text)
    index = ActorIndex.build(doc, linked.mentions, linked.entities,
                             body_start=match.end() if match else 0)
    dateline = _dateline(article.text)
    events: list[Event] = []
    # Every sentence, not only those naming an actor: "the two sides agreed", "he met"
    # and "the country" resolve to actors named in earlier sentences.
    for sent in doc.sents if index.mentions else ():
        for found in find(index, sent):
            for source, target in _dyads(found):
                event = _event(article, sent, found, source, target, dated, index, dateline)
                events.append(event)
                ctx.count(f"events_root_{event.root}")
    ctx.count("events", len(events))
    return events


def _dyads(found: Found) -> list[tuple[list[ActorRef], list[ActorRef]]]:
    """Two actors acting together with no target act on each other ("A and B signed")."""
    if found.target or len(found.source) < 2:
        return [(found.source, found.target)]
    first, rest = found.source[0], [a for a in found.source[1:]
                                    if a.country != found.source[0].country]
    return [([first], rest)] if rest else [(found.source, [])]


def _event(article: Article, sent: SpacySpan, found: Found, source: list[ActorRef],
           target: list[ActorRef], dated: list[tuple[Span, TimeValue]], index: ActorIndex,
           dateline: str | None) -> Event:
    code = codebook.cameo(found.code)
    plover, mode = codebook.plover(code.code)
    date = _sentence_date(sent, dated) or article.published
    trigger = Span(article.id, found.trigger.idx, found.trigger.idx + len(found.trigger.text),
                   found.trigger.text)
    said = sent.text.rstrip()  # the paragraph break after a sentence is not evidence
    evidence = Span(article.id, sent.start_char, sent.start_char + len(said), said)
    confidence = CONFIDENCE.get(found.how, 0.5) + (0.1 if target else -0.2)
    event = Event(
        id="", source=source, target=target, cameo=code.code, root=code.root,
        quad_class=code.quad_class, goldstein=code.goldstein, plover=plover, mode=mode,
        negated=found.negated, hypothetical=found.hypothetical, date=date,
        location=_location(found.trigger, index) or dateline, evidence=evidence,
        confidence=round(max(0.1, min(0.95, confidence)), 2), future=found.future,
        reported=found.reported, trigger=trigger,
    )
    event.id = event_id(event, article.id)
    return event


def event_id(event: Event, article_id: str) -> str:
    """Same actors, code, flags and day: the same event, whichever article tells it.

    Without a known day the event is only merged within its own article."""
    day = event.date.earliest if event.date.precision == "day" else None
    when = f"{event.date.earliest}/{event.date.latest}" if day else f"article:{article_id}"
    key = "|".join([
        ",".join(sorted(a.country or a.entity_id for a in event.source)),
        ",".join(sorted(a.country or a.entity_id for a in event.target)),
        event.cameo, when, f"{event.negated:d}{event.hypothetical:d}{event.future:d}",
    ])
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def _sentence_date(sent: SpacySpan, dated: list[tuple[Span, TimeValue]]) -> TimeValue | None:
    for span, value in dated:
        if sent.start_char <= span.start < sent.end_char and value.is_known:
            return value
    return None


def _location(trigger: Token, index: ActorIndex) -> str | None:
    """Where the action happened: "in <place>" attached to the trigger, its clause's verb, or
    the trigger's object ("held talks in Lima", "signed a deal at a summit in Accra")."""
    heads = {trigger.i, trigger.head.i} | {c.i for c in trigger.children if c.dep_ == "dobj"}
    for token in trigger.sent:
        if token.dep_ == "pobj" and token.head.lower_ in {"in", "at"} and \
                token.head.head.i in heads:
            mention: Mention | None = index.by_token.get(token.i)
            entity = index.entities.get(mention.entity_id or "") if mention else None
            if entity is not None and entity.kind in {"place", "country"}:
                return entity.name
    return None


def _dateline(text: str) -> str | None:
    match = DATELINE.match(text)
    return match.group(1).strip().title() if match else None


def warm() -> None:
    """Load the trigger lexicon and the codebook now (half a second), so that worker
    processes forked afterwards share them."""
    from chronicle.pipeline.events.patterns import patterns_for

    patterns_for("")
    codebook.is_code("010")


__all__ = ["code_events", "event_id", "warm"]
