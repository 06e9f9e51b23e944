"""Bad-input catalogue: each bad input is recorded with a reason, the good articles beside it
are stored, the run exits 0, and nothing stored by an earlier run changes.

One database per test: a good corpus is run first and every table snapshotted, then the
catalogue (bad inputs interleaved with new good articles, two items per batch) goes into
the same database through the ``chronicle run`` command.

Choices the assertions document:

- a 50 MB single-line text is read (it is under ``ingest.max_file_mb``) and refused as
  ``too-large`` by ``ingest.max_document_chars``: past the cleaner every stage's cost grows
  with length and spaCy refuses texts over 1M characters (before that limit existed, a
  1.2 MB article crashed the whole run);
- UTF-8 with a few invalid bytes is kept as UTF-8, the bytes replaced by U+FFFD and counted
  in the recorded encoding (before, one stray byte sent the text to a legacy codec, all its
  curly quotes turned to mojibake, or got it refused as binary);
- script, style and iframe content never reaches the text (before, an iframe's fallback
  markup and scripts trafilatura's fallbacks kept could);
- legacy encodings are decoded and recorded; non-English text is stored, flagged by its
  language, and not parsed (``nlp_skipped``);
- a folder without read permission is refused as ``unreadable``, except for root, whom
  permission bits do not stop: as root its files are read, and the test says so. A FIFO is
  refused for everyone, without blocking on it;
- a file name carrying terminal escapes is stored as given and printed with its control
  characters spelled out (before, ``show`` and the run's own lines sent them to the terminal);
- the run summary counts every input that yielded no document as a failed file (before, a
  FIFO or a locked folder the discovery refused was not counted) and each dropped article
  once (before, twice).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from chronicle.cli import app
from chronicle.config import Config, IngestConfig
from chronicle.pipeline.context import RunContext
from chronicle.pipeline.ingest import read

runner = CliRunner()
Snapshot = Callable[[Path], dict[str, Any]]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def article(title: str, *paragraphs: str) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


GOOD = {
    "harbour.txt": article(
        "Dock workers end strike at Port Ellary after wage deal",
        "Dock workers at Port Ellary ended a nine-day strike on Tuesday after the harbour "
        "authority agreed to raise wages by six percent, union leaders said.",
        "The walkout had left more than forty cargo ships waiting offshore and delayed "
        "shipments of grain and fertiliser to inland markets.",
        "Union spokesperson Maren Olafsen said members voted by a large majority to accept "
        "the offer at a meeting late on Monday evening."),
    "rail.md": article(
        "# Valdoria opens rail link to its northern provinces",
        "The government of Valdoria opened a rail line on Friday connecting the capital "
        "Estrel with three northern provinces, cutting travel times by half.",
        "Transport Minister Ilse Brandvold told reporters at the ceremony that the line would "
        "carry passengers and freight and employ about two thousand people.",
        "Construction of the three hundred kilometre line began four years ago and was paid "
        "for partly by a loan from a regional development bank."),
    "floods.txt": article(
        "Floods force thousands from homes along the Sarn river",
        "Heavy rain over the weekend made the Sarn river burst its banks, forcing more than "
        "six thousand people to leave low-lying villages, emergency officials said on Sunday.",
        "Rescue teams used boats to reach families stranded on rooftops, and soldiers set up "
        "shelters in schools on higher ground near the town of Mirrow.",
        "Forecasters warned that more rain was expected and urged residents to stay away from "
        "the swollen river."),
}

LIBRARY = article(
    "Ferncastle library reopens after two years of repairs",
    "The public library in Ferncastle reopened its doors on Saturday after two years of "
    "repairs to its roof and heating, and hundreds of readers queued outside before nine.",
    "Head librarian Corin Mabey said the building now had a children's wing, a room for "
    "local history and space for twelve thousand more books.")
ORCHARD = article(
    "# Late frost damages orchards in the Haldane valley",
    "Growers in the Haldane valley said a late frost last week had destroyed up to half of "
    "the apple blossom in some orchards, raising fears of a poor harvest.",
    "The growers' cooperative asked the agriculture office for emergency loans so that "
    "small farms could pay seasonal pickers later in the year.")
BAKERY = ("Bread prices rise as flour costs climb in Tollbridge. Bakers in Tollbridge raised "
          "the price of a loaf by ten cents this week, blaming the cost of flour and of the "
          "gas that heats their ovens, the bakers' guild said on Wednesday.")
CYCLING = ("Tollbridge council backs new cycle lanes. The council voted to paint protected "
           "cycle lanes on four main streets by the autumn, after a survey found that most "
           "parents wanted safer routes for children riding to school.")
MUSEUM = ("Workers began replacing the leaking glass roof of the Orlin maritime museum on "
          "Monday, and the galleries of ship models will stay closed until the end of June.")
OBSERVATORY = ("Astronomers at the Kestle hill observatory unveiled a restored telescope on "
               "Thursday, a century after it was first installed, and invited school groups "
               "to visit on clear evenings.")
CAFE = article(
    "Café owners in Brisa harbour protest parking rules",
    "Café owners in the harbour district of Brisa complained on Thursday that new parking "
    "rules had cut their takings by a third, and asked the council to think again.",
    "A council spokesman said the rules would be reviewed in the spring, after a survey of "
    "residents and shop owners in the area.")
KITCHEN = article(
    "School kitchens in Amberly switch to local produce",
    "Schools in Amberly will buy vegetables from farms within fifty kilometres from next "
    "term — a change the district’s catering office called “long overdue”.",
    "Parents’ groups welcomed the plan, though some warned that prices could rise in winter "
    "when fewer crops are harvested nearby.")
CYRILLIC = article(
    "Городской совет утвердил ремонт старого моста",
    "Городской совет в среду утвердил план ремонта старого моста через реку, сообщили "
    "представители администрации на пресс-конференции.",
    "Работы начнутся весной и продлятся около двух лет, а движение транспорта по мосту "
    "будет частично перекрыто на всё время ремонта.")
CHOIR = article(
    "Choirs from nine towns meet at the Wendmark festival",
    "More than four hundred singers from nine towns gathered in Wendmark on Sunday for the "
    "annual choir festival, which returned after a three-year break.",
    "Organisers said ticket sales had beaten every earlier year and that next year's "
    "festival would add a competition for youth choirs.")
FERRY = article(
    "Night ferry to the Osterholm islands returns for the summer",
    "The night ferry between Calder quay and the Osterholm islands will sail again from June, "
    "the island council said on Friday, after a two-year pause caused by a shortage of crew.",
    "Islanders had campaigned for the service, saying the last day boat left too early for "
    "workers and students who study on the mainland to get home.")
SCRIPT_NOISE = "var trackingPixel = function(){ return document.cookie; }; adSlot.render('top');"


def html_page(body: str) -> bytes:
    scripts = "".join(f"<script>{SCRIPT_NOISE} /* block {i} */</script>" for i in range(200))
    frames = "".join(f'<iframe src="https://ads.example/{i}">Frame fallback text {i}</iframe>'
                     for i in range(50))
    return (f"<html><head><title>Museum roof repairs begin</title>{scripts}</head><body>"
            f"{frames}<article><h1>Museum roof repairs begin</h1><p>{body}</p>"
            f"<p>{body.replace('Monday', 'the first day of the month')}</p></article>"
            f"{scripts}{frames}</body></html>").encode()


def warc_response(writer: WARCWriter, uri: str, html: str) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        uri, "response", payload=io.BytesIO(html.encode()), http_headers=http))


def truncated_warc() -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    warc_response(writer, "https://kestle.example/telescope",
                  f"<html><body><article><p>{OBSERVATORY}</p><p>{OBSERVATORY}</p>"
                  "</article></body></html>")
    cut = len(buffer.getvalue())
    warc_response(writer, "https://kestle.example/second", "<html><body><p>"
                  + "More news about the hill. " * 400 + "</p></body></html>")
    data = buffer.getvalue()
    return data[: cut + (len(data) - cut) // 2]  # the second record is cut in half


def broken_jsonl() -> bytes:
    lines = [json.dumps({"title": "Bread prices rise", "text": BAKERY}),
             '{"title": "broken", "text": "this line stops in the middle',
             "not json at all",
             json.dumps({"title": "Cycle lanes", "text": CYCLING}),
             json.dumps({"title": "a record without any text"}),
             "[1, 2, 3]"]
    return "\n".join(lines).encode()


def invalid_utf8() -> bytes:
    data = KITCHEN.encode("utf-8")
    cut = data.index(b"vegetables")
    return data[:cut] + b"\xff\xfe " + data[cut:]


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def locked_folder(path: Path) -> None:
    path.mkdir()
    (path / "choir.txt").write_text(CHOIR, encoding="utf-8")
    path.chmod(0)


# name -> bytes, or a function that creates the entry at the path.
CATALOGUE: dict[str, bytes | Callable[[Path], None]] = {
    "a_good_library.txt": LIBRARY.encode(),
    "b_picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "c_empty.txt": b"",
    "d_invalid_utf8.txt": invalid_utf8(),
    "e_latin1.txt": CAFE.encode("latin-1"),
    "f_cyrillic_1251.txt": CYRILLIC.encode("cp1251"),
    "g_truncated.warc.gz": truncated_warc(),
    "h_scripts.html": html_page(MUSEUM),
    "i_broken.jsonl": broken_jsonl(),
    "j_locked": locked_folder,
    "k_pipe.txt": make_fifo,
    "l_long_report.txt": (LIBRARY * 700).encode(),  # ~280k characters of ordinary lines
    "m_good_orchard.md": ORCHARD.encode(),
    "n_escape\x1b]0;owned\x07\x1b[2J\x9b1m.txt": FERRY.encode(),
    "o_furniture.txt": b"Share this article\n\nSubscribe to our newsletter\n",
}
ESCAPE_NAME = next(name for name in CATALOGUE if name.startswith("n_escape"))
CONTROLS = "\x1b\x07\x9b"


def build(folder: Path, items: dict[str, bytes | Callable[[Path], None]]) -> Path:
    folder.mkdir(parents=True)
    for name, content in items.items():
        if callable(content):
            content(folder / name)
        else:
            (folder / name).write_bytes(content)
    return folder


def chronicle(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def jsonl(*args: object) -> list[dict[str, Any]]:
    result = chronicle("export", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line]


# Running counts over every article scored, as (key, count, ...) rows: term document
# frequencies and articles scored. Adding articles must raise them; they may never fall.
COUNTS = {"term_df", "counters"}


def unchanged(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Rows of ``before`` missing from ``after``, per table (empty when nothing changed);
    for a table of running counts, the rows whose key vanished or whose count fell."""
    out = {}
    for table, rows in before.items():
        if table in COUNTS:
            now = {row[0]: row[1:] for row in after.get(table, {})}
            lost = [row for row in rows if row[0] not in now
                    or any(a < b for a, b in zip(now[row[0]], row[1:], strict=True))]
        else:
            lost = list(rows - after.get(table, {}))
        if lost:
            out[table] = lost
    return out


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory, snapshot: Snapshot) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("catalogue")
    db = root / "c.db"
    good = build(root / "good", {k: v.encode() for k, v in GOOD.items()})
    first = chronicle("run", good, "--db", db, "-q")
    assert first.exit_code == 0, first.output
    before = snapshot(db)
    bad = build(root / "bad", CATALOGUE)
    try:
        result = chronicle("run", bad, good, "--db", db, "-q", "--batch-size", "2")
    finally:
        (bad / "j_locked").chmod(0o755)
    articles = jsonl("articles", "--db", db)
    return {
        "db": db, "bad": bad, "result": result, "before": before, "after": snapshot(db),
        "articles": {Path(a["source_path"]).name: a for a in articles},
        "failures": [f | {"name": Path(f["source_path"]).name}
                     for f in jsonl("failures", "--db", db)],
        "raw": {a["id"]: a for a in articles},
    }


