"""`chronicle serve`: binds 127.0.0.1 by default, opens the database read-only, one-line errors;
answers only the host names it serves (DNS rebinding), and HEAD wherever it answers GET."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import chronicle
from chronicle.cli import app
from chronicle.web import browse, create_app, pages, routes

runner = CliRunner()


def test_serve_binds_localhost_by_default_and_reads_only(monkeypatch: pytest.MonkeyPatch,
                                                         corpus_db: Path) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app} | kw))
    result = runner.invoke(app, ["serve", "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    chron = calls[0]["app"].state.connections.get()
    assert chron.store.readonly


def test_serve_takes_host_and_port(monkeypatch: pytest.MonkeyPatch, corpus_db: Path) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    port = free_port()
    result = runner.invoke(app, ["serve", "--db", str(corpus_db), "--host", "0.0.0.0",
                                 "--port", str(port)])
    assert result.exit_code == 0
    assert (calls[0]["host"], calls[0]["port"]) == ("0.0.0.0", port)


def test_serve_without_a_database_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no database at" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "none.db").exists()


def test_serve_rejects_a_bad_port(corpus_db: Path) -> None:
    assert runner.invoke(app, ["serve", "--db", str(corpus_db), "--port", "70000"]
                         ).exit_code == 2


# --- only the names it serves, HEAD, a port in use (issue 16) ----------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def served_app(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Any, Any]:
    """The app `chronicle serve ARGS` would run, and the CLI's result."""
    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(app))
    result = runner.invoke(app, ["serve", *args])
    assert result.exit_code == 0, result.output
    return calls[0], result


@pytest.mark.parametrize("base", ["http://localhost", "http://localhost:8000",
                                  "http://127.0.0.1:8000", "http://[::1]:8000"])
def test_local_host_names_are_served(corpus_db: Path, base: str) -> None:
    with TestClient(create_app(corpus_db), base_url=base) as client:
        assert client.get("/api/counts").status_code == 200


@pytest.mark.parametrize("base", ["http://evil.example", "http://evil.example:8000",
                                  "http://localhost.evil.example", "http://10.0.0.5:8000"])
def test_other_host_names_are_400_with_a_short_message(corpus_db: Path, base: str) -> None:
    """A DNS-rebinding page reaches 127.0.0.1 under its own name: refused."""
    with TestClient(create_app(corpus_db), base_url=base) as client:
        for url in ("/", "/api/counts", "/static/style.css"):
            response = client.get(url)
            assert response.status_code == 400, url
            assert len(response.text) < 100 and "host" in response.text.lower()


def test_serve_allows_the_bound_address_and_named_hosts_and_warns_beyond_loopback(
        monkeypatch: pytest.MonkeyPatch, corpus_db: Path) -> None:
    port = str(free_port())
    served, result = served_app(monkeypatch, "--db", str(corpus_db), "--host", "0.0.0.0",
                                "--port", port, "--allowed-host", "chronicle.lan",
                                "--allowed-host", "*.example.org")
    warnings = [line for line in result.output.splitlines() if "warning" in line.lower()]
    assert len(warnings) == 1 and "0.0.0.0" in warnings[0]
    for base, status in ((f"http://0.0.0.0:{port}", 200), ("http://chronicle.lan", 200),
                         (f"http://chronicle.lan:{port}", 200), ("http://a.example.org", 200),
                         ("http://localhost", 200), ("http://evil.example", 400)):
        with TestClient(served, base_url=base) as client:
            assert client.get("/api/counts").status_code == status, base


def test_serve_on_loopback_does_not_warn(monkeypatch: pytest.MonkeyPatch,
                                         corpus_db: Path) -> None:
    _, result = served_app(monkeypatch, "--db", str(corpus_db), "--port", str(free_port()))
    assert "warning" not in result.output.lower()


def test_serve_rejects_a_bad_allowed_host(corpus_db: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(corpus_db), "--allowed-host", "ev*l"])
    assert result.exit_code == 2 and "--allowed-host" in result.output
    assert "(got `ev*l`)" in result.output
    assert "Traceback" not in result.output


def test_a_port_in_use_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch,
                                           corpus_db: Path) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(corpus_db), "--port", str(port)])
    assert result.exit_code == 2 and calls == []
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "in use" in lines[0] and str(port) in lines[0], result.output


def test_head_answers_like_get_without_a_body(client: TestClient, biggest_story: dict,
                                              hostile_id: str) -> None:
    urls = ["/", "/api/overview", f"/stories/{biggest_story['id']}", f"/articles/{hostile_id}",
            "/api/counts", "/relations", "/api/relations", "/search?q=water", "/docs",
            "/openapi.json", "/static/style.css", "/api/articles/nothing-here"]
    for url in urls:
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == (404 if "nothing" in url else 200), url
        assert head.headers["content-type"] == get.headers["content-type"], url
        assert head.content == b"", url


def test_every_get_route_answers_head(client: TestClient) -> None:
    found = [*client.app.routes, *routes.router.routes, *pages.router.routes,
             *browse.router.routes]
    gets = [r for r in found if "GET" in (getattr(r, "methods", None) or ())]
    assert len(gets) > 20
    for route in gets:
        path = route.path.replace("{", "").replace("}", "")  # parameters: a made-up value
        assert client.head(path).status_code != 405, route.path


