"""End-to-end throughput against bare spaCy, measured side by side in one run.

The same texts go through (1) bare ``nlp.pipe`` with the same model and process count and
(2) ``brinkwatch run`` into a fresh store; the ratio of the two rates is what to watch on a
noisy machine. Peak RSS covers this process and its workers.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def load_corpus(path: Path, limit: int) -> list[dict]:
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            docs.append(json.loads(line))
            if len(docs) >= limit:
                break
    return docs


def startup_seconds(runs: int = 5) -> float:
    """Median wall time of ``brinkwatch --help`` in a new process."""
    exe = Path(sys.executable).with_name("brinkwatch")
    command = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "brinkwatch.cli", "--help"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def _bare_spacy(texts: list[str], model: str, workers: int) -> tuple[float, int]:
    from brinkwatch.analyze.nlp import load_nlp

    nlp = load_nlp(model)
    start = time.perf_counter()
    sentences = 0
    for doc in nlp.pipe(texts, batch_size=32, n_process=workers):
        sentences += sum(1 for _ in doc.sents)
    return time.perf_counter() - start, sentences


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run_benchmark(corpus: Path, *, docs: int = 200, workers: int = 1, engine: str = "local") -> dict:
    from brinkwatch.pipeline import run
    from brinkwatch.settings import Settings

    settings = Settings(workers=workers, engine=engine)
    records = load_corpus(corpus, docs)
    texts = [r["text"] for r in records]
    bare_seconds, sentences = _bare_spacy(texts, settings.spacy_model, workers)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bench.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for r in records:
                handle.write(json.dumps({"id": r["id"], "title": r.get("title"), "text": r["text"],
                                         "outlet": r.get("outlet"), "published": r.get("date")}) + "\n")
        start = time.perf_counter()
        report = run([str(source)], str(Path(tmp) / "bench.db"), settings)
        ours_seconds = time.perf_counter() - start
    n = report.new_documents + report.exact_copies + report.near_copies + report.already_stored
    return {
        "docs": len(records),
        "stored_documents": report.documents,
        "workers": workers,
        "engine": engine,
        "articles_per_s": round(n / ours_seconds, 2),
        "sentences_per_s": round(sentences / ours_seconds, 1),
        "baseline_articles_per_s": round(len(texts) / bare_seconds, 2),
        "ratio": round((n / ours_seconds) / (len(texts) / bare_seconds), 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "startup_s": round(startup_seconds(), 3),
        "cpus": os.cpu_count(),
        "stage_seconds": report.stage_seconds,
    }
