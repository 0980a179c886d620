"""Benchmark: what reading the headline costs the map stage (analyze/headline.py).

The same articles of ../shared/bench (Reuters and BBC, every ``--step``-th, up to ``--docs``)
go through the map stage's batch function with headline parsing and with it switched off,
alternately, ``--rounds`` times in one process, so the ratio is measured side by side.

Usage: ``python bench/bench_headline_cost.py [--docs 1000] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from brinkwatch.analyze import article, headline
from brinkwatch.records import Document
from brinkwatch.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"


def load(n: int) -> list[tuple[Document, str | None]]:
    rows = []
    for path in sorted(SHARED.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh)
    step = max(1, len(rows) // n)
    picked = rows[::step][:n]
    return [(Document(id=r["id"], text=r["text"], source_path="bench", title=r.get("title"),
                      published=r.get("date")), r.get("date")) for r in picked]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    items = load(args.docs)
    settings = Settings()
    real = headline.parse_headlines
    article._analyze_batch(items[:32], settings.spacy_model, settings.batch_size)  # warm up
    times = {"with headlines": [], "body only": []}
    for _ in range(args.rounds):
        for mode in times:
            headline.parse_headlines = real if mode == "with headlines" else (
                lambda nlp, pairs, batch_size=256: [()] * len(pairs))
            start = time.perf_counter()
            for k in range(0, len(items), 256):
                article._analyze_batch(items[k:k + 256], settings.spacy_model, settings.batch_size)
            times[mode].append(time.perf_counter() - start)
    headline.parse_headlines = real
    best = {mode: min(ts) for mode, ts in times.items()}
    titled = sum(1 for d, _ in items if d.title)
    print(json.dumps({"documents": len(items), "with_title": titled,
                      "ms_per_article": {m: round(1000 * t / len(items), 2) for m, t in best.items()},
                      "ratio": round(best["with headlines"] / best["body only"], 3)}))


if __name__ == "__main__":
    main()
