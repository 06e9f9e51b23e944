"""Score the language layer (actors, entity links, dates, publication) against our gold.

Three sets, all in ``eval/gold/language/``:

* ``sentences.jsonl``: news sentences written for this project, each run through
  ``chronicle.api.annotate``: ``actors`` (mention, country, sector or null), ``dates``
  (text, earliest, latest, precision), optional ``published_expected``, ``same_entity``
  groups and ``distinct_entities`` pairs of mention texts. Gold spans are found in the
  cleaned text by exact, word-bounded surface form (the first occurrence outside earlier
  gold spans, or the one ``occurrence`` names) and compared with the predicted span that
  matches exactly or else overlaps most. ``precision_not`` says what a precision must not be.
* ``headlines.jsonl``: English reports under title-case headlines (a headline alone reads
  as another language), scored for the ``language`` detected, like every sentence and seed.
* ``other_languages.jsonl``: reports in eight other languages with their date expressions
  (text, earliest, latest, precision), read in the detected language; ``language`` checks
  the detection.
* ``seeds.json``: labels for the five shared seeds (entity codes by canonical name,
  aliases that must link to an entity, date and publication expectations). The seeds go
  through the real pipeline (``chronicle.open(tmp).run([seeds])``) and are read back from
  the store, so the score is what a user gets.

Run ``python eval/score_language.py`` for the table and every miss; ``--pin`` raises the
``language`` floors in floors.json and floors.lock.json (never lowers one).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicle.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is not a package
import gate  # noqa: E402

SEEDS_DIR = gate.SEEDS_DIR
GOLD_DIR = gate.EVAL_DIR / "gold" / "language"
SECTION = "language"  # the key of our floors in floors.json / floors.lock.json
SETS = ("sentences", "seeds", "other_languages")
METRICS = ("actor_country", "actor_sector", "actor_span", "linking", "dates", "published",
           "language")
TIME_FIELDS = ("earliest", "latest", "precision", "source")


class Tally(gate.Counts):
    """Hits and totals per metric for one set, and a readable line for every miss."""

    metrics = METRICS


@dataclass
class Annotated:
    """What the pipeline produced for one text, as plain records (from annotate or the store)."""

    text: str
    published: dict[str, Any]
    mentions: list[dict[str, Any]]  # start, end, text, label, country, sector, entity_id ...
    dates: list[dict[str, Any]]  # start, end, text, earliest, latest, precision
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    language: str | None = None  # as detected


# --- Gold -----------------------------------------------------------------------------------


def load_sentences() -> list[dict[str, Any]]:
    text = (GOLD_DIR / "sentences.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_jsonl(name: str) -> list[dict[str, Any]]:
    path = GOLD_DIR / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def load_seed_gold() -> dict[str, Any]:
    return dict(json.loads((GOLD_DIR / "seeds.json").read_text(encoding="utf-8")))


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    pattern = rf"(?<!\w){re.escape(needle)}(?!\w)"
    return [m.span() for m in re.finditer(pattern, text)]


def locate(text: str, gold: list[dict[str, Any]], key: str) -> list[tuple[int, int] | None]:
    """Where each gold item sits: its ``occurrence``, else the first not already claimed."""
    claimed: list[tuple[int, int]] = []
    found: list[tuple[int, int] | None] = []
    for item in gold:
        spans = occurrences(text, item[key])
        if "occurrence" in item:
            spans = spans[item["occurrence"]:item["occurrence"] + 1]
        free = [s for s in spans if not any(s[0] < e and b < s[1] for b, e in claimed)]
        found.append(free[0] if free else None)
        if free:
            claimed.append(free[0])
    return found


def best_match(records: list[dict[str, Any]], span: tuple[int, int]) -> tuple[Any, bool]:
    """The predicted record with this exact span, else the one overlapping it most."""
    start, end = span
    for rec in records:
        if (rec["start"], rec["end"]) == span:
            return rec, True
    overlap = [(min(end, r["end"]) - max(start, r["start"]), r) for r in records]
    overlap = [(n, r) for n, r in overlap if n > 0]
    return (max(overlap, key=lambda x: x[0])[1] if overlap else None), False


# --- Running the pipeline -------------------------------------------------------------------


sentence_config = gate.sentence_config


def annotate_item(item: dict[str, Any], config: Config) -> Annotated:
    from chronicle.api import annotate

    article, linked, dated = annotate(item["text"], published=item.get("published"),
                                      config=config)
    mentions = [dict(start=m.span.start, end=m.span.end, text=m.span.text, label=m.label,
                     country=m.country, sector=m.sector, entity_id=m.entity_id,
                     title=m.title, evidence=m.evidence) for m in linked.mentions]
    dates = [dict(start=s.start, end=s.end, text=s.text, **_time(tv.to_dict()))
             for s, tv in dated]
    entities = {e.id: dict(name=e.name, kind=e.kind, country=e.country, sector=e.sector)
                for e in linked.entities}
    return Annotated(article.text, _time(article.published.to_dict()), mentions, dates,
                     entities, article.language)


def run_seeds(seeds_dir: Path) -> dict[str, Annotated]:
    """Every seed through ``chronicle.open(tmp).run``, read back through store queries."""
    import chronicle.api as api
    from chronicle.store import queries

    with tempfile.TemporaryDirectory() as tmp, api.open(Path(tmp) / "seeds.db",
                                                        Config()) as db:
        db.run([str(seeds_dir)])
        store, articles = db.store, list(queries.iter_articles(db.store))
        by_id = {a["id"]: Path(a["source_path"]).name.split("_")[0] for a in articles}
        out = {by_id[a["id"]]: Annotated(a["text"], _time(a["published"]), [], [],
                                         language=a["language"]) for a in articles}
        for m in queries.iter_mentions(store):
            span = m.pop("span")
            out[by_id[span["article_id"]]].mentions.append({**m, **span})
        for d in queries.iter_dates(store):
            out[by_id[d["span"]["article_id"]]].dates.append({**d["span"], **d["date"]})
        entities = {e["id"]: e for e in queries.iter_entities(store)}
    for ann in out.values():
        ann.entities = entities
    return out


def _time(value: dict[str, Any]) -> dict[str, Any]:
    return {k: value.get(k) for k in TIME_FIELDS}


# --- Scoring --------------------------------------------------------------------------------


def _fmt(rec: dict[str, Any] | None, *keys: str) -> str:
    return "nothing" if rec is None else " ".join(
        f"{k}={rec.get(k)}" for k in keys if rec.get(k) is not None) or "-"


def score_actors(name: str, ann: Annotated, actors: list[dict[str, Any]],
                 tally: Tally) -> list[dict[str, Any] | None]:
    """Country, sector and span of each gold actor; returns the predicted mention of each."""
    predicted: list[dict[str, Any] | None] = []
    for gold, span in zip(actors, locate(ann.text, actors, "mention"), strict=True):
        where = f"{name}: {gold['mention']!r}"
        got, exact = best_match(ann.mentions, span) if span else (None, False)
        predicted.append(got)
        seen = _fmt(got, "text", "label", "country", "sector", "title", "evidence") if span \
            else "not found in the cleaned text"
        tally.add("actor_span", exact, f"{where} predicted span: {seen}")
        tally.add("actor_country", got is not None and got["country"] == gold["country"],
                  f"{where} gold {gold['country']}, got {seen}")
        if gold.get("sector"):
            tally.add("actor_sector", got is not None and got["sector"] == gold["sector"],
                      f"{where} gold {gold['sector']}, got {seen}")
    return predicted


def score_links(name: str, ann: Annotated, item: dict[str, Any],
                predicted: list[dict[str, Any] | None], tally: Tally) -> None:
    """Gold ``same_entity`` groups share one entity; ``distinct_entities`` pairs do not."""
    def ids(text: str) -> set[str | None]:
        return {(p or {}).get("entity_id") for a, p in zip(item["actors"], predicted, strict=True)
                if a["mention"] == text}

    def names(found: list[set[str | None]]) -> str:
        return ", ".join(str(ann.entities.get(i or "", {}).get("name", i)) for s in found
                         for i in sorted(s, key=str))

    for group in item.get("same_entity", []):
        found = [ids(text) for text in group]
        union = set().union(*found)
        ok = None not in union and len(union) == 1
        tally.add("linking", ok, f"{name}: {group} should be one entity, got [{names(found)}]")
    for pair in item.get("distinct_entities", []):
        found = [ids(text) for text in pair]
        ok = all(found) and None not in set().union(*found) and not (found[0] & found[1])
        tally.add("linking", ok, f"{name}: {pair} should be distinct, got [{names(found)}]")


def time_ok(gold: dict[str, Any], got: dict[str, Any] | None) -> bool:
    """Every TimeValue field gold names matches exactly; ``precision_not`` must differ."""
    if "precision_not" in gold and got is not None and got["precision"] == gold["precision_not"]:
        return False
    wanted = [k for k in TIME_FIELDS if k in gold]
    return not wanted or (got is not None and all(got[k] == gold[k] for k in wanted))


def score_dates(name: str, ann: Annotated, dates: list[dict[str, Any]], tally: Tally) -> None:
    for gold, span in zip(dates, locate(ann.text, dates, "text"), strict=True):
        got = best_match(ann.dates, span)[0] if span else None
        want = _fmt(gold, "earliest", "latest", "precision", "precision_not")
        seen = _fmt(got, "text", "earliest", "latest", "precision", "source")
        where = "not in the cleaned text" if span is None else f"gold {want}, got {seen}"
        tally.add("dates", span is not None and time_ok(gold, got), f"{name}: {gold['text']!r} "
                  + where)


def score_published(name: str, ann: Annotated, gold: dict[str, Any] | None,
                    tally: Tally) -> None:
    if gold is not None:
        tally.add("published", time_ok(gold, ann.published),
                  f"{name}: gold {_fmt(gold, *TIME_FIELDS, 'precision_not')}, "
                  f"got {_fmt(ann.published, *TIME_FIELDS)}")


def score_language(name: str, ann: Annotated, want: str, tally: Tally) -> None:
    tally.add("language", ann.language == want, f"{name}: language {want}, detected "
              f"{ann.language}")


def score_sentence(item: dict[str, Any], ann: Annotated, tally: Tally) -> None:
    score_language(item["id"], ann, "en", tally)
    predicted = score_actors(item["id"], ann, item["actors"], tally)
    score_links(item["id"], ann, item, predicted, tally)
    score_dates(item["id"], ann, item["dates"], tally)
    score_published(item["id"], ann, item.get("published_expected"), tally)


def score_seeds(gold: dict[str, Any], anns: dict[str, Annotated], tally: Tally) -> None:
    """Entity codes by canonical name, alias links, and date and publication rules."""
    entities = next(iter(anns.values())).entities if anns else {}
    for seed, ann in sorted(anns.items()):
        score_language(f"seed {seed}", ann, "en", tally)
    _score_seed_entities(gold["entities"], entities, tally)
    for rule in gold["links"]:
        _score_link_rule(rule, anns.get(rule["seed"]), entities, tally)
    for group in gold["same_entity"]:
        found = {t: {m["entity_id"] for a in anns.values() for m in a.mentions if m["text"] == t}
                 for t in group}
        ids = set().union(*found.values())
        ok = all(found.values()) and len(ids) == 1 and None not in ids
        names = [entities.get(i or "", {}).get("name") for i in ids]
        tally.add("linking", ok, f"seeds: {group} should be one entity, got {names}")
    for seed in sorted({d["seed"] for d in gold["dates"]}):
        rules = [d for d in gold["dates"] if d["seed"] == seed]
        if seed in anns:
            score_dates(f"seed {seed}", anns[seed], rules, tally)
        else:
            for rule in rules:
                tally.add("dates", False, f"seed {seed}: no article for {rule['text']!r}")
    for rule in gold["published"]:
        want = {k: v for k, v in rule.items() if k != "seed"}
        ann = anns.get(rule["seed"]) or Annotated("", dict.fromkeys(TIME_FIELDS), [], [])
        score_published(f"seed {rule['seed']}", ann, want, tally)


def _score_seed_entities(wanted: list[dict[str, Any]], entities: dict[str, dict[str, Any]],
                         tally: Tally) -> None:
    """Corpus entities found by canonical name and kind; the most mentioned one wins."""
    by_name: dict[tuple[str, str], dict[str, Any]] = {}
    for e in sorted(entities.values(), key=lambda e: e.get("mentions", 0)):
        by_name[e["name"], e["kind"]] = e
    for want in wanted:
        got = by_name.get((want["name"], want["kind"]))
        seen = _fmt(got, "kind", "country", "sector")
        tally.add("actor_country", got is not None and got["country"] == want["country"],
                  f"entity {want['name']!r} gold {want['country']}, got {seen}")
        if want.get("sector"):
            tally.add("actor_sector", got is not None and got["sector"] == want["sector"],
                      f"entity {want['name']!r} gold {want['sector']}, got {seen}")


def _score_link_rule(rule: dict[str, Any], ann: Annotated | None,
                     entities: dict[str, dict[str, Any]], tally: Tally) -> None:
    """Every mention with this text in this seed links to the named entity (kind, country)."""
    mentions = [m for m in (ann.mentions if ann else []) if m["text"] == rule["mention"]]
    linked = [entities.get(m["entity_id"] or "") for m in mentions]
    ok = bool(mentions) and all(
        e is not None and e["name"] == rule["entity"]
        and all(e[k] == rule[k] for k in ("kind", "country") if k in rule) for e in linked)
    got = sorted({_fmt(e, "name", "kind", "country") for e in linked}) or ["no mention"]
    tally.add("linking", ok, f"seed {rule['seed']}: {rule['mention']!r} -> {rule['entity']!r}"
              f", got {got}")


def evaluate(sets: tuple[str, ...] = SETS) -> dict[str, Tally]:
    """Score the requested sets; the seeds set is left out when the seeds are absent."""
    tallies = {name: Tally() for name in sets}
    if "seeds" in tallies and not SEEDS_DIR.is_dir():
        del tallies["seeds"]
    if "sentences" in tallies:
        config = sentence_config()
        for item in load_sentences():
            score_sentence(item, annotate_item(item, config), tallies["sentences"])
        for item in load_jsonl("headlines.jsonl"):  # title-case headlines on English bodies
            score_language(item["id"], annotate_item(item, config), "en", tallies["sentences"])
    if "seeds" in tallies:
        score_seeds(load_seed_gold(), run_seeds(SEEDS_DIR), tallies["seeds"])
    if "other_languages" in tallies:
        config = sentence_config()
        for item in load_jsonl("other_languages.jsonl"):
            ann = annotate_item(item, config)
            score_language(item["id"], ann, item["language"], tallies["other_languages"])
            score_dates(item["id"], ann, item["dates"], tallies["other_languages"])
    return tallies


# --- Floors and the command line: the ``language`` section, through gate.py ------------------

GATE = gate.Gate(SETS, METRICS, section=SECTION, widths=(16, 11),
                 count=lambda tally, metric: tally.totals[metric], count_width=5)
load_floors, pinned, write_floors, table = (GATE.load_floors, GATE.pinned, GATE.write_floors,
                                            GATE.table)


def main(argv: list[str] | None = None) -> int:
    return GATE.main(argv, evaluate, __doc__)


if __name__ == "__main__":
    sys.exit(main())
