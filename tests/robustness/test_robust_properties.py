"""Property tests (Hypothesis) for every reader and for the cleaner.

Readers get generated files: random text in several encodings with stray bytes, random HTML
trees (scripts, iframes, unclosed tags), random JSON records and broken JSON Lines, random
WARC archives (cut, corrupted, with junk appended) and random RSS/Atom feeds. Whatever they
hold, ``ingest()`` (and the ``read()`` under it) returns records, never raises.

The cleaner must account for every raw line (the lines' texts rebuild the input), give
removed lines a reason and nothing else one, converge, and leave an article-shaped page's
cleaned text as it is when cleaned again. Content ids must not depend on spacing, line
endings or Unicode normal form.

Each property runs under two profiles (see ``conftest.py``): ``robust-fast`` (100 examples)
by default, and ``robust-slow`` (10,000, shared between forked workers) marked ``slow``.
"""

from __future__ import annotations

import io
import json
import random
import unicodedata
import uuid
from collections.abc import Callable
from html import escape as xml_escape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from chronicle.config import CleanConfig, Config
from chronicle.model import Article, InputFailure, RawDocument
from chronicle.pipeline.clean import classify_lines, clean
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.dedup import Deduplicator, fingerprint
from chronicle.pipeline.ingest import article_id, ingest, to_article

PROFILES = pytest.mark.parametrize("profile", [
    pytest.param("robust-fast", id="fast"),
    pytest.param("robust-slow", id="slow", marks=pytest.mark.slow)])
REASONS = {"missing", "unreadable", "too-large", "empty", "binary", "unknown-extension",
           "unknown-format", "malformed"}
CTX = RunContext(config=Config())
Properties = Any  # conftest.Properties: runs a property under a profile


# --- strategies ------------------------------------------------------------------------

WORDS = ("council harbour minister river budget farmers strike talks railway court election "
         "villagers bridge drought exports hospital teachers police fishermen treaty border "
         "the a of in on with after before said told agreed rejected opened closed")
FURNITURE = ["Share this article", "Related News", "Advertisement", "Subscribe to our newsletter",
             "Read more: Harbour fees rise again", "Sunday, 8 September 2024 | 10:32",
             "By Tom Roe", "Copyright 2024 The Daily Example. All rights reserved.",
             "Photo: Jane Roe/Reuters", "— AFP", "Home | World | Business | Sport", "***",
             "Leave a comment", "Follow us on social media", "Most read", "Print"]
UNICODE = st.characters(blacklist_categories=("Cs",))  # any code point a str may hold


def _pool(count: int, low: int, high: int, shape: Callable[[list[str], int], str]) -> list[str]:
    """Sentences or headlines drawn once: one draw an example instead of one a word keeps
    10,000 examples affordable; lengths and endings still vary."""
    rng, words = random.Random(7), WORDS.split()
    return [shape(rng.choices(words, k=rng.randint(low, high)), n) for n in range(count)]


SENTENCES = _pool(300, 3, 40, lambda ws, n: " ".join(ws).capitalize()
                  + (".", "?", "!", ".\u201d", "", ".")[n % 6])
HEADLINES = _pool(100, 2, 14, lambda ws, n: " ".join(w.capitalize() for w in ws))
sentence = st.sampled_from(SENTENCES)
paragraph = st.sampled_from([" ".join(SENTENCES[n:n + 1 + n % 3]) for n in range(0, 300, 2)])
headline = st.sampled_from(HEADLINES)
line = st.one_of(sentence, headline, st.sampled_from(FURNITURE), st.just(""),
                 st.text(UNICODE, max_size=60))
raw_text = st.one_of(st.text(UNICODE, max_size=300), st.lists(line, max_size=24).map("\n".join))


