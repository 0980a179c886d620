"""Derive an existing store again, window by window, and report time and memory per step.

For real stores (the cloned stores of `bench_reduce.py` hold only 150 stories however large
they grow, which hides what the story clusterer costs on real news). Analyse a corpus once,
e.g. `brinkwatch run reuters.jsonl --db reuters.db --workers 2` with the Reuters file of
../shared/bench unzipped, then:

    python bench/bench_derive_store.py reuters.db [--window 5000] [--fresh]

The store is copied first (the original is never changed). `--fresh` deletes the story
clusterer's saved state, so every document is clustered again and the state saved. Prints
one JSON line: the derive summary, seconds, peak RSS (MB) and, per step, [RSS, peak RSS so
far] in MB (Linux).

Years of news from one store: `--copies K --shift-days D` adds K - 1 copies of every
document and its analysis under new ids (`<id>~k`), published k * D days later (the analyses
keep their own normalised dates). With D over the clusterer's reach (775 days), a copy's
articles can never join an earlier copy's stories, so each copy is news of its own and older
stories retire from memory as the copies go by; `--keep-stories` keeps every story in memory
instead, for the side-by-side (`--fresh` is implied by `--copies`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from brinkwatch import derive as derive_module
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _watch_steps(steps: list) -> None:
    """After each derive step, append (step, RSS MB, peak RSS MB so far) to ``steps``."""
    lap = derive_module._Clock.lap

    def lap_and_measure(clock, step: str) -> None:
        lap(clock, step)
        with open("/proc/self/statm") as handle:
            rss = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
        steps.append([step, round(rss), _peak_mb()])

    derive_module._Clock.lap = lap_and_measure


def _add_copies(db: Path, copies: int, shift_days: int) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    columns = ("text, title, outlet, url, published, published_source, published_evidence, language, "
               "source_path, external_id, fingerprint, signature, shingles, added_at")
    for k in range(1, copies):
        shifted = columns.replace("published,", f"date(published, '+{k * shift_days} days'),", 1)
        shifted = shifted.replace("source_path,", f"source_path || '#{k}',").replace(
            "fingerprint,", f"fingerprint || '~{k}',")
        conn.execute(f"INSERT INTO documents (id, {columns}) SELECT id || '~{k}', {shifted} "
                     "FROM documents WHERE id NOT LIKE '%~%'")
        conn.execute(f"""INSERT INTO analyses (doc_id, analyzer_version, data)
                         SELECT doc_id || '~{k}', analyzer_version,
                                replace(data, '"' || doc_id || '"', '"' || doc_id || '~{k}"')
                         FROM analyses WHERE doc_id NOT LIKE '%~%'""")
        conn.commit()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--window", type=int, default=None,
                        help="documents derived at a time (default: Settings().derive_window)")
    parser.add_argument("--fresh", action="store_true", help="cluster every document again")
    parser.add_argument("--copies", type=int, default=1, help="years of news: copies of the store")
    parser.add_argument("--shift-days", type=int, default=800, help="days between two copies")
    parser.add_argument("--keep-stories", action="store_true",
                        help="never retire stories from the clusterer's memory")
    args = parser.parse_args()
    if args.keep_stories:
        from brinkwatch.resolve import stories

        stories.retire = lambda clusterer: None
    args.fresh = args.fresh or args.copies > 1
    steps: list = []
    _watch_steps(steps)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        shutil.copy(args.store, db)
        if args.copies > 1:
            _add_copies(db, args.copies, args.shift_days)
        with Store(db) as store:
            if args.fresh:
                with store.transaction():
                    store.conn.execute(
                        "DELETE FROM state WHERE key = ? OR key LIKE ?",
                        (derive_module.STORY_STATE_KEY, f"{derive_module.STORY_STATE_KEY}#%"))
            started = time.perf_counter()
            summary = derive_module.derive(store, Settings(), timings={}, force=True, window=args.window)
            seconds = time.perf_counter() - started
    print(json.dumps({**summary, "window": args.window or Settings().derive_window, "fresh": args.fresh,
                      "copies": args.copies, "retire": not args.keep_stories,
                      "derive_s": round(seconds, 1), "peak_rss_mb": _peak_mb(), "steps": steps}))


if __name__ == "__main__":
    main()
