"""Benchmark: the story clusterer's memory over a years-long stream, with stories retired to
the store's archive and without (issue 10).

The dated Reuters articles of the bench corpus (``../shared/bench``, 8 months of 1987) are
replayed as consecutive "periods": copy ``k`` is perturbed as in ``bench_stories`` (a few
words dropped, the title changed) and dated ``k * shift_days`` later, so the stream runs
for years at the corpus's own density. The default shift (800 days) is more than
``late_days + window_days``: a copy can never join its predecessor's stories (a shorter
shift lets copies join them through the dates they cite, which real news does not do), so
the stories of each period are new and retire when the stream has moved on. Threads still
link each period's stories to the earlier copies' (same words), through the roots carried
by stories in memory.

Documents are added in batches of 1,000, in date order, as derive feeds them. After each
period: stories in memory, the process's resident memory now and its peak. At the end: stories and threads read back (the
archive's included), and their time.

Usage: ``python bench/bench_story_retire.py --docs 200000 [--keep] [--shift-days 800]
[--memory-docs N] [--thread-candidates N]`` (``--keep``: no archive, every story stays in memory, for the
side-by-side; ``--memory-docs``: the cap on articles held, see ``StorySettings``). Logs one JSON
object per period, then a summary.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stories import load_corpus, perturbed  # noqa: E402

from brinkwatch.resolve.stories import StoryClusterer, StorySettings  # noqa: E402
from brinkwatch.store.schema import MIGRATIONS  # noqa: E402
from brinkwatch.store.story_archive import SqliteStoryArchive  # noqa: E402

log = logging.getLogger("bench_story_retire")


def _archive(folder: Path) -> SqliteStoryArchive:
    conn = sqlite3.connect(folder / "archive.db")
    for _, sql in MIGRATIONS:
        if "story_archive" in sql:
            conn.executescript(sql)
    return SqliteStoryArchive(conn)


def _rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)
    return -1


def _shifted(item, days: int):
    import dataclasses
    import datetime as dt

    date = (dt.date.fromisoformat(item.date) + dt.timedelta(days=days)).isoformat()
    return dataclasses.replace(item, date=date)


def run(n_docs: int, keep: bool, shift_days: int, memory_docs: int | None = None,
        batch: int = 1000, thread_candidates: int | None = None) -> dict:
    corpus = sorted((r for r in load_corpus() if r.get("date")), key=lambda r: (r["date"], r["id"]))
    rng = random.Random(7)
    folder = Path(tempfile.mkdtemp(prefix="bw-retire-"))
    archive = None if keep else _archive(folder)
    settings = StorySettings() if memory_docs is None else StorySettings(memory_docs=memory_docs)
    c = StoryClusterer(settings, archive=archive)
    added, period, t0 = 0, 0, time.perf_counter()
    while added < n_docs:
        copy = [_shifted(perturbed(r, period, rng), period * shift_days)
                for r in corpus[: n_docs - added]]
        for start in range(0, len(copy), batch):
            c.add(copy[start : start + batch])
        if archive is not None:
            archive.conn.commit()
        added += len(copy)
        period += 1
        log.info(json.dumps({
            "period": period, "docs": added, "in_memory": c.stories_in_memory(),
            "rss_mb": _rss_mb(),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "s": round(time.perf_counter() - t0, 1)}))
    t_cluster = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_stories = sum(1 for _ in c.iter_stories())
    if thread_candidates:  # the read-back looks wider: every posting, this many candidates
        import dataclasses

        c.settings = dataclasses.replace(c.settings, posting_cap=10**9,
                                         max_candidates=thread_candidates)
    threads = c.threads()
    return {
        "docs": added, "archive": not keep, "shift_days": shift_days, "periods": period,
        "memory_docs": settings.memory_docs,
        "cluster_s": round(t_cluster, 1), "ms_per_doc": round(1000 * t_cluster / added, 2),
        "stories": n_stories, "in_memory": c.stories_in_memory(), "threads": len(threads),
        "largest_thread": max(len(t["story_ids"]) for t in threads),
        "read_back_s": round(time.perf_counter() - t0, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--keep", action="store_true", help="no archive: every story in memory")
    ap.add_argument("--shift-days", type=int, default=800)
    ap.add_argument("--memory-docs", type=int, default=None,
                    help="the clusterer's cap on articles held (default: StorySettings')")
    ap.add_argument("--thread-candidates", type=int, default=None,
                    help="threads read back with every posting and this many candidates per "
                         "story (a keep-all reference whose old stories' candidates are not "
                         "crowded out by later periods' copies)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.info(json.dumps(run(args.docs, args.keep, args.shift_days, args.memory_docs,
                               thread_candidates=args.thread_candidates)))


if __name__ == "__main__":
    main()
