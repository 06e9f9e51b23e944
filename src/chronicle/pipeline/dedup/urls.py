"""Canonical URLs: one string for every address of one article page.

``canonical_url`` drops what does not change which article a URL names: the scheme
(``http`` and ``https`` are one page), host case, ``www.`` and mobile or AMP hosts, default
ports, user info, the fragment, tracking parameters and session ids, AMP forms (``/amp/``,
``.amp.html``, ``?amp=1``, the AMP cache), crawler mirror segments (``/nobot/``), ``.`` and
``..`` segments, a trailing slash and ``index.html``. Escapes are normalised and the
remaining parameters sorted. It returns None for a URL that names no article (no host, a site
root, a section, tag or search page), so home pages never make two articles one. The rules
are data (``chronicle/data/urls.json``).

The standard library does the parsing. courlan (trafilatura's URL library) is not used: its
tracker filter drops every parameter whose name starts with ``ga`` or ``gl`` or holds
``cid``/``uid`` (``gallery``, ``global``, ``cid``), and here a dropped parameter that names
the article would merge two articles whatever their texts.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_SCHEMELESS = re.compile(r"[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]|$)")  # "example.com/news/x"
_WORD_SEPARATORS = re.compile(r"[-_+.,~!:;\s]+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH = re.compile(r"0?[1-9]|1[0-2]")
_DAY = re.compile(r"\d{1,2}")
_LONG_NUMBER = re.compile(r"\d{5,}")  # an id: longer than a year, a page or a day
_AMP_SUFFIX = re.compile(r"\.amp(?=\.\w+$|$)", re.IGNORECASE)  # x.amp.html, x.amp
_AMP_CACHE_HOST = ".cdn.ampproject.org"
_AMP_CACHE_PATH = re.compile(r"/[cvi]/(?:s/)?(.+)")  # /c/s/example.com/news/x (s: https)
_PATH_SAFE = "!$&'()*+,;=:@-._~"  # RFC 3986 pchar, left unescaped
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)  # /story.jsp;jsessionid=A1


@dataclass(slots=True, frozen=True)
class UrlRules:
    tracking_params: frozenset[str]
    tracking_prefixes: tuple[str, ...]
    amp_params: dict[str, str]  # name -> the value that makes it an AMP marker ("*": any)
    host_prefixes: frozenset[str]
    mirror_segments: frozenset[str]
    index_pages: frozenset[str]
    article_extensions: frozenset[str]
    listing_segments: frozenset[str]
    feed_extensions: frozenset[str]
    id_params: frozenset[str]


@cache
def rules() -> UrlRules:
    """The shipped URL rules (``chronicle/data/urls.json``), loaded once."""
    data = json.loads(resources.files("chronicle").joinpath("data", "urls.json")
                      .read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data[key])

    return UrlRules(
        tracking_params=words("tracking_params"),
        tracking_prefixes=tuple(p.lower() for p in data["tracking_prefixes"]),
        amp_params={k.lower(): v.lower() for k, v in data["amp_params"].items()},
        host_prefixes=words("host_prefixes"),
        mirror_segments=words("mirror_segments"),
        index_pages=words("index_pages"),
        article_extensions=words("article_extensions"),
        listing_segments=words("listing_segments"),
        feed_extensions=words("feed_extensions"),
        id_params=words("id_params"),
    )


def canonical_url(url: str | None) -> str | None:
    """The one form of every address of the article ``url`` names, or None when it names no
    article (no host, a site root, a page that lists articles)."""
    parts = _split(url)
    if parts is None:
        return None
    host = _host(parts)
    if host is None:
        return None
    if host.endswith(_AMP_CACHE_HOST):  # Google's AMP cache: the origin is in the path
        origin = _AMP_CACHE_PATH.fullmatch(parts.path)
        if origin is None:
            return None
        return canonical_url("https://" + origin.group(1)
                             + (f"?{parts.query}" if parts.query else ""))
    segments = _segments(parts.path)
    query = _query(parts.query)
    if not _names_an_article([s.lower() for s in segments], query):
        return None
    return urlunsplit(("https", host, "/" + "/".join(segments), urlencode(query), ""))


def _split(url: str | None) -> SplitResult | None:
    text = (url or "").strip()
    if "&amp;" in text:  # an href copied out of markup
        text = html.unescape(text)
    if text.startswith("//"):
        text = "https:" + text
    elif "://" not in text and _SCHEMELESS.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    return parts if parts.scheme in ("http", "https") else None


def _host(parts: SplitResult) -> str | None:
    host = (parts.hostname or "").rstrip(".")
    if "." not in host:
        return None
    with contextlib.suppress(UnicodeError):  # one form for Unicode and punycode hosts
        host = host.encode("idna").decode("ascii")
    labels = host.split(".")
    prefixes = rules().host_prefixes
    while len(labels) > 2 and labels[0] in prefixes:
        labels = labels[1:]
    port = parts.port
    return ".".join(labels) + (f":{port}" if port and port not in (80, 443) else "")


def _segments(path: str) -> list[str]:
    """Path segments, escapes normalised, with dot, AMP, mirror and index segments gone."""
    r = rules()
    out: list[str] = []
    for raw in _PATH_SESSION.sub("", path).split("/"):
        segment = quote(unquote(raw), safe=_PATH_SAFE)
        if segment in ("", "."):
            continue
        if segment == "..":
            if out:
                out.pop()
            continue
        if segment.lower() == "amp" or segment.lower() in r.mirror_segments:
            continue
        out.append(segment)
    while out:  # x.amp.html -> x.html; a folder's index page -> the folder
        last = _AMP_SUFFIX.sub("", out[-1])
        if last.lower() not in r.index_pages:
            out[-1] = last
            break
        out.pop()
    return out


def _query(query: str) -> list[tuple[str, str]]:
    """The parameters that may name the article, sorted, without trackers and AMP markers."""
    r = rules()
    kept: set[tuple[str, str]] = set()
    for name, value in parse_qsl(query, keep_blank_values=True):
        low = name.lower()
        if not name or low in r.tracking_params or low.startswith(r.tracking_prefixes):
            continue
        amp = r.amp_params.get(low)
        if amp is not None and amp in ("*", value.lower()):
            continue
        kept.add((name, value))
    return sorted(kept)


def _names_an_article(segments: list[str], query: list[tuple[str, str]]) -> bool:
    """Whether the path or a parameter can name one article (lower-cased segments)."""
    r = rules()
    if any(s in r.listing_segments for s in segments):
        return False
    if segments and "." in segments[-1] and segments[-1].rpartition(".")[2] in r.feed_extensions:
        return False
    if any(value and name.lower() in r.id_params for name, value in query):
        return True
    return _dated(segments) or any(_article_like(s) for s in segments)


def _article_like(segment: str) -> bool:
    """A headline slug (three words or more, two of them with letters) or a long number."""
    stem, dot, ext = segment.rpartition(".")
    if dot and stem and ext in rules().article_extensions:
        segment = stem
    words = [w for w in _WORD_SEPARATORS.split(unquote(segment)) if w]
    if len(words) >= 3 and sum(any(c.isalpha() for c in w) for w in words) >= 2:
        return True
    return _LONG_NUMBER.search(segment) is not None


def _dated(segments: list[str]) -> bool:
    """/2024/05/slug or /2024/05/17/slug: a year, a month, maybe a day, then something more
    (a date alone is an archive page)."""
    for i in range(len(segments) - 2):
        if _YEAR.fullmatch(segments[i]) and _MONTH.fullmatch(segments[i + 1]):
            rest = segments[i + 2:]
            if rest and _DAY.fullmatch(rest[0]):
                rest = rest[1:]
            if rest:
                return True
    return False


__all__ = ["UrlRules", "canonical_url", "rules"]
