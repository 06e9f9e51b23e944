"""Score the date timeline against journalists' timelines: the Timeline17 development part.

``../shared/eval-dev/timeline17/`` (read at run time, skipped when absent): real news
(``docs/<folder>__<date>__<id>.txt`` with a ``.meta.json`` publication date) on two topics,
and the journalists' timelines of each (``timelines/<folder>/*.txt``: a ``YYYY-MM-DD`` line,
its summary sentences, a dashed separator). Folders of one topic: ``H1N1_bbc``,
``H1N1_guardian``, ``H1N1_reuters`` are ``h1n1``; ``MJ_bbc`` is ``mj``.

Measure (the news-tls convention, as the README gives it): every document goes through the
real pipeline in one database; for each gold timeline, the days of its topic's articles are
ranked (``pipeline/summarize/datewise.py``), kept inside the gold timeline's first..last
date, and the top k (k = the gold's number of dates) scored with date precision, recall and
F1 against the gold dates; ``date_f1`` is the mean over the timelines.

Run ``python eval/score_timeline.py`` for the table and each timeline's figures; ``--pin``
raises the ``timeline`` floors in floors.json and floors.lock.json (never lowers one).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

TIMELINE17 = gate.REPO_DIR / ".." / "shared" / "eval-dev" / "timeline17"
SECTION = "timeline"
SETS = ("timeline17_dev",)
METRICS = ("date_f1", "date_precision", "date_recall")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Tally(gate.Counts):
    """Mean F1, precision and recall over the gold timelines."""

    metrics = METRICS
    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    n: int = 0

    def add_timeline(self, name: str, p: float, r: float, f: float) -> None:
        self.n += 1
        for metric, value in zip(METRICS, (f, p, r), strict=True):
            self.sums[metric] += value
        self.misses.append(f"{name}: date P {p:.3f} R {r:.3f} F1 {f:.3f}")

    def scores(self) -> dict[str, float | None]:
        return {m: (self.sums[m] / self.n if self.n else None) for m in METRICS}


def topic_of(folder: str) -> str:
    return folder.split("_")[0].lower()


def gold_timelines(root: Path = TIMELINE17) -> list[tuple[str, str, list[str]]]:
    """(name, topic, sorted gold days) for every timeline file."""
    out = []
    for path in sorted((root / "timelines").glob("*/*.txt")):
        days = sorted({line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                       if _DAY.match(line.strip())})
        out.append((f"{path.parent.name}/{path.name}", topic_of(path.parent.name), days))
    return out


def dated_articles(root: Path = TIMELINE17) -> dict[str, list[Any]]:
    """Topic -> the ranking's view of every article, from one real run of the pipeline."""
    import chronicle.api as api
    from chronicle.config import Config
    from chronicle.model import Span, TimeValue
    from chronicle.pipeline.summarize.datewise import DatedArticle
    from chronicle.store import queries

    with tempfile.TemporaryDirectory() as tmp, api.open(Path(tmp) / "t17.db", Config()) as db:
        db.run([str(root / "docs")])
        articles = {a["id"]: a for a in queries.iter_articles(db.store)}
        by_id: dict[str, DatedArticle] = {
            aid: DatedArticle(aid, TimeValue.from_dict(a["published"]))
            for aid, a in articles.items() if a["status"] != "dropped"}
        for d in queries.iter_dates(db.store):
            article = by_id.get(d["span"]["article_id"])
            if article is not None:
                article.days.append((Span(**d["span"]), TimeValue.from_dict(d["date"])))
    topics: dict[str, list[Any]] = defaultdict(list)
    for aid, article in by_id.items():
        folder = Path(articles[aid]["source_path"]).name.split("__")[0]
        topics[topic_of(folder)].append(article)
    return topics


def score(gold: list[str], got: list[str]) -> tuple[float, float, float]:
    hits = len(set(gold) & set(got))
    p = hits / len(got) if got else 0.0
    r = hits / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(sets: tuple[str, ...] = SETS) -> dict[str, Tally]:
    from chronicle.pipeline.summarize.datewise import top_days

    if "timeline17_dev" not in sets or not (TIMELINE17 / "docs").is_dir():
        return {}
    tally = Tally()
    topics = dated_articles()
    for name, topic, days in gold_timelines():
        chosen = top_days(topics.get(topic, []), len(days), days[0], days[-1])
        tally.add_timeline(name, *score(days, [r.day for r in chosen]))
    return {"timeline17_dev": tally}


GATE = gate.Gate(SETS, METRICS, section=SECTION, widths=(16, 14),
                 count=lambda tally, _: tally.n, count_width=3)
load_floors = GATE.load_floors


def main(argv: list[str] | None = None) -> int:
    return GATE.main(argv, evaluate, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
