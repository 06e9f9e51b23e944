"""Score the clean stage against the hand-written gold in ``eval/gold/``.

Two kinds of gold (see ``eval/README.md``):

* ``gold/clean/*.json`` label every line of a .txt/.md file (ours or a seed) as title,
  body, caption, blank or ``removed:<reason>``. Scored per line: body and removed
  precision/recall, reason accuracy on lines both sides removed, title accuracy.
* ``gold/clean_text/*.json`` cover HTML, JSONL, feed and WARC records, whose line numbers
  depend on extraction: fragments that must survive in the cleaned body, lines that must
  not be in it, and the expected title.

Every document goes through the real stages (``ingest.read`` -> ``to_article`` -> ``clean``)
so the score is what a user gets. Run ``python eval/score.py`` for the table and the list
of misses; ``--pin`` raises floors to the measured values (never lowers them).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicle.model import Article, RawDocument
from chronicle.pipeline import RunContext
from chronicle.pipeline.clean import clean
from chronicle.pipeline.ingest import read, to_article

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

REPO_DIR, SEEDS_DIR = gate.REPO_DIR, gate.SEEDS_DIR
GOLD_DIR = gate.EVAL_DIR / "gold"
# The floor files and checks, where the gate test reads them (to patch one, patch gate's).
FLOORS_PATH, LOCK_PATH = gate.FLOORS_PATH, gate.LOCK_PATH
below_floor, floor_problems, round_down = gate.below_floor, gate.floor_problems, gate.round_down

SETS = ("seeds", "examples")
METRICS = (
    "body_precision",
    "body_recall",
    "removed_precision",
    "removed_recall",
    "reason_accuracy",
    "title_accuracy",
    "text_body_recall",
    "text_removed_recall",
)
# Pinned by policy, not by measurement: keeping a non-body line as body is tolerable
# only at zero; see floors.json.
FIXED_FLOORS = {"body_precision": 1.0}
BOILERPLATE = ("nav", "share", "comments", "newsletter", "related-links", "masthead", "byline",
               "pagination", "counter")
REASONS = frozenset([*(f"boilerplate:{k}" for k in BOILERPLATE), "repeat", "caption-duplicate"])
LABELS = frozenset({"title", "body", "caption", "blank"} | {f"removed:{r}" for r in REASONS})

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(r"\s+")


def norm(text: str | None) -> str:
    """Compare text the way a reader would: NFC, straight quotes, one space, no heading marks."""
    text = unicodedata.normalize("NFC", text or "").translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().lstrip("#").strip()


@dataclass
class Tally:
    """Counts for one set (seeds or examples) and a readable list of every miss."""

    body_tp: int = 0
    body_fp: int = 0
    body_fn: int = 0
    removed_tp: int = 0
    removed_fp: int = 0
    removed_fn: int = 0
    reason_ok: int = 0
    titles_ok: int = 0
    titles: int = 0
    fragments_ok: int = 0
    fragments: int = 0
    junk_ok: int = 0
    junk: int = 0
    misses: list[str] = field(default_factory=list)

    def scores(self) -> dict[str, float | None]:
        return {
            "body_precision": _ratio(self.body_tp, self.body_tp + self.body_fp),
            "body_recall": _ratio(self.body_tp, self.body_tp + self.body_fn),
            "removed_precision": _ratio(self.removed_tp, self.removed_tp + self.removed_fp),
            "removed_recall": _ratio(self.removed_tp, self.removed_tp + self.removed_fn),
            "reason_accuracy": _ratio(self.reason_ok, self.removed_tp),
            "title_accuracy": _ratio(self.titles_ok, self.titles),
            "text_body_recall": _ratio(self.fragments_ok, self.fragments),
            "text_removed_recall": _ratio(self.junk_ok, self.junk),
        }


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None  # None: the set has nothing of this kind


# --- Loading gold and documents -------------------------------------------------------


def load_gold(kind: str) -> list[dict[str, Any]]:
    """Gold records of one kind (``clean`` or ``clean_text``), each with its file ``name``."""
    out = []
    for path in sorted((GOLD_DIR / kind).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        gold["name"] = path.stem
        out.append(gold)
    return out


def source_path(source: str) -> Path:
    """``seeds/NAME`` lives in the shared seeds folder; anything else is repo-relative."""
    if source.startswith("seeds/"):
        return SEEDS_DIR / source.removeprefix("seeds/")
    return REPO_DIR / source


def set_of(gold: dict[str, Any]) -> str:
    return "seeds" if gold["source"].startswith("seeds/") else "examples"


class Documents:
    """Reads each source file once and hands out its documents by record or url."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self._cache: dict[Path, list[RawDocument]] = {}

    def raw(self, source: str, record: str | None = None, url: str | None = None) -> RawDocument:
        path = source_path(source)
        if path not in self._cache:
            docs = [d for d in read(path, self.ctx) if isinstance(d, RawDocument)]
            self._cache[path] = docs
        for doc in self._cache[path]:
            if (record is None or doc.record == record) and (url is None or doc.url == url):
                return doc
        raise LookupError(f"{source}: no document with record={record!r} url={url!r}")

    def cleaned(self, source: str, record: str | None = None, url: str | None = None) -> Article:
        return clean(to_article(self.raw(source, record, url)), self.ctx)


