"""Event-coding speed: sentences per second with and without spaCy parsing.

Usage: ``python bench/bench_coding.py [GOLD_JSONL]`` (default: the dev event sentences in
../shared/eval/events/plover_gsr.jsonl). Parses every sentence once with the project's
pipeline, then codes the parsed sentences; prints both rates. The texts are read at run
time, never stored.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    from brinkwatch.analyze.nlp import load_nlp
    from brinkwatch.coding.coder import code_doc

    gold = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/eval/events/plover_gsr.jsonl")
    texts = [json.loads(line)["text"] for line in gold.open(encoding="utf-8") if line.strip()]
    nlp = load_nlp()
    list(nlp.pipe(texts[:8]))  # warm-up
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    parse = time.perf_counter() - t0
    n_sent = sum(1 for d in docs for _ in d.sents)
    code_doc(docs[0], "warm")
    t0 = time.perf_counter()
    events = sum(len(code_doc(doc, str(i))) for i, doc in enumerate(docs))
    code = time.perf_counter() - t0
    print(json.dumps({
        "texts": len(texts), "sentences": n_sent, "events": events,
        "parse_s": round(parse, 2), "code_s": round(code, 2),
        "sentences_per_s_coding_only": round(n_sent / code, 1),
        "sentences_per_s_with_parsing": round(n_sent / (parse + code), 1),
    }))


if __name__ == "__main__":
    main()