@st.composite
def article_page(draw: st.DrawFn) -> str:
    """A page shaped like a news article: furniture, headline, body (captions in it), tail."""
    head = draw(st.lists(st.sampled_from(FURNITURE), max_size=3))
    paragraphs = draw(st.lists(paragraph, min_size=1, max_size=8))
    captions = draw(st.lists(st.tuples(st.integers(0, len(paragraphs)),
                                       st.sampled_from(["Photo: Ann Lee/Reuters",
                                                        "Farmers at work (Photo: AFP)"])),
                             max_size=2))
    for at, caption in sorted(captions, reverse=True):
        paragraphs.insert(at, caption)
    tail = draw(st.lists(st.sampled_from(FURNITURE), max_size=4))
    return draw(st.sampled_from(["\n", "\n\n"])).join(
        [*head, draw(headline), *paragraphs, *tail])


CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "cp1251", "gb18030"]


@st.composite
def text_bytes(draw: st.DrawFn) -> bytes:
    """Text in some encoding and line ending, maybe with stray bytes, or plain noise."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400))
    text = draw(raw_text).replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))
    data = text.encode(draw(st.sampled_from(CODECS)), errors="replace")
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    return data


TAGS = ["p", "div", "span", "article", "h1", "h2", "li", "ul", "table", "tr", "td", "a", "b",
        "br", "figure", "figcaption", "nav", "footer", "header", "aside", "main", "section",
        "iframe", "noscript", "template", "svg", "blockquote", "pre"]
MARKER = "scriptmarkerzz"  # only ever inside <script> or <style>
FRAGMENTS = [f"<script>var {MARKER} = 1;</script>", f"<style>.{MARKER} {{ color: red }}</style>",
             "<!-- a comment -->", "&amp; &lt; &#8212; &bogus;", "<img src=x>",
             "<![CDATA[ raw ]]>", "</div>", "<br/>"]
# Text is escaped: a raw "<?" or "<!" would turn the next tag into a bogus comment, and the
# script after it into page text, as browsers do.
html_leaf = st.one_of(sentence, st.sampled_from(FRAGMENTS), st.text(UNICODE, max_size=40)
                      .filter(lambda t: MARKER not in t).map(xml_escape))


def _element(parts: tuple[str, list[str], bool]) -> str:
    tag, children, closed = parts
    return f"<{tag} class=\"c\">" + "".join(children) + (f"</{tag}>" if closed else "")


html_tree = st.recursive(html_leaf, lambda kids: st.tuples(
    st.sampled_from(TAGS), st.lists(kids, max_size=4), st.booleans()).map(_element),
    max_leaves=10)


@st.composite
def html_page(draw: st.DrawFn) -> str:
    body = draw(html_tree)
    if draw(st.booleans()):
        title = draw(headline)
        meta = draw(st.sampled_from(["", '<meta charset="windows-1251">',
                                     '<meta property="article:published_time"'
                                     ' content="2021-02-03">',
                                     '<meta name="date" content="not a date">']))
        body = f"<html><head>{meta}<title>{title} - Example News</title></head><body>{body}"
        body += "" if draw(st.booleans()) else "</body></html>"
    return body


def _page_pool(count: int) -> list[str]:
    """Ready-made pages for records, archives and feeds, whose reader properties are about
    the container: one draw instead of a tree of them."""
    rng = random.Random(11)

    def tree(depth: int) -> str:
        if depth == 0 or rng.random() < 0.3:
            return rng.choice(SENTENCES + FRAGMENTS)
        children = "".join(tree(depth - 1) for _ in range(rng.randint(0, 3)))
        return _element((rng.choice(TAGS), [children], rng.random() < 0.8))

    return [f"<html><head><title>{rng.choice(HEADLINES)}</title></head><body>{tree(4)}"
            for _ in range(count)]


PAGES = st.sampled_from(_page_pool(60))
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                        st.text(UNICODE, max_size=60), sentence)
json_value = st.recursive(json_scalar, lambda kids: st.lists(kids, max_size=3)
                          | st.dictionaries(st.text(max_size=8), kids, max_size=3), max_leaves=5)
KEYS = ["text", "maintext", "content", "body", "html", "raw_html", "title", "headline", "url",
        "date", "publishedAt", "source", "outlet", "articles", "items", "id", "author"]
record = st.dictionaries(st.sampled_from(KEYS), st.one_of(
    json_value, st.lists(sentence, max_size=4), PAGES,
    st.fixed_dictionaries({"name": st.text(max_size=20)})), max_size=6)


@st.composite
def json_file(draw: st.DrawFn) -> tuple[str, bytes]:
    if draw(st.booleans()):  # JSON Lines: records, broken lines, blank lines
        lines = draw(st.lists(st.one_of(record.map(json.dumps), st.text(UNICODE, max_size=60)
                                        .map(lambda s: s.replace("\n", " ")), st.just("")),
                              max_size=8))
        return ".jsonl", "\n".join(lines).encode("utf-8", errors="replace")
    body = draw(st.one_of(record, st.lists(record, max_size=4),
                          st.lists(record, max_size=4).map(lambda r: {"articles": r}),
                          json_value))
    text = json.dumps(body, ensure_ascii=draw(st.booleans()))
    return ".json", (text if draw(st.integers(0, 4)) else text[: len(text) // 2]).encode()


@st.composite
def warc_bytes(draw: st.DrawFn) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=draw(st.booleans()))
    for n in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["response", "resource", "metadata", "conversion"]))
        ctype = draw(st.sampled_from(["text/html; charset=utf-8", "text/html", "image/png",
                                      "application/xhtml+xml; charset=latin-1", "text/plain"]))
        payload = draw(st.one_of(PAGES.map(str.encode), st.binary(max_size=200)))
        http = None
        if kind == "response":
            status = draw(st.sampled_from(["200 OK", "404 Not Found", "301 Moved"]))
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        headers = {"WARC-Date": draw(st.sampled_from(["2022-01-02T03:04:05Z", "garbage"])),
                   "WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=n)}>"}  # same bytes on replay
        writer.write_record(writer.create_warc_record(
            f"https://site.example/{n}", kind, payload=io.BytesIO(payload), http_headers=http,
            warc_content_type=None if http else ctype, warc_headers_dict=headers))
    return damage(draw, buffer.getvalue())


def damage(draw: st.DrawFn, data: bytes) -> bytes:
    how = draw(st.sampled_from(["none", "none", "cut", "flip", "junk"]))
    if how == "cut" and data:
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]
    if how == "junk":
        return data + draw(st.binary(min_size=1, max_size=50))
    return data


def _entry(parts: tuple[str, str, str, bool]) -> str:
    title, summary, date, atom = parts
    body = xml_escape(summary)
    if atom:
        return (f"<entry><title>{title}</title><updated>{date}</updated>"
                f"<content type=\"html\">{body}</content></entry>")
    return (f"<item><title>{title}</title><pubDate>{date}</pubDate>"
            f"<description>{body}</description></item>")


@st.composite
def feed_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    atom = draw(st.booleans())
    entries = draw(st.lists(st.tuples(headline, st.one_of(PAGES, sentence, st.just("")),
                                      st.sampled_from(["Mon, 04 Sep 2023 09:15:00 +0100",
                                                       "2023-08-21T07:00:00Z", "soon"]),
                                      st.just(atom)).map(_entry), max_size=4))
    inner = "".join(entries)
    doc = (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title>{inner}</feed>'
           if atom else f'<rss version="2.0"><channel><title>Weekly</title>{inner}'
                        "</channel></rss>")
    ext = draw(st.sampled_from([".rss", ".atom", ".xml"]))
    return ext, damage(draw, ('<?xml version="1.0" encoding="utf-8"?>' + doc).encode())


# --- what every read must satisfy ------------------------------------------------------


def ingested(path: Path, data: bytes) -> list[RawDocument | InputFailure]:
    path.write_bytes(data)
    results = list(ingest([str(path)], CTX))
    assert results, "every input yields at least one record"
    for result in results:
        assert isinstance(result, (RawDocument, InputFailure)), result
        assert result.source_path == str(path)
        if isinstance(result, InputFailure):
            assert result.reason in REASONS and "\n" not in result.detail
        else:
            document_invariants(result)
    return results


def document_invariants(doc: RawDocument) -> None:
    """Text the cleaner can number: no carriage returns, ``split`` and ``splitlines`` agree,
    and the id is the one ``to_article`` gives."""
    text = doc.text
    assert text.strip() and "\r" not in text
    assert text.splitlines() == text.split("\n")[: len(text.splitlines())]
    assert len(text.splitlines()) == text.count("\n") + (0 if text.endswith("\n") else 1)
    assert to_article(doc).id == article_id(text)


# --- readers ---------------------------------------------------------------------------


@PROFILES
def test_text_readers_never_raise(profile: str, properties: Properties) -> None:
    def prop(args: tuple[bytes, str]) -> None:
        data, ext = args
        first = ingested(properties.scratch(f"doc{ext}"), data)
        assert len(first) == 1
        again = ingested(properties.scratch(f"doc{ext}"), data)  # same bytes, same record, id
        assert repr(again) == repr(first)

    extensions = st.sampled_from([".txt", ".md", ".TEXT"])
    properties.check(profile, st.tuples(text_bytes(), extensions), prop)


@PROFILES
def test_html_reader_never_raises_and_drops_scripts(profile: str, properties: Properties) -> None:
    def prop(page: str) -> None:
        data = page.encode("utf-8", errors="replace")
        results = ingested(properties.scratch("page.html"), data)
        assert len(results) == 1
        for doc in results:
            if isinstance(doc, RawDocument):
                assert MARKER not in doc.text

    properties.check(profile, html_page(), prop)


@PROFILES
def test_json_readers_fail_record_by_record(profile: str, properties: Properties) -> None:
    def prop(args: tuple[str, bytes]) -> None:
        ext, data = args
        results = ingested(properties.scratch(f"records{ext}"), data)
        if ext == ".jsonl" and not any(r.record is None for r in results):
            lines = data.decode("utf-8").split("\n")
            wanted = [f"line {n}" for n, text in enumerate(lines, start=1) if text.strip()]
            assert [r.record for r in results] == wanted  # one record per non-blank line

    properties.check(profile, json_file(), prop)


@PROFILES
def test_warc_reader_never_raises(profile: str, properties: Properties) -> None:
    def prop(data: bytes) -> None:
        results = ingested(properties.scratch("crawl.warc.gz"), data)
        labels = [r.record for r in results if r.record]
        assert len(labels) == len(set(labels))
        assert all(r.record for r in results if isinstance(r, RawDocument))

    properties.check(profile, warc_bytes(), prop)


@PROFILES
def test_feed_reader_never_raises(profile: str, properties: Properties) -> None:
    def prop(args: tuple[str, bytes]) -> None:
        ext, data = args
        results = ingested(properties.scratch(f"news{ext}"), data)
        docs = [r for r in results if isinstance(r, RawDocument)]
        assert all(d.fmt == "feed" and (d.record or "").startswith("entry ") for d in docs)

    properties.check(profile, feed_bytes(), prop)


# --- cleaner ---------------------------------------------------------------------------


def reclean(article: Article) -> Article:
    """Clean an article's own output again, as a page: its headline, then its paragraphs."""
    page = f"{article.title}\n\n{article.text}" if article.title else article.text
    return clean(Article(id="b", source_path="p", raw_text=page, title=article.title),
                 RunContext(config=Config()))


