"""What the routers share: the request's Chronicle and lookups, page rendering, parameters.

The routers (routes, pages, browse) import from here and never from each other or from
``app``, so every import arrow in web/ runs one way: app -> routers -> deps -> views.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse

from chronicle.api import Chronicle
from chronicle.store.queries import MAX_QUERY_CHARS, MAX_SEARCH_TERMS
from chronicle.web import views
from chronicle.web.paging import CODE_PATTERN, DAY_PATTERN, MAX_CURSOR

HEX = r"^[0-9a-fA-F]{4,64}$"
StoryId = Annotated[str | None, Query(pattern=HEX, description="A story id.")]
Day = Annotated[str | None, Query(pattern=DAY_PATTERN, description="ISO day, YYYY-MM-DD.")]
Dyad = Annotated[str | None, Query(description="Two actor country codes, e.g. `RUS,VNM`.")]
Country = Annotated[str | None, Query(pattern=CODE_PATTERN, description="A country code.")]
Status = Literal["kept", "duplicate", "dropped"]
Section = Annotated[str | None, Query(max_length=MAX_CURSOR, description=(
    "The `next` token of this section on the previous page of the record."))]
SEARCH_Q = (f"Words that must all match: the first {MAX_SEARCH_TERMS} distinct ones within "
            f"its first {MAX_QUERY_CHARS} characters are searched.")


def chronicle_of(request: Request) -> Chronicle:
    """The dependency every route takes: this thread's read-only Chronicle."""
    return request.app.state.connections.get()  # type: ignore[no-any-return]


Db = Annotated[Chronicle, Depends(chronicle_of)]


def lookups(request: Request) -> views.Lookups:
    return request.app.state.lookups  # type: ignore[no-any-return]


def render(request: Request, template: str, twin: str | None, **context: Any) -> HTMLResponse:
    context |= {"twin": twin, "nav": template.removesuffix(".html")}
    response = request.app.state.templates.TemplateResponse(request, template, context)
    return response  # type: ignore[no-any-return]


def with_query(path: str, **params: Any) -> str:
    """Our own path with its query string (values URL-encoded, empty ones dropped)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")