# --- Scoring ----------------------------------------------------------------------------


def line_label(kind: str, reason: str | None) -> str:
    return f"removed:{reason}" if kind == "removed" else kind


def gold_title(gold: dict[str, Any], raw_lines: list[str]) -> str | None:
    numbers = [int(n) for n, label in gold["lines"].items() if label == "title"]
    return raw_lines[numbers[0] - 1] if numbers and numbers[0] <= len(raw_lines) else None


def score_lines(gold: dict[str, Any], docs: Documents, tally: Tally) -> None:
    """Compare every non-blank gold line with the cleaner's decision for that line."""
    name, seed = gold["name"], set_of(gold) == "seeds"
    article = docs.cleaned(gold["source"])
    raw_lines = article.raw_text.split("\n")
    if len(raw_lines) != len(gold["lines"]):
        tally.misses.append(f"{name}: reader gives {len(raw_lines)} lines, gold has "
                            f"{len(gold['lines'])}")
    predicted = {line.number: line_label(line.kind, line.reason) for line in article.lines}
    for number, want in sorted(gold["lines"].items(), key=lambda item: int(item[0])):
        if want == "blank":
            continue
        got = predicted.get(int(number), "missing")
        if got != want:
            text = "" if seed else f"  {raw_lines[int(number) - 1][:60]!r}"
            tally.misses.append(f"{name}:{number} gold={want} got={got}{text}")
        _count_line(tally, want, got)
    _count_title(tally, name, gold_title(gold, raw_lines), article.title)


def _count_line(tally: Tally, want: str, got: str) -> None:
    if want == "body" or got == "body":
        tally.body_tp += want == got
        tally.body_fp += got == "body" and want != "body"
        tally.body_fn += want == "body" and got != "body"
    want_removed, got_removed = want.startswith("removed:"), got.startswith("removed:")
    tally.removed_tp += want_removed and got_removed
    tally.removed_fp += got_removed and not want_removed
    tally.removed_fn += want_removed and not got_removed
    tally.reason_ok += want_removed and want == got


def _count_title(tally: Tally, name: str, want: str | None, got: str | None) -> None:
    tally.titles += 1
    if norm(want) == norm(got):
        tally.titles_ok += 1
    else:
        tally.misses.append(f"{name}: title gold={norm(want)[:60]!r} got={norm(got)[:60]!r}")


def score_text(gold: dict[str, Any], docs: Documents, tally: Tally) -> None:
    """Fragments that must survive, lines that must go, and the title, for one record."""
    name = gold["name"]
    article = docs.cleaned(gold["source"], gold.get("record"), gold.get("url"))
    body = norm(article.text)
    for fragment in gold["expect_body_contains"]:
        tally.fragments += 1
        if norm(fragment) in body:
            tally.fragments_ok += 1
        else:
            tally.misses.append(f"{name}: body lost {fragment[:60]!r}")
    # The title must not be left in the body as a paragraph of its own.
    unwanted = [*gold["expect_removed"], *gold.get("expect_caption", [])]
    paragraphs = {norm(p) for p in article.paragraphs}
    tally.junk += len(unwanted) + 1
    tally.junk_ok += norm(gold["expect_title"]) not in paragraphs
    if norm(gold["expect_title"]) in paragraphs:
        tally.misses.append(f"{name}: title kept as a body paragraph")
    for junk in unwanted:
        if norm(junk) in body:
            tally.misses.append(f"{name}: body keeps {junk[:60]!r}")
        else:
            tally.junk_ok += 1
    _count_title(tally, name, gold["expect_title"], article.title)


def evaluate(sets: Iterable[str] = SETS, ctx: RunContext | None = None) -> dict[str, Tally]:
    """Score the requested sets; the seeds set is left out when the seeds are absent."""
    docs = Documents(ctx or RunContext())
    tallies = {name: Tally() for name in sets}
    if "seeds" in tallies and not SEEDS_DIR.is_dir():
        del tallies["seeds"]
    for gold in load_gold("clean"):
        if set_of(gold) in tallies:
            score_lines(gold, docs, tallies[set_of(gold)])
    if "examples" in tallies:
        for gold in load_gold("clean_text"):
            score_text(gold, docs, tallies["examples"])
    return tallies


# --- Floors and the command line: gate.py ------------------------------------------------

GATE = gate.Gate(SETS, METRICS, fixed=FIXED_FLOORS)
load_floors, pinned, write_floors, table = (GATE.load_floors, GATE.pinned, GATE.write_floors,
                                            GATE.table)


def main(argv: list[str] | None = None) -> int:
    return GATE.main(argv, evaluate, __doc__)


if __name__ == "__main__":
    sys.exit(main())
