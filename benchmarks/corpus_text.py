"""Story text for ``make_corpus.py``: pools, story slots, example paragraphs recast, articles.

A story is a happening between two countries on one date. Its paragraphs come from our own
templates (``corpus_data.toml``) or from the example corpus (``examples/corpus``, read with
chronicle's own readers and cleaner) with the countries, people, months and years swapped
for the story's, so many stories can grow out of one example article. Articles of a story
recombine the story's paragraphs and jitter some numbers, the way outlets rewrite one wire.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples" / "corpus"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NAME = re.compile(r"(?<![\w-])(?<![A-Z][a-z] )([A-Z][a-z]+) ([A-Z][a-z]+)(?! [A-Z])(?![\w-])")
_NOT_NAME_WORDS = """
    The A An In On At Of For And But By From With To As After Before Under Its Their His
    Her President Prime Minister Foreign Finance Trade Water Resources Defence Energy
    Health Interior Minister Ministers Secretary Commission Commissioner Council Union Bank
    Fund Centre Center Bridge River Barrage Summit Forum Declaration Treaty Agreement
    University Airport Party Group Company Corporation Institute Parliament Assembly Court
    Street Square Palace House Sea Ocean Gulf Office Service Services Ministry Chamber
    National International Convention Revolutionary Guard Corps North South East West New
    Affairs Development High Representative African European Union United Nations States
    Kingdom Islamic Republic Economic Joint Rivers Security Climate Bloc Chief Executive
    General Director Chair Wire Today Times Post News Daily Arab Emirates Sao Minas
