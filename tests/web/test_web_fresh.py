"""The server reads a database a `chronicle run` may be writing: what a run adds shows on the
next request, cached lookups included (story pages' key entities, the relations picker)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

import chronicle
from chronicle.web import create_app
from chronicle.web.views import Lookups

FISHING = """Chile and Peru sign anchovy fishing accord in Lima

LIMA, June 12 - Chile and Peru signed an accord on Thursday to share anchovy catches off their \
coasts, ending a two-year dispute over quotas, officials in both capitals said.

Chilean fisheries minister Tomas Varela Ortiz said the accord would protect thousands of jobs. \
"This is a good day for the fishermen of both countries," Varela Ortiz told reporters in Lima.

Peru agreed to cut its catch by a tenth, and Chile promised to fund a joint research vessel, \
according to the text released by the Peruvian foreign ministry.
"""


def copy_of(db: Path, to: Path) -> Path:
    with sqlite3.connect(db) as source, sqlite3.connect(to) as target:
        source.backup(target)
    return to


def test_what_a_concurrent_run_adds_shows_on_the_next_request(corpus_db: Path,
                                                                tmp_path: Path) -> None:
    db = copy_of(corpus_db, tmp_path / "live.db")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "fishing.txt").write_text(FISHING, encoding="utf-8")
    with TestClient(create_app(db), base_url="http://localhost") as client:
        story = client.get("/api/stories?limit=1").json()["items"][0]["id"]
        assert client.get(f"/stories/{story}").status_code == 200  # fills the entity lookup
        assert 'value="CHL"' not in client.get("/relations").text  # fills the picker's
        chile = client.get("/api/entities?country=CHL").json()["items"]
        assert chile == []

        with chronicle.open(db) as writer:  # the server's connections stay open meanwhile
            writer.run([str(tmp_path / "new")])

        chile = client.get("/api/entities?country=CHL").json()["items"]
        assert [e["name"] for e in chile] == ["Chile"]
        new = next(s for s in client.get("/api/stories?limit=500").json()["items"]
                   if "anchovy" in s["title"])
        assert chile[0]["id"] in new["key_entities"]
        page = client.get(f"/stories/{new['id']}").text
        assert f'class="chip" href="/entities/{chile[0]["id"]}">Chile</a>' in page
        assert '<option value="CHL"' in client.get("/relations").text


def test_lookups_are_computed_once_per_database_version() -> None:
    version = [1]
    computed: list[int] = []
    lookups = Lookups(lambda: version[0])

    def compute() -> int:
        computed.append(version[0])
        return len(computed)

    assert [lookups.get("x", compute) for _ in range(3)] == [1, 1, 1]
    version[0] = 2  # another connection committed
    assert [lookups.get("x", compute) for _ in range(2)] == [2, 2]
    assert computed == [1, 2]
