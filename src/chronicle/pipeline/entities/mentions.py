"""Mentions: spaCy's entities, repaired where the small model is known to slip, with titles.

Repairs are rules over shape and context, never names: a calendar word tagged PERSON is
a date; a name followed by "newspaper" is a media organisation; a capitalised word between
a title and a person ("President Do Minh Tuan") belongs to the name; a run of capitalised words
right after a title is a person even when the model missed it, and "Ambassador to <country>"
splits a country the model ran into the name; a single word that repeats a token of a person
already named in the article is that person, tagged or not; a country alias is a place
whatever label the model gave it.

Titles are read before the name (several words: "Deputy Foreign Minister", "Secretary of
State"; with the country from an adjective or possessive), before a comma when the name is
an appositive ("Norway's foreign minister, Ingrid Dahl,") or in an appositive after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from chronicle.pipeline.entities.gazetteer import (
    Place,
    country_code,
    is_demonym,
    lookup,
    near_institution,
    normalize,
)
from chronicle.pipeline.entities.offices import holders, title_info, title_sector

LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
CALENDAR = re.compile(
    r"^(mon|tues|wednes|thurs|fri|satur|sun)day$|^(january|february|march|april|may|june|july|"
    r"august|september|october|november|december)$", re.I)
MEDIA_NOUNS = {"newspaper", "daily", "agency", "magazine", "broadcaster", "tv", "television",
               "radio", "weekly", "outlet", "channel"}
LABEL_OF_KIND = {"country": "GPE", "region": "GPE", "capital": "GPE", "city": "GPE",
                 "demonym": "NORP", "institution": "ORG", "igo": "ORG"}
PLACE_PREPOSITIONS = {"to", "from", "in", "into", "near", "toward", "towards", "outside"}
PARTY_WORDS = {"party", "communist", "ruling", "workers"}


@dataclass(slots=True)
class RawMention:
    start: int  # character offsets in the article text
    end: int
    text: str
    label: str
    sent: int  # index of the sentence holding it
    token_start: int
    token_end: int
    title: str | None = None  # "President", "Ambassador to Russia", "general secretary"
    country: str | None = None  # from an adjective, possessive or "of <country>" in the title
    sector: str | None = None  # from the title
    sector_hint: str | None = None  # e.g. MED for "X newspaper"


def extract(doc: Doc) -> list[RawMention]:
    """Mentions of people, organisations and places in ``doc``, repaired and with titles."""
    spans = [s for s in doc.ents if s.label_ in LABELS]
    spans = _split_compounds([_trim(s) for s in spans if s is not None])
    spans = _datelines(doc, spans)
    spans = [s for s in spans if s is not None and not CALENDAR.match(s.text)]
    spans = _extend_names(doc, spans)
    spans = _join_listed_prefix(spans)
    spans = _add_title_led_names(doc, spans)
    spans = _add_gazetteer_places(doc, spans)
    spans = _add_name_repeats(doc, spans)
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    mentions = [_mention(doc, s, sent_index) for s in sorted(spans, key=lambda s: s.start)]
    _relabel_name_tokens(mentions)
    return mentions


def _trim(span: SpacySpan) -> SpacySpan | None:
    """Drop a leading "the" (or "a"), a trailing possessive or dangling hyphen."""
    start, end = span.start, span.end
    doc = span.doc
    if doc[start].lower_ in {"the", "a", "an"} and end - start > 1:
        start += 1
    while end - 1 > start and doc[end - 1].text in {"'s", "’s", "'", "’", "-", "–"}:
        end -= 1
    return SpacySpan(doc, start, end, label=span.label_) if end > start else None


def _join_listed_prefix(spans: list[SpacySpan]) -> list[SpacySpan]:
    """"Pakistani" + "Taliban": a nationality and a name that the tables list together
    ("Pakistani Taliban" is TTP, not the Afghan Taliban) are one organisation."""
    out: list[SpacySpan] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.end == span.start and prev.label_ in {"NORP", "GPE"} and \
                span.label_ == "ORG":
            joined = SpacySpan(span.doc, prev.start, span.end, label="ORG")
            place = lookup(joined.text)
            if place is not None and place.kind == "institution":
                out[-1] = joined
                continue
        out.append(span)
    return out


def _split_compounds(spans: list[SpacySpan | None]) -> list[SpacySpan]:
    """"Chile-Peru" as one GPE becomes two, when both sides are countries."""
    out: list[SpacySpan] = []
    for span in spans:
        if span is None:
            continue
        dashes = [t.i for t in span if t.text in {"-", "–"}]
        if span.label_ == "GPE" and len(dashes) == 1:
            cut = dashes[0]
            left = SpacySpan(span.doc, span.start, cut, label="GPE")
            right = SpacySpan(span.doc, cut + 1, span.end, label="GPE")
            if len(left) and len(right) and country_code(left.text) and country_code(right.text):
                out.extend([left, right])
                continue
        out.append(span)
    return out


DASHES = {"-", "–", "—"}


_DATELINE_DATE = re.compile(
    r"^(?:\d{1,4}|[,.]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)$", re.I)


def _dateline(doc: Doc, sent_start: int) -> tuple[int, int] | None:
    """The capitalised place a sentence opens with before a spaced dash, alone, with its
    date or with a bracketed agency ("KUALA LUMPUR - ", "NAIROBI (Reuters) - ", "LIMA,
    March 3, 2024 (Andes Wire) - "), as a token range. A hyphen without spaces ("US-China
    talks") is a compound, not a dateline."""
    end = sent_start
    while end < len(doc) and doc[end].is_alpha and doc[end].is_upper and end - sent_start < 5:
        end += 1
    if end == sent_start or end >= len(doc) or max(len(t) for t in doc[sent_start:end]) < 3:
        return None
    after = end
    if doc[end].text == ",":  # ", 5 March 2024" / ", March 5, 2024": a date, nothing else
        dated = end + 1
        while dated < min(len(doc), end + 7) and _DATELINE_DATE.match(doc[dated].text):
            dated += 1
        if any(t.like_num for t in doc[end + 1:dated]):
            after = dated
    if after < len(doc) and doc[after].text == "(":
        close = next((t.i for t in doc[after:after + 6] if t.text == ")"), None)
        after = close + 1 if close is not None else after
    if (after < len(doc) and doc[after].text in DASHES and doc[after - 1].whitespace_
            and doc[after].whitespace_):
        return sent_start, end
    return None


def _datelines(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """A dateline is a place of its own: the model runs it into the next name ("KUALA
    LUMPUR - Malaysia" as one ORG) or cuts it ("KUALA" as an ORG). The dateline becomes a
    GPE; an entity running across its dash keeps only the part after it, labelled as the
    gazetteer reads it when it can."""
    lines = [r for s in doc.sents if (r := _dateline(doc, s.start)) is not None]
    if not lines:
        return spans
    out: list[SpacySpan] = []
    for span in spans:
        line = next((r for r in lines if span.start < r[1] + 1 and span.end > r[0]), None)
        if line is None:
            out.append(span)
            continue
        rest = line[1] + 1  # after the dash (a bracket's content stays its own entity)
        if doc[line[1]].text in DASHES and span.end > rest:
            right = doc[rest:span.end]
            place = lookup(right.text)
            label = LABEL_OF_KIND.get(place.kind, span.label_) if place else span.label_
            out.append(SpacySpan(doc, rest, span.end, label=label))
        elif span.start >= line[1]:
            out.append(span)  # "(Reuters)": after the place, not part of it
    for start, end in lines:
        out.append(SpacySpan(doc, start, end, label="GPE"))
    return sorted(out, key=lambda s: s.start)


def _is_title_word(token: Token) -> bool:
    return title_sector(token.lower_) is not None or token.lower_ in PARTY_WORDS


def _extend_names(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """Pull a capitalised, non-title word just before a PERSON into the name.

    Mid-sentence, a capitalised function word ("To", "Le", "Do") before a name is part of
    the name (family names that look like English words), not the word itself.
    """
    covered = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for span in spans:
        start = span.start
        while span.label_ == "PERSON" and start > 0:
            prev = doc[start - 1]
            if (prev.is_title and not prev.is_sent_start and prev.i not in covered
                    and not _is_title_word(prev) and not is_demonym(prev.text)
                    and not country_code(prev.text) and start - 2 >= 0
                    and (_is_title_word(doc[start - 2])
                         or _skip_destination(doc, start - 2) != start - 2)):
                start -= 1
            else:
                break
        end = span.end
        while span.label_ == "PERSON" and end < len(doc) and end - start < 4 and _name_word(
                doc[end], covered):
            end += 1  # "President Marcos Tavares": the model stopped after "Marcos"
        out.append(SpacySpan(doc, start, end, label=span.label_)
                   if (start, end) != (span.start, span.end) else span)
    return out


def _name_word(token: Token, covered: set[int]) -> bool:
    """A capitalised word that can continue a name: untagged, no title, stop word or place."""
    return (token.is_title and token.is_alpha and token.i not in covered
            and not token.is_stop and not _is_title_word(token)
            and not is_demonym(token.text) and lookup(token.text) is None)


def _add_title_led_names(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """A run of capitalised words right after a title is a person ("Ambassador X Y Z")."""
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    added: list[SpacySpan] = []
    i = 0
    while i < len(doc):
        if not _is_title_word(doc[i]) or not doc[i].is_title:
            i += 1
            continue
        j, country = i + 1, None
        if j + 1 < len(doc) and doc[j].lower_ == "to" and j + 1 in by_token:
            dest = by_token[j + 1]  # "Ambassador to <country>"
            j = _destination_end(dest, j + 1)
            if j < dest.end:  # the model ran the country into the name
                country = SpacySpan(doc, i + 2, j, label="GPE")
        k = j
        while (k < len(doc) and doc[k].is_title and not _is_title_word(doc[k])
               and (k not in by_token or by_token[k].label_ != "PERSON")
               and not country_code(doc[k].text)
               and not (doc[k].is_stop and k > j)):  # "Minister Arrives In ...": a headline
            k += 1
        if 2 <= k - j <= 4 and (lookup(doc[j:k].text) is None or all(
                t.i not in by_token or by_token[t.i].label_ != "GPE" for t in doc[j:k])):
            added.extend(x for x in (country, SpacySpan(doc, j, k, label="PERSON")) if x)
            i = k
        else:
            i += 1
    if not added:
        return spans
    taken = {i for s in added for i in range(s.start, s.end)}
    return [s for s in spans if not taken & set(range(s.start, s.end))] + added


def _destination_end(span: SpacySpan, start: int) -> int:
    """End of the country in "to <country>": the model may tag "Japan Aiko Mori" as one ORG."""
    for end in range(span.end - 1, start, -1):
        if country_code(span.doc[start:end].text):
            return end
    return span.end


def _add_gazetteer_places(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """Capitalised words the model left untagged that name a country, region or city, up
    to four words ("Republic of China", "Somaliland", "TEHRAN"), the longest first. A name
    of several words may hold one the model tagged ("China" in "Republic of China")."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    # "TEHRAN said": a shouted word of four letters or more counts as capitalised
    flags = doc.to_array(["IS_TITLE", "IS_UPPER", "LENGTH", "LOWER"]).tolist()
    caps = [bool(title or (upper and length >= 4)) for title, upper, length, _ in flags]
    joins = {doc.vocab.strings[w] for w in JOINS}
    lower = [JOIN_WORD if low in joins else "" for *_, low in flags]
    added: list[SpacySpan] = []
    i, n = 0, len(doc)
    while i < n:
        size = _place_at(doc, i, caps, lower, covered) if caps[i] and lower[i] not in JOINS \
            else 0
        if size:
            place = lookup(doc[i:i + size].text)
            assert place is not None
            added.append(SpacySpan(doc, i, i + size, label=LABEL_OF_KIND[place.kind]))
        i += size or 1
    taken = {i for s in added for i in range(s.start, s.end)}
    kept = [s for s in spans if not taken & set(range(s.start, s.end)) or _outside(s, added)]
    return kept + added


JOINS = frozenset({"of", "the", "and"})
JOIN_WORD = "of"  # what ``lower`` holds for any of JOINS (only membership matters)


def _place_at(doc: Doc, i: int, caps: list[bool], lower: list[str], covered: set[int]) -> int:
    """How many words from ``i`` name a known place (0: none)."""
    for size in (4, 3, 2, 1):
        end = i + size
        if end > len(doc) or not caps[end - 1] or lower[end - 1] in JOINS:
            continue
        if not all(caps[k] or lower[k] in JOINS for k in range(i + 1, end - 1)):
            continue
        if (size == 1 or i in covered) and any(k in covered for k in range(i, end)):
            continue
        if size == 1 and doc[i].is_sent_start and doc[i].is_stop:
            continue
        place = lookup(doc[i:end].text)
        if place and place.kind in LABEL_OF_KIND and _plain_reading(place, size):
            return size
    return 0


def _outside(span: SpacySpan, added: list[SpacySpan]) -> bool:
    """A tagged name is replaced only by a longer place that holds it whole."""
    return not any(a.start <= span.start and span.end <= a.end for a in added)


def _plain_reading(place: Place, size: int) -> bool:
    """A single word is read only without doubt (a disputed region is no doubt); a name of
    several words is read unless it is also a person's name."""
    flag = place.ambiguous or ""
    if size > 1:
        return "person-name" not in flag
    return not flag or all(part.startswith("disputed") for part in flag.split(";"))


def _add_name_repeats(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """An untagged word that repeats the first or last word of a named person ("Quispe said")."""
    names = {w for s in spans if s.label_ == "PERSON" and len(s) > 1
             for w in (s[0].text, s[-1].text)}
    covered = {i for s in spans for i in range(s.start, s.end)}
    added = [SpacySpan(doc, t.i, t.i + 1, label="PERSON") for t in doc
             if t.text in names and t.i not in covered and t.is_title and not t.is_stop
             and not _is_title_word(t)]
    return spans + added


def _mention(doc: Doc, span: SpacySpan, sent_index: dict[int, int]) -> RawMention:
    text = span.text
    place = lookup(text)
    if place is None and (span.label_ == "ORG" and len(span) >= 2
                          or span.label_ == "PERSON" and len(span) >= 3):
        place = near_institution(text)  # a spelling variant of a known organisation
    label = _label(span.label_, place)
    if label == "PERSON" and place is not None and place.kind in {"capital", "city"} \
            and span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS:
        label = "GPE"  # "travelled to Vilnius": a person is rarely a destination
    sent = sent_index.get(span.sent.start, 0)
    mention = RawMention(span.start_char, span.end_char, text, label, sent, span.start, span.end)
    if place is not None and place.kind == "institution":
        mention.country, mention.sector_hint = place.code, place.sector
    nxt = doc[span.end] if span.end < len(doc) else None
    named_outlet = (label in {"PERSON", "ORG", "FAC"} and nxt is not None
                    and nxt.lower_ in MEDIA_NOUNS)
    if named_outlet or _is_dateline_agency(doc, span):
        mention.label, mention.sector_hint = "ORG", "MED"
    if mention.label == "ORG" and _org_is_person(doc, span, place):
        mention.label = "PERSON"
    if mention.label == "PERSON":
        _attach_title(doc, span, mention)
    return mention


def _is_dateline_agency(doc: Doc, span: SpacySpan) -> bool:
    """The bracketed name of a dateline is the outlet or agency that filed the report:
    "NAIROBI, May 2, 2024 (Lakeside Wire) - ", not an actor in it."""
    before, after = span.start - 1, span.end
    return (before > span.sent.start and after + 1 < len(doc) and doc[before].text == "("
            and doc[after].text == ")" and doc[after + 1].text in DASHES
            and _dateline(doc, span.sent.start) is not None)


def _org_is_person(doc: Doc, span: SpacySpan, place: Place | None) -> bool:
    """An ORG that is a known office holder's name, or a plain name right after a title
    ("Foreign Minister Naledi Pandor"), is a person the model mislabelled."""
    if place is not None or not 1 <= len(span) <= 4 or not all(t.is_title for t in span):
        return False
    if len(span) == 1:  # "Museveni": a surname only one listed office holder has
        return len({o.name for o in holders(span.text)}) == 1
    if any(_is_title_word(t) or t.lower_ in PARTY_WORDS for t in span):
        return False
    if holders(span.text):
        return True
    return span.start > 0 and _is_title_word(doc[span.start - 1]) and doc[span.start - 1].is_title


def _label(model_label: str, place: Place | None) -> str:
    """The gazetteer overrules the model for names it knows (a country is never a PERSON)."""
    if place is None or place.kind not in LABEL_OF_KIND:
        return model_label
    if model_label == "PERSON" and place.kind in {"capital", "city"}:
        return model_label  # people are named after cities; trust the model here
    return LABEL_OF_KIND[place.kind]


def _attach_title(doc: Doc, span: SpacySpan, mention: RawMention) -> None:
    """Read the title and its country before the name, or in an appositive after it."""
    end = span.start
    if end >= 2 and doc[end - 1].text == "," and span.root.dep_ == "appos":
        end -= 1  # "Norway's foreign minister, Ingrid Dahl,": the title precedes the comma
    i = _skip_destination(doc, end - 1)
    words: list[Token] = list(doc[i + 1:end]) if i < end - 1 else []
    head = _title_start(doc, i)  # "Secretary of State": "of" and "State" are no title words
    words, i = list(doc[head:i + 1]) + words, head - 1
    while i >= 0 and (_is_title_word(doc[i]) or doc[i].lower_ == "state" and words
                      or _extends_title(doc[i], words)):
        words.insert(0, doc[i])
        i -= 1
    if words:
        mention.title = " ".join(t.text for t in words)
        mention.sector = _sector(words)
        mention.country = _country_before(doc, i) or _country_before(doc, _past_modifiers(doc, i))
        if _former_before(doc, i):  # "former Japanese Prime Minister X": an ex-official
            mention.sector, mention.title = "ELI", f"former {mention.title}"
    appos = [c for c in span.root.children if c.dep_ == "appos"]
    if appos and not mention.title:
        sub = list(appos[0].subtree)
        titled = [t for t in sub if _is_title_word(t)]
        if titled:
            mention.title = " ".join(t.text for t in sub if not t.is_punct)
            mention.sector = _sector(titled)
            mention.country = _country_in(sub)


def _former_before(doc: Doc, i: int) -> bool:
    """"former" (or "ex-") just before the nationality or possessive that precedes a title."""
    for j in range(i, max(-1, i - 5), -1):
        if doc[j].lower_ in {"former", "ex", "ex-", "late"}:
            return True
        if not (doc[j].is_title or doc[j].is_space or doc[j].text in {"'s", "’s", "-"}):
            return False  # a line break inside "Former\npresident" is no boundary
    return False


def _past_modifiers(doc: Doc, i: int) -> int:
    """"Nigerian junior foreign minister": up to two lower-case adjectives between the
    nationality and the title say what kind of minister, not whose."""
    j = i
    while j >= 0 and i - j < 2 and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j -= 1
    return j if j < i else -1


def _title_start(doc: Doc, i: int) -> int:
    """Start of the longest listed title of several words ending at ``i``, else ``i + 1``."""
    for size in (4, 3, 2):
        window = doc[max(0, i - size + 1):i + 1]
        words = [t for t in window if t.is_alpha]
        if len(window) < size or not window[0].is_alpha or any(
                not t.is_alpha and t.text not in {"-", "–"} for t in window):
            continue
        info = title_info(window.text)
        if info is not None and info.title.split() == [normalize(t.text) for t in words]:
            return window.start
    return i + 1


def _extends_title(token: Token, words: list[Token]) -> bool:
    """"Prime", "Foreign", "Former" before a title change what it reads as; "Kenyan" does not."""
    if not words or token.is_punct or token.ent_type_ in {"GPE", "NORP"}:
        return False
    phrase = " ".join(t.lower_ for t in words)
    return title_info(f"{token.lower_} {phrase}") != title_info(phrase)


def _skip_destination(doc: Doc, i: int) -> int:
    """Step over "to <country>" in "Ambassador to Russia X": the country is not the actor's."""
    j = i
    while j >= 0 and (doc[j].ent_type_ in {"GPE", "NORP"} or country_code(doc[j].text)):
        j -= 1
    if j < i and j >= 1 and doc[j].lower_ == "to" and _is_title_word(doc[j - 1]):
        return j - 1
    return i


def _sector(words: list[Token]) -> str | None:
    if any(t.lower_ in PARTY_WORDS for t in words):
        return "PTY"
    lowered = [t.lower_ for t in words if t.lower_ not in {"to", "of"}]
    for size in range(len(lowered), 0, -1):  # longest title phrase first
        for start in range(len(lowered) - size + 1):
            sector = title_sector(" ".join(lowered[start:start + size]))
            if sector:
                return sector
    return None


def _country_before(doc: Doc, i: int) -> str | None:
    """An adjective ("Russian") or possessive ("Vietnam's") just before the title."""
    if i < 0:
        return None
    if doc[i].text in {"'s", "’s"} and i > 0:
        j = i - 1
        while j > 0 and doc[j - 1].is_title and not doc[j - 1].is_sent_start:
            j -= 1
        return country_code(doc[j:i].text) or country_code(doc[i - 1].text)
    if is_demonym(doc[i].text):
        words = doc[max(0, i - 1):i + 1].text  # "North Korean"
        return country_code(words) or country_code(doc[i].text)
    if doc[i].ent_type_ not in {"GPE", "NORP", "ORG"}:  # ORG: "UN", "Kremlin" spokesman
        return None
    start = i  # the entity's first token: "South African" (not doc.ents: all of them, per call)
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return country_code(doc[start:i + 1].text) or country_code(doc[i].text)


def _country_in(tokens: list[Token]) -> str | None:
    """The first country named inside an appositive ("the president of Kenya")."""
    for n in (3, 2, 1):
        for k in range(len(tokens) - n + 1):
            window = tokens[k:k + n]
            if all(t.is_title or t.is_upper for t in window):
                code = country_code(" ".join(t.text for t in window))
                if code:
                    return code
    return None


def _relabel_name_tokens(mentions: list[RawMention]) -> None:
    """A lone word equal to a token of a named person is that person ("Mensah said")."""
    name_tokens = {tok for m in mentions if m.label == "PERSON" and " " in m.text
                   for tok in m.text.split()}
    for m in mentions:
        if m.label in {"ORG", "FAC", "GPE"} and " " not in m.text and m.text in name_tokens \
                and not country_code(m.text):
            m.label = "PERSON"