"""
_NOT_NAME = frozenset(_NOT_NAME_WORDS.split()) | frozenset(MONTHS) | frozenset(WEEKDAYS)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-3]\d)\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_PROPER = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]{3,})\b")
_OPENING = re.compile(r"(^|\s-\s)([a-z])")


@dataclass(slots=True)
class Pools:
    countries: list[list[str]]
    weights: list[float]
    data: dict
    examples: list[ExampleGroup]


@dataclass(slots=True)
class ExampleGroup:
    """Example articles about one pair of countries: titles and body paragraphs."""

    countries: list[list[str]]  # [name, demonym, capital] as the pool spells them
    names: list[str]  # person names found in the text ("Firstname Lastname")
    proper: list[str] = field(default_factory=list)  # other capitalised words mid-sentence
    titles: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    index: int
    day: date
    slots: dict[str, str]
    headlines: list[str]
    leads: list[str]
    body: list[str]  # rendered paragraphs the articles recombine
    templates: list[str]  # unrendered ones, re-rendered with jittered numbers
    size: int  # articles it will have
    emitted: int = 0
    style: Callable[[str], str] = str  # the story's word choices


@cache
def pools() -> Pools:
    data = tomllib.loads((HERE / "corpus_data.toml").read_text(encoding="utf-8"))
    countries = data["countries"]
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(countries))]  # Zipf-like
    return Pools(countries, weights, data, _example_groups(countries))


def _example_groups(countries: list[list[str]]) -> list[ExampleGroup]:
    """Kept English example articles, grouped by the two countries they name most."""
    from chronicle.config import Config
    from chronicle.pipeline.clean import clean
    from chronicle.pipeline.context import RunContext
    from chronicle.pipeline.ingest import discover, identify_language, read, to_article

    ctx = RunContext(config=Config())
    groups: dict[tuple[str, ...], ExampleGroup] = {}
    for path in discover([str(EXAMPLES)]):
        for doc in read(path, ctx) if isinstance(path, Path) else ():
            if not hasattr(doc, "text"):
                continue
            article = to_article(doc)
            clean(article, ctx)
            if identify_language(article.text, ctx)[0] != "en" or article.status != "kept":
                continue
            found = _countries_in(article.text, countries)
            if len(found) < 2:
                continue
            key = tuple(sorted(c[0] for c in found[:2]))
            group = groups.setdefault(key, ExampleGroup(found[:2], []))
            group.titles.append(article.title or "")
            group.paragraphs.extend(p for p in article.paragraphs if len(p.split()) >= 12)
    for group in groups.values():
        group.paragraphs = list(dict.fromkeys(group.paragraphs))
        names = Counter(m.group(0) for p in group.paragraphs for m in _NAME.finditer(p)
                        if not {m.group(1), m.group(2)} & _NOT_NAME)
        group.names = [n for n, _ in names.most_common(12)]
        known = _NOT_NAME | {w for c in countries for part in c for w in part.split()} \
            | {w for n in group.names for w in n.split()}
        group.proper = sorted({m.group(1) for p in group.paragraphs
                               for m in _PROPER.finditer(p)} - known)
    return [g for _, g in sorted(groups.items())]


def _countries_in(text: str, countries: list[list[str]]) -> list[list[str]]:
    counts = Counter()
    for country in countries:
        bare = country[0].removeprefix("the ")
        counts[bare] = text.count(bare) + text.count(country[1])
    by_name = {c[0].removeprefix("the "): c for c in countries}
    return [by_name[name] for name, n in counts.most_common() if n > 0]


def person(rng: random.Random) -> tuple[str, str]:
    data = pools().data
    last = rng.choice(data["surnames"])
    return f"{rng.choice(data['first_names'])} {last}", last


def _numbers(rng: random.Random) -> dict[str, str]:
    return {"n": str(rng.randint(3, 15)), "n2": str(rng.randint(2, 6)),
            "num": str(rng.choice([1.2, 2.5, 4, 7.5, 11, 18, 25, 40, 120, 300, 850])),
            "pct": str(rng.randint(8, 62)), "troops": f"{rng.randint(2, 40) * 500:,}",
            "dead": str(rng.randint(2, 60))}


def story_slots(rng: random.Random, day: date) -> dict[str, str]:
    p = pools()
    a, b, rival = _distinct(rng, p.countries, p.weights, 3)
    data = p.data
    slots = {"A": a[0], "Adem": a[1], "Acap": a[2], "B": b[0], "Bdem": b[1], "Bcap": b[2],
             "rival": rival[0], "rivalcap": rival[2], "org": rng.choice(data["orgs"]),
             "think": rng.choice(data["think_tanks"]), "field": rng.choice(data["fields"])}
    for role in ("leaderA", "leaderB", "minA", "minB", "spokes", "expert"):
        slots[role], slots[role + "_last"] = person(rng)
    slots["titleA"], slots["titleB"] = (rng.choice(data["leader_titles"]) for _ in range(2))
    slots["minA_title"], slots["minB_title"] = rng.sample(data["minister_titles"], 2)
    slots["city"] = rng.choice([a[2], b[2]])
    slots["CITY"] = slots["city"].upper()
    slots |= _invented(rng)
    month = MONTHS[(day.month + rng.randint(0, 2)) % 12]
    slots |= {"weekday": WEEKDAYS[day.weekday()], "day": f"{day.day} {MONTHS[day.month - 1]}",
              "month": month, "year": str(day.year - rng.randint(2, 12))}
    return slots | _numbers(rng)


def invented_word(rng: random.Random) -> str:
    syllables = pools().data["syllables"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()


def _invented(rng: random.Random) -> dict[str, str]:
    """Names only this story uses: a project, a region, a town, a company."""
    data = pools().data
    return {"project": f"the {invented_word(rng)} {rng.choice(data['projects'])}",
            "region": f"the {invented_word(rng)} region", "town": invented_word(rng),
            "company": f"{invented_word(rng)} {rng.choice(['Holdings', 'Group', 'Energy'])}"}


def _distinct(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    out: list = []
    while len(out) < k:
        item = rng.choices(items, weights)[0]
        if item not in out:
            out.append(item)
    return out


def open_story(rng: random.Random, index: int, day: date, size: int) -> Story:
    """A new story: its slots, then paragraphs from a topic or from an example group."""
    p = pools()
    slots = story_slots(rng, day)
    generic = rng.sample(p.data["generic"], 3)
    details = [render(t, slots) for t in rng.sample(p.data["details"], 4)]
    if p.examples and rng.random() < 0.15:
        group = rng.choice(p.examples)
        recast = _recaster(group, slots, rng)
        picked = rng.sample(group.paragraphs, min(len(group.paragraphs), 9))
        paragraphs = [recast(t) for t in picked]
        heads = [recast(t) for t in group.titles if t] or [paragraphs[0][:80]]
        leads, own = paragraphs[:2], paragraphs[2:]
        templates = generic
    else:
        topic = rng.choice(p.data["topics"])
        heads = [render(h, slots) for h in topic["headlines"]]
        leads = [render(t, slots) for t in topic["leads"]]
        chosen = rng.sample(topic["body"], min(len(topic["body"]), 5))
        own, templates = [render(t, slots) for t in chosen], chosen + generic
    body = own + [render(t, slots) for t in generic] + details[2:]
    leads = [f"{lead} {details[0]}" for lead in leads]
    i = rng.randrange(len(body))  # story-only words woven into a shared paragraph too
    body[i] = f"{body[i]} {details[1]}"
    style = _house_style(rng)
    heads, leads, body = ([style(t) for t in texts] for texts in (heads, leads, body))
    return Story(index, day, slots, heads, leads, body, templates, size, style=style)


@cache
def _synonym_pattern() -> re.Pattern[str]:
    words = [w for group in pools().data["synonyms"] for w in group]
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
                      + r")\b")


def _house_style(rng: random.Random) -> Callable[[str], str]:
    """The story's word choices: each synonym group maps to one member, drawn per story."""
    choice = {}
    for group in pools().data["synonyms"]:
        pick = rng.choice(group)
        choice |= dict.fromkeys(group, pick)
    pattern = _synonym_pattern()
    return lambda text: pattern.sub(lambda m: choice[m.group(1)], text)


