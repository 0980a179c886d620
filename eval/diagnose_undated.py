"""Oracle diagnostic: how much of the story-clustering loss comes from undated articles.

Half of the ECB+ records carry no publication date (every original ``ecb`` document), so
two same-kind events years apart can only be told apart by their names and words. This
script scores the clusterer twice on the same gold file and the same production keys
(one analysis per record): as the records are, and with every undated record given a
date taken from the gold itself:

- a record whose gold cluster has dated records gets that cluster's median date plus a
  random 0 to ``--spread`` days (seeded);
- a cluster with no dated record gets the median date of another cluster of its ``topic``
  minus ``--gap-days`` (ECB+: each topic holds two events of one kind, years apart), plus
  the same spread; a cluster with neither stays undated.

The dated variant reads the gold, so it is **not a score**: it says what the clusterer does
when every article carries a date, as in a news feed. Results: eval/RESULTS.md.

Usage: ``python eval/diagnose_undated.py ../shared/eval/clusters/ecbplus_dev.jsonl
[--gap-days 1000] [--spread 3] [--seed 1]``
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import statistics
from collections import defaultdict

from brinkwatch.eval.clusters import assign, score, to_items
from brinkwatch.eval.runner import EvalInputError, read_jsonl


def oracle_dates(records: list[dict], gap_days: int, spread: int, seed: int) -> dict[str, str]:
    """A date for every record the gold can date (see the module docstring), by id."""
    rng = random.Random(seed)
    dated: dict[str, list[str]] = defaultdict(list)
    topic_clusters: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r.get("date"):
            dated[r["cluster"]].append(r["date"])
        topic_clusters[r.get("topic") or r["cluster"]].add(r["cluster"])
    median = {c: dt.date.fromisoformat(statistics.median_low(ds)) for c, ds in dated.items()}
    out = {}
    for r in records:
        if r.get("date"):
            out[r["id"]] = r["date"]
            continue
        base = median.get(r["cluster"])
        if base is None:
            siblings = sorted(c for c in topic_clusters[r.get("topic") or r["cluster"]]
                              if c in median)
            if not siblings:
                continue
            base = median[siblings[0]] - dt.timedelta(days=gap_days)
        out[r["id"]] = (base + dt.timedelta(days=rng.randint(0, spread))).isoformat()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--gap-days", type=int, default=1000)
    ap.add_argument("--spread", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    try:
        records = read_jsonl(args.gold)
    except (OSError, EvalInputError) as exc:  # one line naming the file, not a traceback
        raise SystemExit(f"error: {exc}") from None
    items = to_items(records, "pipeline")  # one analysis per record, shared by both variants
    dates = oracle_dates(records, args.gap_days, args.spread, args.seed)
    variants = {
        "as is": items,
        "every record dated (oracle)": [dataclasses.replace(i, date=dates.get(i.doc_id))
                                        for i in items],
    }
    print("| dates | dated records | B3 P | B3 R | B3 F1 at 1 / 2 / 4 / 8 batches |")
    print("|---|---|---|---|---|")
    for name, its in variants.items():
        cells, first = [], None
        for batches in (1, 2, 4, 8):
            assigned = assign(its, batches=batches)
            m = score(records, [{"id": r["id"], "cluster": assigned[r["id"]]} for r in records])
            first = first or m
            cells.append(f"{m['bcubed_f1']:.3f}")
        n_dated = sum(1 for i in its if i.date)
        print(f"| {name} | {n_dated} / {len(its)} | {first['bcubed_precision']:.3f} | "
              f"{first['bcubed_recall']:.3f} | {' / '.join(cells)} |")


if __name__ == "__main__":
    main()
