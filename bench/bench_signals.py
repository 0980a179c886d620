"""Benchmark: aggregate N imported events into daily dyad series (target: 10 million events
in under 2 minutes and 2 GB of memory), plus weekly bands and GDELT import throughput.

1. ``generate``: N synthetic events straight into a store's ``imported_events`` table with
   one SQL statement (160 country codes, each side drawn as 160·u³ so a few dyads are busy
   and most are rare, as in GDELT, 365 days, QuadClass 1-4 in GDELT-like shares, Goldstein weights, sources);
2. ``aggregate``: in a fresh process, stream the daily undirected country-dyad series
   (``signals.series.iter_series(granularity="day")``) and count its cells; then the weekly
   escalation rows with bands; wall time and peak RSS of that process;
3. ``pages``: the merged timeline and event list over that store (what ``brinkwatch timeline``,
   ``/api/timeline`` and the dashboard ask for): first page, newest page, one week, one
   dataset, one dyad; milliseconds per page;
4. ``import``: write a GDELT 2.0 export of M rows and time ``brinkwatch import gdelt``'s
   reader and writer on it (rows/s).

Usage: ``python bench/bench_signals.py --events 10000000 [--import-rows 200000] [--db FILE]``.
Prints one JSON line per step.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger("bench_signals")

GENERATE_SQL = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count)
INSERT INTO imported_events (id, dataset, native_id, source_file, date, cameo, root, quad_class,
                             goldstein, source_country, target_country, sources)
SELECT 'bench:' || i, 'bench', i, 'synthetic', date('2023-01-01', '+' || (abs(r1) % 365) || ' days'),
       '0' || (q * 4), '0' || q, q, round(((abs(r2) % 200) - 100) / 10.0, 1),
       'C' || CAST(160 * power((abs(r3) % 100000) / 100000.0, 3) AS INTEGER),
       'C' || CAST(160 * power((abs(r4) % 100000) / 100000.0, 3) AS INTEGER),
       1 + abs(r2) % 5
FROM (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
             CASE WHEN abs(random()) % 100 < 58 THEN 1 WHEN abs(random()) % 100 < 40 THEN 2
                  WHEN abs(random()) % 100 < 60 THEN 3 ELSE 4 END AS q
      FROM n)
"""


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def generate(db: Path, count: int) -> dict:
    from brinkwatch.store.db import Store

    Store(db).close()  # create + migrate
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    start = time.perf_counter()
    conn.execute("DROP INDEX IF EXISTS imported_events_date")
    with conn:
        conn.execute(GENERATE_SQL, {"count": count})
    inserted = time.perf_counter() - start
    with conn:
        conn.execute("CREATE INDEX imported_events_date ON imported_events(date)")
    total = time.perf_counter() - start
    rows = conn.execute("SELECT count(*) FROM imported_events").fetchone()[0]
    conn.close()
    return {"step": "generate", "events": rows, "insert_s": round(inserted, 1), "with_index_s": round(total, 1),
            "db_mb": round(db.stat().st_size / 2**20)}


def aggregate(db: Path) -> dict:
    from brinkwatch.signals.escalation import escalation_rows
    from brinkwatch.signals.series import iter_series

    conn = sqlite3.connect(db)
    start, cpu = time.perf_counter(), time.process_time()
    cells = events = 0
    for cell in iter_series(conn, granularity="day"):
        cells += 1
        events += cell.events
    daily, daily_cpu = time.perf_counter() - start, time.process_time() - cpu
    rss_daily = peak_rss_mb()
    start = time.perf_counter()
    weekly = sum(1 for _ in escalation_rows(iter_series(conn, granularity="week")))
    weekly_s = time.perf_counter() - start
    return {"step": "aggregate", "daily_cells": cells, "events_in_cells": events, "daily_s": round(daily, 1), "daily_cpu_s": round(daily_cpu, 1),
            "peak_rss_mb_daily": rss_daily, "weekly_rows": weekly, "weekly_with_bands_s": round(weekly_s, 1),
            "peak_rss_mb": peak_rss_mb()}


def pages(db: Path) -> dict:
    from brinkwatch.signals.merged import MergedQuery, events_page, imported_page, timeline_page
    from brinkwatch.store.db import Store

    store = Store(db)  # migrates an old store, creating the (empty) derived tables
    conn = store.conn
    cases = {
        "timeline_first_page": (timeline_page, MergedQuery()),
        "timeline_newest_page": (timeline_page, MergedQuery(descending=True)),
        "timeline_one_week": (timeline_page, MergedQuery(date_from="2023-06-05", date_to="2023-06-11")),
        "events_one_dataset": (events_page, MergedQuery(datasets=("bench",))),
        "imported_one_dyad": (imported_page, MergedQuery(dyad=("C0", "C1"))),
    }
    out: dict = {"step": "pages"}
    for name, (func, query) in cases.items():
        start = time.perf_counter()
        total, items = func(conn, query, limit=50)
        out[f"{name}_ms"] = round((time.perf_counter() - start) * 1000, 1)
        out[f"{name}_total"] = total
    store.close()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def import_throughput(rows: int, folder: Path) -> dict:
    from brinkwatch.importers import import_file
    from brinkwatch.importers._gdelt_columns import GDELT2_COLUMNS
    from brinkwatch.importers.gdelt import read_gdelt
    from brinkwatch.store.db import Store

    rng = random.Random(7)
    path = folder / "bench.export.CSV"
    with path.open("w") as handle:
        for i in range(rows):
            values = dict.fromkeys(GDELT2_COLUMNS, "")
            quad = rng.choice((1, 1, 1, 2, 3, 4))
            values.update(GLOBALEVENTID=str(i), SQLDATE=f"2023{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
                          Actor1CountryCode=f"C{rng.randint(0, 159)}", Actor2CountryCode=f"C{rng.randint(0, 159)}",
                          Actor1Type1Code="GOV", EventCode="042", EventRootCode="04", QuadClass=str(quad),
                          GoldsteinScale="1.9", NumSources="2", NumMentions="4", AvgTone="-1.5")
            handle.write("\t".join(values[c] for c in GDELT2_COLUMNS) + "\n")
    store = Store(folder / "import.db")
    start = time.perf_counter()
    report = import_file(store, path, read_gdelt, refresh=False)
    seconds = time.perf_counter() - start
    store.close()
    return {"step": "import", "rows": report.imported, "seconds": round(seconds, 1),
            "rows_per_s": round(report.imported / seconds), "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--import-rows", type=int, default=200_000)
    parser.add_argument("--db", type=Path, default=None, help="Store file (default: a temporary one).")
    parser.add_argument("--aggregate-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.aggregate_only:
        print(json.dumps(aggregate(args.aggregate_only)))
        return
    with tempfile.TemporaryDirectory(prefix="bench_signals_") as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            print(json.dumps(generate(db, args.events)), flush=True)
        done = subprocess.run([sys.executable, __file__, "--aggregate-only", str(db)], capture_output=True,
                              text=True, check=True)
        print(done.stdout.strip(), flush=True)
        print(json.dumps(pages(db)), flush=True)
        if args.import_rows:
            print(json.dumps(import_throughput(args.import_rows, Path(tmp))), flush=True)


if __name__ == "__main__":
    main()
