"""Server-rendered pages: home, story, article, and the API docs page.

Each page links its JSON twin (the /api/ route serving the same dict). Text from articles
is only ever rendered through ``markup.highlight`` or autoescaped template variables.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from chronicle.web import views
from chronicle.web.deps import chronicle_of, lookups, render, with_query
from chronicle.web.markup import Mark
from chronicle.web.paging import Cursor, Limit, page_of

router = APIRouter(include_in_schema=False)
LINE_KINDS = {"t": "title", "b": "body", "c": "caption", "_": "blank", "r": "removed"}
MAX_MEMBERS = 6  # members shown side by side; the rest are listed with links


@router.get("/", response_class=HTMLResponse)
def home(request: Request, limit: Limit = 50, cursor: Cursor = None) -> HTMLResponse:
    data = views.overview(chronicle_of(request), page_of(limit, cursor))
    following = data["stories"]["next"]
    return render(request, "home.html", with_query("/api/overview", limit=limit, cursor=cursor),
                  counts=data["counts"], stories=data["stories"]["items"],
                  key_dates=views.key_dates(chronicle_of(request), KEY_DATES, None, None),
                  next=with_query("/", limit=limit, cursor=following) if following else None)


KEY_DATES = 10  # days on the home page's list of key dates


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    chron = chronicle_of(request)
    record = views.story(chron, story_id)
    members, more = views.story_articles(chron, record, MAX_MEMBERS)
    names = lookups(request).entities(chron)
    marks = story_marks(record)
    return render(
        request, "story.html", f"/api/stories/{record['id']}", story=record,
        members=members, more=more, marks=marks,
        titles={a["id"]: a["title"] or a["source_path"] for a in [*members, *more]},
        numbers={a["id"]: n for n, a in enumerate([*members, *more], start=1)},
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
            ) -> HTMLResponse:
    record = views.article(chronicle_of(request), article_id)
    return render(request, "article.html", f"/api/articles/{record['id']}", article=record,
                  marks=article_marks(record, hl), lines=raw_lines(record))


def article_marks(record: dict[str, Any], hl: str | None) -> list[Mark]:
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
    return marks


def raw_lines(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The raw text line by line with what the cleaner decided, removed lines with a reason."""
    reasons: dict[int, str] = {}
    for span in record.get("removed", []):
        for number in range(span["line_start"], span["line_end"] + 1):
            reasons[number] = span["reason"]
    kinds = record.get("line_kinds") or ""
    out = []
    for number, text in enumerate((record.get("raw_text") or "").split("\n"), start=1):
        kind = LINE_KINDS.get(kinds[number - 1], "body") if number <= len(kinds) else "body"
        if number in reasons and kind != "title":  # only a date glued before it left a title
            kind = "removed"
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
