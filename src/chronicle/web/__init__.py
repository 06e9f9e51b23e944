"""The web UI and JSON API: ``chronicle serve`` (FastAPI + uvicorn, extra ``web``).

``create_app(db)`` builds the app over a database opened read-only; ``serve`` runs it.
FastAPI is imported only here, lazily, so the rest of chronicle works without the extra.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chronicle.errors import ChronicleError

INSTALL = "pip install 'news-chronicle[web]'"


def _require() -> None:
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise ChronicleError(f"the web UI needs the `web` extra ({exc.name} is missing): "
                             f"{INSTALL}", context="In `chronicle serve`") from None


def create_app(db: str | Path, config: Any = None) -> Any:
    """The FastAPI app over the database at ``db`` (opened read-only)."""
    _require()
    from chronicle.web.app import create_app as build

    return build(db, config)


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, config: Any = None) -> None:
    """Serve the web UI and JSON API until interrupted (binds 127.0.0.1 unless told)."""
    app = create_app(db, config)
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info")
