"""Latency and page size of every web route (p50/p95) with 1 and 50 concurrent clients.

    .venv/bin/python benchmarks/bench_api.py                 # builds the database once
    .venv/bin/python benchmarks/bench_api.py --n 2000        # a smaller database, quicker
    .venv/bin/python benchmarks/bench_api.py --db /work/api100k/chronicle.db --json out.json
    .venv/bin/python benchmarks/bench_api.py --db X --only /api/events,/events --clients 1

The database is built once and cached as ``benchmarks/.cache/api_<n>.db`` (the folder
ignores itself in git): ``make_corpus.py`` writes ``n`` synthetic documents recombined from
examples/corpus and our templates, then ``chronicle.open(db).run([folder])`` runs every stage
on them (about 25 minutes for 10,000 documents on 2 cores; later runs reuse the file).

The server is the real one: ``chronicle serve`` (uvicorn, one process) started on a free
local port in a subprocess. Clients are threads of this process, each holding one
keep-alive HTTP connection (``http.client``). The routes are listed from the app itself
(every GET route and mount), so a route added without a request here stops the benchmark.
For each request shape: one cold request, then up to ``--requests`` sequential requests from
one client, then ``--clients`` clients at once (``--per-client`` requests each, all started
together). List routes are measured on their first page and on a page ``--deep`` pages of
500 rows in (reached by following ``next``). Figures are printed (and saved with ``--json``)
against the targets: p95 <= 100 ms with one client, p95 <= 1 s under 50, no page over 300 KB.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import chronicle

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
TARGET_ONE_MS, TARGET_MANY_MS, TARGET_KB = 100.0, 1000.0, 300.0

Request = tuple[str, Callable[[int], str]]  # (label, i -> URL of the i-th request)


def build(n: int, rebuild: bool) -> Path:
    """The cached database of ``n`` generated documents, built if missing."""
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n", encoding="utf-8")
    db = CACHE / f"api_{n}.db"
    if db.exists() and not rebuild:
        return db
    corpus, done = CACHE / f"corpus_{n}", CACHE / f"corpus_{n}.done"
    if not done.exists():
        print(f"generating {n} documents into {corpus} ...", flush=True)
        shutil.rmtree(corpus, ignore_errors=True)  # a half-written corpus from an interrupt
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(corpus), "--n",
                        str(n)], check=True, stdout=subprocess.DEVNULL)
        done.touch()
    partial = CACHE / f"api_{n}.part.db"  # an interrupted build resumes: stored ids are skipped
    print(f"running the pipeline into {partial} (resumable: rerun to continue) ...", flush=True)
    started = time.perf_counter()
    with chronicle.open(partial) as chron:
        report = chron.run([str(corpus)])
    print(f"  {report.processed} documents in {time.perf_counter() - started:.0f} s", flush=True)
    partial.replace(db)  # only a finished build is ever reused
    return db


def samples(chron: chronicle.Chronicle, k: int, seed: int) -> dict[str, Any]:
    """Ids and parameters the requests draw from, chosen before any timing."""
    rng = random.Random(seed)
    stories = list(chron.stories())
    kept = [a["id"] for a in chron.articles("kept")]
    entities = sorted(chron.entities(), key=lambda e: -e["mentions"])
    countries = [e["country"] for e in entities if e["kind"] == "country" and e["country"]]
    speakers = Counter(q["speaker"] for q in chron.quotes() if q["speaker_id"])
    conflicted = Counter(c["story_id"] for c in chron.conflicts())
    return {
        "stories": rng.sample([s["id"] for s in stories], min(k, len(stories))),
        "big_stories": [s["id"] for s in sorted(stories, key=lambda s: -s["size"])[:k]],
        "conflicted": [sid for sid, _ in conflicted.most_common(k)] or [stories[0]["id"]],
        "articles": rng.sample(kept, min(k, len(kept))),
        "entities": rng.sample([e["id"] for e in entities[:2000]], min(k, len(entities))),
        "big_entities": [e["id"] for e in entities[:k]],
        "dyad": countries[:2], "speaker": speakers.most_common(1)[0][0],
        "words": ["minister", "talks", "agreement", "sanctions", "water", "trade", "summit"],
    }


def requests_for(s: dict[str, Any]) -> dict[str, list[Request]]:
    """The request shapes measured for each route path of the app."""
    def pick(key: str) -> Callable[[int], str]:
        return lambda i: str(s[key][i % len(s[key])])

    story, big, conflicted, article, entity, big_entity = (
        pick(k) for k in ("stories", "big_stories", "conflicted", "articles", "entities",
                          "big_entities"))
    a, b = s["dyad"]
    speaker = quote(s["speaker"])

    def word(i: int) -> str:
        return str(s["words"][i % len(s["words"])])

    def one(label: str, url: str) -> Request:
        return label, lambda i: url

    return {
        "/api/overview": [one("GET /api/overview", "/api/overview")],
        "/api/counts": [one("GET /api/counts", "/api/counts")],
        "/api/stories": [one("GET /api/stories", "/api/stories?limit=50")],
        "/api/stories/{story_id}": [
            ("GET /api/stories/{id}", lambda i: f"/api/stories/{story(i)}"),
            ("GET /api/stories/{id} (largest)", lambda i: f"/api/stories/{big(i)}"),
            ("GET /api/stories/{id} (most conflicts)",
             lambda i: f"/api/stories/{conflicted(i)}")],
        "/api/articles": [one("GET /api/articles", "/api/articles?limit=50"),
                          one("GET /api/articles?status=kept",
                              "/api/articles?status=kept&limit=50")],
        "/api/articles/{article_id}": [
            ("GET /api/articles/{id}", lambda i: f"/api/articles/{article(i)}")],
        "/api/entities": [one("GET /api/entities", "/api/entities?limit=50"),
                          one("GET /api/entities?kind=person",
                              "/api/entities?kind=person&limit=50")],
        "/api/entities/{ident}": [
            ("GET /api/entities/{id}", lambda i: f"/api/entities/{entity(i)}"),
            ("GET /api/entities/{id} (most mentioned)",
             lambda i: f"/api/entities/{big_entity(i)}")],
        "/api/events": [one("GET /api/events", "/api/events?limit=50"),
                        one(f"GET /api/events?dyad={a},{b}", f"/api/events?dyad={a},{b}&limit=50"),
                        ("GET /api/events?story=", lambda i: f"/api/events?story={big(i)}")],
        "/api/quotes": [one("GET /api/quotes", "/api/quotes?limit=50"),
                        one("GET /api/quotes?speaker=", f"/api/quotes?speaker={speaker}")],
        "/api/timeline": [one("GET /api/timeline", "/api/timeline"),
                          one(f"GET /api/timeline?dyad={a},{b}",
                              f"/api/timeline?dyad={a},{b}")],
        "/api/key-dates": [one("GET /api/key-dates", "/api/key-dates")],
        "/api/relations": [one(f"GET /api/relations?a={a}&b={b}", f"/api/relations?a={a}&b={b}")],
        "/api/conflicts": [one("GET /api/conflicts", "/api/conflicts?limit=50")],
        "/api/search": [("GET /api/search?q=", lambda i: f"/api/search?q={word(i)}")],
        "/openapi.json": [one("GET /openapi.json", "/openapi.json")],
        "/": [one("page /", "/")],
        "/stories/{story_id}": [
            ("page /stories/{id}", lambda i: f"/stories/{story(i)}"),
            ("page /stories/{id} (largest)", lambda i: f"/stories/{big(i)}"),
            ("page /stories/{id} (most conflicts)", lambda i: f"/stories/{conflicted(i)}")],
        "/articles": [one("page /articles", "/articles")],
        "/articles/{article_id}": [("page /articles/{id}", lambda i: f"/articles/{article(i)}")],
        "/entities": [one("page /entities", "/entities")],
        "/entities/{ident}": [
            ("page /entities/{id}", lambda i: f"/entities/{entity(i)}"),
            ("page /entities/{id} (most mentioned)", lambda i: f"/entities/{big_entity(i)}")],
        "/events": [one("page /events", "/events")],
        "/relations": [one("page /relations", f"/relations?a={a}&b={b}")],
        "/search": [("page /search", lambda i: f"/search?q={word(i)}")],
        "/docs": [one("page /docs", "/docs")],
        "/static": [one("GET /static/style.css", "/static/style.css")],
    }


DEEP_LISTS = ["/api/stories", "/api/articles", "/api/entities", "/api/events", "/api/quotes",
              "/api/conflicts", "/articles", "/entities", "/events"]


def app_paths(db: Path) -> list[str]:
    """Every GET path and mount of the app ``chronicle serve`` runs."""
    from chronicle.web import create_app

    def walk(routes: list[Any], prefix: str) -> Iterator[str]:
        for route in routes:
            inner = getattr(route, "original_router", None)  # an included router (FastAPI
            if inner is not None:                            # 0.160+ keeps it whole)
                yield from walk(inner.routes, prefix + route.include_context.prefix)
            elif "GET" in (getattr(route, "methods", None) or {"GET"}):
                yield prefix + route.path

    return list(dict.fromkeys(walk(create_app(db).routes, "")))


# --- the server and its clients ---------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(db: Path, workers: int = 1) -> Iterator[int]:
    """``chronicle serve`` (``workers`` processes) on a free port, until the block ends."""
    port = free_port()
    command = [sys.executable, "-c", "from chronicle.cli import main; main()", "serve",
               "--db", str(db), "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("chronicle serve did not start: "
                                     + (process.stderr.read().decode()[-2000:]
                                        if process.stderr else "")) from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests still running: no graceful end
            process.kill()
            process.wait()


TIMEOUT = 300.0  # seconds a request may take before it counts as failed (status 0)


class Client:
    """One keep-alive connection; ``get`` returns (ms, status, bytes)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.con = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)

    def get(self, url: str) -> tuple[float, int, bytes]:
        started = time.perf_counter()
        for attempt in range(2):
            try:
                self.con.request("GET", url)
                response = self.con.getresponse()
                body = response.read()
                return (time.perf_counter() - started) * 1000, response.status, body
            except (http.client.HTTPException, OSError):
                self.con.close()
                self.con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
                if attempt or time.perf_counter() - started > TIMEOUT / 2:
                    return (time.perf_counter() - started) * 1000, 0, b""
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.con.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def one_client(port: int, url: Callable[[int], str], requests: int, budget: float
               ) -> dict[str, Any]:
    """One cold request, then up to ``requests`` more within ``budget`` seconds."""
    client = Client(port)
    times, sizes, failures = [], [], 0
    deadline = time.perf_counter() + budget
    for i in range(requests + 1):
        ms, status, body = client.get(url(i))
        times.append(ms)
        sizes.append(len(body))
        failures += status != 200
        if time.perf_counter() > deadline:
            break
    client.close()
    warm = times[1:] or times
    return {"cold": times[0], "n": len(warm), "p50": percentile(warm, 0.5),
            "p95": percentile(warm, 0.95), "kb": max(sizes) / 1024, "failures": failures}