@PROFILES
def test_cleaner_accounts_for_every_line_and_converges(profile: str,
                                                        properties: Properties) -> None:
    """Any text, any title hint: every raw line is classified and numbered, removed lines
    (and only they) carry a reason and sit in a removed span (besides them, a span may hold
    the date glued before a headline, on the title's line). Cleaned again, arbitrary lines
    may still lose furniture the first pass left between body lines (a repeat it removed no
    longer anchors the body), but no paragraph is added or reordered, and a third pass
    changes nothing more."""
    cfg = CleanConfig()

    def prop(args: tuple[str, str | None]) -> None:
        raw, hint = args
        lines = classify_lines(raw, cfg, title_hint=hint)
        assert "\n".join(line.text for line in lines) == raw
        assert [line.number for line in lines] == list(range(1, raw.count("\n") + 2))
        assert all((line.kind == "removed") == bool(line.reason) for line in lines)
        article = clean(Article(id="a", source_path="p", raw_text=raw, title=hint),
                        RunContext(config=Config()))
        assert [(ln.kind, ln.reason) for ln in article.lines] == [
            (ln.kind, ln.reason) for ln in lines]
        assert article.paragraphs == [ln.text.strip() for ln in lines if ln.kind == "body"]
        assert article.text == "\n\n".join(article.paragraphs)
        covered = {n: s.reason for s in article.removed for n in range(s.line_start,
                                                                         s.line_end + 1)}
        assert all(covered.get(ln.number) == ln.reason for ln in lines if ln.kind == "removed")
        dated = {s.line_start for s in article.removed if lines[s.line_start - 1].kind == "title"}
        assert all(lines[n - 1].kind in ("removed", "blank") for n in covered if n not in dated)
        for span in article.removed:  # the title's line: only a date glued before the headline
            if span.line_start in dated:
                assert (span.line_end, span.reason) == (span.line_start, "boilerplate:byline")
                assert span.text in lines[span.line_start - 1].text
        assert (article.status == "dropped") == (article.reason in ("empty", "too-short"))

        first = clean(Article(id="a", source_path="p", raw_text=raw), RunContext(config=Config()))
        second = reclean(first)
        rest = iter(first.paragraphs)
        assert all(p in rest for p in second.paragraphs)  # a subsequence
        assert reclean(second).paragraphs == second.paragraphs

    hints = st.none() | headline | st.text(UNICODE, max_size=30)
    properties.check(profile, st.tuples(raw_text, hints), prop)


