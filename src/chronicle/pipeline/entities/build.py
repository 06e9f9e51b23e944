"""From one parsed article to linked mentions and corpus-wide entities with actor codes.

Entity ids derive from a kind and a normalized key ("person:park soo jin", "country:KOR"),
so the same entity gets the same id in every article and every run: linking across the
corpus is a lookup, not a recomputation. Actor codes come from the text first (a title, a
nationality adjective, a possessive, an appositive), then from the office-holders table at
the article's date; a code is never guessed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

import pycountry
from spacy.tokens import Doc

from chronicle.model import Article, Entity, Mention, Sentence, Span
from chronicle.pipeline.entities.agents import agent_mentions, phrase_title
from chronicle.pipeline.entities.gazetteer import (
    PLACE_KINDS,
    Place,
    country_name,
    country_of,
    is_demonym,
    lookup,
)
from chronicle.pipeline.entities.mentions import RawMention, extract
from chronicle.pipeline.entities.offices import Office, holders, title_sector
from chronicle.pipeline.entities.places import world_country
from chronicle.pipeline.entities.resolve import Cluster, name_tokens, resolve
from chronicle.pipeline.nlp import sentences

INSTITUTION_NOUNS = 2  # how many words after a country name may carry its sector
# Without a country named, an agent is of the country the article is set in ("the police",
# "gunmen", "protesters"), but for those who often come from elsewhere: reporters, analysts,
# investors, refugees, aid groups.
ABROAD = frozenset({"MED", "EDU", "BUS", "REF", "NGO", "HRI", "IGO", "DEV"})
LINKED = frozenset({"based", "led", "backed", "born"})  # "Somalia-based", "Kurdish-led"
STOP_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "de", "del", "la", "le"})
DATELINE = re.compile(r"^\s*([A-Z][A-Z .'’-]{2,40}?)\s*(?:,[^:\n]{0,40})?\s*[:—–-]\s")


@dataclass(slots=True)
class Linked:
    """What the entities stage adds for one article."""

    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


def entity_id(kind: str, key: str) -> str:
    return hashlib.blake2b(f"{kind}:{key}".encode(), digest_size=8).hexdigest()


def article_day(article: Article) -> date | None:
    """The day used to look up office holders: the article's, when the date is known."""
    when = article.published.latest or article.published.earliest
    try:
        return date.fromisoformat(when) if when else None
    except ValueError:
        return None


def link(article: Article, doc: Doc) -> Linked:
    out = Linked(sentences=sentences(article, doc))
    raw = extract(doc)
    _sector_after_country(doc, raw)
    _owner_before(doc, raw)
    _capital_subjects(doc, raw)
    raw = sorted(raw + agent_mentions(doc, raw), key=lambda m: m.start)
    on = article_day(article)
    clusters = resolve(raw)
    home = home_country(article.text, clusters)
    only = home if len(_countries(clusters)) == 1 else None
    for cluster in clusters:
        entity = _entity(cluster, on)
        if entity is None:
            continue
        if entity.kind == "org" and entity.country is None and entity.sector and home \
                and lookup(cluster.name) is None:  # a listed body of no country is no one's
            entity = _domestic(entity, home, cluster)
        elif entity.kind == "org" and home and entity.country not in {None, home} and \
                title_sector(cluster.name.casefold()) is not None:
            # "Congress", "Parliament" alone in a Peruvian story are Peru's, not the one
            # the table lists under the bare word
            for m in cluster.mentions:
                m.country = None
            entity = _domestic(replace(entity, country=None), home, cluster)
        elif entity.kind == "agent" and entity.country is None and home \
                and entity.sector not in ABROAD:  # "the police" of a Kenyan story
            entity = _agent_of(entity, home)
        elif entity.kind == "person" and entity.country is None and only and not \
                entity.roles and entity.sector and entity.sector not in ABROAD:
            # "Judge X", unlisted, in a story that names no country but Chile (a visit
            # names two: "President X" there may be the guest)
            entity = replace(entity, country=only)
        out.entities.append(entity)
        for m in cluster.mentions:
            out.mentions.append(_mention(article, m, entity, cluster, on))
    out.mentions.sort(key=lambda m: m.span.start)
    return out


def entity_for(label: str, name: str, on: date | None) -> Entity | None:
    """The entity the English pipeline would make of ``name`` written in English (a place
    or a person of the tables): how a name read in another language gets the same id."""
    mention = RawMention(0, len(name), name, label, 0, 0, len(name.split()))
    return _entity(Cluster(label, name_tokens(name), name, [mention]), on)


