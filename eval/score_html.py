"""Score HTML pages end to end (trafilatura, then the clean stage) by token-level F1.

``html_cases/*.html`` are news pages written for this gate: result tables, rates, timetables,
"Label: value" fact boxes, breadcrumbs ("Home | Sport | Football", "Home › Business"),
menus, share bars, related links, newsletters, comments and footers. ``gold/html/NAME.json``
holds, per page, ``source``, ``title`` and ``body``: the article's text as a careful reader
would keep it, one paragraph a line (table rows as ``| cell | cell |``; the headline,
bylines, captions and every piece of site furniture left out).

Each page goes through the real stages (``ingest.read`` -> ``to_article`` -> ``clean``) and
``Article.text`` is compared with the gold body as bags of word tokens (NFKC, casefolded,
``\\w+``), micro-averaged over the pages: precision = shared tokens / tokens kept, recall =
shared tokens / gold tokens (the measure of trafilatura's own evaluation).

``python eval/score_html.py`` prints the table and every page below F1 1.0 with the tokens
it lost and kept in excess; ``--pin`` raises the ``html`` floors; ``--modes`` scores each
trafilatura mode (standard, favor_precision, favor_recall), after extraction alone and
after the clean stage, without touching the floors.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chronicle.pipeline.ingest.html as html_reader
from chronicle.model import RawDocument
from chronicle.pipeline import RunContext
from chronicle.pipeline.clean import clean
from chronicle.pipeline.ingest import read, to_article

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

REPO_DIR = gate.REPO_DIR
CASES_DIR = gate.EVAL_DIR / "html_cases"
GOLD_DIR = gate.EVAL_DIR / "gold" / "html"
SECTION = "html"  # our key in floors.json / floors.lock.json
SETS = ("pages",)
METRICS = ("token_precision", "token_recall", "token_f1")
_WORD = re.compile(r"\w+")
SHOWN_TOKENS = 8  # lost / excess tokens listed per page


def tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


@dataclass
class Tally:
    """Shared, kept and gold tokens over the pages, and a line for every imperfect page."""

    shared: int = 0
    kept: int = 0
    gold: int = 0
    pages: dict[str, float] = field(default_factory=dict)  # page -> its own F1
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, predicted: str, gold: str) -> None:
        got, want = tokens(predicted), tokens(gold)
        shared = sum((got & want).values())
        self.shared += shared
        self.kept += sum(got.values())
        self.gold += sum(want.values())
        self.pages[name] = _f1(shared, sum(got.values()), sum(want.values()))
        if got != want:
            lost = " ".join((want - got).elements())
            excess = " ".join((got - want).elements())
            self.misses.append(f"{name}: f1={self.pages[name]:.3f} lost [{_short(lost)}] "
                               f"excess [{_short(excess)}]")

    def scores(self) -> dict[str, float | None]:
        if not self.gold:
            return dict.fromkeys(METRICS)
        precision = self.shared / self.kept if self.kept else 0.0
        return {"token_precision": precision, "token_recall": self.shared / self.gold,
                "token_f1": _f1(self.shared, self.kept, self.gold)}


def _f1(shared: int, kept: int, gold: int) -> float:
    return 2 * shared / (kept + gold) if kept + gold else 1.0


def _short(words: str) -> str:
    parts = words.split()
    return " ".join(parts[:SHOWN_TOKENS]) + (" ..." if len(parts) > SHOWN_TOKENS else "")


# --- Gold and pages ---------------------------------------------------------------------------


def load_gold() -> list[dict[str, Any]]:
    out = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        gold["name"] = path.stem
        out.append(gold)
    return out


def page(gold: dict[str, Any], ctx: RunContext) -> RawDocument:
    docs = [d for d in read(REPO_DIR / gold["source"], ctx) if isinstance(d, RawDocument)]
    if len(docs) != 1:
        raise LookupError(f"{gold['source']}: {len(docs)} documents, expected 1")
    return docs[0]


@contextmanager
def extraction_mode(mode: html_reader.Mode) -> Iterator[None]:
    """trafilatura's mode for the pages read inside the block."""
    before, html_reader.MODE = html_reader.MODE, mode
    try:
        yield
    finally:
        html_reader.MODE = before


# --- Scoring ----------------------------------------------------------------------------------


def evaluate(sets: tuple[str, ...] = SETS, *, cleaned: bool = True) -> dict[str, Tally]:
    """The ``pages`` set after the clean stage (``cleaned=False``: trafilatura's text as
    extracted, headline included, for comparing modes)."""
    ctx = RunContext()
    tally = Tally()
    for gold in load_gold():
        doc = page(gold, ctx)
        text = clean(to_article(doc), ctx).text if cleaned else doc.text
        tally.add(gold["name"], text, "\n".join(gold["body"]))
    return {"pages": tally} if "pages" in sets else {}


def compare_modes() -> str:
    """F1 (precision / recall) of every trafilatura mode, extracted and cleaned."""
    rows = [f"{'mode':<16}{'extracted: F1 (P / R)':>26}{'cleaned: F1 (P / R)':>26}"]
    for mode in html_reader.MODES:
        cells = ""
        with extraction_mode(mode):
            for cleaned in (False, True):
                s = evaluate(cleaned=cleaned)["pages"].scores()
                cells += (f"{s['token_f1']:>10.3f} ({s['token_precision']:.3f} / "
                          f"{s['token_recall']:.3f})")
        marker = "  <- in use" if mode == html_reader.MODE else ""
        rows.append(f"{mode:<16}{cells}{marker}")
    return "\n".join(rows)


GATE = gate.Gate(SETS, METRICS, section=SECTION, widths=(18, 10))
load_floors = GATE.load_floors


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--modes"]:
        print(compare_modes())
        return 0
    return GATE.main(args, evaluate, __doc__)


if __name__ == "__main__":
    sys.exit(main())