def many_clients(port: int, url: Callable[[int], str], clients: int, per_client: int,
                 budget: float) -> dict[str, Any]:
    """``clients`` threads started together, ``per_client`` requests each (fewer once
    ``budget`` seconds have passed)."""
    times: list[float] = []
    sizes: list[int] = []
    failures = [0]
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def run(k: int) -> None:
        client = Client(port)
        start.wait()
        for j in range(per_client):
            if j and time.perf_counter() > deadline[0]:
                break
            ms, status, body = client.get(url(k * per_client + j))
            with lock:
                times.append(ms)
                sizes.append(len(body))
                failures[0] += status != 200
        client.close()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + budget
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {"n": len(times), "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
            "rps": len(times) / wall, "kb": max(sizes) / 1024, "failures": failures[0]}


def deep_cursor(port: int, url: str, pages: int) -> str | None:
    """The ``next`` token ``pages`` pages of 500 rows into a list route (its JSON twin)."""
    client = Client(port)
    api = url if url.startswith("/api/") else "/api" + url
    sep = "&" if "?" in api else "?"
    cursor = None
    for _ in range(pages):
        _, status, body = client.get(f"{api}{sep}limit=500" + (f"&cursor={cursor}"
                                                                if cursor else ""))
        found = json.loads(body) if status == 200 else {}
        cursor = found.get("next")
        if not cursor:
            break
    client.close()
    return quote(cursor, safe="") if cursor else None


