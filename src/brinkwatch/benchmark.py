"""End-to-end throughput against bare spaCy, measured side by side in one run.

The same texts go through (1) bare ``nlp.pipe`` with the same model and process count and
(2) ``brinkwatch run`` into a fresh store; the ratio of the two rates is what to watch on a
noisy machine. Peak RSS covers this process and its workers.

The bare run's model is loaded before its clock starts (spaCy's worker processes fork with
it loaded); ours is timed over the whole ``run``: ingest, the workers' start-up and model
loads, analysis, derive. Both run the same pipeline components (:func:`load_nlp`).

``cpu_ratio`` compares CPU seconds per article (this process and its workers) instead of wall
time: it is far less moved by other jobs on a shared machine, but it does not charge the
serial stages (ingest, derive) for the core they leave idle, so it reads above ``ratio`` on
an idle machine.
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


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its children that have been waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _reap_children(timeout: float = 30.0) -> None:
    """Wait for finished worker processes, so their CPU time is counted."""
    import multiprocessing

    deadline = time.monotonic() + timeout
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)


def _bare_spacy(texts: list[str], model: str, workers: int) -> tuple[float, int, float]:
    from brinkwatch.analyze.nlp import load_nlp

    nlp = load_nlp(model)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    sentences = 0
    for doc in nlp.pipe(texts, batch_size=32, n_process=workers):
        sentences += sum(1 for _ in doc.sents)
    seconds = time.perf_counter() - start
    _reap_children()
    return seconds, sentences, _cpu_seconds() - cpu


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
    bare_seconds, sentences, bare_cpu = _bare_spacy(texts, settings.spacy_model, workers)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bench.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for r in records:
                handle.write(json.dumps({"id": r["id"], "title": r.get("title"), "text": r["text"],
                                         "outlet": r.get("outlet"), "published": r.get("date")}) + "\n")
        cpu = _cpu_seconds()
        start = time.perf_counter()
        report = run([str(source)], str(Path(tmp) / "bench.db"), settings)
        ours_seconds = time.perf_counter() - start
        _reap_children()
        ours_cpu = _cpu_seconds() - cpu
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
        "cpu_s_per_article": round(ours_cpu / max(n, 1), 4),
        "baseline_cpu_s_per_article": round(bare_cpu / max(len(texts), 1), 4),
        "cpu_ratio": round((bare_cpu / max(len(texts), 1)) / max(ours_cpu / max(n, 1), 1e-9), 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "startup_s": round(startup_seconds(), 3),
        "cpus": os.cpu_count(),
        "stage_seconds": report.stage_seconds,
    }
