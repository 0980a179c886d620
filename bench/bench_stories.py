"""Benchmark: near-duplicate keys and story clustering at 1k / 10k / 100k documents.

The bench corpus (``../shared/bench/*.jsonl.gz``, see its README) is replicated to the
requested size; each replica after the first is perturbed (a few words dropped, the title
changed, the date shifted by a few days) so copies look like re-reports, not identical
files. Documents are added in batches (default 1,000) as a live run would; then 100 more
documents are added to the saved-and-restored state to time an incremental update.

Usage: ``python bench/bench_stories.py --docs 1000 10000 [--batch 1000]``. Prints one JSON
line per size (seconds, peak RSS in MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import logging
import random
import resource
import time
from pathlib import Path

from brinkwatch.eval.clusters import name_keys
from brinkwatch.resolve.neardup import lsh_keys, minhash
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings, settings_overrides

log = logging.getLogger("bench_stories")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"


def load_corpus() -> list[dict]:
    out = []
    for path in sorted(SHARED.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh)
    return out


def perturbed(rec: dict, copy: int, rng: random.Random) -> StoryItem:
    text, title, date = rec["text"], rec.get("title"), rec.get("date")
    if copy:
        words = text.split()
        words = [w for w in words if rng.random() > 0.05]
        text = " ".join(words)
        title = f"{title or ''} (update {copy})"
        if date:
            date = (dt.date.fromisoformat(date) + dt.timedelta(days=rng.randint(0, 5))).isoformat()
    full = f"{title or ''}\n{text}"
    # the headline's names (analyze/headline.py in a real run): they switch on the
    # distinct-names damping, so its cost is in these numbers
    return StoryItem(doc_id=f"{rec['id']}#{copy}", title=title, text=text, date=date,
                     entities=name_keys(full), outlet=rec.get("outlet"),
                     headline_names=name_keys(title or ""))


def documents(n: int, corpus: list[dict]) -> list[StoryItem]:
    rng = random.Random(7)
    return [perturbed(corpus[i % len(corpus)], i // len(corpus), rng) for i in range(n)]


def bench_clustering(n_docs: int, batch: int = 1000, corpus: list[dict] | None = None,
                     settings: StorySettings | None = None) -> dict:
    """Time near-dup signatures and story clustering of ``n_docs`` documents."""
    corpus = corpus or load_corpus()
    docs = documents(n_docs + 100, corpus)
    main, extra = docs[:n_docs], docs[n_docs:]
    t0 = time.perf_counter()
    for d in main:
        lsh_keys(minhash(d.text))
    t_neardup = time.perf_counter() - t0
    clusterer = StoryClusterer(settings)
    t0 = time.perf_counter()
    for i in range(0, len(main), batch):
        clusterer.add(main[i : i + batch])
    t_cluster = time.perf_counter() - t0
    t0 = time.perf_counter()
    state = clusterer.state_to_json()
    restored = StoryClusterer.from_state_json(state)
    t_state = time.perf_counter() - t0
    t0 = time.perf_counter()
    restored.add(extra)
    t_inc = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_threads = len(restored.threads())
    t_threads = time.perf_counter() - t0
    return {
        "docs": n_docs,
        "neardup_s": round(t_neardup, 2),
        "cluster_s": round(t_cluster, 2),
        "state_roundtrip_s": round(t_state, 2),
        "state_mb": round(len(state) / 1e6, 1),
        "add_100_s": round(t_inc, 2),
        "threads_s": round(t_threads, 2),
        "stories": len(restored.stories()),
        "threads": n_threads,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a story setting other than its default (repeatable)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    corpus = load_corpus()
    settings = StorySettings(**settings_overrides(args.set))
    for n in args.docs:
        log.info(json.dumps(bench_clustering(n, args.batch, corpus, settings)))


if __name__ == "__main__":
    main()
