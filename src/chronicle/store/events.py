"""Event and quote queries, and the GDELT and PLOVER shapes of an event record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from chronicle.store.db import Store
from chronicle.store.keyset import Key, Order, Page, Source, Where, fetch

_EVENT_SELECT = """
    SELECT e.*, substr(a.text, e.start + 1, e.end - e.start) AS sentence, a.url, a.source_path,
           (SELECT COUNT(*) FROM event_mentions m WHERE m.event_id = e.id) AS n_mentions,
           (SELECT COUNT(DISTINCT m.article_id) FROM event_mentions m
             WHERE m.event_id = e.id) AS n_articles,
           (SELECT COUNT(DISTINCT COALESCE(x.outlet, x.source_path)) FROM event_mentions m
             JOIN articles x ON x.id = m.article_id WHERE m.event_id = e.id) AS n_sources,
           (SELECT m.trigger_start || ':' || m.trigger_end FROM event_mentions m
             WHERE m.event_id = e.id AND m.article_id = e.article_id AND m.start = e.start)
             AS trig
    FROM events e JOIN articles a ON a.id = e.article_id
"""


def event_record(row: Any, text: str | None = None) -> dict[str, Any]:
    trig_start, trig_end = (int(x) for x in (row["trig"] or f"{row['start']}:{row['end']}")
                            .split(":"))
    sentence = row["sentence"]
    offset = trig_start - row["start"]
    return {
        "id": row["id"],
        "source": json.loads(row["source"]), "target": json.loads(row["target"]),
        "cameo": row["cameo"], "root": row["root"], "quad_class": row["quad_class"],
        "goldstein": row["goldstein"], "plover": row["plover"], "mode": row["mode"],
        "negated": bool(row["negated"]), "hypothetical": bool(row["hypothetical"]),
        "future": bool(row["future"]), "reported": bool(row["reported"]),
        "date": json.loads(row["date"]), "location": row["location"],
        "evidence": {"article_id": row["article_id"], "start": row["start"], "end": row["end"],
                     "text": sentence},
        "trigger": {"article_id": row["article_id"], "start": trig_start, "end": trig_end,
                    "text": sentence[offset:offset + trig_end - trig_start]},
        "mentions": row["n_mentions"], "sources": row["n_sources"],
        "articles": row["n_articles"], "confidence": row["confidence"],
        "story_id": row["story_id"], "source_url": row["url"] or row["source_path"],
    }


def one_way(source: str, target: str) -> tuple[str, list[str]]:
    """SQL (and its parameters) for the ids of the events with an actor of country
    ``source`` as source and one of ``target`` as target: one range of ``event_dyads``
    (migration 8)."""
    return "SELECT event_id FROM event_dyads WHERE source = ? AND target = ?", [source, target]


def dyad_events(a: str, b: str) -> tuple[str, list[str]]:
    """SQL (and its parameters) for the ids of the events between countries ``a`` and ``b``,
    either way."""
    there, there_params = one_way(a, b)
    back, back_params = one_way(b, a)
    return f"{there} UNION {back}", there_params + back_params


def actor_filter(store: Store, column: str, value: str) -> str:
    """The condition (one ``?``: ``value``) for events with an actor of that entity id
    (``column`` ``entity_id``) or country, written for how many such events there are (n):
    a common actor's events are met soon along the events' own order, each by one index
    probe; a rare one's are looked up and sorted (walking the order would visit every
    event). Walking wins when n^2 > 50 x all events (a page of 50 is met within N/n x 50)."""
    n = store.con.execute(f"SELECT COUNT(*) FROM event_actors WHERE {column} = ?",
                          (value,)).fetchone()[0]
    total = store.con.execute("SELECT MAX(rowid) FROM events").fetchone()[0] or 0
    if n * n > 50 * total:  # (the roles named, the probe seeks a whole key of either index)
        return (f"EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id"
                f" AND x.role IN ('source', 'target') AND x.{column} = ?)")
    return f"e.id IN (SELECT event_id FROM event_actors WHERE {column} = ?)"


# Earliest day first (undated last), then the order events were stored in: the order of
# their first evidence's article and sentence.
EVENT_ORDER = Order(("COALESCE(e.day, '9999')", "e.rowid"))


def iter_events(store: Store, where: str = "", params: tuple[Any, ...] = ()
                ) -> Iterator[dict[str, Any]]:
    sql = _EVENT_SELECT + (f" WHERE {where}" if where else "") + f" ORDER BY {EVENT_ORDER.by()}"
    for row in store.con.execute(sql, params):
        yield event_record(row)


def page_events(store: Store, where: str = "", params: tuple[Any, ...] = (), *,
                after: Key | None = None, limit: int = 50) -> Page:
    """``iter_events`` a page at a time."""
    return fetch(store.con, Source("events e", "e.rowid", _EVENT_SELECT),
                 [where] if where else [], params, EVENT_ORDER, after, limit, event_record)


QUOTE_ORDER = Order(("q.rowid",))  # the order quotes were stored in: article, then position
_QUOTE_SELECT = (
    "SELECT q.*, substr(a.text, q.start + 1, q.end - q.start) AS quoted,"
    " substr(a.text, q.evidence_start + 1, q.evidence_end - q.evidence_start) AS sentence"
    " FROM quotes q JOIN articles a ON a.id = q.article_id")


def _quote_filters(article: str | None, speaker: str | None, story: str | None,
                   speaker_name: str | None) -> Where:
    return (Where().add(article, "q.article_id = ?").add(speaker, "q.speaker_id = ?")
            # a speaker no entity holds: the name as attributed (ASCII case aside)
            .add(speaker_name, "(q.speaker = ? COLLATE NOCASE OR q.speaker_id = ? COLLATE"
                               " NOCASE)", speaker_name, speaker_name)
            .add(story, "q.article_id IN (SELECT article_id FROM story_members"
                        " WHERE story_id = ?)"))


def iter_quotes(store: Store, *, article: str | None = None, speaker: str | None = None,
                story: str | None = None) -> Iterator[dict[str, Any]]:
    """Quotes in stored order, narrowed (through indexes) to one article, one speaker
    entity id, or the members of one story."""
    filters = _quote_filters(article, speaker, story, None)
    where = f" WHERE {' AND '.join(filters.clauses)}" if filters.clauses else ""
    for row in store.con.execute(f"{_QUOTE_SELECT}{where} ORDER BY {QUOTE_ORDER.by()}",
                                 filters.params):
        yield quote_record(row)


def page_quotes(store: Store, *, article: str | None = None, speaker: str | None = None,
                story: str | None = None, speaker_name: str | None = None,
                after: Key | None = None, limit: int = 50) -> Page:
    """``iter_quotes`` a page at a time; ``speaker_name`` narrows to a speaker as the
    quotes name it (for speakers no entity holds)."""
    where = _quote_filters(article, speaker, story, speaker_name)
    return fetch(store.con, Source("quotes q", "q.rowid", _QUOTE_SELECT), where.clauses,
                 where.params, QUOTE_ORDER, after, limit, quote_record)


def quote_record(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"], "text": row["quoted"], "speaker_id": row["speaker_id"],
        "speaker": row["speaker"], "cue": row["cue"], "direct": bool(row["direct"]),
        "span": {"article_id": row["article_id"], "start": row["start"], "end": row["end"],
                 "text": row["quoted"]},
        "evidence": {"article_id": row["article_id"], "start": row["evidence_start"],
                     "end": row["evidence_end"], "text": row["sentence"]},
    }


GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Code", "Actor1Name",
    "Actor1CountryCode", "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode",
    "Actor2Type1Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode",
    "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "SOURCEURL",
]


def gdelt_row(event: dict[str, Any]) -> dict[str, Any]:
    """GDELT 2.0 event columns that apply. Country codes are ISO alpha-3 (as CAMEO actor
    codes are), including ActionGeo_CountryCode, where GDELT itself uses FIPS."""
    from chronicle.pipeline.entities.gazetteer import lookup

    day = event["date"]["earliest"] if event["date"]["precision"] == "day" else None
    a1 = event["source"][0] if event["source"] else {}
    a2 = event["target"][0] if event["target"] else {}
    place = lookup(event["location"]) if event["location"] else None
    geo_type = {"country": 1, "region": 2, "capital": 4, "city": 4}.get(
        place.kind if place else "", 0)
    return {
        "GLOBALEVENTID": event["id"],
        "SQLDATE": day.replace("-", "") if day else "",
        "MonthYear": day[:7].replace("-", "") if day else "",
        "Year": day[:4] if day else "",
        "Actor1Code": (a1.get("country") or "") + (a1.get("sector") or ""),
        "Actor1Name": a1.get("name", ""), "Actor1CountryCode": a1.get("country") or "",
        "Actor1Type1Code": a1.get("sector") or "",
        "Actor2Code": (a2.get("country") or "") + (a2.get("sector") or ""),
        "Actor2Name": a2.get("name", ""), "Actor2CountryCode": a2.get("country") or "",
        "Actor2Type1Code": a2.get("sector") or "",
        "IsRootEvent": 1, "EventCode": event["cameo"], "EventBaseCode": event["cameo"][:3],
        "EventRootCode": event["root"], "QuadClass": event["quad_class"],
        "GoldsteinScale": event["goldstein"], "NumMentions": event["mentions"],
        "NumSources": event["sources"], "NumArticles": event["articles"],
        "ActionGeo_Type": geo_type, "ActionGeo_FullName": event["location"] or "",
        "ActionGeo_CountryCode": place.code if place else "",
        "SOURCEURL": event["source_url"],
    }


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    def names(actors: list[dict[str, Any]]) -> str:
        return "; ".join(a["name"] for a in actors)

    context = [flag for flag in ("negated", "hypothetical", "future", "reported")
               if event[flag]]
    return {
        "id": event["id"], "date": event["date"]["earliest"]
        if event["date"]["precision"] == "day" else None, "date_range": event["date"],
        "actor": names(event["source"]),
        "actor_country": [a["country"] for a in event["source"]],
        "actor_sector": [a["sector"] for a in event["source"]],
        "recipient": names(event["target"]),
        "recipient_country": [a["country"] for a in event["target"]],
        "recipient_sector": [a["sector"] for a in event["target"]],
        "event": event["plover"], "mode": event["mode"], "context": context,
        "event_text": event["evidence"]["text"], "location": event["location"],
        "cameo": event["cameo"], "source_url": event["source_url"],
    }


def relations(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """Events between two countries per month: counts by quad class and mean Goldstein.

    An event counts for the pair when one side's actors include ``a`` and the other's
    ``b`` (either direction). Its month is known when its date range lies in one month;
    events with a vaguer date are counted under ``"unknown"``.
    """
    a, b = a.upper(), b.upper()
    parts, params = [], []
    for source, target in ((a, b), (b, a)):
        ids, ids_params = one_way(source, target)
        parts.append("SELECT e.id, e.quad_class, e.goldstein, json_extract(e.date, '$.earliest'),"
                     " json_extract(e.date, '$.latest'), ? AS src FROM events e"
                     f" WHERE e.id IN ({ids})")
        params += [source, *ids_params]
    # an event told both ways counts once, for its first row
    rows = store.con.execute(" UNION ".join(parts) + " ORDER BY 1, 6", params)
    months: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for row in rows:
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        month = _month({"earliest": row[3], "latest": row[4]})
        slot = months.setdefault(month, {"month": month, "events": 0, "quad": [0, 0, 0, 0],
                                         "goldstein_sum": 0.0, f"{a}->{b}": 0, f"{b}->{a}": 0})
        slot["events"] += 1
        slot["quad"][row["quad_class"] - 1] += 1
        slot["goldstein_sum"] += row["goldstein"]
        slot[f"{a}->{b}" if row["src"] == a else f"{b}->{a}"] += 1
    out = []
    for month in sorted(months, key=lambda m: (m == "unknown", m)):
        slot = months[month]
        slot["mean_goldstein"] = round(slot.pop("goldstein_sum") / slot["events"], 2)
        slot.update({f"quad{i + 1}": n for i, n in enumerate(slot.pop("quad"))})
        out.append(slot)
    return out


def busiest_pairs(store: Store, k: int) -> list[dict[str, Any]]:
    """The ``k`` pairs of two different actor countries with the most events between them
    (either direction, counted as ``relations`` counts them), most first: ``{"a", "b",
    "events"}`` with ``a`` before ``b``."""
    rows = store.con.execute(
        "SELECT MIN(s.country, t.country) AS a, MAX(s.country, t.country) AS b,"
        " COUNT(DISTINCT s.event_id) AS events"
        " FROM event_actors s"
        " JOIN event_actors t ON t.event_id = s.event_id AND t.role = 'target'"
        " WHERE s.role = 'source' AND s.country != '' AND t.country != ''"
        " AND s.country != t.country"
        " GROUP BY a, b ORDER BY events DESC, a, b LIMIT ?", (k,))
    return [dict(row) for row in rows]


def _month(date: dict[str, Any]) -> str:
    lo, hi = date.get("earliest"), date.get("latest")
    if lo and hi and lo[:7] == hi[:7]:
        return str(lo[:7])
    return "unknown"
