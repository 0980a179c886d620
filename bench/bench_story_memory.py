"""Benchmark: what the story clusterer holds in memory, by component, and the transient
peaks of saving and loading its state (issue 10).

Documents are the replicated bench corpus of ``bench_stories`` (``../shared/bench``),
added in batches of 1,000. After clustering, a ``sys.getsizeof`` walk attributes every
object reachable from the clusterer to the first component that reaches it (story fields
first, then the clusterer's maps and the vocabulary), so shared objects count once.
``tracemalloc`` gives the peak of ``state_to_json`` and ``from_state_json``.

Usage: ``python bench/bench_story_memory.py --docs 10000 [--out DIR]``; with ``--out`` the
stories, threads, story of every document and the state are written there (JSON), to check
that two versions of the code give the same output (run both with the same
``PYTHONHASHSEED``: a story's name order in the state follows set order). Logs one JSON
object.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stories import documents, load_corpus  # noqa: E402

from brinkwatch.resolve.stories import StoryClusterer  # noqa: E402

log = logging.getLogger("bench_story_memory")
_STORY_FIELDS = ("doc_ids", "cols", "vals", "exemplars", "names", "id", "founder",
                 "title_docs", "title_texts", "titles", "pair_sum", "first_day", "last_day")
_CLUSTERER_FIELDS = ("_doc_story", "_by_id", "_indexed", "_postings", "_name_keys",
                     "_weighted_cache", "_first", "_last", "_idf", "_vocab")


def deep_size(obj: object, seen: set[int]) -> int:
    """Bytes of ``obj`` and everything it reaches that ``seen`` does not hold yet."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    n = sys.getsizeof(obj)
    if isinstance(obj, np.ndarray):
        return n + (deep_size(obj.base, seen) if obj.base is not None else 0)
    if isinstance(obj, (str, bytes, int, float, type)) or obj is None:
        return n
    if isinstance(obj, dict):
        return n + sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return n + sum(deep_size(v, seen) for v in obj)
    slots = [s for cls in type(obj).__mro__ for s in getattr(cls, "__slots__", ())]
    n += sum(deep_size(getattr(obj, s), seen) for s in slots if hasattr(obj, s))
    if hasattr(obj, "__dict__"):
        n += deep_size(obj.__dict__, seen)
    return n


def breakdown(c: StoryClusterer) -> Counter[str]:
    """Bytes per component (story fields summed over stories, then the clusterer's)."""
    seen: set[int] = {id(c._stories)}
    out: Counter[str] = Counter({"stories list": sys.getsizeof(c._stories)})
    for st in c._stories:
        seen.add(id(st))
        out["StoryState objects"] += sys.getsizeof(st)
        for name in _STORY_FIELDS:
            if name == "titles" and hasattr(st, "title_texts"):
                continue  # a property over title_docs/title_texts
            if hasattr(st, name):
                out[f"story.{name}"] += deep_size(getattr(st, name), seen)
    for name in _CLUSTERER_FIELDS:
        out[name] += deep_size(getattr(c, name), seen)
    return out


def bench_memory(n_docs: int, batch: int = 1000, out: Path | None = None) -> dict:
    """Cluster ``n_docs`` bench documents; sizes by component and save/load peaks."""
    docs = documents(n_docs, load_corpus())
    c = StoryClusterer()
    t0 = time.perf_counter()
    for i in range(0, n_docs, batch):
        c.add(docs[i : i + batch])
    t_cluster = time.perf_counter() - t0
    gc.collect()
    parts = breakdown(c)
    total = sum(parts.values())
    n_stories = len(c._stories)
    res: dict = {"docs": n_docs, "stories": n_stories, "cluster_s": round(t_cluster, 1),
                 "held_mb": round(total / 1e6, 2), "bytes_per_story": round(total / n_stories),
                 "bytes_per_doc": round(total / n_docs), "vocab": len(c._vocab),
                 "components_b": dict(parts.most_common())}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "stories.json").write_text(json.dumps(c.stories()))
        (out / "threads.json").write_text(json.dumps(c.threads()))
        (out / "story_of.json").write_text(json.dumps({d.doc_id: c.story_of(d.doc_id)
                                                       for d in docs}))
    gc.collect()
    tracemalloc.start()
    state = c.state_to_json()
    res["save_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    tracemalloc.stop()
    res["state_mb"] = round(len(state) / 1e6, 2)
    if out is not None:
        (out / "state.json").write_text(state)
    del c
    gc.collect()
    tracemalloc.start()
    restored = StoryClusterer.from_state_json(state)
    now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    res["load_peak_mb"], res["loaded_mb"] = round(peak / 1e6, 1), round(now / 1e6, 1)
    res["state_round_trip_equal"] = restored.state_to_json() == state
    res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.info(json.dumps(bench_memory(args.docs, args.batch, args.out)))


if __name__ == "__main__":
    main()
