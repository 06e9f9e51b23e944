"""Issue acceptance for events and quotes, end to end on the shared seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronicle.cli import app

runner = CliRunner()
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> dict:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    db = tmp_path_factory.mktemp("events") / "x.db"
    assert runner.invoke(app, ["run", str(SEEDS), "--db", str(db), "-q"]).exit_code == 0

    def export(table: str, fmt: str = "jsonl") -> str:
        result = runner.invoke(app, ["export", table, "--db", str(db), "--format", fmt])
        assert result.exit_code == 0, result.output
        return result.stdout

    seed_of = {}
    for line in export("articles").splitlines():
        record = json.loads(line)
        seed_of[record["id"]] = Path(record["source_path"]).name[:3]
    events = [json.loads(line) for line in export("events").splitlines()]
    for event in events:
        event["seed"] = seed_of[event["evidence"]["article_id"]]
        event["countries"] = ({a["country"] for a in event["source"]},
                              {a["country"] for a in event["target"]})
    quotes = [json.loads(line) for line in export("quotes").splitlines()]
    return {"events": events, "quotes": quotes, "export": export, "seed_of": seed_of}


def dyad(event: dict) -> set[str]:
    return event["countries"][0] | event["countries"][1]


def find(coded: dict, seeds: set[str], root: str, countries: set[str]) -> list[dict]:
    return [e for e in coded["events"] if e["seed"] in seeds and e["root"] == root
            and countries <= dyad(e)]


def test_meetings_and_visits_of_both_years(coded: dict) -> None:
    assert find(coded, {"000", "001", "003"}, "04", {"RUS", "VNM"}), "2024 visit"
    assert find(coded, {"002", "004"}, "04", {"RUS", "VNM"}), "2021 visit"
    assert all(e["plover"] == "CONSULT" for e in find(coded, {"000", "002"}, "04", set()))


def test_defence_treaty_with_north_korea(coded: dict) -> None:
    treaty = find(coded, {"000", "001", "003"}, "05", {"RUS", "PRK"})
    assert treaty and {e["plover"] for e in treaty} == {"AGREE"}


def test_united_states_criticizes_vietnam(coded: dict) -> None:
    found = [e for e in find(coded, {"001"}, "11", set())
             if e["countries"] == ({"USA"}, {"VNM"})]
    assert found and found[0]["plover"] == "ACCUSE"
    assert found[0]["goldstein"] < 0 and found[0]["quad_class"] == 3


def test_lam_and_putin_sign_agreements(coded: dict) -> None:
    signed = [e for e in find(coded, {"003"}, "05", {"RUS", "VNM"})
              if "sign" in e["trigger"]["text"].lower()]
    assert signed


def test_call_for_review_of_sanctions(coded: dict) -> None:
    calls = [e for e in find(coded, {"003"}, "10", set()) if "RUS" in e["countries"][0]]
    assert calls and calls[0]["plover"] == "REQUEST"


def test_support_that_was_not_received_is_no_support_event(coded: dict) -> None:
    # CAMEO 1.1b3: a negated action is not that action ("did not receive support")
    told = [e for e in coded["events"] if e["seed"] == "003"
            and "did not receive" in e["evidence"]["text"]]
    assert not [e for e in told if e["plover"] == "SUPPORT" or e["negated"]]


def test_every_event_points_to_its_sentence(coded: dict) -> None:
    for event in coded["events"]:
        assert event["trigger"]["text"] and event["trigger"]["text"] in event["evidence"]["text"]
        assert 0 < event["confidence"] <= 1 and event["quad_class"] in {1, 2, 3, 4}


def test_gdelt_and_plover_formats(coded: dict) -> None:
    rows = list(csv.DictReader(io.StringIO(coded["export"]("events", "gdelt")), delimiter="\t"))
    assert len(rows) == len(coded["events"])
    assert {"SQLDATE", "Actor1Code", "EventRootCode", "GoldsteinScale", "NumMentions",
            "SOURCEURL"} <= set(rows[0])
    plover = [json.loads(x) for x in coded["export"]("events", "plover").splitlines()]
    assert {"actor", "recipient", "event", "mode", "context", "event_text", "date",
            "location"} <= set(plover[0])


def test_quotes_have_speakers(coded: dict) -> None:
    by_seed = {}
    for quote in coded["quotes"]:
        by_seed.setdefault(coded["seed_of"][quote["span"]["article_id"]], []).append(quote)
    continued = [q for q in by_seed["000"] if q["cue"] == "continue"]
    assert continued and continued[0]["speaker"] == "Vladimir Putin"
    added = [q for q in by_seed["000"] if q["cue"] == "add"]
    assert added and added[0]["speaker"] == "Nguyen Phu Trong"
    told = [q for q in by_seed["003"] if q["direct"] and q["speaker"] == "To Lam"]
    assert told
