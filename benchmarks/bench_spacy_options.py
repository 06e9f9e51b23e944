"""Which ``nlp.pipe`` settings pay off here, and do they keep the parse identical?

    .venv/bin/python benchmarks/bench_spacy_options.py [--n 300] [--seed 7]

Cleans the first N documents of ``make_corpus``'s feed as the pipeline does
(``process_document``), then parses the kept English texts with the nlp stage's pipeline
(``chronicle.pipeline.nlp.load``) under each setting: batch size, ``n_process``. Every
setting's output is hashed over what later stages read (tokens, tags, POS, lemmas,
dependencies and heads, entities, sentence starts) and compared with the stage's own
setting (one process, 16 texts a call). Then the time each component takes, and what
leaving one out would cost in outputs (every component has a reader; see RESULTS.md).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import generate  # noqa: E402

from chronicle.config import Config  # noqa: E402
from chronicle.model import RawDocument  # noqa: E402
from chronicle.pipeline.context import RunContext  # noqa: E402
from chronicle.pipeline.ingest import to_article  # noqa: E402
from chronicle.pipeline.nlp import load, skip_reason  # noqa: E402
from chronicle.runners.local import process_document  # noqa: E402

SETTINGS = [(16, 1), (4, 1), (64, 1), (200, 1), (16, 2), (64, 2)]  # (batch size, processes)


def cleaned_texts(n: int, seed: int) -> list[str]:
    ctx = RunContext(config=Config())
    texts = []
    for doc in generate(n, seed):
        if not doc.name.endswith(".txt"):
            continue  # html goes through trafilatura: same texts, slower to prepare
        article = to_article(RawDocument(doc.name, doc.text, "txt"))
        process_document(article, ctx)
        if skip_reason(article, ctx) is None:
            texts.append(article.text)
    return texts


def digest(docs: Any) -> tuple[str, int]:
    """A hash of every token attribute a later stage reads, and the sentence count."""
    h = hashlib.blake2b(digest_size=12)
    sentences = 0
    for doc in docs:
        sentences += sum(1 for _ in doc.sents)
        for t in doc:
            h.update(f"{t.text}|{t.tag_}|{t.pos_}|{t.lemma_}|{t.dep_}|{t.head.i}|"
                     f"{t.ent_iob_}|{t.ent_type_}|{t.is_sent_start}\n".encode())
    return h.hexdigest(), sentences


def time_setting(nlp: Any, texts: list[str], batch: int, procs: int) -> dict[str, Any]:
    """Parse the way the stage does (``nlp.pipe`` once per ``batch`` texts) or, with
    several processes, in one ``nlp.pipe`` call (processes start once per call)."""
    wall, cpu = time.perf_counter(), time.process_time()
    if procs == 1:
        docs = [d for i in range(0, len(texts), batch) for d in nlp.pipe(texts[i:i + batch])]
    else:
        docs = list(nlp.pipe(texts, batch_size=batch, n_process=procs))
    out = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    out["digest"], out["sentences"] = digest(docs)
    return out


def component_times(nlp: Any, texts: list[str], batch: int = 16) -> dict[str, float]:
    """Seconds each component spends, run one after another over the same docs."""
    started = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    times = {"tokenizer": time.perf_counter() - started}
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=batch)) if hasattr(proc, "pipe") \
            else [proc(d) for d in docs]
        times[name] = time.perf_counter() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300, help="documents of the feed")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    texts = cleaned_texts(args.n, args.seed)
    nlp = load()
    nlp("Warm up once.")
    print(f"{len(texts)} cleaned texts, {sum(map(len, texts)) / 1e6:.2f} MB")
    print(f"{'batch':>6}{'procs':>6}{'wall s':>8}{'CPU s':>8}{'texts/s':>9}  same output")
    reference = None
    for batch, procs in SETTINGS:
        r = time_setting(nlp, texts, batch, procs)
        reference = reference or r["digest"]
        print(f"{batch:>6}{procs:>6}{r['wall']:8.1f}{r['cpu']:8.1f}"
              f"{len(texts) / r['wall']:9.1f}  {r['digest'] == reference} "
              f"({r['sentences']} sentences)")
    times = component_times(nlp, texts)
    total = sum(times.values())
    print("components (one process, 16 texts a batch): " + ", ".join(
        f"{k} {v:.1f} s ({100 * v / total:.0f}%)" for k, v in times.items()))


if __name__ == "__main__":
    main()