def _countries(clusters: list[Cluster]) -> set[str]:
    """Every country the article's places, peoples and listed institutions name."""
    out = set()
    for cluster in clusters:
        if cluster.label in {"GPE", "NORP", "ORG"}:
            place = lookup(cluster.name)
            if place is not None and _is_country(place.code) and (
                    cluster.label != "ORG" or place.kind == "institution"):
                out.add(place.code)
    return out


def home_country(text: str, clusters: list[Cluster]) -> str | None:
    """The country an article is set in: its dateline's, else one that clearly dominates."""
    dateline = DATELINE.match(text)
    if dateline:
        place = lookup(dateline.group(1))
        if place is not None and place.kind in {"country", "capital", "city", "region"}:
            return place.code
    counts: Counter[str] = Counter()
    bare: Counter[str] = Counter()  # "Congress", "the Supreme Court": many countries have one
    for cluster in clusters:
        if cluster.label in {"GPE", "NORP", "ORG"}:  # "UNITA" is an Angolan party
            place = lookup(cluster.name)
            if place is None or not _is_country(place.code) or (
                    cluster.label == "ORG" and place.kind != "institution"):
                continue
            generic = cluster.label == "ORG" and title_sector(cluster.name.casefold())
            (bare if generic else counts)[place.code] += len(cluster.mentions)
    ranked = (counts or bare).most_common(2)  # a bare body counts only when nothing else does
    if len(ranked) == 1 or ranked and ranked[0][1] >= 2 * ranked[1][1] and ranked[0][1] >= 2:
        return ranked[0][0]  # the only country named, or one named twice as often
    return None


def _domestic(entity: Entity, home: str, cluster: Cluster) -> Entity:
    """A country's institution named without its country ("the Supreme Court") belongs to
    the country the article is set in; the id keeps courts of different countries apart."""
    return Entity(id=entity_id("org", f"{' '.join(cluster.tokens)}|{home}"), name=entity.name,
                  kind="org", aliases=entity.aliases, country=home, sector=entity.sector)


def _entity(cluster: Cluster, on: date | None) -> Entity | None:
    if cluster.label == "PERSON":
        return _person(cluster, on)
    if cluster.label in {"GPE", "NORP", "LOC"}:
        return _place(cluster)
    if cluster.label in {"ORG", "FAC"}:
        return _organisation(cluster)
    if cluster.label == "AGENT":
        return _agent(cluster)
    return None


def _agent_entity(name: str, sector: str, country: str | None) -> Entity:
    """One entity per kind of agent and country in the corpus: "police", "police|KEN".
    No aliases: the wordings of "police" are countless, and the row stays as first stored."""
    return Entity(id=entity_id("agent", f"{name}|{sector}|{country or ''}"), name=name,
                  kind="agent", country=country, sector=sector)


def _agent_of(entity: Entity, home: str) -> Entity:
    assert entity.sector is not None
    return _agent_entity(entity.name, entity.sector, home)


def _agent(cluster: Cluster) -> Entity | None:
    first = cluster.mentions[0]
    sector = _vote(m.sector for m in cluster.mentions)
    if sector is None:
        return None
    return _agent_entity(first.title or " ".join(cluster.tokens), sector, first.country)


def _person(cluster: Cluster, on: date | None) -> Entity:
    dated = holders(cluster.name, on) if on else []
    # Offices taken up after the article's date cannot code it.
    found = dated or [o for o in holders(cluster.name, None) if on is None or o.start <= on]
    # The table's spelling names the entity when it is the same plain-letter name.
    name = found[0].name if found and found[0].name.isascii() else cluster.name
    kind_key = " ".join(name_tokens(found[0].name if found else cluster.name))
    text_country = _vote(m.country for m in cluster.mentions)
    text_sector = _vote(m.sector for m in cluster.mentions)
    later = [] if found or on is None else holders(cluster.name, None)
    # Before any office, a listed person is still of their country, with no sector yet.
    table_country = _agreed(o.country for o in found or later)
    table_sector = _table_sector(dated, found, on)
    return Entity(
        id=entity_id("person", kind_key), name=name, kind="person",
        aliases=sorted({m.text for m in cluster.mentions} | {name}),
        country=text_country or table_country, sector=text_sector or table_sector,
        # every term of the person the tables know, whatever the article's date
        roles=[{"country": o.country, "office": o.office, "sector": o.sector,
                "start": str(o.start) if o.start else None,
                "end": str(o.end) if o.end else None}
               for o in (holders((found or later)[0].name) if found or later else [])],
    )


def _table_sector(dated: list[Office], found: list[Office], on: date | None) -> str | None:
    """One sector from the offices: at the article's date a government office outranks a
    party one; after every term, ELI; with no date, the sector the person held longest."""
    if dated:
        sectors = {o.sector for o in dated}
        return "GOV" if "GOV" in sectors else _agreed(sectors)
    if on is not None and found:
        return "ELI"  # every office ended before the article: a former official (CAMEO ELI)
    tenure: Counter[str] = Counter()
    for o in found:
        end = o.end or date.today()
        tenure[o.sector] += (end - o.start).days if o.start else 0
    return tenure.most_common(1)[0][0] if tenure else None


