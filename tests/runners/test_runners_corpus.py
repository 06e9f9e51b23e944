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
