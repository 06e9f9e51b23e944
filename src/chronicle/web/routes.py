"""The JSON API under /api/: thin routes over ``chronicle.web.views``.

List routes answer ``{"items": [...], "next": token | null}`` in a stable order (the order
``chronicle.api`` yields), with ``limit`` (1..500) and ``cursor`` (a previous ``next``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from chronicle.web import views
from chronicle.web.deps import HEX, SEARCH_Q, Country, Day, Db, Dyad, Status, StoryId, lookups
from chronicle.web.errors import BadParameter
from chronicle.web.paging import CODE_PATTERN, Cursor, Limit, page_of, paginate, parse_dyad

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/overview")
def overview(db: Db, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """The home page's data: corpus counts and a page of stories, earliest first."""
    return views.overview(db, page_of(limit, cursor))


@router.get("/counts")
def counts(db: Db) -> dict[str, int]:
    return db.counts()


@router.get("/stories")
def stories(db: Db, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Stories, earliest first, with their date ranges, members and cited summaries."""
    return paginate(db.stories(), page_of(limit, cursor))


@router.get("/stories/{story_id}")
def story(db: Db, story_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    """One story: members, cited summary, events, quotes and contradictions."""
    return views.story(db, story_id)


@router.get("/articles")
def articles(db: Db, status: Status | None = None, limit: Limit = 50,
             cursor: Cursor = None) -> dict[str, Any]:
    """Articles in the order they were stored (without their text: see /api/articles/{id})."""
    return paginate(views.articles(db, status), page_of(limit, cursor))


@router.get("/articles/{article_id}")
def article(request: Request, db: Db, article_id: Annotated[str, Path(max_length=64)]
            ) -> dict[str, Any]:
    """One article (id or unambiguous prefix): cleaned text, removed lines with reasons,
    copies, and its mentions, quotes and events as spans into the text."""
    return views.article(db, article_id)


@router.get("/entities")
def entities(db: Db, kind: Annotated[str | None, Query(max_length=20)] = None,
             country: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
             limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Entities, most mentioned first."""
    return paginate(views.entities(db, kind, country), page_of(limit, cursor))


@router.get("/entities/{ident}")
def entity(db: Db, ident: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One entity by id, name or alias: mentions in context, events, quotes."""
    return views.entity(db, ident)


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
    """Coded events, earliest first, with their evidence spans."""
    filters = {"dyad": parse_dyad(dyad), "actor": actor and actor.lower(),
               "country": country, "root": root, "code": code, "quad_class": quad_class,
               "story": story and story.lower(), "since": since, "until": until}
    return paginate(db.events(**filters), page_of(limit, cursor))


@router.get("/quotes")
def quotes(db: Db, speaker: Annotated[str | None, Query(max_length=200)] = None,
           story: StoryId = None,
           article: Annotated[str | None, Query(pattern=HEX)] = None,
           limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Quotes with their speakers; ``speaker`` is an entity id or name."""
    return paginate(views.quotes(db, speaker, story, article and article.lower()),
                    page_of(limit, cursor))


@router.get("/timeline")
def timeline(db: Db, entity: Annotated[str | None, Query(max_length=200)] = None,
             dyad: Dyad = None, limit: Limit = 500, cursor: Cursor = None) -> dict[str, Any]:
    """Dated stories and their key events, earliest first, each with its precision."""
    return paginate(views.timeline(db, entity, parse_dyad(dyad)), page_of(limit, cursor))


@router.get("/key-dates")
def key_dates(db: Db, k: Annotated[int, Query(ge=1, le=1000)] = 10,
              entity: Annotated[str | None, Query(max_length=200)] = None,
              dyad: Dyad = None) -> list[dict[str, Any]]:
    """The ``k`` days the articles name most, in date order, each with the sentence that
    names it (what the articles say about days, not when they were written)."""
    return views.key_dates(db, k, entity, parse_dyad(dyad))


@router.get("/relations")
def relations(request: Request, db: Db, a: Country = None, b: Country = None,
              limit: Annotated[int, Query(ge=1, le=views.MAX_PAIRS)] = views.BUSIEST,
              ) -> dict[str, Any]:
    """Events between two actor countries per month: quad classes, mean Goldstein. Without
    ``a`` and ``b``: the ``limit`` most active pairs, most first, each with its ``months``."""
    both = views.pair(a, b)
    if both is None:
        return {"items": views.busiest(lookups(request), db, limit), "next": None}
    found = views.relations(db, *both)
    return {"a": found["a"], "b": found["b"], "items": found["months"], "next": None}


@router.get("/conflicts")
def conflicts(db: Db, story: StoryId = None, limit: Limit = 50,
              cursor: Cursor = None) -> dict[str, Any]:
    """Statements of two articles that disagree on one fact (a day, a number, a title)."""
    return paginate(views.conflicts(db, story and story.lower()), page_of(limit, cursor))


@router.get("/search")
def search(db: Db, q: Annotated[str, Query(min_length=1, description=SEARCH_Q)],
           outlet: Annotated[str | None, Query(max_length=200)] = None,
           since: Day = None, until: Day = None, limit: Limit = 20,
           cursor: Cursor = None) -> dict[str, Any]:
    """Full-text search over kept articles, best first. Snippets mark hits with
    U+0002 ... U+0003; filters apply to the best 2,000 hits; ``terms`` are the words searched."""
    page = page_of(limit, cursor)
    if since and until and since > until:
        raise BadParameter("since", "must not be after `until`")
    found = paginate(views.search(db, q, page.stop, outlet, since, until), page)
    return found | {"terms": db.search_terms(q)}
