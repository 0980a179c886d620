"""`make bench`: run the end-to-end benchmark and append the results to bench/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
import sys
from pathlib import Path

from brinkwatch.benchmark import run_benchmark

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "bench" / "bbc_news.jsonl.gz"


def main() -> None:
    if not CORPUS.exists():
        sys.exit(f"{CORPUS}: the benchmark corpus is missing (it lives in ../shared/bench)")
    # 1,000 by default: in a 200-article run the fixed costs (workers loading the model, the
    # derive stage's set-up) are a fifth of our time, which bare spaCy, timed after its model
    # is loaded, does not pay; a newsroom's daily batch is thousands of articles.
    docs = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    rows = []
    for workers in (1, 2):
        result = run_benchmark(CORPUS, docs=docs, workers=workers)
        print(json.dumps(result))
        rows.append(result)
    lines = [
        f"\n## {dt.date.today().isoformat()} · commit {commit} · {platform.machine()} · {rows[0]['cpus']} CPUs",
        f"`python bench/run_bench.py {docs}` on the first {docs} BBC News articles.\n",
        "| workers | ours articles/s | bare spaCy articles/s | ratio | CPU ratio | sentences/s | peak RSS MB | `--help` start-up s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['workers']} | {r['articles_per_s']} | {r['baseline_articles_per_s']} | {r['ratio']} | {r.get('cpu_ratio')} | "
                     f"{r['sentences_per_s']} | {r['peak_rss_mb']} | {r['startup_s']} |")
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