def failures_of(outcome: dict[str, Any], name: str) -> list[tuple[str, str | None]]:
    return [(f["reason"], f["record"]) for f in outcome["failures"] if f["name"] == name]


def test_run_exits_zero_and_keeps_everything_stored_before(outcome: dict[str, Any]) -> None:
    assert outcome["result"].exit_code == 0, outcome["result"].output
    assert unchanged(outcome["before"], outcome["after"]) == {}
    assert sum(outcome["after"]["runs"].values()) == 2


def test_good_articles_beside_bad_ones_are_stored(outcome: dict[str, Any]) -> None:
    arts = outcome["articles"]
    for name in ("a_good_library.txt", "m_good_orchard.md", *GOOD):
        assert arts[name]["status"] == "kept", name
    assert "twelve thousand more books" in arts["a_good_library.txt"]["text"]
    assert arts["m_good_orchard.md"]["title"] == "Late frost damages orchards in the Haldane valley"


@pytest.mark.parametrize(("name", "reason"), [
    ("b_picture.txt", "binary"), ("c_empty.txt", "empty"), ("k_pipe.txt", "unreadable"),
    ("l_long_report.txt", "too-large")])
def test_unreadable_files_are_failures_with_reasons(outcome: dict[str, Any], name: str,
                                                     reason: str) -> None:
    assert failures_of(outcome, name) == [(reason, None)]
    assert name not in outcome["articles"]


