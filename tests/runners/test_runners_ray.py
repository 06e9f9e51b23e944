"""The Ray runner writes the database the local runner writes.

Fast tests replay worker results computed in this process (``RayRunner.run_with``), so the
driver's logic (copies, dedup after the workers parsed, batches, counts) is checked without
starting Ray; the slow test runs a real local Ray over the example corpus.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Generator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import chronicle
from chronicle.cli import app
from chronicle.config import Config
from chronicle.errors import RunnerError
from chronicle.runners.ray import FileResult, Mapper, RayRunner, import_ray, process_files
from chronicle.store import Store

REPO = Path(__file__).resolve().parents[2]

FERRY = """Ireland and France agree to fund new ferry terminal at Rosslare

ROSSLARE - Ireland and France on Tuesday signed an agreement to fund a new ferry terminal, \
ending two years of dispute over how the crossing between the two countries should be run.

Irish Transport Minister Miriam Tolland said the terminal would open in the spring of 2027 \
and would double the number of daily sailings to Cherbourg. "This is the decision the \
port has waited for," Tolland told reporters after the signing.

France will pay about a third of the 40 million euro cost, the French transport ministry \
said in a statement. The Coastal Workers Union had opposed an earlier design that cut the \
number of berths, arguing that it would lengthen queues for lorries in the summer season.
"""
RAIL = """Upland Railways orders twelve trains to replace ageing fleet

CARDEN - Upland Railways has ordered twelve electric trains from the manufacturer Veltrane, \
the operator announced on Monday, in a deal that replaces carriages built four decades ago.

Chief executive Paolo Renning said passengers on the valley line would see the first new \
trains in service by late next year. The operator said the order was worth 180 million \
euros and would be paid over ten years.

Passenger groups welcomed the order but said fares should not rise to pay for it.
"""
FRENCH = """Le marché couvert de Villebrune rouvre après deux ans de travaux

VILLEBRUNE - Le marché couvert de la ville a rouvert ses portes samedi matin, après deux ans \
de travaux de rénovation qui ont coûté près de huit millions d'euros à la commune.

Les commerçants ont retrouvé leurs étals sous la grande halle, dont la charpente métallique a \
été entièrement restaurée. La maire a salué un lieu de vie essentiel pour le quartier.
"""


def _corpus(root: Path) -> Path:
    """Sorted names make the order: an exact duplicate, a near duplicate in a later batch,
    an identical copy, two unreadable files and a French article."""
    corpus = root / "in"
    corpus.mkdir()
    rewrite = FERRY.replace("ending two years of dispute over", "closing a long row about")
    files = {
        "01_ferry.txt": FERRY,
        "02_ferry_wire.txt": FERRY.replace(" - ", " -- ").replace("vote.", "vote!"),
        "03_rail.txt": RAIL,
        "04_empty.txt": "",
        "05_ferry_rewrite.txt": rewrite,
        "06_rail_copy.txt": RAIL,
        "07_notes.xyz": "not an article",
        "08_marche.txt": FRENCH,
    }
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def _inline(config: Config) -> Mapper:
    """The workers' part, run in this process: what map_files does on Ray."""

    def mapper(paths: list[Path]) -> Generator[FileResult, None, None]:
        yield from process_files(paths, config)

    return mapper


def test_replayed_worker_results_write_the_local_database(
        tmp_path: Path, snapshot: Callable[[Path], dict[str, Any]]) -> None:
    corpus = _corpus(tmp_path)
    config = replace(Config(), batch_size=3)
    for _ in range(2):  # the second run finds everything stored
        with chronicle.open(tmp_path / "local.db", config) as db:
            db.run([str(corpus)])
        with Store(tmp_path / "ray.db") as store:
            RayRunner(store, config).run_with([str(corpus)], _inline(config))
    local, ray = snapshot(tmp_path / "local.db"), snapshot(tmp_path / "ray.db")
    status = {Path(a["source_path"]).name: (a["status"], a["duplicate_of"] is not None)
              for a in local["articles"]}
    assert status["02_ferry_wire.txt"] == status["05_ferry_rewrite.txt"] == ("duplicate", True)
    assert local["runs"][0]["nlp_skipped_not-kept"] == 2  # parsed by a worker, then undone
    assert (local["runs"][1]["unchanged"], local["runs"][1]["identical_copies"]) == (5, 1)
    assert local["copies"] and local["failures"] and local["events"] and local["quotes"]
    for key in local:
        assert ray[key] == local[key], key


def test_missing_extra_names_the_pip_line(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what an absent package looks like
    with pytest.raises(RunnerError, match=r"pip install 'news-chronicle\[ray\]'"):
        import_ray()
    with chronicle.open(tmp_path / "x.db") as db, pytest.raises(RunnerError):
        db.run([str(tmp_path)], runner="ray")
    with chronicle.open(tmp_path / "x.db", readonly=True) as db:
        assert db.store.con.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


def test_unreachable_cluster_fails_fast_with_one_line(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the `ray` extra is not installed")
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with chronicle.open(tmp_path / "x.db") as db, pytest.raises(
            RunnerError, match=f"cannot reach the Ray cluster at ray://127.0.0.1:{port}"):
        db.run([str(tmp_path)], runner="ray", address=f"ray://127.0.0.1:{port}")


@pytest.mark.parametrize(("runner", "address", "message"), [
    ("spark", None, "unknown runner `spark`"),
    ("local", "ray://head:10001", "needs the ray runner"),
])
def test_run_refuses_bad_runner_options(tmp_path: Path, runner: str, address: str | None,
                                        message: str) -> None:
    with chronicle.open(tmp_path / "x.db") as db, pytest.raises(RunnerError, match=message):
        db.run([str(tmp_path)], runner=runner, address=address)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own, on its context
def test_local_ray_writes_the_local_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        snapshot: Callable[[Path], dict[str, Any]]) -> None:
    ray = pytest.importorskip("ray", reason="the `ray` extra is not installed")
    monkeypatch.chdir(REPO)  # relative inputs: workers must resolve them as the driver does
    inputs = ["examples/corpus"]
    config = replace(Config(), workers=2)
    with chronicle.open(tmp_path / "local.db", config) as db:
        db.run(inputs)
    with chronicle.open(tmp_path / "ray.db", config) as db:
        report = db.run(inputs, runner="ray")
    assert not ray.is_initialized()  # the runner shut down the Ray it started
    assert report.processed > 0 and not report.failures
    local, ray_db = snapshot(tmp_path / "local.db"), snapshot(tmp_path / "ray.db")
    assert local["articles"] and local["events"] and local["stories"]
    for key in local:
        assert ray_db[key] == local[key], key


def test_cli_run_passes_the_runner_through(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "x.db"),
                                      "--runner", "spark", "-q"])
    assert result.exit_code == 2
    assert "unknown runner `spark`" in result.output
