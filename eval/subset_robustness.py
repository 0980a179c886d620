"""Diagnostic: story clustering on random subsets of a gold file's topics.

A held-out corpus may be smaller than the dev file, and the clusterer reads corpus
statistics (document frequencies, name specificity), so the dev score alone can flatter it.
This script analyses the records once (production keys, as ``brinkwatch eval clusters``),
then clusters ``--subsets`` random draws of ``--topics`` topics each (seeded) and prints the
mean and worst B-cubed scores, for the default settings and for each ``--set`` variant.
Results: eval/RESULTS.md.

Usage: ``python eval/subset_robustness.py ../shared/eval/clusters/ecbplus_dev.jsonl
[--topics 10] [--subsets 30] [--batches 1] [--set item_terms=0 ...]``
"""

from __future__ import annotations

import argparse
import random
import statistics

from brinkwatch.eval.clusters import assign, bcubed, to_items
from brinkwatch.eval.runner import EvalInputError, read_jsonl
from brinkwatch.resolve.stories import StorySettings, settings_overrides


def subset_scores(records: list[dict], items: list, settings: StorySettings, topics: int,
                  subsets: int, batches: int, seed: int) -> list[tuple[float, float, float]]:
    """B-cubed (P, R, F1) of each random subset of ``topics`` topics."""
    topic_of = {r["id"]: r.get("topic") or r["cluster"] for r in records}
    gold = {r["id"]: r["cluster"] for r in records}
    all_topics = sorted(set(topic_of.values()))
    rng = random.Random(seed)
    out = []
    for _ in range(subsets):
        chosen = set(rng.sample(all_topics, min(topics, len(all_topics))))
        picked = [i for i in items if topic_of[i.doc_id] in chosen]
        story = assign(picked, settings, batches)
        ids = [i.doc_id for i in picked]
        out.append(bcubed([gold[i] for i in ids], [story[i] for i in ids]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--topics", type=int, default=10)
    ap.add_argument("--subsets", type=int, default=30)
    ap.add_argument("--batches", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a variant to score beside the defaults (repeatable)")
    args = ap.parse_args()
    try:
        records = read_jsonl(args.gold)
    except (OSError, EvalInputError) as exc:  # one line naming the file, not a traceback
        raise SystemExit(f"error: {exc}") from None
    items = to_items(records, "pipeline")
    variants = {"defaults": {}} | {pair: settings_overrides([pair]) for pair in args.set}
    print(f"| settings | {args.topics} topics x {args.subsets}, {args.batches} batch(es): "
          "mean B3 P | mean R | mean F1 | worst F1 |")
    print("|---|---|---|---|---|")
    for name, overrides in variants.items():
        scores = subset_scores(records, items, StorySettings(**overrides), args.topics,
                               args.subsets, args.batches, args.seed)
        p, r, f = (statistics.mean(s[k] for s in scores) for k in range(3))
        print(f"| {name} | {p:.4f} | {r:.4f} | {f:.4f} | {min(s[2] for s in scores):.3f} |")


if __name__ == "__main__":
    main()