def test_document_limit_applies_per_record(tmp_path: Path) -> None:
    """A JSONL file under the file limit with one record over ``max_document_chars``: that
    record fails, its neighbours are read."""
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in (BAKERY, BAKERY * 20, CYCLING)),
                    encoding="utf-8")
    ctx = RunContext(config=Config(ingest=IngestConfig(max_document_chars=len(BAKERY) * 10)))
    results = [(type(r).__name__, r.record, getattr(r, "reason", None)) for r in read(path, ctx)]
    assert results == [("RawDocument", "line 1", None), ("InputFailure", "line 2", "too-large"),
                       ("RawDocument", "line 3", None)]


def test_utf8_with_stray_bytes_is_kept_and_flagged(outcome: dict[str, Any]) -> None:
    art = outcome["articles"]["d_invalid_utf8.txt"]
    assert art["status"] == "kept"
    assert "“long overdue”" in art["text"] and "district’s" in art["text"]  # no mojibake
    assert "\ufffd" in art["text"]
    meta = json.loads(_article_column(outcome["db"], art["id"], "metadata"))
    assert meta["encoding"] == "utf-8 (2 invalid sequence(s) replaced)"  # \xff, \xfe


def test_legacy_encodings_are_decoded_and_recorded(outcome: dict[str, Any]) -> None:
    cafe = outcome["articles"]["e_latin1.txt"]
    assert cafe["status"] == "kept" and cafe["title"].startswith("Café owners")
    assert json.loads(_article_column(outcome["db"], cafe["id"], "metadata"))["encoding"] in (
        "cp1252", "iso8859-1", "latin_1")
    cyr = outcome["articles"]["f_cyrillic_1251.txt"]
    assert "утвердил план ремонта" in cyr["text"] and cyr["language"] == "ru"
    meta = json.loads(_article_column(outcome["db"], cyr["id"], "metadata"))
    assert meta["encoding"] == "cp1251" and meta["nlp_skipped"] == "not-english"


