"""HTML pages to text with trafilatura, one paragraph per line.

Extraction runs in trafilatura's standard mode, keeps tables (rows printed ``| a | b |``)
and repeated lines (``deduplicate=False``): our own cleaner removes leftover boilerplate
and records why, which trafilatura cannot.
"""

from __future__ import annotations

import html as html_entities
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import lxml.html
import trafilatura

from chronicle.model import RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest.decode import Refusal, clean_field, load_text, repair

# Only dates the page states in its markup or URL count as metadata, not dates guessed
# from the body text (which the time stage reads with its own evidence).
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
Mode = Literal["standard", "favor_precision", "favor_recall"]
MODES: tuple[Mode, ...] = ("standard", "favor_precision", "favor_recall")
# trafilatura's extraction mode, read at each call. Standard measures best on our HTML
# gold after the clean stage (token F1 0.986, favor_recall 0.985, favor_precision 0.983:
# ``python eval/score_html.py --modes``): favor_recall adds layout-table mastheads,
# favor_precision drops fact boxes framed by a border.
MODE: Mode = "standard"
_EXTRA_FIELDS = ("author", "description", "hostname", "categories", "tags", "image")
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SEPARATORS = " |-\u2013\u2014\u00b7:/"
_MAX_OUTLET_WORDS = 6
# Elements whose content is never page text: code, fallback for browsers without frames or
# plugins, raw text the parser keeps verbatim (an ``<iframe>`` swallows everything up to
# ``</iframe>``, ``<script>`` tags included). Removed before extraction: trafilatura's
# fallbacks keep such text as a paragraph (a script inside a figure's paragraph, say).
_INERT_TAGS = ("script", "style", "iframe", "frame", "textarea", "template", "object", "embed")
# Markup in a field that should hold text (a JSON "content" holding "<p>...</p>").
_FRAGMENT = re.compile(r"<(?:p|div|br|li|h[1-6]|blockquote)\b[^>]*>", re.IGNORECASE)


def read_html(path: Path, ctx: RunContext) -> Iterator[RawDocument]:
    markup, encoding = load_text(path, ctx.config.ingest.max_file_mb, html=True)
    yield html_document(markup, source_path=str(path), fmt="html", encoding=encoding)


def html_document(
    markup: str,
    *,
    source_path: str,
    fmt: str,
    encoding: str | None = None,
    url: str | None = None,
    record: str | None = None,
) -> RawDocument:
    """Extract one article from a page; raises :class:`Refusal` when no text is found."""
    found = _extract(markup, url)
    text = repair(found.get("text") or "")
    if not text.strip():
        raise Refusal("malformed", "no article text found in HTML", record)
    metadata: dict[str, Any] = {k: found[k] for k in _EXTRA_FIELDS if found.get(k)}
    metadata["extracted_from"] = "html"
    date = found.get("date")
    return RawDocument(
        source_path=source_path,
        text=text,
        fmt=fmt,
        title=clean_field(found.get("title")),
        url=found.get("url") or url,
        outlet=_outlet(found, markup),
        published=date,
        published_source="metadata" if date else "none",
        record=record,
        encoding=encoding,
        metadata=metadata,
    )


def _outlet(found: dict[str, Any], markup: str) -> str | None:
    """The site's name. trafilatura falls back to the host name ("example.co.uk") when no
    tag names the site, though ``<title>Headline - The Site</title>`` usually does."""
    sitename = clean_field(found.get("sitename"))
    if sitename and (" " in sitename or "." not in sitename):
        return sitename
    return _name_in_title_tag(markup, clean_field(found.get("title"))) or sitename


def _name_in_title_tag(markup: str, headline: str | None) -> str | None:
    match = _TITLE_TAG.search(markup[:100_000])
    if not headline or not match:
        return None
    title = clean_field(html_entities.unescape(match.group(1))) or ""
    if title.startswith(headline):
        rest = title[len(headline) :]
    elif title.endswith(headline):
        rest = title[: -len(headline)]
    else:
        return None
    if not rest[:1].isspace() and not rest[-1:].isspace():
        return None  # the headline ran into the name: no separator between them
    name = rest.strip(_SEPARATORS)
    return name if name and len(name.split()) <= _MAX_OUTLET_WORDS else None


def _extract(markup: str, url: str | None) -> dict[str, Any]:
    if not markup.strip():
        return {}
    tree = trafilatura.load_html(markup)
    if tree is None:
        return {}
    _drop_inert(tree)
    found = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
        favor_precision=MODE == "favor_precision",
        favor_recall=MODE == "favor_recall",
    )
    if found is None:
        return {}
    return found if isinstance(found, dict) else found.as_dict()


def _drop_inert(tree: Any) -> None:
    """Remove elements that never hold page text, keeping the text that follows them.
    JSON-LD scripts stay: trafilatura reads dates and authors from them."""
    for element in list(tree.iter(*_INERT_TAGS)):
        kind = (element.get("type") or "").lower()
        if element.tag == "script" and "json" in kind:
            continue
        if element.getparent() is not None:
            element.drop_tree()


def looks_like_html(text: str) -> bool:
    """Whether a text field actually holds block-level HTML markup."""
    return _FRAGMENT.search(text) is not None


def fragment_to_lines(fragment: str) -> str:
    """Flatten an HTML fragment to text, one block element per line, no blank lines."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for unwanted in root.xpath("//script|//style"):
        unwanted.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
