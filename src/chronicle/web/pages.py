"""Server-rendered pages: home, story, article, and the API docs page.

Each page links its JSON twin (the /api/ route serving the same dict). Text from articles
is only ever rendered through ``markup.highlight`` or autoescaped template variables.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from chronicle.store.queries import SHARED_SHOWN
from chronicle.web import paging, views
from chronicle.web.deps import Section, chronicle_of, lookups, render, with_query
from chronicle.web.markup import Mark
from chronicle.web.paging import Cursor, Limit, Part

router = APIRouter(include_in_schema=False)
LINE_KINDS = {"t": "title", "b": "body", "c": "caption", "_": "blank", "r": "removed"}
MAX_MEMBERS = 6  # members shown side by side; the rest are listed with links


@router.get("/", response_class=HTMLResponse)
def home(request: Request, limit: Limit = 50, cursor: Cursor = None) -> HTMLResponse:
    chron, table = chronicle_of(request), lookups(request)
    data = views.overview(chron, cursor, limit)
    following = data["stories"]["next"]
    return render(request, "home.html", with_query("/api/overview", limit=limit, cursor=cursor),
                  counts=data["counts"], stories=data["stories"]["items"],
                  key_dates=views.key_dates(table, chron, KEY_DATES, None, None),
                  next=with_query("/", limit=limit, cursor=following) if following else None)


KEY_DATES = views.KEY_DATES  # days on the home page's list of key dates


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: Annotated[str, Path(max_length=64)],
          articles: Section = None, events: Section = None, quotes: Section = None,
          conflicts: Section = None) -> HTMLResponse:
    """A story with a page of each long section and a link to each section's next page."""
    chron = chronicle_of(request)
    cursors = {"articles": articles, "events": events, "quotes": quotes,
               "conflicts": conflicts}
    record = views.story(chron, story_id, cursors)
    path = f"/stories/{record['id']}"
    members, more = views.story_articles(chron, record, MAX_MEMBERS, first=articles is None)
    names = lookups(request).entities(chron)
    titles = {a["id"]: a["title"] or a["source_path"] for a in [*members, *more]}
    spans = [c[side]["article_id"] for c in record["conflicts"] for side in ("a", "b")]
    titles |= chron.titles([aid for aid in spans if aid not in titles])
    following = {name: with_query(path, **(cursors | {name: token})) + f"#{name}"
                 for name, token in record["next"].items() if token}
    return render(
        request, "story.html", with_query(f"/api/stories/{record['id']}", **cursors),
        story=record, members=members, more=more, marks=story_marks(record), titles=titles,
        numbers={a["id"]: n for n, a in enumerate([*members, *more], start=1)} if
        articles is None else {}, following=following,
        key_entities=[names[e] for e in record.get("key_entities", []) if e in names])


def story_marks(record: dict[str, Any]) -> dict[str, list[Mark]]:
    """Per member article: the summary's cited spans and the contradicting statements."""
    marks: dict[str, list[Mark]] = {}
    for n, item in enumerate(record.get("summary", []), start=1):
        for span in item.get("citations") or [item["span"]]:
            anchor = f"c-{span['article_id']}-{span['start']}"
            marks.setdefault(span["article_id"], []).append(
                Mark(span["start"], span["end"], "cited", title=f"summary sentence {n}",
                     anchor=anchor))
    for conflict in record.get("conflicts", []):
        values = conflict["values"]
        for span, mine, theirs in ((conflict["a"], values[0], values[1]),
                                   (conflict["b"], values[1], values[0])):
            marks.setdefault(span["article_id"], []).append(
                Mark(span["start"], span["end"], "conflict",
                     title=f"{conflict['fact']}: this says {mine}, another article {theirs}"))
    return marks


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: Annotated[str, Path(max_length=64)],
            hl: Annotated[str | None, Query(pattern=r"^\d{1,9}-\d{1,9}$",
                                            description="A span to highlight")] = None,
            part: Part = None) -> HTMLResponse:
    record = views.article(chronicle_of(request), article_id, part,
                           holding=int(hl.split("-")[0]) if hl else None)
    number, count, path = record["part"]["number"], record["part"]["of"], request.url.path
    parts = {n: with_query(path, part=n, hl=hl) for n in (number - 1, number + 1)
             if 1 <= n <= count}
    return render(request, "article.html",
                  with_query(f"/api/articles/{record['id']}", part=number if count > 1 else None),
                  article=record, marks=article_marks(record, hl), lines=raw_lines(record),
                  shown_shared=SHARED_SHOWN, parts=parts)


def article_marks(record: dict[str, Any], hl: str | None) -> list[Mark]:
    """The marks over the part of the article's text the record holds (offsets from its
    start): mentions, quotes, events and their triggers, and the span ``hl`` cites."""
    marks = [
        Mark(m["span"]["start"], m["span"]["end"], "mention", entity=m["entity_id"],
             title=" ".join(x for x in (m["label"], m.get("country"), m.get("sector")) if x))
        for m in record["mentions"]]
    for q in record["quotes"]:
        marks.append(Mark(q["span"]["start"], q["span"]["end"], "quote",
                          title=f"quote · {q['speaker'] or 'speaker unknown'}"))
    for e in record["events"]:
        label = f"event {e['cameo']} {e['plover'] or ''} · quad {e['quad_class']}"
        marks.append(Mark(e["evidence"]["start"], e["evidence"]["end"], "event", title=label))
        marks.append(Mark(e["trigger"]["start"], e["trigger"]["end"], "trigger"))
    if hl:
        start, end = (int(x) for x in hl.split("-"))
        marks.append(Mark(start, end, "cited", title="the cited span", anchor="cited"))
    offset, length = record["part"]["start"], len(record["text"] or "")
    shifted = (replace(m, start=max(0, m.start - offset), end=min(length, m.end - offset))
               for m in marks)  # a sentence running on into the next part: its share here
    return [m for m in shifted if m.start < m.end]


def raw_lines(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The raw text line by line with what the cleaner decided, removed lines with a reason."""
    reasons: dict[int, str] = {}
    for span in record.get("removed", []):
        for number in range(span["line_start"], span["line_end"] + 1):
            reasons[number] = span["reason"]
    kinds = record.get("line_kinds") or ""
    out: list[dict[str, Any]] = []
    first = record["part"]["lines"][0] if "part" in record else 1
    if not first:
        return out
    for number, text in enumerate((record.get("raw_text") or "").split("\n"), start=first):
        kind = LINE_KINDS.get(kinds[number - 1], "body") if number <= len(kinds) else "body"
        if number in reasons and kind != "title":  # only a date glued before it left a title
            kind = "removed"
        if len(text) > paging.PART_CHARS:  # one line longer than a part: its start
            text = text[:paging.PART_CHARS] + " …"
        out.append({"number": number, "text": text, "kind": kind,
                    "reason": reasons.get(number)})
    return out


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI document (no CDN assets)."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [_parameter(p) for p in op.get("parameters", [])],
            })
    return render(request, "docs.html", "/openapi.json", operations=operations,
                  info=spec.get("info", {}))


def _parameter(param: dict[str, Any]) -> dict[str, Any]:
    schema = param.get("schema", {})
    options = schema.get("anyOf", [schema])
    kinds = [o.get("type") or ",".join(o.get("enum", [])) for o in options if o]
    limits = {k: v for o in options for k, v in o.items()
              if k in {"minimum", "maximum", "pattern", "maxLength", "enum"}}
    return {"name": param["name"], "in": param["in"], "required": param.get("required", False),
            "type": " | ".join(k for k in kinds if k), "limits": limits,
            "description": param.get("description", "")}
