"""The web UI and JSON API: ``chronicle serve`` (FastAPI + uvicorn, extra ``web``).

``create_app(db)`` builds the app over a database opened read-only; ``serve`` runs it.
FastAPI is imported only here, lazily, so the rest of chronicle works without the extra.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chronicle.errors import ChronicleError
from chronicle.web.listen import check_port, host_patterns, is_loopback

INSTALL = "pip install 'news-chronicle[web]'"


def _require() -> None:
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise ChronicleError(f"the web UI needs the `web` extra ({exc.name} is missing): "
                             f"{INSTALL}", context="In `chronicle serve`") from None


def create_app(db: str | Path, config: Any = None, allowed_hosts: Sequence[str] = ()) -> Any:
    """The FastAPI app over the database at ``db`` (opened read-only). It answers requests
    whose Host is a loopback name or one of ``allowed_hosts``, others with a 400."""
    _require()
    from chronicle.web.app import create_app as build

    return build(db, config, host_patterns(allowed_hosts))


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, config: Any = None,
          allowed_hosts: Sequence[str] = (), workers: int = 1) -> None:
    """Serve the web UI and JSON API until interrupted (binds 127.0.0.1 unless told).

    Answers the Host names of ``create_app`` and the bound address; warns (one line) when
    bound beyond loopback; a port in use is a ChronicleError, raised before serving.
    ``workers`` server processes share the port (0: one per core): one process renders
    pages and encodes JSON on one core, whatever its threads."""
    _require()
    from chronicle.web.app import SERVE_SPEC
    from chronicle.web.app import create_app as build

    if workers < 0:
        raise ChronicleError(f"--workers must be at least 0 (got {workers})",
                             context="In `chronicle serve`")
    hosts = host_patterns(allowed_hosts, bound=host)
    app = build(db, config, hosts)  # a database that is not a chronicle stops us here
    check_port(host, port)
    if not is_loopback(host):
        print(f"warning: serving on {host}, beyond this machine: whoever reaches it can read "
              "the chronicle", file=sys.stderr)
    import uvicorn

    processes = workers or os.cpu_count() or 1
    if processes == 1:
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    app.state.connections.close()
    # Each worker process builds its own app from this description (uvicorn imports it).
    os.environ[SERVE_SPEC] = json.dumps({
        "db": str(db), "hosts": hosts,
        "config": config.to_dict() if config is not None else None})
    from uvicorn.supervisors import Multiprocess

    from chronicle.web.app import TcpConfig

    settings = TcpConfig("chronicle.web.app:from_environment", factory=True, host=host,
                         port=port, workers=processes, log_level="info")
    Multiprocess(settings, sockets=[settings.bind_socket()]).run()
