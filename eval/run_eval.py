"""`make eval`: score every task on the dev gold files in ../shared/eval and print a table.

With --write, the table is appended to eval/RESULTS.md with the date and commit.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from brinkwatch.eval.runner import evaluate

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "eval"
FILES = {
    "events": ["events/plover_gsr.jsonl"],
    "event-types": ["event_types/case2021_dev.jsonl"],
    "toponyms": ["toponyms/lgl.jsonl", "toponyms/trnews.jsonl"],
    "timex": ["timex/timebank.jsonl", "timex/aquaint.jsonl"],
    "clusters": ["clusters/ecbplus_dev.jsonl"],
}
KEYS = {
    "events": ["root_precision", "root_recall", "root_f1", "code_f1", "quad_class_accuracy", "actor_country_match", "spurious_rate"],
    "event-types": ["accuracy", "macro_f1"],
    "toponyms": ["span_precision", "span_recall", "span_f1", "acc_161km", "median_error_km"],
    "timex": ["span_f1_strict", "span_f1_overlap", "value_f1", "type_accuracy"],
    "clusters": ["bcubed_precision", "bcubed_recall", "bcubed_f1", "ari", "pairwise_f1"],
}


def main() -> None:
    tasks = [a for a in sys.argv[1:] if not a.startswith("--")] or list(FILES)
    results = []
    for task in tasks:
        for rel in FILES[task]:
            gold = GOLD / rel
            if not gold.exists():
                sys.exit(f"{gold}: missing (the dev gold sets live in ../shared/eval)")
            start = time.perf_counter()
            metrics = evaluate(task, str(gold))
            seconds = time.perf_counter() - start
            results.append((task, rel, metrics, seconds))
            print(json.dumps({"task": task, "gold": rel, "seconds": round(seconds, 1), **metrics}))
    if "--write" in sys.argv:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        lines = [f"\n## {dt.date.today().isoformat()} · commit {commit}\n"]
        for task, rel, metrics, seconds in results:
            keys = [k for k in KEYS[task] if k in metrics]
            lines.append(f"`brinkwatch eval {task} --gold ../shared/eval/{rel}` (n={metrics.get('n')}, {seconds:.1f} s)\n")
            lines.append("| " + " | ".join(keys) + " |")
            lines.append("|" + "---|" * len(keys))
            lines.append("| " + " | ".join(f"{metrics[k]:.3f}" if isinstance(metrics[k], float) else str(metrics[k]) for k in keys) + " |\n")
        with (ROOT / "eval" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines))


if __name__ == "__main__":
    main()