def _place(cluster: Cluster) -> Entity | None:
    text = cluster.name
    place = lookup(text)
    aliases = sorted({m.text for m in cluster.mentions})
    if place is not None and place.kind in {"capital", "city", "region"}:
        return Entity(id=entity_id("place", place.name.casefold()), name=place.name,
                      kind="place", aliases=sorted(set(aliases) | {place.name}),
                      country=place.code)
    if place is not None and place.kind in {"country", "demonym"} and _is_country(place.code):
        return Entity(id=entity_id("country", place.code), name=country_name(place.code),
                      kind="country", aliases=aliases, country=place.code)
    if place is not None and place.kind == "igo":
        return _igo(cluster, place.code)
    if cluster.label == "NORP":
        return None  # "Western", "Muslim": a group, not an actor we can code
    return Entity(id=entity_id("place", " ".join(cluster.tokens)), name=text, kind="place",
                  aliases=sorted({m.text for m in cluster.mentions}), country=world_country(text))


def _organisation(cluster: Cluster) -> Entity:
    place = lookup(cluster.name)
    if place is not None and place.kind == "igo":
        return _igo(cluster, place.code)
    words = cluster.name.split()
    inside = None if place is not None else _known_inside(words)
    if inside is not None and inside.kind == "igo":
        return _igo(cluster, inside.code)
    if inside is None and len(words) > 1 and (code := world_country(cluster.name)):
        return Entity(id=entity_id("place", " ".join(cluster.tokens)), name=cluster.name,
                      kind="place", aliases=sorted({m.text for m in cluster.mentions}),
                      country=code)  # a town the model took for an organisation
    sector = _vote(m.sector_hint for m in cluster.mentions) or (
        inside.sector if inside else None) or _words_sector(words)
    country = _vote(m.country for m in cluster.mentions) or (
        inside.code if inside else None) or _place_in_name(words)
    return Entity(id=entity_id("org", " ".join(cluster.tokens)), name=cluster.name, kind="org",
                  aliases=sorted({m.text for m in cluster.mentions}), country=country,
                  sector=sector)


def _igo(cluster: Cluster, code: str) -> Entity:
    place = lookup(cluster.name)
    body = place.name if place and place.code == code else cluster.name
    sector = place.sector if place and place.code == code else None
    # A body of an IGO (its court, its parliament) is an entity of its own.
    sub_body = sector is not None and body != country_name(code)
    key = f"{code}:{body.casefold()}" if sub_body else code
    return Entity(id=entity_id("igo", key), name=body if sub_body else cluster.name, kind="igo",
                  aliases=sorted({m.text for m in cluster.mentions}), country=code,
                  sector=sector)


def _mention(article: Article, m: RawMention, entity: Entity, cluster: Cluster,
             on: date | None) -> Mention:
    span = Span(article.id, m.start, m.end, m.text)
    country, sector, evidence = m.country, m.sector or m.sector_hint, None
    if country or sector:
        evidence = "text"
    if entity.kind == "person" and not (country and sector):
        country, sector = country or entity.country, sector or entity.sector
        evidence = evidence or ("table" if entity.roles else None)
    elif entity.kind in {"country", "igo", "place", "org", "agent"}:
        country = country or entity.country
        sector = sector or entity.sector
    return Mention(span=span, label=m.label, entity_id=entity.id, title=m.title,
                   country=country, sector=sector, evidence=evidence)


def _sector_after_country(doc: Doc, mentions: list[RawMention]) -> None:
    """"the US embassy", "Russian armed forces", "NATO soldiers", "Indonesia's central
    bank": a country (or IGO) followed by an institution or agent phrase."""
    covered = {i for m in mentions for i in range(m.token_start, m.token_end)}
    for m in mentions:
        if m.label not in {"GPE", "NORP"} and not (
                m.label == "ORG" and (p := lookup(m.text)) is not None and p.kind == "igo"):
            continue
        run: list[str] = []
        for token in doc[m.token_end:m.token_end + INSTITUTION_NOUNS + 3]:
            if not run and (token.text in {"'s", "’s", "-", "–"} or token.lower_ in LINKED):
                continue  # "India's foreign minister", "a Somalia-based group"
            if token.i in covered or not (token.pos_ in {"NOUN", "PROPN", "ADJ"}
                                          or token.tag_ in {"VBN", "VBG"}):
                break  # "Burkina Faso's displaced", "the ruling junta"
            run.append(token.text)
        for end in range(len(run), 0, -1):
            info = phrase_title(run[:end])
            if info is not None:
                m.sector, m.title = info.sector, f"{m.text} {' '.join(run[:end])}"
                break


