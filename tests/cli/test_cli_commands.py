"""The CLI through Typer's runner: run, export, search, show, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from chronicle.cli import app

STORY = """Coastal states sign fisheries pact

Share this article

Fisheries ministers from Senegal, Mauritania and Gambia signed a pact on Friday to share patrol boats and catch data along their Atlantic coast, officials said.

The agreement creates a joint monitoring centre in Nouakchott that will track foreign trawlers suspected of fishing without licences in the three countries' waters.

"Our fishermen have watched their catches fall for a decade, and no country can police this ocean alone," Senegal's fisheries minister told reporters after the signing ceremony.

Regional exports of fresh fish fell by nearly a third between 2015 and 2023, according to figures released by the three governments last month.

Subscribe to our newsletter
"""

OTHER = """Rail link between Uzbekistan and Kazakhstan reopens

Passenger trains between Tashkent and Shymkent resumed on Monday after a two-year suspension, the national railway companies of Uzbekistan and Kazakhstan said in a joint statement.

The line was closed for repairs to a bridge damaged by floods, and the reopening cuts the journey between the two cities to about four hours.

Officials expect more than 300,000 passengers a year on the route, most of them traders and students travelling between the neighbouring countries.
"""

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "fisheries.txt").write_text(STORY, encoding="utf-8")
    (root / "sub" / "fisheries_copy.txt").write_text(STORY, encoding="utf-8")  # identical text
    syndicated = STORY.replace("officials said", "a spokesman said").replace(
        "Share this article", "Print")
    (root / "sub" / "fisheries_wire.txt").write_text(syndicated, encoding="utf-8")
    (root / "rail.md").write_text(OTHER, encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not a news article")
    (root / "broken.json").write_text('{"title": "unterminated', encoding="utf-8")
    return root


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_run_reports_and_records_bad_input(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    result = invoke("run", corpus, "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    assert "files read" in result.output and "near duplicates" in result.output
    failures = [json.loads(line) for line in
                invoke("export", "failures", "--db", db).stdout.splitlines()]
    reasons = {Path(f["source_path"]).name: f["reason"] for f in failures}
    assert reasons == {"empty.txt": "empty", "image.txt": "binary",
                       "notes.docx": "unknown-extension", "broken.json": "malformed"}

    articles = [json.loads(line) for line in
                invoke("export", "articles", "--db", db).stdout.splitlines()]
    by_name = {Path(a["source_path"]).name: a for a in articles}
    assert set(by_name) == {"fisheries.txt", "fisheries_wire.txt", "rail.md"}
    assert by_name["fisheries.txt"]["status"] == "kept"
    wire = by_name["fisheries_wire.txt"]
    assert (wire["status"], wire["reason"]) == ("duplicate", "near")
    assert wire["duplicate_of"] == by_name["fisheries.txt"]["id"]
    assert by_name["fisheries.txt"]["title"] == "Coastal states sign fisheries pact"
    assert "Share this article" not in by_name["fisheries.txt"]["text"]


def test_rerun_is_a_noop(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    invoke("run", corpus, "--db", db, "-q")
    first = invoke("export", "articles", "--db", db).stdout
    removed = invoke("export", "removed", "--db", db).stdout
    again = invoke("run", corpus / "fisheries.txt", corpus / "rail.md", "--db", db, "-q")
    assert again.exit_code == 0
    assert "already stored" in again.output
    assert invoke("export", "articles", "--db", db).stdout == first
    assert invoke("export", "removed", "--db", db).stdout == removed


def test_identical_copy_is_recorded_as_provenance(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    invoke("run", corpus, "--db", db, "-q")
    articles = [json.loads(x) for x in invoke("export", "articles", "--db", db).stdout.split("\n")
                if x]
    original = next(a for a in articles if a["source_path"].endswith("fisheries.txt"))
    shown = invoke("show", original["id"][:8], "--db", db)
    assert shown.exit_code == 0
    assert "fisheries_copy.txt" in shown.output and "identical" in shown.output
    assert "fisheries_wire.txt" in shown.output and "near" in shown.output
    assert "boilerplate:share" in shown.output
    copies = [json.loads(x) for x in invoke("export", "copies", "--db", db).stdout.split("\n")
              if x]
    assert {(Path(c["source_path"]).name, c["kind"]) for c in copies
            if c["article_id"] == original["id"]} >= {("fisheries_copy.txt", "identical")}
    assert any(Path(c["source_path"]).name == "fisheries_wire.txt" and c["kind"] == "near"
               for c in copies)


def test_nothing_readable_exits_nonzero(corpus: Path, tmp_path: Path) -> None:
    result = invoke("run", corpus / "empty.txt", corpus / "missing.txt", "--db",
                    tmp_path / "c.db", "-q")
    assert result.exit_code == 1
    assert "none of the inputs could be read" in result.output


def test_search_and_export_formats(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    invoke("run", corpus, "--db", db, "-q")
    hits = invoke("search", "patrol boats", "--db", db)
    assert hits.exit_code == 0 and "Coastal states sign fisheries pact" in hits.output
    assert "Rail link" not in hits.output
    assert "stored last were ranked" not in hits.output
    with pytest.MonkeyPatch.context() as patch:
        from chronicle.store import queries

        patch.setattr(queries, "SEARCH_WINDOW", 1)
        windowed = invoke("search", "the", "--db", db)
    assert windowed.exit_code == 0 and "stored last were ranked" in windowed.stderr
    csv_out = invoke("export", "removed", "--db", db, "--format", "csv")
    assert csv_out.stdout.startswith("article_id,line_start,line_end,text,reason")
    target = tmp_path / "articles.parquet"
    assert invoke("export", "articles", "--db", db, "-f", "parquet", "-o", target).exit_code == 0
    assert pq.read_table(target).num_rows == 3


def test_errors_are_one_line(tmp_path: Path) -> None:
    result = invoke("export", "articles", "--db", tmp_path / "nope.db")
    assert result.exit_code == 2
    assert "no database" in result.output and "Traceback" not in result.output
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text(OTHER, encoding="utf-8")
    invoke("run", tmp_path / "a.txt", "--db", db, "-q")
    bad = invoke("show", "zzzz", "--db", db)
    assert bad.exit_code == 2 and "no article, story or entity matches" in bad.output
    assert invoke("export", "nonsense", "--db", db).exit_code == 2


LEADERS = """Regional leaders pledge grain corridor

