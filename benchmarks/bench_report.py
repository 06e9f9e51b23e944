"""Printing for ``bench_pipeline.py``: one block per size, then scaling and extrapolation."""

from __future__ import annotations

import math
import statistics
from typing import Any

from stage_timers import SUB, TOP

TARGET_N = 100_000
WORKER_STAGES = ("nlp parse", "entities", "events", "quotes", "quantities")


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:9.1f}" if seconds > 0 else f"{'-':>9}"


def print_run(r: dict[str, Any]) -> None:
    run, stats, db = r["run"], r["stats"], r["db"]
    docs, parsed, sents = stats.get("documents", 0), stats.get("nlp_parsed", 0), db["sentences"]
    kinds = ", ".join(f"{k} {v}" for k, v in r["manifest"]["kinds"].items())
    feed = r["manifest"].get("feed", "short")
    print(f"\n== N = {r['n']} documents, {feed} feed ({r['manifest']['mb']} MB raw, "
          f"{r['manifest'].get('words', 0):,} words: {kinds})")
    print(f"model load {r['model_load']:.1f} s (not counted)")
    print(f"outcome: kept {stats.get('articles_kept', 0)}, exact dup "
          f"{stats.get('duplicates_exact', 0)}, near dup {stats.get('duplicates_near', 0)}, "
          f"identical copies {stats.get('identical_copies', 0)}, dropped "
          f"{stats.get('articles_dropped', 0)}; parsed {parsed}; {sents} sentences, "
          f"{db['mentions']} mentions, {db['events']} events, {db['quotes']} quotes, "
          f"{db['stories']} stories")
    if run.get("workers"):
        print(f"parse workers: {run['workers']} processes; CPU {run['cpu_main']:.1f} s here + "
              f"{run['cpu_workers']:.1f} s in the workers")
    print(f"end to end: {run['wall']:.1f} s wall, {run['cpu']:.1f} s CPU -> "
          f"{docs / run['wall']:.1f} documents/s, {sents / run['wall']:.1f} sentences/s "
          f"(CPU: {docs / run['cpu']:.1f} documents/s)")
    if r.get("words_read"):
        tokens = (r.get("baseline_read") or {}).get("tokens")
        print(f"  {r['words_read'] / run['wall']:,.0f} words/s of the text as read"
              + (f", {tokens / run['wall']:,.0f} tokens/s" if tokens else "")
              + f"; {r['words_parsed']:,} of {r['words_read']:,} words parsed "
              f"({100 * r['words_parsed'] / r['words_read']:.0f}%: duplicates, furniture and "
              "other languages are not)")
    print(f"  {'stage':<18}{'wall s':>8}{'CPU s':>8}{'share':>7}{'docs/s':>9}{'sent/s':>9}")
    stages = run["stages"]
    workers, timings = run.get("workers", 0), run.get("timings", {})
    rows = [r for name in TOP for r in (name, *SUB.get(name, ()))]
    for name in (*rows, "other"):
        in_workers = workers and name in WORKER_STAGES
        if name == "other":
            wall = run["wall"] - sum(stages.get(s, {}).get("wall", 0.0) for s in TOP)
            cpu = run["cpu"] - sum(stages.get(s, {}).get("cpu", 0.0) for s in TOP) - (
                sum(timings.get(s, 0.0) for s in WORKER_STAGES) if workers else 0.0)
        elif in_workers:  # CPU the workers report; their wall time overlaps this process's
            cpu = timings.get(name, 0.0)
            wall = cpu / workers
        else:
            wall, cpu = (stages.get(name, {}).get(k, 0.0) for k in ("wall", "cpu"))
        count = parsed if name in WORKER_STAGES else docs
        label = name if name in TOP or name == "other" else "  " + name.split(" ", 1)[1]
        label += " *" if in_workers else ""
        print(f"  {label:<18}{wall:8.1f}{cpu:8.1f}{100 * wall / run['wall']:6.1f}%"
              f"{_rate(count, wall)}{_rate(sents, wall)}")
    if workers:
        print(f"  * in {workers} parse workers, alongside this process: wall = CPU / {workers}; "
              "'layer wait' is how long this process waited for them")
    _print_shares(run)
    _print_lookups(run["counts"])
    for error in run.get("errors", []):
        print(f"ISOLATED ERROR (article left without events/quotes): {error[:300]}")
    q = r.get("story_quality")
    if q:
        print(f"stories against the generator's truth: {q['stories']} found for "
              f"{q['true_stories']} true; pairwise precision {q['precision']:.2f}, "
              f"recall {q['recall']:.2f}")
    workers = run.get("workers", 0)
    total = r["rss_run"] + workers * r.get("rss_worker", 0.0)
    print(f"memory: peak RSS {r['rss_model']:.0f} MB before the run, {r['rss_run']:.0f} MB "
          f"after it" + (f", largest worker {r['rss_worker']:.0f} MB: at most {total:.0f} MB "
                          f"for the {workers + 1} processes" if workers else "")
          + f"; database {r['db_mb']:.1f} MB on disk")
    _print_rss_curve(r.get("rss_curve", []))
    _print_adds(r)
    _print_baseline(r)


