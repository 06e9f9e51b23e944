"""Corpus stages through the local runner: an undated article dated by its story."""

from __future__ import annotations

import json
from pathlib import Path

import chronicle

DATED = {
    "title": "Ghana and Togo open joint border post at Aflao",
    "date": "2025-03-07",
    "outlet": "Accra Daily",
    "text": (
        "ACCRA - Ghana and Togo opened a joint border post at Aflao on March 5, cutting the "
        "time lorries wait to cross between the two countries, the Ghanaian trade ministry "
        "said on Friday.\n\nGhana's Trade Minister Kofi Mensah and his Togolese counterpart "
        "Ama Kodjo inaugurated the post, which lets customs officers of both countries check "
        "goods once instead of twice.\n\nTraders at the crossing said queues of lorries had "
        "stretched for several kilometres before the joint post opened."),
}
UNDATED = (
    "Joint border post opens between Ghana and Togo\n\n"
    "Ghana and Togo opened a joint border post at Aflao on March 5, officials said, cutting "
    "the time lorries wait to cross between the two countries.\n\n"
    "Trade Minister Kofi Mensah and his Togolese counterpart Ama Kodjo inaugurated the post, "
    "where customs officers of both countries now check goods once instead of twice.\n\n"
    "Lorry drivers at the crossing said queues had stretched for several kilometres.\n")


def test_undated_member_takes_bounds_and_a_pinned_day_from_its_story(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a_dated.jsonl").write_text(json.dumps(DATED) + "\n", encoding="utf-8")
    (corpus / "b_undated.txt").write_text(UNDATED, encoding="utf-8")
    with chronicle.open(tmp_path / "x.db") as db:
        db.run([str(corpus)])
        articles = {Path(a["source_path"]).name: a for a in db.articles()}
        dated, undated = articles["a_dated.jsonl"], articles["b_undated.txt"]
        assert dated["story_id"] == undated["story_id"] is not None
        assert undated["published"]["precision"] == "unknown"  # its own date stays honest
        bounds = undated["date_in_story"]
        assert bounds["earliest"] <= "2025-03-07" <= bounds["latest"]
        assert bounds["precision"] != "day"
        march5 = [d for d in db.store.con.execute(
            "SELECT * FROM dates WHERE article_id = ? AND text LIKE 'March 5%'",
            (undated["id"],))]
        assert [(d["earliest"], d["precision"], d["source"]) for d in march5] == [
            ("2025-03-05", "day", "inferred")]


REPORTS = [
    "Ghana and Togo opened a joint border post at Aflao, letting customs officers of both "
    "countries check lorries once. Trade Minister Kofi Mensah said waiting times would fall.",
    "Lorry drivers crossing at Aflao said on Saturday that queues had already shortened since "
    "Ghana and Togo began joint checks. Kofi Mensah visited the crossing with Ama Kodjo.",
    "Importers in Lome welcomed the joint Ghana-Togo post at Aflao, saying goods reached the "
    "port faster. Ama Kodjo promised more scanners for the Togolese side within weeks.",
    "Traders' unions in Ghana asked for longer opening hours at the Aflao joint post with "
    "Togo. Kofi Mensah said the ministries would review the hours next month.",
]


def _report(i: int) -> dict[str, str]:
    return {"title": f"Aflao joint post, report {i + 1}", "date": f"2025-03-{6 + i:02d}",
            "outlet": f"Outlet {i}", "text": REPORTS[i]}


def test_window_members_keeps_the_first_and_the_latest() -> None:
    from chronicle.model import TimeValue
    from chronicle.runners.corpus import window_members
    from chronicle.store.stories import MemberDate

    members = [MemberDate(str(i), "kept", TimeValue(), None) for i in range(10)]
    assert window_members(members, 30) == members
    assert [m.article_id for m in window_members(members, 4)] == ["0", "7", "8", "9"]


def test_a_large_story_is_summarised_from_its_first_and_latest_members(tmp_path: Path) -> None:
    """Refresh cost must not grow with a story: past ``summary_members`` kept members, the
    summary and contradictions read the first member and the latest ones only, while the
    story's dates still cover every member."""
    import dataclasses

    from chronicle.config import Config

    corpus = tmp_path / "in"
    corpus.mkdir()
    lines = [json.dumps(_report(i)) for i in range(len(REPORTS))]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = Config(db=str(tmp_path / "x.db"))
    config = dataclasses.replace(base, stories=dataclasses.replace(base.stories,
                                                                   summary_members=2))
    with chronicle.open(tmp_path / "x.db", config) as db:
        report = db.run([str(corpus)])
        stories = list(db.stories())
        assert len(stories) == 1 and stories[0]["size"] == 4
        ordered = stories[0]["article_ids"]
        cited = {c["article_id"] for item in stories[0]["summary"] for c in item["citations"]}
        assert cited <= {ordered[0], ordered[-1]}
        assert report.stats["stories_refresh_windowed"] >= 1
        assert stories[0]["date"]["first"]["earliest"] == "2025-03-06"
        assert stories[0]["date"]["last"]["latest"] == "2025-03-09"