def _owner_before(doc: Doc, mentions: list[RawMention]) -> None:
    """"Britain's Defense Ministry", "the University of St Andrews in Scotland": the
    possessive country, or the place the organisation is in, is its country."""
    by_end = {m.token_end: m for m in mentions if m.label in {"GPE", "NORP"}}
    by_start = {m.token_start: m for m in mentions if m.label == "GPE"}
    for m in mentions:
        if m.label != "ORG" or m.country or lookup(m.text) is not None:
            continue
        owner = by_end.get(m.token_start - 1) if m.token_start >= 2 and doc[
            m.token_start - 1].text in {"'s", "’s"} else None
        if owner is None and m.token_end + 1 < len(doc) and doc[m.token_end].lower_ == "in":
            owner = by_start.get(m.token_end + 1)  # "the University of St Andrews in Scotland"
        code = country_of(owner.text) if owner else None
        if code and _is_country(code):
            m.country = code


def _capital_subjects(doc: Doc, mentions: list[RawMention]) -> None:
    """A capital as the subject ("Ankara said", "NAIROBI rejected") or the owner of an act
    ("Tehran's crackdown", "Moscow's invasion") is its government."""
    for m in mentions:
        if m.label != "GPE" or m.sector:
            continue
        place = lookup(m.text)
        root = doc[m.token_start:m.token_end].root
        if place is None or place.kind != "capital":
            continue
        if root.dep_ in {"nsubj", "nsubjpass"} and root.head.pos_ in {"VERB", "AUX"} or \
                root.dep_ == "poss" and root.head.pos_ == "NOUN":
            m.sector = "GOV"


def _words_sector(words: list[str]) -> str | None:
    """The head noun of an English name comes last: the listed phrase nearest the end
    ("Santa Marta Self Defense Forces": self-defence forces, not forces)."""
    for end in range(len(words), 0, -1):
        info = phrase_title(words[:end])
        if info is not None:
            return info.sector
    return None


def _known_inside(words: list[str]) -> Place | None:
    """The longest known institution or IGO that a longer name starts with ("Shin Bet
    Security Service", "Northern Fleet's Arctic Group")."""
    for size in range(len(words) - 1, 0, -1):  # at the start: "Santa Marta Self Defense
        place = lookup(" ".join(words[:size]))  # Forces" is not Japan's Self-Defense Forces
        if place is not None and place.kind in {"institution", "igo"}:
            return place
    return None


def _place_in_name(words: list[str]) -> str | None:
    """A country, region or city inside a name: "Lagos State government", "Bombay High
    Court", "Oxford University", "University of Kent". Any known place of the gazetteer
    anywhere in the name; a town of the world only before the institution's head word or
    after "of"/"in" ("Fleet" and "Bank" are towns too). Title words are never the place."""
    for size in range(min(len(words), 4), 0, -1):
        for start in range(len(words) - size + 1):
            part = words[start:start + size]
            if not _placelike(part):
                continue
            place = lookup(" ".join(part))
            if place is not None and place.kind in PLACE_KINDS | {"demonym"} \
                    and _is_country(place.code):
                return place.code
    for size in range(min(len(words), 4), 1, -1):  # a place of two words or more, anywhere
        for start in range(len(words) - size + 1):
            if _placelike(words[start:start + size]) and (
                    code := world_country(" ".join(words[start:start + size]))):
                return code
    heads = [i for i, w in enumerate(words) if title_sector(w.casefold())]
    for end in range(min(len(words) - 1, 4), 0, -1):  # before the head: "Karachi police"
        if heads and heads[-1] >= end and _placelike(words[:end]) and (
                code := world_country(" ".join(words[:end]))):
            return code
    for i, word in enumerate(words[:-1]):  # after "of": "University of St Andrews"
        if word.casefold() in {"of", "in"} and _placelike(words[i + 1:]) and (
                code := world_country(" ".join(words[i + 1:]))):
            return code
    return None


def _placelike(part: list[str]) -> bool:
    return bool(part) and part[0][:1].isupper() and not any(
        title_sector(w.casefold()) or w.casefold() in STOP_WORDS for w in part)


def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None or code == "XKX"


def _vote(values: object) -> str | None:
    counts = Counter(v for v in values if v)  # type: ignore[attr-defined]
    return counts.most_common(1)[0][0] if counts else None


def _agreed(values: object) -> str | None:
    distinct = {v for v in values if v}  # type: ignore[attr-defined]
    return distinct.pop() if len(distinct) == 1 else None


__all__ = ["Linked", "entity_id", "is_demonym", "link"]
