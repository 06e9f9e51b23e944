"""Plain text and Markdown readers: the text exactly as the file has it, line for line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from chronicle.model import RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest.decode import Refusal, load_text, repair

# A CommonMark level-1 ATX heading: up to 3 spaces, "#", a space, text, optional closing #s.
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")


def read_txt(path: Path, ctx: RunContext) -> Iterator[RawDocument]:
    text, encoding = _load(path, ctx)
    yield RawDocument(source_path=str(path), text=text, fmt="txt", encoding=encoding)


def read_md(path: Path, ctx: RunContext) -> Iterator[RawDocument]:
    """Markdown keeps its raw text (line numbers refer to the file); a leading ``# Title``
    only fills ``title``. Without one the cleaner decides what the first line is."""
    text, encoding = _load(path, ctx)
    yield RawDocument(
        source_path=str(path), text=text, fmt="md", title=markdown_title(text), encoding=encoding
    )


def markdown_title(text: str) -> str | None:
    """The text of the first non-empty line when it is a level-1 ATX heading."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    match = _ATX_H1.match(first)
    return match.group(1).strip() if match else None


def _load(path: Path, ctx: RunContext) -> tuple[str, str]:
    text, encoding = load_text(path, ctx.config.ingest.max_file_mb)
    text = repair(text)
    if not text.strip():  # only control characters, which repair removes
        raise Refusal("empty", "the file holds no printable text")
    return text, encoding
