"""The FastAPI application: JSON API under /api/, server-rendered pages, local static files.

Read-only: the database is opened with ``readonly=True`` (one connection per worker thread,
since FastAPI runs plain functions in a thread pool). No asset comes from a CDN: FastAPI's
Swagger and ReDoc pages are switched off and /docs is rendered here from /openapi.json.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
import jinja2
import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chronicle.api import Chronicle
from chronicle.config import Config, config_from_dict, load_config
from chronicle.errors import ChronicleError
from chronicle.web import browse, charts, markup, pages, routes, views
from chronicle.web.listen import LOCAL_HOSTS
from chronicle.web.views import Lookups

HERE = Path(__file__).resolve().parent
SECTIONS = {"home": "/", "story": "/", "articles": "/articles", "article": "/articles",
            "entities": "/entities", "entity": "/entities", "events": "/events",
            "relations": "/relations", "search": "/search", "docs": "/docs"}  # nav highlight
# Article text is untrusted: no inline script may run even if markup ever slipped through.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class Connections:
    """One read-only ``Chronicle`` per thread, closed together at shutdown, and one more that
    watches for changes (successive data_version values compare on one connection only)."""

    def __init__(self, path: str, config: Config) -> None:
        self.path, self.config = path, config
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Chronicle] = []
        self._watch_lock = threading.Lock()
        # Opened now, so a missing database fails at start, not per request.
        self._watch: Chronicle | None = Chronicle(self.path, self.config, readonly=True)

    def version(self) -> int:
        """Changes whenever another connection (a `chronicle run`) commits to the database."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = Chronicle(self.path, self.config, readonly=True)
            return self._watch.data_version()

    def get(self) -> Chronicle:
        chron = getattr(self._local, "chron", None)
        if chron is None:
            chron = Chronicle(self.path, self.config, readonly=True)
            self._local.chron = chron
            with self._lock:
                self._all.append(chron)
        return chron

    def close(self) -> None:
        with self._lock:
            for chron in self._all:
                chron.close()
            self._all.clear()
            self._local = threading.local()  # a later request opens afresh
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.globals.update(highlight=markup.highlight, snippet=markup.snippet,
                       mark_in=markup.mark_in, href=markup.local_href, charts=charts,
                       mark=markup.Mark, sections=SECTIONS)
    env.filters.update(when=charts.when, clean=markup.clean, precision=charts.precision_label)
    return Jinja2Templates(env=env)


logger = logging.getLogger(__name__)
# Threads a server process answers on (anyio's default is 40). Requests are Python work
# under one GIL: 40 threads at once at 100k articles cost twice the p95 of 4 under 50
# clients (the story list 1.38 s against 0.62 s); 4 still overlap SQLite's reads.
THREADS = 4
SERVE_SPEC = "NEWS_CHRONICLE_SERVE"  # what `serve` hands its worker processes (JSON)


class TcpConfig(uvicorn.Config):
    """uvicorn's settings for ``serve(workers=N)``, its shared listening socket marked as
    TCP. The workers get the socket with the protocol number it was made with (0), and
    asyncio sets TCP_NODELAY only on TCP sockets: every keep-alive response then waited
    40 ms for the client's delayed ACK (Nagle)."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.set_inheritable(True)
        return tcp


def from_environment() -> FastAPI:
    """The app a worker process of ``serve(workers=N)`` builds: the database, Host names and
    configuration its parent put in the ``SERVE_SPEC`` environment variable."""
    spec = json.loads(os.environ[SERVE_SPEC])
    config = config_from_dict(spec["config"]) if spec["config"] is not None else None
    return create_app(spec["db"], config, spec["hosts"])


def create_app(db: str | Path, config: Config | None = None,
               hosts: Sequence[str] = LOCAL_HOSTS) -> FastAPI:
    """The web app over the database at ``db`` (raises StoreError if there is none),
    answering requests whose Host is one of ``hosts`` (``listen.host_patterns``)."""
    config = config or load_config()
    connections = Connections(str(db), config)
    app = FastAPI(
        title="news-chronicle", version="0.1.0",
        description="Read a chronicle: stories, articles, entities, events, quotes.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json", lifespan=_lifespan,
    )
    app.state.connections = connections
    app.state.lookups = Lookups(connections.version)
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.include_router(browse.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ChronicleError, _chronicle_error)
    app.middleware("http")(_security_headers)
    app.add_middleware(HeadAsGet)
    # Outermost: a page under another name (DNS rebinding) gets nothing but a 400.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts), www_redirect=False)
    return app


class HeadAsGet:
    """HEAD wherever GET answers: the GET response's status and headers without its body
    (FastAPI's routes take GET only, so HEAD was a 405 on every page)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    warmer = Warmer(app)
    warmer.start()
    yield
    warmer.stop()
    app.state.connections.close()


class Warmer:
    """``views.warm`` on a thread and a connection of its own, so the server answers
    meanwhile (a request needing a figure being computed waits for it, as it would have
    computed it itself). Stopping interrupts its query; the thread closes its connection."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._stop = threading.Event()
        self._lock = threading.Lock()  # the connection is never interrupted while closing
        self._chron: Chronicle | None = None
        self.thread = threading.Thread(target=self._run, name="chronicle-warm", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            if self._chron is not None:
                self._chron.store.con.interrupt()

    def _run(self) -> None:
        connections = self.app.state.connections
        try:
            with self._lock:
                self._chron = Chronicle(connections.path, connections.config, readonly=True)
            views.warm(self.app.state.lookups, self._chron, self._stop)
        except Exception:  # noqa: BLE001 - a figure that fails fails again, on the request
            if not self._stop.is_set():
                logger.warning("could not compute the corpus-wide figures ahead",
                               exc_info=True)
        finally:
            with self._lock:
                if self._chron is not None:
                    self._chron.close()
                    self._chron = None


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json")


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message, "status": status}, status_code=status)
    page = request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, "nav": "error",
                                "twin": None}, status_code=status)
    return page  # type: ignore[no-any-return]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}"
    return error_response(request, exc.status_code, message)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, 422, validation_message(exc.errors()))


async def _chronicle_error(request: Request, exc: Exception) -> Response:
    """A failure of ours the routes did not expect (a locked or broken database): one line."""
    return error_response(request, 500, str(exc))


def validation_message(errors: Any) -> str:
    """FastAPI's error list as one line: ``limit: Input should be ... (got 0)``."""
    parts = []
    for error in errors:
        name = ".".join(str(x) for x in error.get("loc", ())[1:]) or "request"
        got = f" (got {error['input']!r})" if "input" in error and error["input"] is not None \
            else ""
        parts.append(f"{name}: {error.get('msg', 'invalid')}{got}"[:300])
    return "; ".join(parts) or "invalid request"


async def _security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response