LUSAKA, March 3, 2023 - Zambian President Hakainde Hichilema and Kenya's William Ruto agreed
on Friday to open a grain corridor through Tanzania, officials said.

Hichilema told reporters in Lusaka that trucks would start moving next month. Former
president Edgar Lungu said the plan came too late. Police said the meeting passed quietly.
"""


@pytest.mark.parametrize(("name", "country", "office"), [
    ("Hakainde Hichilema", "ZMB", "president"), ("William Ruto", "KEN", "president")])
def test_show_and_export_carry_a_leaders_code_and_office_with_its_dates(
        tmp_path: Path, name: str, country: str, office: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "leaders.txt").write_text(LEADERS, encoding="utf-8")
    db = tmp_path / "l.db"
    assert invoke("run", tmp_path / "in", "--db", db, "-q").exit_code == 0
    shown = invoke("show", name, "--db", db)
    assert shown.exit_code == 0 and f"{country} GOV" in shown.output, shown.output
    assert f"{country} {office} (GOV)" in shown.output
    records = [json.loads(line) for line in invoke("export", "entities", "--db", db)
               .output.splitlines() if line.strip()]
    person = next(r for r in records if r["name"] == name)
    assert (person["country"], person["sector"]) == (country, "GOV")
    term = next(o for o in person["offices"] if o["office"] == office)
    assert term["country"] == country and term["start"] and term["start"] < "2023-03-03"
    lungu = next(r for r in records if r["name"] == "Edgar Lungu")
    assert lungu["sector"] == "ELI"  # a former president
    police = next(r for r in records if r["kind"] == "agent" and r["name"] == "police")
    assert police["country"] == "ZMB" and police["sector"] == "COP"


def test_show_story_lists_its_languages(tmp_path: Path) -> None:
    """An English report and a Spanish one of the same quake: one story, two languages."""
    (tmp_path / "en.txt").write_text(
        "Strong quake hits southern Peru\n\nAREQUIPA, January 21, 2025 - A magnitude 6.8 "
        "earthquake struck the Arequipa region of southern Peru on Tuesday, killing at least 27 "
        "people and destroying about 2,000 homes, Peru's civil defence institute said. Chile "
        "and Ecuador offered help as rescuers searched collapsed adobe houses.", encoding="utf-8")
    (tmp_path / "es.txt").write_text(
        "Sismo en el sur del Perú\n\nAREQUIPA, 21 de enero de 2025 - Un sismo de magnitud 6,8 "
        "sacudió el martes la región de Arequipa, en el sur del Perú, y dejó al menos 27 muertos "
        "y unas 2.000 viviendas destruidas. Chile y Ecuador ofrecieron ayuda mientras los "
        "rescatistas buscaban sobrevivientes entre las casas de adobe.", encoding="utf-8")
    db = tmp_path / "c.db"
    assert invoke("run", tmp_path / "en.txt", tmp_path / "es.txt", "--db", db, "-q").exit_code == 0
    stories = [json.loads(x) for x in invoke("export", "stories", "--db", db).stdout.split("\n")
               if x]
    assert len(stories) == 1 and stories[0]["size"] == 2
    shown = invoke("show", stories[0]["id"], "--db", db)
    assert shown.exit_code == 0 and "en, es" in shown.output


def test_timeline_k_gives_the_days_the_articles_name_most(tmp_path: Path) -> None:
    texts = {
        "a.txt": "Port strike ends\n\nLIMA, March 20, 2025 - Dock workers ended the strike "
                 "that began on March 3, 2025 at the port of Callao, the union said. The strike "
                 "had halted exports of copper for more than two weeks.",
        "b.txt": "Callao port reopens\n\nLIMA, March 21, 2025 - Ships left Callao again after "
                 "the strike that started on March 3, 2025 ended, the port authority said. "
                 "Copper exporters said losses would take months to recover.",
        "c.txt": "Copper exports resume\n\nLIMA, March 24, 2025 - Peru's copper exports resumed "
                 "after a port strike that began on March 3, 2025, the mining ministry said on "
                 "Monday, adding that shipments would double this month to clear the backlog.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "c.db"
    assert invoke("run", *[tmp_path / n for n in texts], "--db", db, "-q").exit_code == 0
    shown = invoke("timeline", "--k", "1", "--db", db)
    assert shown.exit_code == 0
    assert "2025-03-03" in shown.output and "3 articles name it" in shown.output
    assert "strike" in shown.output
    assert invoke("timeline", "--k", "0", "--db", db).exit_code == 2


BRIDGE = ("The council of the river town of Orlesk voted on Tuesday to build a footbridge across "
          "the Vesna, ending a decade of arguments over how people on the east bank reach the "
          "market.\n\nThe crossing will cost about four million euros, half of it from a regional "
          "fund, the council's finance officer told a meeting that ran late into the evening.\n\n"
          "Shopkeepers on the west bank have asked for a bridge since the old ferry stopped "
          "running, saying trade fell once customers had to drive around through the industrial "
          "zone.")
BRIDGE_AGAIN = ("The mayor said on Wednesday that residents would be asked to choose between three "
                "designs for the railings and lamps, with a vote held at the library over six "
                "weeks.\n\nWork on the foundations could start before the summer floods if the "
                "regional fund releases its share in time, a town engineer added.")
PAGE_URL = "https://www.orlesk-courier.example/news/2024/03/council-backs-vesna-footbridge"


def test_one_url_is_one_article_and_export_copies_names_the_rule(tmp_path: Path) -> None:
    records = [
        {"url": PAGE_URL + "/?utm_source=newsletter&utm_medium=email",
         "title": "Orlesk council backs Vesna footbridge", "text": BRIDGE},
        {"url": PAGE_URL.replace("www.", "m.") + "/amp?fbclid=IwAR0x",
         "title": "Orlesk council backs Vesna footbridge", "text": BRIDGE_AGAIN},
        # two site roots never merge, whatever they carried
        {"url": "https://www.orlesk-courier.example/", "title": "Rail link", "text": OTHER},
        {"url": "https://orlesk-courier.example/?utm_source=app", "title": "Fisheries",
         "text": STORY},
    ]
    source = tmp_path / "scraped.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = tmp_path / "c.db"
    result = invoke("run", source, "--db", db)
    assert result.exit_code == 0, result.output
    assert "same URL" in result.output
    articles = [json.loads(x) for x in invoke("export", "articles", "--db", db).stdout.splitlines()]
    assert [(a["status"], a["reason"]) for a in articles] == [
        ("kept", None), ("duplicate", "url"), ("kept", None), ("kept", None)]
    assert articles[1]["duplicate_of"] == articles[0]["id"]
    copies = [json.loads(x) for x in invoke("export", "copies", "--db", db).stdout.splitlines()]
    assert [(c["article_id"], c["url"], c["rule"]) for c in copies] == [
        (articles[0]["id"], records[1]["url"], "url")]
    shown = invoke("show", articles[0]["id"][:8], "--db", db)
    assert "(url)" in shown.output


def summary_rows(output: str) -> dict[str, int]:
    """The run summary's rows as label -> count (the table's `│ label │ n │` lines)."""
    rows = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 2 and cells[1].replace(",", "").isdigit():
            rows[cells[0]] = int(cells[1].replace(",", ""))
    return rows


def test_summary_counts_missing_inputs_and_each_dropped_article_once(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "furniture.txt").write_text("Share this article\n\nSubscribe to our newsletter\n",
                                            encoding="utf-8")
    (tmp_path / "note.txt").write_text("Short note.\n\nJust a few words here.\n",
                                       encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = invoke("run", tmp_path / "story.txt", tmp_path / "furniture.txt",
                    tmp_path / "note.txt", tmp_path / "empty.txt", tmp_path / "missing.txt",
                    tmp_path / "gone" / "*.txt", "--db", tmp_path / "c.db", "-q")
    assert result.exit_code == 0, result.output
    rows = summary_rows(result.stdout)
    assert rows["files read"] == 3 and rows["files failed"] == 3  # empty, missing, no match
    assert rows["empty"] == 1 and rows["too-short"] == 1 and rows["missing"] == 2
    assert rows["dropped"] == 2  # the database's count agrees


def test_an_error_is_one_physical_line_with_its_path_verbatim(tmp_path: Path) -> None:
    """Not a terminal: nothing wraps a long message at 80 columns, and a path that looks
    like Rich markup is printed as it is."""
    db = tmp_path / ("a folder with a rather long name " * 4).strip() / "[/bold] [red]x" / "c.db"
    result = invoke("stories", "--db", db)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: no database at {db} (run `chronicle run` first)\n"


@pytest.fixture
def empty_chronicle(tmp_path: Path) -> Path:
    """A chronicle with nothing in it yet, as the store creates one."""
    from chronicle.store import Store

    Store(tmp_path / "empty.db").close()
    return tmp_path / "empty.db"


def one_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.output
    return str(result.stderr)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "gdelt"])
def test_export_into_a_folder_or_a_missing_one_is_one_line(empty_chronicle: Path, fmt: str,
                                                           tmp_path: Path) -> None:
    table = "events" if fmt == "gdelt" else "articles"
    (tmp_path / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    for target in (tmp_path, tmp_path / "missing" / "out", tmp_path / "notes.txt" / "out"):
        line = one_line(invoke("export", table, "--db", empty_chronicle, "-f", fmt, "-o", target))
        assert str(target) in line
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith("empty.db")} == {
        "notes.txt"}


@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-3"])
def test_search_limit_out_of_range_is_one_line(empty_chronicle: Path, limit: str) -> None:
    line = one_line(invoke("search", "harbour", "--db", empty_chronicle, "-n", limit))
    assert "between 1 and" in line and limit in line


def test_watch_refuses_a_negative_interval_in_one_line(empty_chronicle: Path,
                                                       tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    line = one_line(invoke("watch", tmp_path / "in", "--db", empty_chronicle, "--interval",
                           "-1"))
    assert "interval" in line


ESC_NAME = "wire\x1b]0;owned\x07\x1b[2J\x9b31m\x7f\u202e.txt"  # retitle, clear, C1, DEL, bidi


def test_control_characters_from_names_never_reach_the_terminal(tmp_path: Path) -> None:
    """A file name (and the text in it) carrying terminal escapes is printed with them as
    visible text: nothing retitles, clears or recolours the terminal."""
    folder = tmp_path / "in\x1b[31m"
    folder.mkdir()
    (folder / ESC_NAME).write_text(OTHER.replace("Rail link", "Rail\x1b[5m link\r"),
                                   encoding="utf-8")
    db = tmp_path / "c.db"
    outputs = [invoke("run", folder, folder / "gone\x1b[31m.txt", "--db", db)]
    article = json.loads(invoke("export", "articles", "--db", db).stdout.splitlines()[0])
    assert article["source_path"].endswith(ESC_NAME)  # stored as given
    story = json.loads(invoke("export", "stories", "--db", db).stdout.splitlines()[0])
    outputs += [invoke("show", article["id"], "--db", db),
                invoke("show", article["id"], "--db", db, "--raw"),
                invoke("show", story["id"], "--db", db), invoke("stories", "--db", db),
                invoke("search", "trains", "--db", db), invoke("timeline", "--db", db),
                invoke("show", "Uzbekistan", "--db", db),
                invoke("stories", "--db", folder / "x\x1b[2J.db")]
    for result in outputs:
        for char in "\x1b\x07\x9b\x7f\r\u202e":
            assert char not in result.output, (repr(char), result.output)
    assert "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f\\u202e.txt" in outputs[1].output
    assert "in\\x1b[31m" in outputs[0].output and "gone\\x1b[31m.txt" in outputs[0].output
    assert "x\\x1b[2J.db" in outputs[-1].output


@pytest.mark.parametrize(("argv", "told"), [
    (["run", "--bogus"], "No such option: --bogus"),
    (["serve", "--port", "70000"], "'--port'"),
    (["timeline", "--k", "0"], "'--k'"),
    (["nosuch"], "No such command"),
])
def test_a_usage_mistake_is_one_line_and_exit_2(argv: list[str], told: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The console script tells an unknown option or an out-of-range value like every other
    error (Typer's own handler drew a usage box of a dozen lines)."""
    from chronicle.cli import main

    with pytest.raises(SystemExit) as exited:
        main(argv)
    out, errors = capsys.readouterr()
    assert exited.value.code == 2 and out == ""
    assert errors.count("\n") == 1 and errors.startswith("error:") and told in errors


def test_help_and_no_arguments_still_show_help(capsys: pytest.CaptureFixture[str]) -> None:
    from chronicle.cli import main

    for argv in ([], ["stories", "--help"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 0 and "Usage" in capsys.readouterr().out


def test_output_that_cannot_be_written_is_one_line(empty_chronicle: Path, monkeypatch:
                                                   pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A full disk while printing (``> /dev/full``) is told in one line, not a traceback."""
    import errno

    import chronicle.cli as cli

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli, "render_stories", full)
    with pytest.raises(SystemExit) as exited:
        cli.main(["stories", "--db", str(empty_chronicle)])
    errors = capsys.readouterr().err
    assert exited.value.code == 2
    assert errors == "error: cannot write the output: No space left on device\n"
