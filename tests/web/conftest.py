"""A database built once per session from examples/corpus plus one hostile article."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")

from fastapi.testclient import TestClient  # noqa: E402

import chronicle  # noqa: E402
from chronicle.web import create_app  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"

# Our own text. Every place an article's words reach a page carries a payload that would run
# if it were ever marked up as it is: the title, the body, a quote's sentence, the outlet, the URL.
HOSTILE = """Dock workers <script>alert(1)</script> strike over pay at Port Aurelia

PORT AURELIA, April 3 - Dock workers at Port Aurelia walked off the job on Thursday in a \
dispute over pay, leaving dozens of container ships waiting offshore, union officials said.

The union posted a statement reading <script>alert(1);window.__xss=1</script> on its website, \
and a second page that showed <img src=x onerror="alert(1);window.__xss=2"> before it was taken \
down by the port authority.

"We will not return until the port authority meets our demands," union leader Marta Ilves told \
reporters, pointing to a leaflet that linked to <a href="javascript:alert(1);window.__xss=3">the \
union's pay claim</a> and a photo.

The port authority said talks with the union would resume on Monday, and that the strike was \
costing the regional economy about $3 million a day in delayed cargo.
"""
HOSTILE_META = {"url": "javascript:alert(1)", "outlet": "<img src=x onerror=alert(1)>",
                "published": "2025-04-03"}


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip("examples/corpus is missing")
    root = tmp_path_factory.mktemp("web")
    inputs = root / "in"
    shutil.copytree(EXAMPLES, inputs / "examples")
    (inputs / "hostile").mkdir()
    (inputs / "hostile" / "dock_strike.txt").write_text(HOSTILE, encoding="utf-8")
    (inputs / "hostile" / "dock_strike.meta.json").write_text(json.dumps(HOSTILE_META),
                                                              encoding="utf-8")
    (inputs / "hostile" / "mirror").mkdir()  # the same text at another path: an identical copy
    (inputs / "hostile" / "mirror" / "dock_strike_copy.txt").write_text(HOSTILE,
                                                                        encoding="utf-8")
    db = root / "web.db"
    with chronicle.open(db) as chron:
        chron.run([str(inputs)])
    return db


@pytest.fixture(scope="session")
def client(corpus_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_db), base_url="http://localhost") as test_client:
        yield test_client


@pytest.fixture(scope="session")
def hostile_id(corpus_db: Path) -> str:
    with chronicle.open(corpus_db, readonly=True) as chron:
        found = [a["id"] for a in chron.articles() if "Port Aurelia" in (a["title"] or "")]
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="session")
def biggest_story(corpus_db: Path) -> dict:
    with chronicle.open(corpus_db, readonly=True) as chron:
        stories = chron.stories()
        if not stories:
            pytest.fail("the example corpus produced no stories")
        best = max(stories, key=lambda s: (len(s["article_ids"]), s["id"]))
        return chron.story(best["id"])
