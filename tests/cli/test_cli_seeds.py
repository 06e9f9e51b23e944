"""Issue acceptance, end to end: `chronicle run` on the shared seeds, then the exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronicle.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def exported(tmp_path_factory, request) -> tuple[dict, dict]:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    db = tmp_path_factory.mktemp("seeds") / "x.db"
    assert runner.invoke(app, ["run", str(seeds), "--db", str(db), "-q"]).exit_code == 0
    articles = {}
    for line in runner.invoke(app, ["export", "articles", "--db", str(db)]).stdout.splitlines():
        record = json.loads(line)
        articles[Path(record["source_path"]).name[:3]] = record
    removed: dict[str, dict[int, str]] = {key: {} for key in articles}
    for line in runner.invoke(app, ["export", "removed", "--db", str(db)]).stdout.splitlines():
        span = json.loads(line)
        key = Path(span["source_path"]).name[:3]
        for number in range(span["line_start"], span["line_end"] + 1):
            removed[key][number] = span["reason"]
    return articles, removed


def nonblank_removed(seeds_line_texts: list[str], removed: dict[int, str]) -> set[int]:
    return {n for n in removed if seeds_line_texts[n - 1].strip()}


def lines_of(article: dict) -> list[str]:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    path = next(seeds.glob(Path(article["source_path"]).name))
    return path.read_text(encoding="utf-8").split("\n")


def test_seed_000_keeps_one_copy_of_seven_paragraphs(exported) -> None:
    articles, removed = exported
    assert len(articles["000"]["text"].split("\n\n")) == 7
    assert nonblank_removed(lines_of(articles["000"]), removed["000"]) == set(range(8, 22))
    assert set(removed["000"].values()) == {"repeat"}


def test_seed_001_headline_once_and_tail_furniture(exported) -> None:
    articles, removed = exported
    text = lines_of(articles["001"])
    assert articles["001"]["title"] == text[0].strip()
    assert articles["001"]["text"].count(text[0].strip()) == 0
    assert removed["001"][3] == removed["001"][9] == "repeat"
    assert nonblank_removed(text, removed["001"]) == {3, 9, 35, 37, 39, 41, 43}
    assert all(removed["001"][n].startswith("boilerplate:") for n in (35, 37, 39, 41, 43))


def test_seed_002_nav_related_links_and_caption(exported) -> None:
    articles, removed = exported
    text = lines_of(articles["002"])
    expected = {1, 2, 3} | {n for n in range(49, 74) if text[n - 1].strip()}
    assert nonblank_removed(text, removed["002"]) == expected
    assert {removed["002"][n] for n in range(52, 72)} == {"boilerplate:related-links"}
    assert articles["002"]["captions"] == [text[8].strip()]
    assert text[8].strip()[:40] not in articles["002"]["text"]


def test_seed_003_masthead_widgets_and_duplicated_caption(exported) -> None:
    articles, removed = exported
    text = lines_of(articles["003"])
    assert nonblank_removed(text, removed["003"]) == {1, 2, 3, 4, 5, 6, 11, 12, 13, 57, 58, 59}
    assert removed["003"][11] == "caption-duplicate"
    assert {removed["003"][n] for n in range(1, 7)} == {"boilerplate:masthead"}
    assert articles["003"]["title"] == text[7].strip()


def test_no_body_sentence_of_any_seed_is_removed(exported) -> None:
    articles, removed = exported
    for key, article in articles.items():
        text = lines_of(article)
        kept = article["text"] + "\n" + "\n".join(article["captions"]) + (article["title"] or "")
        for number, line in enumerate(text, start=1):
            sentence_like = len(line.split()) >= 12 and line.rstrip()[-1:] in ".\"”'"
            if sentence_like and number not in removed[key]:
                assert line.strip() in kept, (key, number)
            if sentence_like and number in removed[key]:
                assert removed[key][number] in {"repeat", "caption-duplicate"}, (key, number)


# --- language layer -----------------------------------------------------------------


@pytest.fixture(scope="module")
def language(tmp_path_factory) -> dict:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    db = tmp_path_factory.mktemp("lang") / "x.db"
    assert runner.invoke(app, ["run", str(seeds), "--db", str(db), "-q"]).exit_code == 0

    def export(table: str) -> list[dict]:
        out = runner.invoke(app, ["export", table, "--db", str(db)]).stdout
        return [json.loads(line) for line in out.splitlines()]

    articles = {a["id"]: Path(a["source_path"]).name[:3] for a in export("articles")}
    return {"db": db, "entities": export("entities"), "mentions": export("mentions"),
            "dates": export("dates"), "articles": export("articles"), "seed_of": articles}


def entity(language: dict, name: str) -> dict:
    found = [e for e in language["entities"] if e["name"] == name]
    assert len(found) == 1, (name, [e["name"] for e in language["entities"]])
    return found[0]


@pytest.mark.parametrize(("name", "code"), [
    ("Vladimir Putin", ("RUS", "GOV")), ("To Lam", ("VNM", "GOV")),
    ("Nguyen Xuan Phuc", ("VNM", "GOV")), ("Nguyen Phu Trong", ("VNM", "PTY")),
    ("Kim Jong Un", ("PRK", "GOV")), ("Dang Minh Khoi", ("VNM", "GOV")),
])
def test_seed_actor_codes(language: dict, name: str, code: tuple[str, str]) -> None:
    found = entity(language, name)
    assert (found["country"], found["sector"]) == code


def test_seed_short_references_attach_to_the_right_person(language: dict) -> None:
    phuc, trong = entity(language, "Nguyen Xuan Phuc"), entity(language, "Nguyen Phu Trong")
    assert phuc["id"] != trong["id"]
    linked = {(language["seed_of"][m["span"]["article_id"]], m["span"]["text"], m["entity_id"])
              for m in language["mentions"]}
    assert ("002", "Nguyen", phuc["id"]) in linked
    assert ("002", "Nguyen", trong["id"]) not in linked
    assert ("004", "Phuc", phuc["id"]) in linked
    lam = entity(language, "To Lam")
    assert {("001", "Lam", lam["id"]), ("003", "Lam", lam["id"])} <= linked
    assert {"Kim Jong-un", "Kim Jong Un"} <= set(entity(language, "Kim Jong Un")["aliases"])


def test_seed_places_and_spelling_variants(language: dict) -> None:
    vietnam = entity(language, "Vietnam")
    assert vietnam["country"] == "VNM" and {"Viet Nam", "Vietnam"} <= set(vietnam["aliases"])
    moscow = entity(language, "Moscow")
    assert moscow["country"] == "RUS" and "Moskva" in moscow["aliases"]


def test_seed_publication_dates(language: dict) -> None:
    published = {language["seed_of"][a["id"]]: a["published"] for a in language["articles"]}
    assert (published["004"]["earliest"], published["004"]["latest"],
            published["004"]["precision"]) == ("2021-12-03", "2021-12-03", "day")
    assert published["003"]["latest"] == "2024-09-08"
    assert published["003"]["precision"] != "day"
    for key in ("000", "001"):
        assert published[key]["precision"] != "day"


def test_seed_002_talks_on_tuesday(language: dict) -> None:
    tuesday = [d["date"] for d in language["dates"]
               if language["seed_of"][d["span"]["article_id"]] == "002"
               and d["span"]["text"].endswith("Tuesday")]
    assert tuesday and all((d["earliest"], d["latest"], d["precision"]) ==
                           ("2021-11-30", "2021-11-30", "day") for d in tuesday)


def test_show_entity_prints_aliases_code_and_mentions(language: dict) -> None:
    out = runner.invoke(app, ["show", "Nguyen Phu Trong", "--db", str(language["db"])])
    assert out.exit_code == 0
    assert "VNM PTY" in out.output and "mention(s)" in out.output
