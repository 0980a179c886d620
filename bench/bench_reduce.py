"""Reduce/derive stage cost as the store grows (issue 10: time per document stays flat).

Analyses are expensive to make, so this analyses a small slice of the BBC bench corpus once,
then clones those documents and analyses under new ids (publication dates spread over a
year, so stories and time windows spread too) to N documents, and times `derive` on each
size in a fresh store. Only the reduce stage is timed; the map stage's rate is in
`run_bench.py`.

    python bench/bench_reduce.py [--seed-docs 150] [--sizes 1000 10000] [--step-memory] [--write]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gzip
import json
import pstats
import resource
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from brinkwatch.derive import derive
from brinkwatch.pipeline import run
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "bench" / "bbc_news.jsonl.gz"


def _seed_store(folder: Path, docs: int) -> Path:
    source = folder / "seed.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle, source.open("w", encoding="utf-8") as out:
        for n, line in enumerate(handle):
            if n >= docs:
                break
            r = json.loads(line)
            out.write(json.dumps({"id": r["id"], "title": r["title"], "text": r["text"], "outlet": r["outlet"]}) + "\n")
    db = folder / "seed.db"
    run([str(source)], str(db), Settings(workers=2))
    return db


def _clone(seed_db: Path, target: Path, size: int) -> None:
    """A store of ``size`` documents: the seed's documents and analyses under new ids."""
    Store(target).close()  # schema
    src = sqlite3.connect(seed_db)
    dst = sqlite3.connect(target)
    docs = src.execute("SELECT id, text, title, outlet, source_path FROM documents ORDER BY rowid").fetchall()
    analyses = dict(src.execute("SELECT doc_id, data FROM analyses").fetchall())
    start = dt.date(2023, 1, 1)
    for n in range(size):
        doc_id, text, title, outlet, path = docs[n % len(docs)]
        copy = n // len(docs)
        new_id = f"{doc_id}-{copy}"
        published = (start + dt.timedelta(days=(n * 7) % 365)).isoformat()
        dst.execute(
            "INSERT INTO documents (id, text, title, outlet, published, published_source, source_path, fingerprint, added_at)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (new_id, text, title, outlet, published, "metadata", f"{path}#{copy}", new_id, "2026-01-01T00:00:00"),
        )
        data = analyses[doc_id].replace(f'"{doc_id}"', f'"{new_id}"')
        dst.execute("INSERT INTO analyses (doc_id, analyzer_version, data) VALUES (?,?,?)", (new_id, "bench", data))
    dst.commit()


def _record_step_memory(into: dict[str, list[int]]) -> None:
    """After each derive step, ``into[step] = [RSS MB, peak RSS MB so far]`` (Linux)."""
    import os

    from brinkwatch import derive as derive_module

    lap = derive_module._Clock.lap

    def lap_and_measure(clock, step: str) -> None:
        lap(clock, step)
        with open("/proc/self/statm") as handle:
            rss = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        into[step if step not in into else f"{step} 2"] = [round(rss), round(peak)]

    derive_module._Clock.lap = lap_and_measure


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed-docs", type=int, default=150)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--keep", type=Path, default=None,
                        help="a folder to keep (and reuse) the seed and cloned stores in")
    parser.add_argument("--step-memory", action="store_true",
                        help="record the RSS and the peak RSS (MB) after each derive step")
    parser.add_argument("--window", type=int, default=None,
                        help="documents derived at a time (default: Settings().derive_window)")
    parser.add_argument("--profile", type=int, default=0,
                        help="log the N most expensive functions of each derive (cProfile)")
    args = parser.parse_args()
    step_memory: dict[str, list[int]] = {}
    if args.step_memory:
        _record_step_memory(step_memory)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        seed = folder / "seed.db"
        if not seed.exists():
            seed = _seed_store(folder, args.seed_docs)
        for size in args.sizes:
            target = folder / f"store-{size}.db"
            if target.exists():
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
            _clone(seed, target, size)
            with Store(target) as store:
                profiler = cProfile.Profile() if args.profile else None
                clock = time.perf_counter()
                if profiler:
                    profiler.enable()
                timings: dict[str, float] = {}
                step_memory.clear()
                summary = derive(store, Settings(), timings, window=args.window)
                if profiler:
                    profiler.disable()
                seconds = time.perf_counter() - clock
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            row = {"docs": size, "window": args.window or Settings().derive_window, "derive_s": round(seconds, 2), "ms_per_doc": round(1000 * seconds / size, 2),
                   "events": summary["events"], "stories": summary["stories"], "peak_rss_mb": round(rss), "steps": timings}
            if args.step_memory:
                row["step_rss_mb"] = dict(step_memory)  # step -> [RSS, peak RSS so far]
            print(json.dumps(row))
            rows.append(row)
    if args.write:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        lines = [f"\n## Reduce stage vs store size · {dt.date.today().isoformat()} · commit {commit}",
                 f"`python bench/bench_reduce.py --seed-docs {args.seed_docs} --sizes {' '.join(map(str, args.sizes))} --write`"
                 " (BBC articles analysed once, cloned under new ids with dates spread over a year; full derive in a fresh store)\n",
                 "| documents | derive s | ms per document | events | stories | peak RSS MB |", "|---|---|---|---|---|---|"]
        lines += [f"| {r['docs']} | {r['derive_s']} | {r['ms_per_doc']} | {r['events']} | {r['stories']} | {r['peak_rss_mb']} |" for r in rows]
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
