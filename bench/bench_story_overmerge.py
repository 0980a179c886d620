"""Benchmark: how often the story clusterer merges different events on real news.

ECB+ (``brinkwatch eval clusters``) holds two events per topic and scores a clusterer well
that merges any two events of other kinds, so over-merging on real news is invisible there.
This bench clusters the documents of a store afresh (from the store's own analyses, the
keys ``brinkwatch run`` gives the clusterer), in date order and batches of ``max_batch``,
and reports:

- stories, stories of two or more documents, and the largest five;
- a **ticker proxy** of precision for Reuters-style corpora, whose wire notices carry the
  company's exchange ticker in the title ("ACME CORP <ACM> 4TH QTR NET"): of the documents
  with a ticker that share their story with another ticker-titled document, the share
  that shares no ticker with any of them (notices of other companies only). A story of
  one company's notices, or of a merger naming both companies, is not counted; it is a
  proxy, not a score (two notices of one company can still be two events);
- ``--sample`` random multi-document stories with their titles, to read.

Usage: ``python bench/bench_story_overmerge.py STORE [--set name=value ...] [--sample 20]
[--seed 11]`` (``--set``: a ``StorySettings`` field, repeatable). A store of the Reuters file
of ``../shared/bench``: ``brinkwatch run reuters.jsonl --db STORE`` (see bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import defaultdict

from brinkwatch.derive import PASS_ONE_SKIPS, story_item, story_keys
from brinkwatch.resolve._story_state import arrival_key
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings, settings_overrides
from brinkwatch.store.db import Store

_TICKER = re.compile(r"<([A-Z0-9./-]+)>")


def load_items(path: str) -> list[StoryItem]:
    """The store's documents as the clusterer sees them, in arrival order (date, then id)."""
    store = Store(path, readonly=True)
    docs = {d.id: d for d in store.documents()}
    items = []
    for doc_id, analysis in store.iter_analyses(without=PASS_ONE_SKIPS, share=False):
        doc = docs.get(doc_id)
        if doc is None:
            continue
        items.append(story_item(doc, story_keys(analysis), doc.text))
    by_id = {i.doc_id: i for i in items}
    order = sorted(by_id, key=lambda k: arrival_key(by_id[k].date, k))
    return [by_id[k] for k in order]


def ticker_proxy(stories: dict[str, list[str]], titles: dict[str, str]) -> tuple[int, int]:
    """(ticker documents with a ticker mate, those sharing no ticker with any mate)."""
    with_mates = alone = 0
    for members in stories.values():
        tickers = [set(_TICKER.findall(titles[d])) for d in members]
        tickers = [t for t in tickers if t]
        if len(tickers) < 2:
            continue
        for i, mine in enumerate(tickers):
            with_mates += 1
            alone += not any(mine & other for j, other in enumerate(tickers) if j != i)
    return with_mates, alone


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    overrides = settings_overrides(args.set)
    items = load_items(args.store)
    clusterer = StoryClusterer(StorySettings(**overrides))
    start = time.perf_counter()
    step = clusterer.settings.max_batch
    for first in range(0, len(items), step):
        clusterer.add(items[first : first + step])
    seconds = time.perf_counter() - start
    stories: dict[str, list[str]] = defaultdict(list)
    for item in items:
        stories[clusterer.story_of(item.doc_id)].append(item.doc_id)
    titles = {i.doc_id: i.title or "" for i in items}
    sizes = sorted((len(m) for m in stories.values()), reverse=True)
    with_mates, alone = ticker_proxy(stories, titles)
    print(json.dumps({
        "settings": overrides, "documents": len(items), "cluster_s": round(seconds, 1),
        "stories": len(stories), "multi_document_stories": sum(1 for n in sizes if n > 1),
        "largest": sizes[:5], "ticker_docs_with_mates": with_mates,
        "ticker_docs_alone": alone,
        "ticker_alone_share": round(alone / with_mates, 3) if with_mates else None,
    }))
    multi = sorted(k for k, m in stories.items() if len(m) > 1)
    dates = {i.doc_id: i.date or "" for i in items}
    for story in random.Random(args.seed).sample(multi, min(args.sample, len(multi))):
        members = sorted(stories[story], key=lambda d: (dates[d], d))
        print(f"== {story} ({len(members)} documents)")
        for d in members[:8]:
            print(f"   {dates[d][:10]}  {titles[d][:90]}")


if __name__ == "__main__":
    main()
