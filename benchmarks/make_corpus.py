"""Generate a large, realistic crawled-news corpus for the scale benchmarks.

    .venv/bin/python benchmarks/make_corpus.py OUT --n 2000 [--seed 7] [--feed short]

Writes N documents as ``OUT/shard_000/0000000.txt`` (1,000 a folder; about 20% ``.html``
pages, some ``.txt`` with a ``.meta.json`` sidecar), ``OUT/.manifest.json`` (counts by
kind) and ``OUT/.truth.tsv`` (each file's kind and true story; hidden files are not read).
A simulated news feed: about 25 stories are running at any time, each a happening
between two countries (drawn with Zipf-like weights, so a few countries are everywhere);
their articles recombine the story's paragraphs (our templates, or example-corpus articles
with countries, people, months and years swapped), jitter numbers, and come dressed in an
outlet's furniture: masthead, nav, breadcrumb, byline, share rows, captions, related links,
newsletter and comment prompts, pagination. About 5% are exact duplicates (half
byte-identical at another path, half the same body on another outlet), 10% near duplicates
(a few words or numbers changed, last paragraph cut), 5% repeat a paragraph, 1% are junk
pages and 1% are not English. The clock moves 40 articles a day from 2015-01-05.

Two feeds. ``realistic`` (the default) gives each original article the length of real news:
a log-normal body with a long tail (``LengthModel``, fitted to the word counts of a real
English news corpus: median 795, mean 1,252, p90 1,683, p99 10,358, capped at 50k words),
grown by ``corpus_text.longer`` (the story told again with other figures, background on
related happenings, recast example paragraphs). ``short`` is the earlier feed, about 280
words an article, kept as a second profile.

Deterministic: the same seed gives the same files, and the first N documents of a larger
corpus are the N-document corpus, so N and 2N runs share a prefix.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import random
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from statistics import NormalDist

from corpus_text import (
    MONTHS,
    WEEKDAYS,
    Story,
    day_after,
    foreign_article,
    longer,
    open_story,
    person,
    pools,
    story_article,
)

START = date(2015, 1, 5)
PER_DAY = 40  # articles a simulated day
ACTIVE = 25  # stories running at once
PER_SHARD = 1000
RATES = {"exact-copy": 0.025, "exact-redressed": 0.025, "near": 0.10, "junk": 0.01,
         "foreign": 0.01}
JUNK = [["Page not found", "Sorry, the page you were looking for does not exist."],
        ["Subscribe to continue reading", "You have reached your limit of free articles."],
        ["We use cookies", "By continuing to browse you agree to our cookie policy.",
         "Accept all", "Manage settings"]]
EDITS = [(" said ", " told reporters "), (" on ", " during "), (" about ", " around "),
         (" more than ", " over "), (" would ", " will "), (" officials ", " sources "),
         (" the ", " a ")]
FEEDS = ("realistic", "short")
# Word counts of real English news articles as extracted (4,620 articles, held out): the
# targets the realistic feed's length model is fitted to.
REAL_WORDS = {"median": 795, "mean": 1252, "p90": 1683, "p99": 10358}
MAX_WORDS = 50_000


@dataclass(slots=True, frozen=True)
class LengthModel:
    """Article length in words: log-normal body, a share ``tail`` from a second, wider
    log-normal (long reports, transcripts, live pages), capped at ``MAX_WORDS``."""

    mu: float
    sigma: float
    tail: float
    tail_mu: float
    tail_sigma: float

    def draw(self, rng: random.Random) -> int:
        if rng.random() < self.tail:
            value = rng.lognormvariate(self.tail_mu, self.tail_sigma)
        else:
            value = rng.lognormvariate(self.mu, self.sigma)
        return max(60, min(MAX_WORDS, round(value)))

    def summary(self, points: int = 4000) -> dict[str, float]:
        """Median, mean, p90 and p99 of the model (stratified quantiles, no sampling noise)."""
        n_tail = round(points * self.tail)

        def spread(mu: float, sigma: float, n: int) -> list[float]:
            unit = NormalDist(mu, sigma)
            return [min(MAX_WORDS, math.exp(unit.inv_cdf((i + 0.5) / n))) for i in range(n)]
        values = sorted(spread(self.mu, self.sigma, points - n_tail)
                        + spread(self.tail_mu, self.tail_sigma, n_tail))
        return {"median": values[points // 2], "mean": sum(values) / points,
                "p90": values[int(0.9 * points)], "p99": values[int(0.99 * points)]}

    @classmethod
    @cache
    def fit(cls, median: float = REAL_WORDS["median"], mean: float = REAL_WORDS["mean"],
            p90: float = REAL_WORDS["p90"], p99: float = REAL_WORDS["p99"]) -> LengthModel:
        """The grid point whose median, mean, p90 and p99 are closest (squared log ratios)."""
        target = {"median": median, "mean": mean, "p90": p90, "p99": p99}
        best: tuple[float, LengthModel] | None = None
        for sigma in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65):
            for tail in (0.02, 0.03, 0.04, 0.05, 0.06):
                for tail_mu in (7.5, 7.75, 8.0, 8.25, 8.5, 8.75, 9.0):
                    for tail_sigma in (0.5, 0.75, 1.0, 1.25):
                        model = cls(math.log(median), sigma, tail, tail_mu, tail_sigma)
                        got = model.summary(points=1000)
                        loss = sum(math.log(got[k] / v) ** 2 for k, v in target.items())
                        if best is None or loss < best[0]:
                            best = (loss, model)
        assert best is not None
        return best[1]


@dataclass(slots=True, frozen=True)
class Piece:
    """One generated document before it is dressed in an outlet's page."""

    kind: str
    title: str
    body: tuple[str, ...]
    day: date
    story: int


