"""Plain text and Markdown readers, decoding, and the byte-level guards."""

from __future__ import annotations

from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-* codecs)
import pytest

from chronicle.config import Config, IngestConfig
from chronicle.model import InputFailure, RawDocument
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import read

STORY = (
    "Harbour reopens after storm repairs\n"
    "\n"
    "The port authority said on Tuesday that the northern harbour would reopen to ferries\n"
    "after three weeks of repairs to the sea wall.\n"
    "\n"
    "Related: Ferry timetable changes\n"
)


def read_all(path: Path, ctx: RunContext | None = None) -> list[RawDocument | InputFailure]:
    return list(read(path, ctx or RunContext()))


def read_one(path: Path) -> RawDocument:
    [doc] = read_all(path)
    assert isinstance(doc, RawDocument), doc
    return doc


def failure(path: Path, ctx: RunContext | None = None) -> InputFailure:
    [result] = read_all(path, ctx)
    assert isinstance(result, InputFailure), result
    return result


def test_txt_keeps_every_line_and_sets_no_title(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    doc = read_one(path)
    assert doc.text == STORY
    assert doc.fmt == "txt" and doc.title is None and doc.encoding == "utf-8"
    assert doc.source_path == str(path)


def test_crlf_and_cr_newlines_become_lf_without_losing_lines(tmp_path: Path) -> None:
    path = tmp_path / "windows.TXT"  # extension matched case-insensitively
    path.write_bytes(b"First line\r\n\r\nSecond line\rThird line\r\n")
    doc = read_one(path)
    assert doc.text == "First line\n\nSecond line\nThird line\n"


def test_unicode_line_separators_do_not_add_lines(tmp_path: Path) -> None:
    path = tmp_path / "sep.txt"
    path.write_text("one\u2028still one\x0cand more\nline two\n", encoding="utf-8")
    doc = read_one(path)
    assert doc.text.split("\n") == ["one still one and more", "line two", ""]
    assert doc.text.splitlines() == doc.text.split("\n")[:-1]


def test_md_title_from_atx_heading_keeps_raw_text(tmp_path: Path) -> None:
    text = "\n# Council approves new budget #\n\nThe city council voted 7 to 2 on Monday.\n"
    path = tmp_path / "budget.md"
    path.write_text(text, encoding="utf-8")
    doc = read_one(path)
    assert doc.title == "Council approves new budget"
    assert doc.text == text and doc.fmt == "md"


@pytest.mark.parametrize("first", ["## Second-level heading", "Plain first line", "#NoSpace"])
def test_md_without_h1_has_no_title(tmp_path: Path, first: str) -> None:
    path = tmp_path / "note.md"
    path.write_text(f"{first}\n\nBody text of the note.\n", encoding="utf-8")
    assert read_one(path).title is None


FRENCH = "Le maire a annoncé mercredi que les travaux du théâtre commenceront après l'été."
GERMAN = "Die Straße über die Brücke bleibt wegen Bauarbeiten gesperrt, sagte die Stadt."
SPANISH = "El alcalde anunció el miércoles que las obras comenzarán en junio, después del debate."
QUOTED = "The mayor said \u201cthe bridge reopens in June\u201d \u2013 two weeks late."
RUSSIAN = "Министр заявил в среду, что переговоры о торговом соглашении продолжатся в столице."


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (FRENCH, "latin-1"),
        (GERMAN, "latin-1"),
        (SPANISH, "latin-1"),
        (QUOTED, "cp1252"),
        (RUSSIAN, "cp1251"),
        (FRENCH, "utf-8-sig"),
        (RUSSIAN, "utf-16"),
    ],
)
def test_legacy_encodings_decode_correctly(tmp_path: Path, text: str, codec: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes((text + "\n").encode(codec))
    doc = read_one(path)
    assert doc.text == text + "\n"
    assert doc.encoding


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\nBody line.\n")
    doc = read_one(path)
    assert doc.text == "Headline\nBody line.\n" and doc.encoding == "utf-8-sig"


def test_mojibake_repaired_and_curly_quotes_kept(tmp_path: Path) -> None:
    original = "The minister said: \u201cWe\u2019re ready,\u201d at the caf\u00e9.\nSecond line.\n"
    # What a page shows when UTF-8 bytes are read as Windows-1252 (as browsers do).
    mojibake = original.encode("utf-8").decode("sloppy-windows-1252")
    assert "\u00e2\u20ac\u0153" in mojibake
    path = tmp_path / "mojibake.txt"
    path.write_text(mojibake, encoding="utf-8")
    doc = read_one(path)
    assert doc.text == original  # curly quotes stay curly


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        ("archive.txt", b"PK\x03\x04" + b"\x00" * 64, "binary"),
        ("nul.md", b"Some words\x00\x00\x00 more words", "binary"),
        ("controls.txt", b"ab\x01\x02\x03\x04\x05\x06cd" * 20, "binary"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0 not really", "unknown-extension"),
        ("README", b"no extension at all", "unknown-extension"),
    ],
)
def test_refused_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = failure(path)
    assert result.reason == reason and result.detail
    assert result.source_path == str(path)


def test_too_large_is_refused_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 400_000)  # 2 MB
    ctx = RunContext(config=Config(ingest=IngestConfig(max_file_mb=1.0)))
    result = failure(path, ctx)
    assert result.reason == "too-large" and "max_file_mb" in result.detail
    assert ctx.stats["failed_too-large"] == 1


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Hidden report text.", encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)  # root ignores chmod, so simulate it
    result = failure(path)
    assert result.reason == "unreadable" and "Permission denied" in result.detail


def test_folder_passed_to_read_is_unreadable_not_an_exception(tmp_path: Path) -> None:
    folder = tmp_path / "looks.txt"
    folder.mkdir()
    assert failure(folder).reason == "unreadable"
