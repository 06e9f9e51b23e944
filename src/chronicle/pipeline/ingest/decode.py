"""Bytes to text: size and binary guards, encoding detection, mojibake repair.

Readers raise :class:`Refusal` for a file (or record) they cannot turn into text;
``chronicle.pipeline.ingest.read`` converts it into an ``InputFailure`` so nothing
escapes as an exception.
"""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

import charset_normalizer
import ftfy

MB = 1_000_000
SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
# UTF-8 with a few stray bytes (a truncated copy, two files pasted together) stays UTF-8:
# at most this share of the bytes invalid, and no more of them than valid non-ASCII chars.
_MAX_INVALID_UTF8_SHARE = 0.01
_REPLACEMENT = "\ufffd"

# Checked in this order: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"%PDF-", "PDF document"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "media file"),
)
# Control bytes that legitimately occur in text (tab, newlines, form feed, escape).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
# When charset-normalizer ties, prefer the web's most common legacy encodings
# (WHATWG decodes "latin-1" as windows-1252).
_TIE_PREFERENCE = ("cp1252", "latin_1", "iso8859_15")
# Line separators other than "\n" become spaces, so that ``str.splitlines()`` and
# ``split("\n")`` agree and line numbers match what ``grep -n`` shows.
_ODD_SEPARATORS = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), " ")
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)


class Refusal(Exception):
    """A file or record that cannot become a document: a reason code and a one-line detail."""

    def __init__(self, reason: str, detail: str = "", record: str | None = None) -> None:
        super().__init__(reason, detail, record)
        self.reason, self.detail, self.record = reason, detail, record


def check_size(path: Path, max_mb: float) -> None:
    """Refuse a file over ``max_mb`` from its size on disk, without reading it."""
    try:
        info = path.stat()
    except OSError as exc:
        raise Refusal("unreadable", exc.strerror or str(exc)) from None
    if not stat.S_ISREG(info.st_mode):  # opening a FIFO would block
        raise Refusal("unreadable", "not a regular file")
    size = info.st_size
    if size > max_mb * MB:
        raise Refusal("too-large", f"{size / MB:.1f} MB is over ingest.max_file_mb={max_mb:g}")


def read_bytes(path: Path, max_mb: float) -> bytes:
    """Read a whole file, refusing it (before reading) when it is over ``max_mb``."""
    check_size(path, max_mb)
    limit = int(max_mb * MB)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise Refusal("unreadable", exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise Refusal("too-large", f"more than ingest.max_file_mb={max_mb:g} MB")
    if not data.strip():
        raise Refusal("empty", "the file holds only whitespace" if data else "the file is empty")
    return data


def check_not_binary(data: bytes) -> None:
    """Refuse bytes that are not text (images, archives, executables renamed .txt)."""
    head = data[:SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return  # UTF-16/32 text is full of NUL bytes
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise Refusal("binary", f"starts with a {kind} signature")
    if b"\x00" in head:
        raise Refusal("binary", "contains NUL bytes")
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise Refusal("binary", f"{controls} control bytes in the first {len(head)}")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if Python knows it."""
    match = _DECLARED_CHARSET.search(data[:SNIFF_BYTES])
    return _known_codec(match.group(1).decode("ascii")) if match else None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Bytes to ``(text, encoding)``: BOM, then strict UTF-8, then UTF-8 with a few invalid
    bytes replaced, then a declared charset, then charset-normalizer. UTF-8 goes before the
    declaration because pages often declare Latin-1 while serving UTF-8, and valid UTF-8
    is almost never an accident."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    named = _known_codec(declared)
    if named:
        try:
            return data.decode(named), named
        except UnicodeDecodeError:
            pass
    return _guess(data)


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text spoiled by a few invalid bytes, each replaced by U+FFFD; the encoding says
    how many. Without this, one stray byte sent the whole text to a legacy codec (mojibake)
    or had it refused as binary. Latin-1 text has no valid multi-byte sequences, so it never
    passes."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode("utf-8"))
    valid_wide = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    if invalid > _MAX_INVALID_UTF8_SHARE * len(data) or invalid > valid_wide:
        return None
    return text, f"utf-8 ({invalid} invalid sequence(s) replaced)"


def _guess(data: bytes) -> tuple[str, str]:
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        raise Refusal("binary", "no text encoding fits the bytes")
    best = results[0]
    tied = [m for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    for preferred in _TIE_PREFERENCE:
        for match in tied:
            if preferred in match.could_be_from_charset:
                return data.decode(preferred, errors="replace"), preferred
    return str(best), best.encoding


def repair(text: str) -> str:
    """Normalise newlines and fix mojibake without adding, dropping or merging lines.

    Curly quotes stay curly (``uncurl_quotes=False``); ftfy's own line-break fixing is
    off because it would turn U+2028 into new lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=False)
    return text.translate(_ODD_SEPARATORS)


def load_text(path: Path, max_mb: float, *, html: bool = False) -> tuple[str, str]:
    """Read, guard and decode a text file; returns ``(text, encoding)`` before repair."""
    data = read_bytes(path, max_mb)
    check_not_binary(data)
    text, encoding = decode(data, declared_charset(data) if html else None)
    if not text.strip():
        raise Refusal("empty", "the file holds only whitespace")
    return text, encoding


def clean_field(value: object) -> str | None:
    """A metadata string (title, outlet...) repaired and squeezed onto one line."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(repair(value).split()) or None


def one_line(value: object, limit: int = 200) -> str:
    """An error message fit for ``InputFailure.detail``: one line, bounded length."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