def plan(paths: list[str], shapes: dict[str, list[Request]], only: set[str] | None
         ) -> list[tuple[str, Request]]:
    missing = [p for p in paths if p not in shapes]
    if missing:
        raise SystemExit(f"routes with no request in bench_api.py: {', '.join(missing)}")
    return [(path, shape) for path in paths if not only or path in only
            for shape in shapes[path]]


def verdict(r: dict[str, Any]) -> str:
    parts = []
    if "one" in r:
        parts.append("ok" if r["one"]["p95"] <= TARGET_ONE_MS else "SLOW1")
    if "many" in r:
        parts.append("ok" if r["many"]["p95"] <= TARGET_MANY_MS else "SLOW50")
    kb = max(x["kb"] for x in (r.get("one"), r.get("many")) if x)
    parts.append("ok" if kb <= TARGET_KB else "BIG")
    return " ".join(parts)


def report_line(r: dict[str, Any]) -> str:
    one, many = r.get("one") or {}, r.get("many") or {}
    kb = max(x.get("kb", 0) for x in (one, many))
    fails = one.get("failures", 0) + many.get("failures", 0)
    return (f"{r['label'][:46]:<46} {one.get('cold', 0):>8.1f} {one.get('p50', 0):>8.1f} "
            f"{one.get('p95', 0):>8.1f} {many.get('p50', 0):>8.1f} {many.get('p95', 0):>8.1f} "
            f"{many.get('rps', 0):>6.1f} {kb:>8.1f}  {verdict(r)}"
            + (f"  ({fails} non-200)" if fails else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=11_000,
                        help="documents to generate (11,000 make over 10,000 articles)")
    parser.add_argument("--db", type=Path, help="measure this database instead")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--requests", type=int, default=30, help="one client's warm requests")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds a measure at most")
    parser.add_argument("--clients", default="1,50", help="client counts, e.g. 1,50 or 1")
    parser.add_argument("--per-client", type=int, default=4,
                        help="requests each concurrent client sends")
    parser.add_argument("--deep", type=int, default=20,
                        help="pages of 500 rows to walk for the deep-page measures (0: none)")
    parser.add_argument("--only", help="comma-separated route paths to measure")
    parser.add_argument("--match", help="measure only the request shapes whose label "
                        "matches this regular expression")
    parser.add_argument("--server-workers", type=int, default=1,
                        help="server processes (`chronicle serve --workers`; 0 = one per core)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    counts_wanted = [int(c) for c in args.clients.split(",")]
    db = args.db or build(args.n, args.rebuild)
    with chronicle.open(db, readonly=True) as chron:
        counts = chron.counts()
        sample = samples(chron, max(args.requests, 50), args.seed)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}")
    print(f"database: {db} ({db.stat().st_size / 1e6:.0f} MB): "
          f"{counts.get('articles_kept', 0)} kept articles, "
          f"{counts.get('articles_duplicate', 0)} duplicates, "
          f"{len(sample['stories'])}+ stories sampled, {counts.get('mentions', 0)} mentions")
    only = set(args.only.split(",")) if args.only else None
    todo = plan(app_paths(db), requests_for(sample), only)
    results = []
    with server(db, args.server_workers) as port:
        for path in DEEP_LISTS:
            if args.deep and (not only or path in only):
                cursor = deep_cursor(port, path, args.deep)
                if cursor:
                    deep = f"{path}?limit=50&cursor={cursor}"
                    todo.append((path, (f"{'GET' if path.startswith('/api') else 'page'} "
                                        f"{path} (row {args.deep * 500:,})",
                                        lambda i, u=deep: u)))
        print(f"\nserver: chronicle serve (uvicorn, --workers {args.server_workers}) on "
              f"127.0.0.1:{port}; clients: threads with "
              f"keep-alive connections; targets p95 <= {TARGET_ONE_MS:.0f} ms (1 client), "
              f"<= {TARGET_MANY_MS:.0f} ms ({max(counts_wanted)} clients), <= {TARGET_KB:.0f} KB")
        print(f"\n{'route':<46} {'cold ms':>8} {'p50 1':>8} {'p95 1':>8} "
              f"{'p50 N':>8} {'p95 N':>8} {'req/s':>6} {'max KB':>8}  targets")
        for path, (label, url) in todo:
            if args.match and not re.search(args.match, label):
                continue
            r: dict[str, Any] = {"path": path, "label": label}
            for clients in counts_wanted:
                if clients == 1:
                    r["one"] = one_client(port, url, args.requests, args.budget)
                else:
                    r["many"] = many_clients(port, url, clients, args.per_client,
                                             args.budget * 3)
                    r["many"]["clients"] = clients
            results.append(r)
            print(report_line(r), flush=True)
    missed = [r["label"] for r in results if verdict(r) != " ".join(
        ["ok"] * (len(counts_wanted) + 1))]
    print(f"\ntargets met by {len(results) - len(missed)} of {len(results)} request shapes"
          + (f"; not met: {', '.join(missed)}" if missed else ""))
    if args.json:
        args.json.write_text(json.dumps({"db": str(db), "counts": counts,
                                         "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
