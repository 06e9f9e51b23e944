"""Agents: actors named by what they are, not by name ("soldiers", "the police", "a tribunal
in Bolivia", "Muslim leaders in France", "the defence minister").

A noun phrase is an agent when its head is a title or agent word of the knowledge tables
(``data/actor_titles.tsv``, ``data/agents.tsv``): the sector is the listed phrase that ends
at the head, read from the end ("opposition lawmaker" is LEG, "opposition leader" OPP). A
collective head ("a group of", "two gang confederations") takes its modifier's sector, and a
religious modifier makes a leader or community religious ("Jewish community leader" is REL).
The country comes from "of <country>", "in <country>" or "from <country>" after the head,
and otherwise stays empty: CAMEO codes such actors with an agent code and no country, as
GDELT leaves ``Actor1CountryCode`` blank. Phrases that hold a name are not agents here: the
name's mention carries the sector ("Russian troops", "NATO soldiers", "Baltic Fleet").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from chronicle.pipeline.entities.gazetteer import PLACE_KINDS, country_code, country_of, lookup
from chronicle.pipeline.entities.mentions import RawMention
from chronicle.pipeline.entities.offices import (
    TitleInfo,
    head_title,
    is_religious,
    title_info,
    title_keys,
)
from chronicle.pipeline.entities.places import world_country

# Heads that name a body of people, whose modifier says who they are.
COLLECTIVES = frozenset({"group", "groups", "confederation", "confederations", "coalition",
                         "alliance", "network", "faction", "factions", "band", "bands", "cell",
                         "cells", "unit", "units", "members", "member", "squad", "squads",
                         "organization", "organisation", "organizations", "organisations",
                         "movement", "force", "body", "wing", "community", "communities"})
# Sectors a religious modifier turns into REL ("Muslim leaders", "Jewish community leader").
RELIGIOUS_OVERRIDES = frozenset({"CVL", "GOV", "ELI", "NGO"})
PLACE_PREPOSITIONS = frozenset({"of", "in", "from"})
# Agents that own what they do: "the government's plan", "the army's offensive".
OWNING_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "INS", "OPP",
                            "PTY", "UAF"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


def agent_mentions(doc: Doc, mentions: list[RawMention]) -> list[RawMention]:
    """Mentions (label ``AGENT``) for the agent phrases no named mention covers."""
    named = {i: m for m in mentions for i in range(m.token_start, m.token_end)}
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    out = []
    heads = head_words()
    for root in doc:
        # cheap test first: most nouns are no title or agent word and no collective
        if root.pos_ not in {"NOUN", "PROPN"} or root.dep_ in {"compound", "amod"} or not (
                root.lower_ in heads or root.lemma_.lower() in heads):
            continue
        chunk = doc[root.left_edge.i:root.i + 1]
        if any(t.i in named and _names_actor(named[t.i]) for t in chunk):
            continue  # "Russian troops", "NATO soldiers": the name's mention is the actor
        found = _agent(chunk)
        if found is None:
            continue
        first, info = found
        if root.dep_ == "poss" and info.sector not in OWNING_SECTORS:
            continue  # "the schoolchildren's parents" are parents
        root = chunk.root
        span = doc[first:root.i + 1]
        mention = RawMention(span.start_char, span.end_char, span.text, "AGENT",
                             sent_index.get(chunk.sent.start, 0), span.start, span.end,
                             title=info.title, sector=info.sector)
        mention.country = _place_before(span) or _place_after(root, named)
        out.append(mention)
    return out


@cache
def head_words() -> frozenset[str]:
    """Words that can end an agent phrase: the last word of every title and agent term (and
    its singular's plural forms through the lemma), and the collective heads."""
    return frozenset({key.split()[-1] for key in title_keys()} | COLLECTIVES)


def _names_actor(mention: RawMention) -> bool:
    """A name that is itself the actor; "Muslim" or "Western" before a noun is not one."""
    return mention.label not in {"NORP", "GPE"} or country_code(mention.text) is not None


def _place_before(span: Span) -> str | None:
    """"Chiapas authorities", "Punjab police": a place the model left untagged, at the
    start of the phrase."""
    words = []
    for token in span[:-1]:
        if token.pos_ != "PROPN" or not token.is_title:
            break
        words.append(token.text)
    if not words:
        return None
    text = " ".join(words)
    place = lookup(text)
    if place is not None:
        return place.code if place.kind in PLACE_KINDS | {"demonym"} else None
    return world_country(text)


def _agent(chunk: Span) -> tuple[int, TitleInfo] | None:
    """Where the agent phrase starts in the chunk and the title it names, if it is one."""
    root = chunk.root
    if root.pos_ not in {"NOUN", "PROPN"} or root.like_num:
        return None
    words = [t for t in chunk if t.i == root.i or (t.dep_ in MODIFIER_DEPS and t.i < root.i)]
    info = phrase_title([t.text for t in words])
    if info is None:
        return None
    if info.sector in RELIGIOUS_OVERRIDES and any(is_religious(t.text) for t in words[:-1]):
        info = TitleInfo(info.title, "REL", info.rank, info.role, info.kind)
    return words[0].i, info


def phrase_title(words: list[str]) -> TitleInfo | None:
    """The title or agent a phrase's head names ("opposition lawmaker": lawmaker); a
    collective head takes its modifier's ("paramilitary organization", "gang
    confederations")."""
    info = head_title(words)
    if info is None and words and words[-1].lower() in COLLECTIVES:
        for word in reversed(words[:-1]):
            found = title_info(word)
            if found is not None and found.kind != "modifier":
                return found
    return info


def _place_after(root: Token, named: dict[int, RawMention], depth: int = 0) -> str | None:
    """"a tribunal in Bolivia", "leaders of Malawi": the country of the place that follows;
    one phrase further down too ("victims of the floods in eastern Libya")."""
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPOSITIONS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            # "leaders of Malawi", or its adjective: "doctors from two Canadian charities"
            for word in [obj, *(c for c in obj.children if c.dep_ in MODIFIER_DEPS | {"poss"})]:
                mention = named.get(word.i)
                if mention is not None and mention.label in {"GPE", "NORP"}:
                    return country_of(mention.text)
                if mention is not None and mention.label == "PERSON" and mention.country \
                        and prep.lower_ == "of":  # "supporters of Iraqi cleric X"
                    return mention.country
            if depth == 0 and obj.i not in named and (
                    deeper := _place_after(obj, named, depth + 1)) is not None:
                return deeper
    return None