def _print_rss_curve(points: list[list[float]]) -> None:
    """The main process's RSS at each tenth of the stored documents, and a straight line
    through the second half (the growth that remains once caches and batches are full)."""
    points = [p for p in points if p[1] > 0]
    if len(points) < 4:
        return
    last = points[-1][1]
    shown, marks = [], [last * k / 10 for k in range(1, 11)]
    for mark in marks:
        at = next(p for p in points if p[1] >= mark)
        if not shown or shown[-1] != at:
            shown.append(at)
    print("  main RSS as documents are stored: " + ", ".join(
        f"{int(n):,} docs {rss:.0f} MB" for _, n, rss in shown))
    half = [p for p in points if p[1] >= last / 2]
    if len(half) >= 2 and half[-1][1] > half[0][1]:
        slope = (half[-1][2] - half[0][2]) / (half[-1][1] - half[0][1])
        at_target = half[-1][2] + slope * (TARGET_N - half[-1][1])
        print(f"  growth over the second half: {slope * 1000:.1f} MB a 1,000 documents "
              f"(straight line to {TARGET_N:,}: {at_target:.0f} MB, not measured)")


def _print_lookups(counts: dict[str, int]) -> None:
    for kind in ("story", "lsh"):
        lookups = counts.get(f"{kind} lookups", 0)
        if lookups:
            print(f"{kind} candidates: {counts.get(f'{kind} candidates', 0) / lookups:.1f} "
                  f"a lookup ({lookups} lookups)")


def _print_adds(r: dict[str, Any]) -> None:
    for add in r["adds"]:
        stages = add["stages"]
        top = sorted(stages.items(), key=lambda kv: -kv[1]["wall"])[:4]
        parts = ", ".join(f"{k} {v['wall']:.2f}" for k, v in top)
        what = next((k.removeprefix("articles_") for k in add["stats"]
                     if k.startswith("articles_")), "copy")
        print(f"add one to {r['n']}: {add['file']} ({what}) {add['wall']:.2f} s wall, "
              f"{add['cpu']:.2f} s CPU [{parts}]")


def _print_baseline(r: dict[str, Any]) -> None:
    base, read = r.get("baseline"), r.get("baseline_read")
    if not base and not read:
        return
    run = r["run"]
    if read:
        procs = read.get("processes", 1)
        print(f"baseline spaCy alone over every document's text as read ({read['texts']} "
              f"texts, {procs} process{'es' if procs > 1 else ''}): {read['wall']:.1f} s wall, "
              f"{read['cpu']:.1f} s CPU -> {read['texts'] / read['wall']:.1f} texts/s"
              + (f", {read['words'] / read['wall']:,.0f} words/s" if "words" in read else ""))
        print(f"  THROUGHPUT, whole pipeline against spaCy alone over the same input: "
              f"{read['wall'] / run['wall']:.2f}x (CPU {read['cpu'] / run['cpu']:.2f}x)")
    if not base:
        return
    print(f"baseline spaCy alone over the {base['texts']} parsed texts: {base['wall']:.1f} s "
          f"wall, {base['cpu']:.1f} s CPU -> {base['texts'] / base['wall']:.1f} articles/s, "
          f"{base['sentences'] / base['wall']:.1f} sentences/s")
    print(f"  whole pipeline / spaCy alone: {run['wall'] / base['wall']:.2f}x wall, "
          f"{run['cpu'] / base['cpu']:.2f}x CPU; nlp parse stage / spaCy alone: "
          f"{_parse_cpu(run) / base['cpu']:.2f}x CPU")