def test_a_database_on_read_only_storage_is_served(tmp_path: Path, open_tmp: Path,
                                                   unprivileged: Callable[[], Any]) -> None:
    """A finished WAL database in a folder no one may write: every page answers (before,
    SQLite failed to create the -shm file and every page was a 500)."""
    (tmp_path / "pilots.txt").write_text(
        "Harbour pilots end strike in Port Ellary\n\nHarbour pilots in Port Ellary ended a "
        "nine-day strike on Tuesday after the port authority agreed to raise their wages by "
        "six percent, union leaders said, and forty waiting cargo ships began to dock.\n",
        encoding="utf-8")
    with chronicle.open(tmp_path / "c.db") as chron:
        chron.run([str(tmp_path / "pilots.txt")])
    folder = open_tmp / "archive"
    folder.mkdir()
    db = Path(shutil.copy(tmp_path / "c.db", folder / "c.db"))
    db.chmod(0o444)
    folder.chmod(0o555)
    paths = ["/api/stories", "/", "/articles", "/api/search?q=pilots"]
    with TestClient(create_app(tmp_path / "c.db"), base_url="http://localhost") as warm:  # imports done as root
        expected = [warm.get(p).status_code for p in paths]
    with unprivileged(), TestClient(create_app(db), base_url="http://localhost") as client:
        answers = {p: client.get(p) for p in paths}
    assert expected == [200] * len(paths)
    assert {p: r.status_code for p, r in answers.items()} == dict.fromkeys(paths, 200)
    assert "Harbour pilots end strike" in answers["/api/stories"].text
    assert sorted(p.name for p in folder.iterdir()) == ["c.db"]


# --- more than one server process -------------------------------------------------------

def test_serve_workers_hands_each_process_the_same_app(monkeypatch: pytest.MonkeyPatch,
                                                       corpus_db: Path) -> None:
    import uvicorn.supervisors

    from chronicle.web.app import SERVE_SPEC, from_environment

    monkeypatch.delenv(SERVE_SPEC, raising=False)  # restored (removed) after the test
    started: list[Any] = []

    class Supervisor:  # uvicorn's Multiprocess, without the processes
        def __init__(self, config: Any, sockets: list[socket.socket]) -> None:
            started.append((config, sockets))

        def run(self) -> None:
            for sock in started[-1][1]:
                sock.close()

    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", Supervisor)
    port = free_port()
    result = runner.invoke(app, ["serve", "--db", str(corpus_db), "--workers", "2",
                                 "--port", str(port), "--allowed-host", "news.example.org"])
    assert result.exit_code == 0, result.output
    config, sockets = started[0]
    assert (config.app, config.factory, config.workers) == (
        "chronicle.web.app:from_environment", True, 2)
    assert config.port == port and len(sockets) == 1
    built = from_environment()  # what each worker process builds
    assert built.state.connections.get().store.readonly
    with TestClient(built, base_url="http://news.example.org") as worker, \
            TestClient(create_app(corpus_db), base_url="http://localhost") as single:
        assert worker.get("/api/counts").json() == single.get("/api/counts").json()
        assert worker.get("/", headers={"host": "elsewhere.example"}).status_code == 400


def test_serve_refuses_negative_workers(corpus_db: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(corpus_db), "--workers", "-1"])
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.slow
def test_two_server_processes_answer(corpus_db: Path) -> None:
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from chronicle.cli import main; main()", "serve", "--db",
         str(corpus_db), "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/counts",
                                            timeout=5) as reply:
                    assert reply.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "the server did not answer in 60 s"
                time.sleep(0.3)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        if children.exists():  # Linux: two worker processes (and multiprocessing's helpers)
            assert len(children.read_text().split()) >= 2
        for _ in range(6):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
                assert r.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_workers_listening_socket_is_tcp_and_their_settings_travel() -> None:
    import pickle

    from chronicle.web.app import TcpConfig

    settings = TcpConfig("chronicle.web.app:from_environment", factory=True,
                         host="127.0.0.1", port=0, workers=2)
    pickle.loads(pickle.dumps(settings))  # each worker process gets them pickled
    sock = settings.bind_socket()
    try:  # asyncio sets TCP_NODELAY on a connection only when its socket says TCP
        assert sock.proto == socket.IPPROTO_TCP and sock.get_inheritable()
    finally:
        sock.close()


def test_api_answers_are_the_bytes_fastapi_would_encode(client: TestClient) -> None:
    import datetime

    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import JSONResponse

    from chronicle.web.routes import encoded

    value = {"when": datetime.date(2024, 5, 1), "pair": ("USA", "CHN"), "city": "Zürich",
             "score": -2.5, "nested": [{"n": 1}]}
    answer = encoded(lambda: value)()
    assert answer.body == JSONResponse(jsonable_encoder(value)).body
    assert answer.media_type == "application/json"
    for url in ("/api/stories", "/api/overview", "/api/events", "/api/timeline"):
        reply = client.get(url)
        assert reply.headers["content-type"] == "application/json"
        assert reply.content == JSONResponse(reply.json()).body


def test_a_starting_server_computes_the_corpus_wide_figures_ahead(corpus_db: Path) -> None:
    import threading

    from chronicle.web import views

    built = create_app(corpus_db)
    table = built.state.lookups
    names = ("entities", "timeline", f"key_dates:{views.KEY_DATES}", f"busiest:{views.BUSIEST}")
    assert not any(table.holds(name) for name in names)
    with TestClient(built, base_url="http://localhost"):
        for thread in threading.enumerate():
            if thread.name == "chronicle-warm":
                thread.join(timeout=120)
        assert all(table.holds(name) for name in names)