def test_truncated_warc_keeps_the_records_before_the_cut(outcome: dict[str, Any]) -> None:
    assert failures_of(outcome, "g_truncated.warc.gz") == [("malformed", "record 2")]
    page = outcome["articles"]["g_truncated.warc.gz"]
    assert page["record"] == "record 1" and "restored telescope" in page["text"]


def test_scripts_and_iframes_never_reach_the_text(outcome: dict[str, Any]) -> None:
    page = outcome["articles"]["h_scripts.html"]
    assert page["status"] == "kept" and "glass roof" in page["text"]
    for noise in ("trackingPixel", "document.cookie", "adSlot", "Frame fallback", "block 1"):
        assert noise not in page["text"] and noise not in (page["title"] or "")


def test_broken_jsonl_lines_fail_one_by_one(outcome: dict[str, Any]) -> None:
    assert failures_of(outcome, "i_broken.jsonl") == [
        ("malformed", "line 2"), ("malformed", "line 3"), ("malformed", "line 5"),
        ("malformed", "line 6")]
    kept = sorted(a["record"] for a in outcome["raw"].values()
                  if Path(a["source_path"]).name == "i_broken.jsonl")
    assert kept == ["line 1", "line 4"]


def test_locked_folder_is_refused_or_read_as_root(outcome: dict[str, Any]) -> None:
    if IS_ROOT:  # permission bits do not stop root: the folder is read like any other
        assert outcome["articles"]["choir.txt"]["status"] == "kept"
        assert failures_of(outcome, "j_locked") == []
    else:
        assert failures_of(outcome, "j_locked") == [("unreadable", None)]
        assert "choir.txt" not in outcome["articles"]


def test_every_failure_has_a_one_line_reason(outcome: dict[str, Any]) -> None:
    assert outcome["failures"]
    for failure in outcome["failures"]:
        assert failure["reason"] and failure["detail"] and "\n" not in failure["detail"]


