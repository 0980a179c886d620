"""Ray engine vs local engine, side by side in one run (issue 10: Ray within 0.8 of local).

The same N BBC articles (../shared/bench) go through ``brinkwatch run`` into fresh stores,
in this order per repeat:

* ``local``: the local engine with ``--workers W``;
* ``ray``: the Ray engine as a command-line user gets it, Ray NOT running beforehand, so
  ``ray.init`` and every model load are inside the timed run ("start-up included");
* ``ray-preinit``: Ray stopped and started again outside the clock (``ray.init`` timed apart),
  then the run ("start-up excluded": only ``ray.init`` is left out; the model loads in fresh
  Ray workers are inside).

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


def _one(source: Path, folder: Path, mode: str, workers: int) -> dict:
    import ray

    from brinkwatch.scale.ray_engine import _init_ray

    engine = "local" if mode == "local" else "ray"
    settings = Settings(workers=workers, engine=engine)
    init_s = None
    if engine == "ray":
        ray.shutdown()  # fresh Ray workers for every Ray run (no model left loaded by the last one)
        if mode == "ray-preinit":
            start = time.perf_counter()
            _init_ray(settings)
            init_s = round(time.perf_counter() - start, 2)
    db = folder / f"{mode}-{time.time_ns()}.db"
    start = time.perf_counter()
    report = run([str(source)], str(db), settings)
    seconds = time.perf_counter() - start
    return {"mode": mode, "seconds": round(seconds, 2), "docs": report.documents, "ray_init_s": init_s,
            "stages": report.stage_seconds, "load": round(os.getloadavg()[0], 1)}


def _mean(rows: list[dict], key: str) -> float:
    return sum(r[key] for r in rows) / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="run local / ray / ray-preinit this many times")
    parser.add_argument("--write", action="store_true", help="append a section to bench/RESULTS.md")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    import ray

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = _write_source(folder, args.docs)
        try:
            for _ in range(args.repeat):
                for mode in ("local", "ray", "ray-preinit"):
                    result = _one(source, folder, mode, args.workers)
                    log.info(json.dumps(result))
                    rows.append(result)
        finally:
            ray.shutdown()
    by_mode = {mode: [r for r in rows if r["mode"] == mode] for mode in ("local", "ray", "ray-preinit")}
    local_s, cold_s = _mean(by_mode["local"], "seconds"), _mean(by_mode["ray"], "seconds")
    warm_s = _mean(by_mode["ray-preinit"], "seconds")
    n = rows[0]["docs"]
    summary = {
        "docs": n, "workers": args.workers, "repeat": args.repeat,
        "local_s": round(local_s, 2), "ray_s": round(cold_s, 2), "ray_preinit_s": round(warm_s, 2),
        "ray_init_s": round(_mean(by_mode["ray-preinit"], "ray_init_s"), 2),
        "ratio_startup_included": round(local_s / cold_s, 3),
        "ratio_startup_excluded": round(local_s / warm_s, 3),
        "load": [r["load"] for r in rows],
    }
    log.info(json.dumps(summary))
    if args.write:
        _append(args, summary)


def _append(args, s: dict) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    lines = [
        f"\n## Ray vs local, one run · {dt.date.today().isoformat()} · commit {commit} (working tree) · "
        f"{platform.machine()} · {os.cpu_count()} CPUs",
        f"`python bench/bench_ray.py --docs {args.docs} --workers {args.workers} --repeat {args.repeat}` "
        f"(load average after each run: {s['load']})\n",
        "| articles | local s | Ray s (start-up included) | Ray s (ray.init excluded) | ray.init s | "
        "Ray / local included | Ray / local excluded |",
        "|---|---|---|---|---|---|---|",
        f"| {s['docs']} | {s['local_s']} | {s['ray_s']} | {s['ray_preinit_s']} | {s['ray_init_s']} | "
        f"{s['ratio_startup_included']} | {s['ratio_startup_excluded']} |",
    ]
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
