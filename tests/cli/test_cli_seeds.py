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