def _article_column(db: Path, article_id: str, column: str) -> Any:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(f"SELECT {column} FROM articles WHERE id = ?",
                           (article_id,)).fetchone()[0]
    finally:
        con.close()


# --- the two expensive inputs ------------------------------------------------------------


def single_line_50mb(path: Path) -> None:
    words = b"the river council market bridge harvest shipment "
    with path.open("wb") as handle:
        for _ in range(50):  # 50 x 1 MB, never a newline
            handle.write((words * (1_000_000 // len(words) + 1))[:1_000_000])


def gzip_bomb(path: Path) -> None:
    """A .warc.gz of a few hundred kilobytes whose one record inflates past the default
    ``ingest.max_decompressed_mb``."""
    size = int((IngestConfig().max_decompressed_mb + 20) * 1_000_000)
    header = (f"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: urn:blob\r\n"
              f"WARC-Record-ID: <urn:uuid:0>\r\nContent-Type: text/html\r\n"
              f"Content-Length: {size}\r\n\r\n").encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * 1_000_000
    with path.open("wb") as handle:
        handle.write(packer.compress(header))
        for _ in range(size // len(chunk)):
            handle.write(packer.compress(chunk))
        handle.write(packer.flush())


@pytest.mark.slow
def test_huge_line_and_gzip_bomb_are_refused_with_limits(tmp_path: Path,
                                                         snapshot: Snapshot) -> None:
    db = tmp_path / "h.db"
    good = build(tmp_path / "good", {k: v.encode() for k, v in GOOD.items()})
    assert chronicle("run", good, "--db", db, "-q").exit_code == 0
    before = snapshot(db)
    bad = build(tmp_path / "bad", {"a_huge.txt": single_line_50mb, "b_bomb.warc.gz": gzip_bomb,
                                   "c_good.txt": LIBRARY.encode()})
    assert (bad / "b_bomb.warc.gz").stat().st_size < 1_000_000
    result = chronicle("run", bad, "--db", db, "-q", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert unchanged(before, snapshot(db)) == {}
    failures = {Path(f["source_path"]).name: f for f in jsonl("failures", "--db", db)}
    assert failures["a_huge.txt"]["reason"] == "too-large"
    assert "max_document_chars" in failures["a_huge.txt"]["detail"]
    assert failures["b_bomb.warc.gz"]["reason"] == "too-large"
    assert "max_decompressed_mb" in failures["b_bomb.warc.gz"]["detail"]
    stored = {Path(a["source_path"]).name for a in jsonl("articles", "--db", db)}
    assert "c_good.txt" in stored and "a_huge.txt" not in stored



# --- what the run and the read commands print ------------------------------------------


def summary_sections(output: str) -> dict[str, dict[str, int]]:
    """The run summary table as section -> label -> count."""
    sections: dict[str, dict[str, int]] = {}
    current = ""
    for line in output.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) != 2:
            continue
        if not cells[1]:
            current = cells[0]
            sections[current] = {}
        elif cells[1].replace(",", "").isdigit():
            sections.setdefault(current, {})[cells[0]] = int(cells[1].replace(",", ""))
    return sections


def test_summary_counts_each_failed_file_and_dropped_article_once(
        outcome: dict[str, Any]) -> None:
    sections = summary_sections(outcome["result"].stdout)
    this_run = [f for f in outcome["failures"] if f["run_id"] == 2]
    failed_files = {f["source_path"] for f in this_run if f["record"] is None}
    assert sections["inputs"]["files failed"] == len(failed_files)
    dropped = [a for a in outcome["articles"].values() if a["status"] == "dropped"]
    assert [a["source_path"] for a in dropped] == [str(outcome["bad"] / "o_furniture.txt")]
    assert sections["dropped by reason"] == {"empty": 1}


def test_a_name_with_terminal_escapes_is_stored_as_given_and_printed_visibly(
        outcome: dict[str, Any]) -> None:
    art = outcome["articles"][ESCAPE_NAME]
    assert art["status"] == "kept" and art["source_path"] == str(outcome["bad"] / ESCAPE_NAME)
    shown = chronicle("show", art["id"], "--db", outcome["db"])
    assert shown.exit_code == 0, shown.output
    assert "n_escape\\x1b]0;owned\\x07\\x1b[2J\\x9b1m.txt" in shown.output
    for output in (shown.output, outcome["result"].output):
        assert not any(char in output for char in CONTROLS), output
