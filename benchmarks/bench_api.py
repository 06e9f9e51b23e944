"""Latency of the web API's main routes (p50/p95) on a database of 10,000+ articles.

    .venv/bin/python benchmarks/bench_api.py                 # builds the database once
    .venv/bin/python benchmarks/bench_api.py --requests 50   # more requests a route
    .venv/bin/python benchmarks/bench_api.py --n 2000        # a smaller database, quicker
    .venv/bin/python benchmarks/bench_api.py --db /tmp/bench/db_100000/chronicle.db

The database is built once and cached as ``benchmarks/.cache/api_<n>.db`` (the folder
ignores itself in git): ``make_corpus.py`` writes ``n`` synthetic documents recombined from
examples/corpus and our templates (paragraphs reshuffled, countries, people, numbers and
dates swapped, outlet furniture, duplicates), then ``chronicle.open(db).run([folder])`` runs
every stage on them. That takes a while on 2 cores (about 25 minutes for 10,000 documents on
a busy machine); later runs reuse the file. Requests go through FastAPI's TestClient (no
sockets), one at a time, to the app ``chronicle serve`` runs; each route's first (cold)
request is reported apart. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import chronicle

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"

Route = tuple[str, Callable[[int], str]]  # (label, i -> URL of the i-th request)


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
    stories = chron.stories()
    kept = [a["id"] for a in chron.articles("kept")]
    entities = list(chron.entities())
    countries = [e["country"] for e in entities if e["kind"] == "country" and e["country"]]
    speakers = Counter(q["speaker"] for q in chron.quotes() if q["speaker_id"])
    return {
        "stories": rng.sample([s["id"] for s in stories], min(k, len(stories))),
        "big_stories": [s["id"] for s in sorted(stories, key=lambda s: -s["size"])[:k]],
        "n_stories": len(stories), "n_articles": len(kept),
        "articles": rng.sample(kept, min(k, len(kept))),
        "entities": [e["id"] for e in entities[:k]],
        "dyad": countries[:2], "speaker": speakers.most_common(1)[0][0],
        "words": ["minister", "talks", "agreement", "sanctions", "water", "trade", "summit"],
    }


def routes(s: dict[str, Any]) -> list[Route]:
    from chronicle.web.paging import encode

    def pick(key: str) -> Callable[[int], str]:
        return lambda i: s[key][i % len(s[key])]

    story, big, article, entity = pick("stories"), pick("big_stories"), pick("articles"), \
        pick("entities")
    a, b = s["dyad"]
    deep_a, deep_s = encode(s["n_articles"] // 2), encode(s["n_stories"] // 2)
    return [
        ("GET /api/counts", lambda i: "/api/counts"),
        ("GET /api/stories", lambda i: "/api/stories?limit=50"),
        ("GET /api/stories (deep cursor)", lambda i: f"/api/stories?limit=50&cursor={deep_s}"),
        ("GET /api/stories/{id}", lambda i: f"/api/stories/{story(i)}"),
        ("GET /api/stories/{id} (largest)", lambda i: f"/api/stories/{big(i)}"),
        ("GET /api/articles", lambda i: "/api/articles?limit=50"),
        ("GET /api/articles (deep cursor)", lambda i: f"/api/articles?limit=50&cursor={deep_a}"),
        ("GET /api/articles/{id}", lambda i: f"/api/articles/{article(i)}"),
        ("GET /api/entities", lambda i: "/api/entities?limit=50"),
        ("GET /api/entities/{id}", lambda i: f"/api/entities/{entity(i)}"),
        ("GET /api/events", lambda i: "/api/events?limit=50"),
        (f"GET /api/events?dyad={a},{b}", lambda i: f"/api/events?dyad={a},{b}&limit=50"),
        ("GET /api/quotes", lambda i: "/api/quotes?limit=50"),
        ("GET /api/quotes?speaker=", lambda i: f"/api/quotes?speaker={s['speaker']}"),
        (f"GET /api/relations?a={a}&b={b}", lambda i: f"/api/relations?a={a}&b={b}"),
        ("GET /api/conflicts", lambda i: "/api/conflicts?limit=50"),
        ("GET /api/timeline", lambda i: "/api/timeline?limit=50"),
        ("GET /api/search?q=", lambda i: f"/api/search?q={s['words'][i % 7]}"),
        ("page /", lambda i: "/"),
        ("page /stories/{id}", lambda i: f"/stories/{story(i)}"),
        ("page /articles/{id}", lambda i: f"/articles/{article(i)}"),
        ("page /entities/{id}", lambda i: f"/entities/{entity(i)}"),
        ("page /relations", lambda i: f"/relations?a={a}&b={b}"),
        ("page /search", lambda i: f"/search?q={s['words'][i % 7]}"),
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(client: Any, route: Route, requests: int, budget: float) -> dict[str, Any]:
    """One cold request, then up to ``requests`` more within ``budget`` seconds."""
    label, url = route
    times: list[float] = []
    failures = 0
    deadline = time.perf_counter() + budget
    for i in range(requests + 1):
        started = time.perf_counter()
        response = client.get(url(i))
        times.append((time.perf_counter() - started) * 1000)
        failures += response.status_code != 200
        if time.perf_counter() > deadline:
            break
    warm = times[1:] or times
    return {"label": label, "cold": times[0], "n": len(warm), "failures": failures,
            "p50": percentile(warm, 0.5), "p95": percentile(warm, 0.95), "max": max(warm)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=11_000,
                        help="documents to generate (11,000 make over 10,000 articles)")
    parser.add_argument("--requests", type=int, default=30, help="warm requests a route")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds a route at most")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="measure this database instead (e.g. one "
                        "bench_pipeline.py --work kept)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from chronicle.web import create_app

    db = args.db or build(args.n, args.rebuild)
    with chronicle.open(db, readonly=True) as chron:
        counts = chron.counts()
        sample = samples(chron, args.requests, args.seed)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}")
    print(f"database: {db} ({db.stat().st_size / 1e6:.0f} MB): "
          f"{counts.get('articles_kept', 0)} kept articles, "
          f"{counts.get('articles_duplicate', 0)} duplicates, {sample['n_stories']} stories, "
          f"{counts.get('mentions', 0)} mentions")
    client = TestClient(create_app(db), base_url="http://localhost")
    print(f"\n{'route':<36} {'cold ms':>8} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for route in routes(sample):
        r = measure(client, route, args.requests, args.budget)
        flag = f"  ({r['failures']} non-200)" if r["failures"] else ""
        print(f"{r['label']:<36} {r['cold']:>8.1f} {r['n']:>4} {r['p50']:>8.1f} "
              f"{r['p95']:>8.1f} {r['max']:>8.1f}{flag}", flush=True)


if __name__ == "__main__":
    main()