def _stage_cpu(run: dict[str, Any], name: str) -> float:
    """A worker stage's CPU seconds: the workers' report, or this process's clock."""
    if run.get("workers"):
        return float(run.get("timings", {}).get(name, 0.0))
    return float(run["stages"].get(name, {}).get("cpu", 0.0))


def _parse_cpu(run: dict[str, Any]) -> float:
    return _stage_cpu(run, "nlp parse")


def _print_shares(run: dict[str, Any]) -> None:
    parse = _parse_cpu(run)
    if parse > 0:
        share = {name: _stage_cpu(run, name) / parse for name in ("events", "quotes", "entities")}
        print(f"against the parse's CPU: events {share['events']:.0%} (target at most 15%), "
              f"quotes {share['quotes']:.0%} (at most 10%), entities {share['entities']:.0%}")


def print_scaling(results: list[dict[str, Any]]) -> None:
    print(f"\n== scaling\n  {'N':>7}{'wall s':>9}{'CPU s':>9}{'docs/s':>8}{'peak MB':>9}"
          f"{'DB MB':>8}{'add one s':>10}")
    for r in results:
        adds = [a["wall"] for a in r["adds"]]
        add = f"{statistics.median(adds):10.2f}" if adds else f"{'-':>10}"
        print(f"  {r['n']:>7}{r['run']['wall']:9.1f}{r['run']['cpu']:9.1f}"
              f"{r['n'] / r['run']['wall']:8.1f}{r['rss_run']:9.0f}{r['db_mb']:8.1f}{add}")
    for a, b in zip(results, results[1:], strict=False):
        factor = b["n"] / a["n"]
        print(f"  {a['n']} -> {b['n']} ({factor:g}x documents): "
              f"{b['run']['wall'] / a['run']['wall']:.2f}x wall, "
              f"{b['run']['cpu'] / a['run']['cpu']:.2f}x CPU")
        growth = []
        for name in TOP:
            ca = a["run"]["stages"].get(name, {}).get("cpu", 0.0)
            cb = b["run"]["stages"].get(name, {}).get("cpu", 0.0)
            if ca > 0.05:
                growth.append(f"{name} {cb / ca:.2f}x")
        print("    CPU growth by stage: " + ", ".join(growth))


def print_extrapolation(results: list[dict[str, Any]]) -> None:
    """From the two largest sizes: a power law for time, straight lines for the rest."""
    if len(results) < 2:
        return
    a, b = results[-2], results[-1]
    ratio = b["run"]["cpu"] / a["run"]["cpu"]
    k = math.log(ratio) / math.log(b["n"] / a["n"])
    cpu = b["run"]["cpu"] * (TARGET_N / b["n"]) ** k
    print(f"\n== EXTRAPOLATION to {TARGET_N:,} documents (not measured; from N={a['n']} and "
          f"N={b['n']})")
    if b["n"] < 2000:
        print("  (sizes this small hide the stories stage's growth: see RESULTS.md for 4k-10k)")
    print(f"  time ~ N^{k:.2f}: about {cpu / 3600:.1f} h CPU, "
          f"{TARGET_N / cpu:.1f} documents/s on one core like this one")
    print(f"  peak RSS, straight line: {_line(a, b, 'rss_run'):.0f} MB; "
          f"database {_line(a, b, 'db_mb') / 1000:.1f} GB")
    for r in (a, b):
        walls = [x["wall"] for x in r["adds"]]
        refresh = [x["stages"].get("stories refresh", {}).get("wall", 0.0) for x in r["adds"]]
        if walls:
            print(f"  add one document at {r['n']}: median {statistics.median(walls):.2f} s, "
                  f"max {max(walls):.2f} s, of which the joined story's refresh up to "
                  f"{max(refresh):.2f} s (grows with that story's size, not with N: no line)")


def _line(a: dict[str, Any], b: dict[str, Any], key: str) -> float:
    slope = (b[key] - a[key]) / (b["n"] - a["n"])
    return b[key] + slope * (TARGET_N - b["n"])


def print_results(results: list[dict[str, Any]], machine: str) -> None:
    print(f"machine: {machine}")
    for r in results:
        print_run(r)
    print_scaling(results)
    print_extrapolation(results)