@dataclass(slots=True, frozen=True)
class Doc:
    name: str  # file name without folder
    text: str
    sidecar: dict[str, str] | None
    kind: str
    story: int  # the story it tells (-1: none), for scoring clustering


class Feed:
    """The simulated feed: yields documents in publication order, forever."""

    def __init__(self, seed: int, feed: str = "realistic") -> None:
        if feed not in FEEDS:
            raise ValueError(f"feed must be one of {', '.join(FEEDS)}, not {feed!r}")
        self.rng = random.Random(seed)
        self.lengths = LengthModel.fit() if feed == "realistic" else None
        self.active: list[Story] = []
        self.stories = 0
        self.count = 0
        self.recent: deque[tuple[Piece, str, str]] = deque(maxlen=400)  # piece, text, ext
        self.headlines: deque[str] = deque(maxlen=60)
        outlets = pools().data["outlets"]
        self.styles = [Style.draw(random.Random(seed * 1000 + i), name)
                       for i, name in enumerate(outlets)]

    def __iter__(self) -> Iterator[Doc]:
        while True:
            today = day_after(START, self.count / PER_DAY)
            kind = self._kind()
            doc = self._document(kind, today)
            self.count += 1
            yield doc

    def _kind(self) -> str:
        roll, edge = self.rng.random(), 0.0
        for kind, rate in RATES.items():
            edge += rate
            if roll < edge and (self.recent or kind in ("junk", "foreign")):
                return kind
        return "original"

    def _document(self, kind: str, today: date) -> Doc:
        name = f"{self.count:07d}"
        if kind == "exact-copy":
            piece, text, ext = self.rng.choice(self.recent)
            return Doc(f"{name}.{ext}", text, None, kind, piece.story)
        if kind in ("exact-redressed", "near"):
            piece = self.rng.choice(self.recent)[0]
            if kind == "near":
                piece = near_copy(self.rng, piece)
        elif kind == "junk":
            lines = self.rng.choice(JUNK)
            piece = Piece(kind, lines[0], tuple(lines[1:]), today, -1)
        elif kind == "foreign":
            title, body = foreign_article(self.rng)
            piece = Piece(kind, title, tuple(body), today, -1)
        else:
            piece = self._original(today)
        style = self.rng.choice(self.styles)
        as_html = self.rng.random() < 0.2
        text = style.page(self.rng, piece, list(self.headlines)) if as_html \
            else style.text(self.rng, piece, list(self.headlines))
        ext = "html" if as_html else "txt"
        if kind == "original":
            self.recent.append((piece, text, ext))
            self.headlines.append(f"{piece.title} ({_long(piece.day)})")
        sidecar = style.sidecar(piece, self.count) if not as_html and self.rng.random() < 0.15 \
            else None
        return Doc(f"{name}.{ext}", text, sidecar, kind, piece.story)

    def _original(self, today: date) -> Piece:
        while len(self.active) < ACTIVE:
            size = min(80, int(self.rng.paretovariate(1.15)))
            self.active.append(open_story(self.rng, self.stories, today, size))
            self.stories += 1
        story = self.rng.choice(self.active)
        story.emitted += 1
        if story.emitted >= story.size:
            self.active.remove(story)
        title, body = story_article(self.rng, story)
        if self.lengths is not None:
            body = self._sized(story, body)
        if self.rng.random() < 0.05:  # a paragraph pasted again further down
            body.insert(self.rng.randint(len(body) // 2, len(body)), self.rng.choice(body))
        elif self.rng.random() < 0.01:  # the whole article pasted twice
            body = body + body
        return Piece("original", title, tuple(body), today, story.index)

    def _sized(self, story: Story, body: list[str]) -> list[str]:
        """The article cut or grown to a length drawn from the model (the lead stays)."""
        assert self.lengths is not None
        words = self.lengths.draw(self.rng)
        kept, count = [], 0
        for paragraph in body:
            if count >= words:
                break
            kept.append(paragraph)
            count += len(paragraph.split())
        return longer(self.rng, story, kept, words) if count < words else kept


def near_copy(rng: random.Random, piece: Piece) -> Piece:
    """The same article after an editor's pass: a few words, the last paragraph, a note."""
    body = list(piece.body)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(body))
        found = [(old, new) for old, new in EDITS if old in body[i]]
        if found:
            old, new = rng.choice(found)
            body[i] = body[i].replace(old, new, 1)
    if len(body) > 5 and rng.random() < 0.5:
        body.pop()
    if rng.random() < 0.3 or tuple(body) == piece.body:
        body.append("This story has been updated with comment from officials.")
    return replace(piece, kind="near", body=tuple(body))


def _long(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _us(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


@dataclass(slots=True, frozen=True)
class Style:
    """One outlet's page furniture, fixed per outlet as on a real site."""

    outlet: str
    masthead: bool
    nav: str  # "pipe", "lines" or ""
    breadcrumb: bool
    byline: int
    share: str  # "row", "lines" or ""
    related: bool
    tail: tuple[str, ...]  # newsletter, comments, tags, pagination, footer, counter
    blank_lines: bool  # paragraphs separated by a blank line

    @classmethod
    def draw(cls, rng: random.Random, outlet: str) -> Style:
        tails = ("newsletter", "comments", "tags", "pagination", "footer", "counter")
        return cls(outlet, rng.random() < 0.4, rng.choice(["pipe", "lines", ""]),
                   rng.random() < 0.5, rng.randrange(4), rng.choice(["row", "lines", ""]),
                   rng.random() < 0.6, tuple(t for t in tails if rng.random() < 0.35),
                   rng.random() < 0.85)

    def text(self, rng: random.Random, piece: Piece, related: list[str]) -> str:
        head = self._head(rng, piece)
        body = list(piece.body)
        if piece.kind != "junk" and rng.random() < 0.15:  # photo caption, sometimes twice
            caption = f"{body[0].split(' - ')[-1][:90].rstrip()}. Photo: {person(rng)[0]}"
            body.insert(0, caption)
            if rng.random() < 0.3:
                body.insert(1, caption)
        if related and len(body) > 4 and rng.random() < 0.1:
            body.insert(len(body) // 2, "Read more: " + rng.choice(related).split(" (")[0])
        sep = "\n\n" if self.blank_lines else "\n"
        return "\n".join(head) + "\n\n" + sep.join(body) + "\n\n" + "\n".join(
            self._tail(rng, piece, related)) + "\n"

    def _head(self, rng: random.Random, piece: Piece) -> list[str]:
        section = rng.choice(pools().data["sections"])
        out = []
        if self.masthead:
            out += [f"{WEEKDAYS[piece.day.weekday()]}, {_long(piece.day)}",
                    f"{self.outlet} | Founded {1900 + len(self.outlet) * 3}"]
        if self.nav == "pipe":
            out.append("Home | World | Politics | Business | Sport | Opinion")
        elif self.nav == "lines":
            out += ["Home", "World", "Business", "Sport"]
        if self.breadcrumb:
            out.append(f"Home > {section} > {rng.choice(['News', 'Latest', 'Analysis'])}")
        out.append(piece.title)
        author = person(rng)[0]
        hh, mm = rng.randint(6, 22), rng.randint(0, 59)
        out += [[f"By {author} | {self.outlet} | {_long(piece.day)}"],
                [author, _us(piece.day)],
                [f"Published {_long(piece.day)} at {hh:02d}:{mm:02d} GMT",
                 f"By {author}, {self.outlet}"],
                [f"{author} | Updated: {_long(piece.day)}, {hh:02d}:{mm:02d}"]][self.byline]
        if self.share == "row":
            out.append("Facebook Twitter WhatsApp Email Print")
        elif self.share == "lines":
            out += ["Share on Facebook", "Share on X", "Share via Email"]
        return out

    def _tail(self, rng: random.Random, piece: Piece, related: list[str]) -> list[str]:
        out = []
        if self.related and related:
            out += ["Related stories", *rng.sample(related, min(4, len(related)))]
        lines = {"newsletter": ["Sign up for our free daily newsletter."],
                 "comments": ["Leave a comment", "Your email will not be published.",
                              "Name *", "Email *", "Post Comment"],
                 "tags": [f"Tags: {rng.choice(pools().data['sections'])}, News"],
                 "pagination": ["Page 1/2", "Next »"],
                 "footer": [f"© {piece.day.year} {self.outlet}. All rights reserved."],
                 "counter": [f"{rng.randint(200, 90000):,} views"]}
        for part in self.tail:
            out += lines[part]
        return out

    def page(self, rng: random.Random, piece: Piece, related: list[str]) -> str:
        esc = html.escape
        paras = "\n".join(f"<p>{esc(p)}</p>" for p in piece.body)
        links = "".join(f'<li><a href="/{i}">{esc(h)}</a></li>' for i, h in enumerate(related[:4]))
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(piece.title)} | {esc(self.outlet)}</title>
<meta property="og:title" content="{esc(piece.title)}">
<meta property="article:published_time" content="{piece.day.isoformat()}T08:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a>
<a href="/sport">Sport</a></nav><div class="share"><a>Share</a> <a>Tweet</a></div></header>
<main><article><h1>{esc(piece.title)}</h1>
<p class="byline">By {esc(person(rng)[0])} | {_long(piece.day)}</p>
{paras}
</article>
<aside><h3>Related stories</h3><ul>{links}</ul></aside></main>
<footer><p>Sign up for our newsletter</p><p>&copy; {piece.day.year} {esc(self.outlet)}</p>
</footer></body></html>
"""

    def sidecar(self, piece: Piece, count: int) -> dict[str, str]:
        slug = "-".join(piece.title.lower().split()[:6])
        host = self.outlet.lower().replace("the ", "").replace(" ", "")
        return {"url": f"https://www.{host}.example/{piece.day.isoformat()}/{slug}-{count}",
                "outlet": self.outlet, "published": f"{piece.day.isoformat()}T09:00:00Z"}


def generate(n: int, seed: int = 7, feed: str = "realistic") -> Iterator[Doc]:
    """The first ``n`` documents of the feed for ``seed``."""
    for i, doc in enumerate(Feed(seed, feed)):
        if i >= n:
            return
        yield doc


def write_corpus(out: Path, n: int, seed: int = 7, first: int = 0,
                 feed: str = "realistic") -> dict[str, object]:
    """Write documents ``first``..``n - 1`` of the feed under ``out``; return the manifest."""
    started = time.perf_counter()
    kinds: Counter[str] = Counter()
    size = words = 0
    truth = []
    for i, doc in enumerate(generate(n, seed, feed)):
        if i < first:
            continue
        folder = out / f"shard_{i // PER_SHARD:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / doc.name).write_text(doc.text, encoding="utf-8")
        if doc.sidecar:
            (folder / f"{doc.name}.meta.json").write_text(json.dumps(doc.sidecar))
        kinds[doc.kind] += 1
        size += len(doc.text.encode("utf-8"))
        words += len(doc.text.split())
        truth.append(f"{folder.name}/{doc.name}\t{doc.kind}\t{doc.story}\n")
    manifest = {"n": n - first, "seed": seed, "first": first, "feed": feed,
                "kinds": dict(sorted(kinds.items())), "mb": round(size / 1e6, 2),
                "words": words, "seconds": round(time.perf_counter() - started, 2)}
    out.mkdir(parents=True, exist_ok=True)
    (out / ".manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    (out / ".truth.tsv").write_text("file\tkind\tstory\n" + "".join(truth))
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument("--n", type=int, default=1000, help="documents to write")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--feed", choices=FEEDS, default="realistic",
                        help="article lengths of real news (default) or the short feed")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        sys.exit(f"make_corpus: {args.out} is not empty; give a new folder.")
    print(json.dumps(write_corpus(args.out, args.n, args.seed, feed=args.feed), indent=2))


if __name__ == "__main__":
    main()