@PROFILES
def test_cleaning_an_article_page_again_changes_nothing(profile: str,
                                                        properties: Properties) -> None:
    def prop(page: str) -> None:
        first = clean(Article(id="a", source_path="p", raw_text=page), RunContext(config=Config()))
        second = reclean(first)
        assert second.paragraphs == first.paragraphs
        assert second.title == first.title and not second.removed

    properties.check(profile, article_page(), prop)


@PROFILES
def test_content_ids_and_dedup_are_stable(profile: str, properties: Properties) -> None:
    def prop(paragraphs: list[str]) -> None:
        text = "\n\n".join(paragraphs)
        variant = "\r\n\r\n  ".join(paragraphs) + "\n"
        assert article_id(variant) == article_id(text) == article_id(text + "  \n")
        assert article_id(unicodedata.normalize("NFD", text)) == article_id(text)
        cfg = Config().dedup
        a, b = (Article(id=i, source_path=f"{i}.txt", raw_text=t, text=t, paragraphs=paragraphs)
                for i, t in (("a", text), ("b", variant)))
        assert fingerprint(a, cfg) == fingerprint(a, cfg)
        dedup = Deduplicator(cfg, _EmptyIndex())
        dedup(a, CTX)
        dedup(b, CTX)  # the same words, spaced differently: an exact duplicate of the first
        assert (b.status, b.reason, b.duplicate_of) == ("duplicate", "exact", "a")

    texts = st.one_of(sentence, st.text(UNICODE, min_size=1, max_size=60))
    properties.check(profile, st.lists(texts, min_size=1, max_size=6), prop)


class _EmptyIndex:
    """A store that holds nothing yet: only the batch in flight is compared."""

    def canonical_for_hash(self, content_hash: str) -> str | None:
        return None

    def canonical_for_url(self, canonical_url: str) -> str | None:
        return None

    def candidates(self, band_keys: object) -> set[str]:
        return set()

    def signature(self, article_id: str) -> tuple[int, int, bytes] | None:
        return None

    def paragraph_owners(self, hashes: object, limit: int | None = None) -> dict[str, set[str]]:
        return {}

    def stored_paragraphs(self, article_id: str) -> tuple[str, list[str]] | None:
        return None