def _recaster(group: ExampleGroup, slots: dict[str, str], rng: random.Random):
    """Swap an example group's countries, people, months and years for the story's."""
    swap: dict[str, str] = {}
    for (name, dem, cap), side in zip(group.countries, "AB", strict=False):
        swap |= {name.removeprefix("the "): slots[side].removeprefix("the "),
                 dem: slots[side + "dem"], cap: slots[side + "cap"]}
    for name in group.names:
        new, new_last = person(rng)
        swap[name] = new
        swap.setdefault(name.split()[-1], new_last)
    for word in group.proper:  # rivers, dams, groups: this story's own names
        swap.setdefault(word, invented_word(rng))
    shift = rng.randint(0, 11)
    swap |= {m: MONTHS[(i + shift) % 12] for i, m in enumerate(MONTHS)}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, swap), key=len, reverse=True))
                         + r")\b")
    year = int(slots["year"]) + rng.randint(2, 10)

    def recast(text: str) -> str:
        text = pattern.sub(lambda m: swap[m.group(1)], text)
        return _YEAR.sub(lambda m: str(year - max(0, 2025 - int(m.group()))), text)
    return recast


def render(template: str, slots: dict[str, str]) -> str:
    # "{org} said" and "CITY - {A} said" must not open a sentence with "the United Nations"
    return _OPENING.sub(lambda m: m.group(1) + m.group(2).upper(), template.format_map(slots))


def jitter(template: str, story: Story, rng: random.Random) -> str:
    """One paragraph told with other numbers: outlets disagree on counts and sums."""
    return story.style(render(template, story.slots | _numbers(rng)))


def perturb_numbers(text: str, rng: random.Random) -> str:
    """Change one number of an example-derived paragraph by a small amount."""
    found = list(_NUMBER.finditer(text))
    if not found:
        return text
    m = rng.choice(found)
    digits = m.group().replace(",", "")
    if not digits.isdigit() or _YEAR.fullmatch(digits):
        return text
    new = str(max(1, int(int(digits) * rng.choice([0.8, 0.9, 1.1, 1.25]))))
    return text[:m.start()] + new + text[m.end():]


def story_article(rng: random.Random, story: Story) -> tuple[str, list[str]]:
    """A title and body paragraphs for the story's next article."""
    title = rng.choice(story.headlines)
    lead = story.leads[0] if rng.random() < 0.6 else rng.choice(story.leads)
    k = min(len(story.body), rng.randint(4, 7))
    body = rng.sample(story.body, k)
    if rng.random() < 0.35:  # an outlet's own numbers
        i = rng.randrange(len(body))
        body[i] = (jitter(rng.choice(story.templates), story, rng)
                   if rng.random() < 0.5 else perturb_numbers(body[i], rng))
    if rng.random() < 0.25:  # an outlet's own reporting
        extra = rng.choice(pools().data["generic"])
        slots = story.slots | {"expert": person(rng)[0], "spokes": person(rng)[0]}
        body.insert(rng.randrange(len(body) + 1),
                    story.style(render(extra, slots | _numbers(rng))))
    return title, [lead, *body]


def foreign_article(rng: random.Random) -> tuple[str, list[str]]:
    lines = pools().data["foreign"]
    body = [" ".join(rng.sample(lines, 3)) for _ in range(rng.randint(3, 5))]
    return "Noticias: " + rng.choice(lines)[:60], body


def day_after(start: date, days: float) -> date:
    return start + timedelta(days=int(days))


def longer(rng: random.Random, story: Story, body: list[str], words: int) -> list[str]:
    """``body`` grown to about ``words`` words the way long news grows: the story's own
    paragraphs told again with other numbers, background on related happenings (other pairs
    of countries, rendered from the same templates with fresh names and figures), and
    example-corpus paragraphs recast to this story. Every added paragraph is new text, so
    the cleaner's repeat rules do not shrink the article back."""
    p = pools()
    out, count = list(body), sum(len(t.split()) for t in body)
    topics = p.data["topics"]
    while count < words:
        roll = rng.random()
        if roll < 0.3:
            text = jitter(rng.choice(story.templates), story, rng)
        elif roll < 0.8 or not p.examples:
            slots = story_slots(rng, story.day)
            topic = rng.choice(topics)
            text = render(rng.choice(topic["body"] + topic["leads"] + p.data["generic"]), slots)
            if text.startswith("The ") and rng.random() < 0.5:
                text = rng.choice(["Elsewhere, the ", "Separately, the ", "Earlier, the ",
                                   "In a related development, the "]) + text[4:]
        else:
            group = rng.choice(p.examples)
            text = _recaster(group, story_slots(rng, story.day), rng)(
                rng.choice(group.paragraphs))
        out.insert(rng.randint(max(1, len(out) // 2), len(out)), story.style(text))
        count += len(text.split())
    return out
