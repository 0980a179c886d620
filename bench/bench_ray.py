"""Ray engine vs local engine, side by side in one run (issue 10: Ray within 0.8 of local).

The same N BBC articles (../shared/bench) go through ``brinkwatch run`` twice into fresh
stores: the local engine with ``--workers W`` and the Ray engine on a local W-CPU Ray
instance. Ray's start-up (``ray.init``) is timed on its own and reported both excluded and
included; the spaCy load per worker/actor is inside both runs.

    python bench/bench_ray.py [--docs 600] [--workers 2] [--repeat 1] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from brinkwatch.benchmark import load_corpus
from brinkwatch.pipeline import run
from brinkwatch.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "bench" / "bbc_news.jsonl.gz"
log = logging.getLogger("bench_ray")


def _write_source(folder: Path, docs: int) -> Path:
    source = folder / "bench.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for r in load_corpus(CORPUS, docs):
            handle.write(json.dumps({"id": r["id"], "title": r.get("title"), "text": r["text"],
                                     "outlet": r.get("outlet"), "published": r.get("date")}) + "\n")
    return source


def _one(source: Path, folder: Path, engine: str, workers: int) -> dict:
    db = folder / f"{engine}-{time.time_ns()}.db"
    start = time.perf_counter()
    report = run([str(source)], str(db), Settings(workers=workers, engine=engine))
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "docs": report.documents, "stages": report.stage_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="alternate local/ray this many times")
    parser.add_argument("--write", action="store_true", help="append a section to bench/RESULTS.md")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    import ray

    from brinkwatch.scale.ray_engine import _init_ray

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = _write_source(folder, args.docs)
        start = time.perf_counter()
        _init_ray(Settings(workers=args.workers, engine="ray"))
        init_s = time.perf_counter() - start
        rows = []
        try:
            for _ in range(args.repeat):
                for engine in ("local", "ray"):
                    result = _one(source, folder, engine, args.workers)
                    result["engine"] = engine
                    log.info(json.dumps(result))
                    rows.append(result)
        finally:
            ray.shutdown()
    local = [r for r in rows if r["engine"] == "local"]
    on_ray = [r for r in rows if r["engine"] == "ray"]
    local_s = sum(r["seconds"] for r in local) / len(local)
    ray_s = sum(r["seconds"] for r in on_ray) / len(on_ray)
    n = local[0]["docs"]
    summary = {
        "docs": n, "workers": args.workers, "ray_init_s": round(init_s, 2),
        "local_docs_per_s": round(n / local_s, 2), "ray_docs_per_s": round(n / ray_s, 2),
        "ratio_startup_excluded": round(local_s / ray_s, 3),
        "ratio_startup_included": round(local_s / (ray_s + init_s), 3),
        "analyze_s_local": round(sum(r["stages"].get("analyze", 0) for r in local) / len(local), 2),
        "analyze_s_ray": round(sum(r["stages"].get("analyze", 0) for r in on_ray) / len(on_ray), 2),
    }
    log.info(json.dumps(summary))
    if args.write:
        _append(args, summary)


def _append(args, s: dict) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    load = os.getloadavg()[0]
    lines = [
        f"\n## Ray vs local, one run · {dt.date.today().isoformat()} · commit {commit} · "
        f"{platform.machine()} · {os.cpu_count()} CPUs",
        f"`python bench/bench_ray.py --docs {args.docs} --workers {args.workers} --repeat {args.repeat}` "
        f"(load average at the end {load:.1f})\n",
        "| articles | local articles/s | Ray articles/s | Ray / local (start-up excluded) | "
        "Ray / local (start-up included) | ray.init s | analyze s local / Ray |",
        "|---|---|---|---|---|---|---|",
        f"| {s['docs']} | {s['local_docs_per_s']} | {s['ray_docs_per_s']} | {s['ratio_startup_excluded']} | "
        f"{s['ratio_startup_included']} | {s['ray_init_s']} | {s['analyze_s_local']} / {s['analyze_s_ray']} |",
    ]
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
