"""Browsing pages: article and entity lists, an entity, events, relations, search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from chronicle.web import views
from chronicle.web.deps import (
    HEX,
    SEARCH_Q,
    Country,
    Day,
    Dyad,
    Section,
    Status,
    StoryId,
    chronicle_of,
    lookups,
    render,
    with_query,
)
from chronicle.web.errors import BadParameter
from chronicle.web.paging import CODE_PATTERN, Cursor, Limit, decode, keyed, paginate, parse_dyad

router = APIRouter(include_in_schema=False)


def _next(path: str, result: dict[str, Any], **params: Any) -> str | None:
    return with_query(path, **params, cursor=result["next"]) if result["next"] else None


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, status: Status | None = None, limit: Limit = 50,
             cursor: Cursor = None) -> HTMLResponse:
    result = views.articles(chronicle_of(request), status, cursor, limit)
    return render(request, "articles.html", with_query("/api/articles", status=status,
                                                        limit=limit, cursor=cursor),
                  result=result, status=status,
                  next=_next("/articles", result, status=status, limit=limit))


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, kind: Annotated[str | None, Query(max_length=20)] = None,
             country: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
             limit: Limit = 100, cursor: Cursor = None) -> HTMLResponse:
    result = views.entities(chronicle_of(request), kind, country, cursor, limit)
    params = {"kind": kind, "country": country, "limit": limit}
    return render(request, "entities.html", with_query("/api/entities", **params, cursor=cursor),
                  result=result, kind=kind, country=country,
                  next=_next("/entities", result, **params))


@router.get("/entities/{ident}", response_class=HTMLResponse)
def entity(request: Request, ident: Annotated[str, Path(max_length=200)],
           mentions: Section = None, events: Section = None, quotes: Section = None
           ) -> HTMLResponse:
    """An entity with a page of its mentions, events and quotes, each with a next link."""
    cursors = {"mentions": mentions, "events": events, "quotes": quotes}
    record = views.entity(chronicle_of(request), ident, cursors)
    path = f"/entities/{record['id']}"
    following = {name: with_query(path, **(cursors | {name: token})) + f"#{name}"
                 for name, token in record["next"].items() if token}
    return render(request, "entity.html",
                  with_query(f"/api/entities/{record['id']}", **cursors), entity=record,
                  mentions=record["mentions_list"], following=following,
                  as_source=[e for e in record["events"] if e["role"] == "source"],
                  as_target=[e for e in record["events"] if e["role"] == "target"])


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request, dyad: Dyad = None,
    actor: Annotated[str | None, Query(pattern=HEX)] = None,
    country: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    story: StoryId = None, since: Day = None, until: Day = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> HTMLResponse:
    params = {"dyad": dyad, "actor": actor, "country": country, "quad_class": quad_class,
              "story": story, "since": since, "until": until}
    with keyed():
        result = paginate(chronicle_of(request).events_page(
            dyad=parse_dyad(dyad), actor=actor and actor.lower(), country=country,
            quad_class=quad_class, story=story and story.lower(), since=since, until=until,
            after=decode(cursor), limit=limit))
    return render(request, "events.html", with_query("/api/events", **params, limit=limit,
                                                      cursor=cursor),
                  result=result, params=params,
                  next=_next("/events", result, **params, limit=limit))


@router.get("/relations", response_class=HTMLResponse)
def relations(request: Request, a: Country = None, b: Country = None) -> HTMLResponse:
    """Two countries' months, or (with one or none chosen) the most active pairs' charts."""
    chron, table = chronicle_of(request), lookups(request)
    data = views.relations(table, chron, a, b) if a and b else None
    pairs = [] if data else [
        (found, with_query("/relations", a=found["a"], b=found["b"]))
        for found in views.busiest(table, chron, views.BUSIEST)]
    countries = views.countries(table, chron)
    twin = with_query("/api/relations", a=a, b=b) if data else "/api/relations"
    return render(request, "relations.html", twin, data=data, a=(a or "").upper(),
                  b=(b or "").upper(), countries=countries, pairs=pairs,
                  names={c["code"]: c["name"] for c in countries})


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str | None, Query(description=SEARCH_Q)] = None,
           outlet: Annotated[str | None, Query(max_length=200)] = None,
           since: Day = None, until: Day = None, limit: Limit = 20,
           cursor: Cursor = None) -> HTMLResponse:
    params = {"q": q, "outlet": outlet, "since": since, "until": until}
    result = note = None
    if q and q.strip():
        if since and until and since > until:
            raise BadParameter("since", "must not be after `until`")
        result = views.search(chronicle_of(request), q, outlet, since, until, cursor, limit)
        note = views.search_note(q, result)
    twin = with_query("/api/search", **params, limit=limit, cursor=cursor) if result else None
    return render(request, "search.html", twin,
                  result=result, params=params, note=note,
                  next=_next("/search", result, **params, limit=limit) if result else None)
