"""The JSON API under /api/: thin routes over ``chronicle.web.views``.

List routes answer ``{"items": [...], "next": token | null}`` in a stable order (the order
``chronicle.api`` yields), with ``limit`` (1..500) and ``cursor`` (a previous ``next``: the
sort key of that page's last row, so pages are read along an index, never by offset).
A story's and an entity's long sections are paged the same way, each by its own parameter.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.routing import APIRoute

from chronicle.web import views
from chronicle.web.deps import (
    HEX,
    SEARCH_Q,
    Country,
    Day,
    Db,
    Dyad,
    Section,
    Status,
    StoryId,
    lookups,
)
from chronicle.web.errors import BadParameter
from chronicle.web.paging import (
    CODE_PATTERN,
    Cursor,
    Limit,
    Part,
    decode,
    keyed,
    paginate,
    parse_dyad,
)


def encoded(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` answering its dict as JSON encoded by ``json.dumps`` alone, with the
    bytes FastAPI's own response would have. FastAPI first walks every value in Python
    (``jsonable_encoder``): 4.5 of the 5.6 ms a 100 KB list page cost at 100k articles."""
    @functools.wraps(endpoint)
    def answer(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        if isinstance(result, Response):
            return result
        return Response(json.dumps(result, ensure_ascii=False, allow_nan=False,
                                   separators=(",", ":"), default=jsonable_encoder).encode(),
                        media_type="application/json")
    return answer


class EncodedRoute(APIRoute):
    """An API route whose endpoint is ``encoded``."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, encoded(endpoint), **kwargs)


router = APIRouter(prefix="/api", tags=["api"], route_class=EncodedRoute)


@router.get("/overview")
def overview(db: Db, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """The home page's data: corpus counts and a page of stories, earliest first."""
    return views.overview(db, cursor, limit)


@router.get("/counts")
def counts(db: Db) -> dict[str, int]:
    return db.counts()


@router.get("/stories")
def stories(db: Db, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Stories, earliest first, with their date ranges, cited summaries and members
    (``article_ids`` holds the first 100; ``size`` counts them all)."""
    with keyed():
        return paginate(db.stories_page(after=decode(cursor), limit=limit))


@router.get("/stories/{story_id}")
def story(db: Db, story_id: Annotated[str, Path(max_length=64)],
          articles: Section = None, events: Section = None, quotes: Section = None,
          conflicts: Section = None) -> dict[str, Any]:
    """One story: cited summary, and a page of its members (``articles``), events, quotes
    and contradictions (``conflicts``), 25 of each; ``counts`` has how many there are,
    ``next`` each section's token: pass it as that section's parameter."""
    return views.story(db, story_id, {"articles": articles, "events": events,
                                      "quotes": quotes, "conflicts": conflicts})


@router.get("/articles")
def articles(db: Db, status: Status | None = None, limit: Limit = 50,
             cursor: Cursor = None) -> dict[str, Any]:
    """Articles in the order they were stored (without their text: see /api/articles/{id})."""
    return views.articles(db, status, cursor, limit)


@router.get("/articles/{article_id}")
def article(request: Request, db: Db, article_id: Annotated[str, Path(max_length=64)],
            part: Part = None) -> dict[str, Any]:
    """One article (id or unambiguous prefix): cleaned text, removed lines with reasons,
    copies, and its mentions, quotes and events as spans into the text. A long article
    comes in parts: ``part`` says which (``number`` of ``of``), ``text`` is its share of
    the text from offset ``start`` (spans keep offsets into the whole text), ``raw_text``
    its raw ``lines`` (first, last), and the annotations are the ones starting in it."""
    return views.article(db, article_id, part)


@router.get("/entities")
def entities(db: Db, kind: Annotated[str | None, Query(max_length=20)] = None,
             country: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
             limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Entities, most mentioned first (ties by name)."""
    return views.entities(db, kind, country, cursor, limit)


@router.get("/entities/{ident}")
def entity(db: Db, ident: Annotated[str, Path(max_length=200)], mentions: Section = None,
           events: Section = None, quotes: Section = None) -> dict[str, Any]:
    """One entity by id, name or alias: a page of its mentions in context (50), of its
    events (25) and of its quotes (25); ``next`` holds each section's token."""
    return views.entity(db, ident, {"mentions": mentions, "events": events, "quotes": quotes})


@router.get("/events")
def events(
    db: Db, dyad: Dyad = None,
    actor: Annotated[str | None, Query(pattern=HEX, description="An entity id.")] = None,
    country: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{2}$", description="CAMEO root")] = None,
    code: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO prefix")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    story: StoryId = None, since: Day = None, until: Day = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> dict[str, Any]:
    """Coded events, earliest first (undated last), then in the order they were stored,
    with their evidence spans."""
    filters = {"dyad": parse_dyad(dyad), "actor": actor and actor.lower(),
               "country": country, "root": root, "code": code, "quad_class": quad_class,
               "story": story and story.lower(), "since": since, "until": until}
    with keyed():
        return paginate(db.events_page(after=decode(cursor), limit=limit, **filters))


@router.get("/quotes")
def quotes(db: Db, speaker: Annotated[str | None, Query(max_length=200)] = None,
           story: StoryId = None,
           article: Annotated[str | None, Query(pattern=HEX)] = None,
           limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Quotes with their speakers, in stored order; ``speaker`` is an entity id or name."""
    return views.quotes(db, speaker, story, article and article.lower(), cursor, limit)


@router.get("/timeline")
def timeline(request: Request, db: Db,
             entity: Annotated[str | None, Query(max_length=200)] = None,
             dyad: Dyad = None, limit: Limit = 500, cursor: Cursor = None) -> dict[str, Any]:
    """Dated stories and their key events, earliest first, each with its precision."""
    return views.timeline(lookups(request), db, entity, parse_dyad(dyad), cursor, limit)


@router.get("/key-dates")
def key_dates(request: Request, db: Db,
              k: Annotated[int, Query(ge=1, le=1000)] = views.KEY_DATES,
              entity: Annotated[str | None, Query(max_length=200)] = None,
              dyad: Dyad = None) -> list[dict[str, Any]]:
    """The ``k`` days the articles name most, in date order, each with the sentence that
    names it (what the articles say about days, not when they were written)."""
    return views.key_dates(lookups(request), db, k, entity, parse_dyad(dyad))


@router.get("/relations")
def relations(request: Request, db: Db, a: Country = None, b: Country = None,
              limit: Annotated[int, Query(ge=1, le=views.MAX_PAIRS)] = views.BUSIEST,
              ) -> dict[str, Any]:
    """Events between two actor countries per month: quad classes, mean Goldstein. Without
    ``a`` and ``b``: the ``limit`` most active pairs, most first, each with its ``months``."""
    both = views.pair(a, b)
    if both is None:
        return {"items": views.busiest(lookups(request), db, limit), "next": None}
    found = views.relations(lookups(request), db, *both)
    return {"a": found["a"], "b": found["b"], "items": found["months"], "next": None}


@router.get("/conflicts")
def conflicts(db: Db, story: StoryId = None, limit: Limit = 50,
              cursor: Cursor = None) -> dict[str, Any]:
    """Statements of two articles that disagree on one fact (a day, a number, a title)."""
    return views.conflicts(db, story and story.lower(), cursor, limit)


@router.get("/search")
def search(db: Db, q: Annotated[str, Query(min_length=1, description=SEARCH_Q)],
           outlet: Annotated[str | None, Query(max_length=200)] = None,
           since: Day = None, until: Day = None, limit: Limit = 20,
           cursor: Cursor = None) -> dict[str, Any]:
    """Full-text search over kept articles, best first. Snippets mark hits with
    U+0002 ... U+0003; filters apply to every hit; ``terms`` are the words searched."""
    if since and until and since > until:
        raise BadParameter("since", "must not be after `until`")
    found = views.search(db, q, outlet, since, until, cursor, limit)
    return found | {"terms": db.search_terms(q)}
