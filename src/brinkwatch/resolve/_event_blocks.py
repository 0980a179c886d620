"""Blocking for the greedy event and timeline mergers: which clusters a report can merge with.

A merger files each cluster under some keys (a story and an actor country, a place, a stated
day ...) and, within a key, under date buckets; a report looks up its own keys in the buckets
its date allows. The keys and buckets are chosen so that every cluster the merger's pairwise
test could accept shares one with the report, and every cluster found would have been found by
a scan of the whole key (so the first acceptable cluster, in creation order, is the same).
The cost per report then depends on how many reports share a story, place and week, not on
how large the corpus is.
"""

from __future__ import annotations

import datetime as dt

ANY_DATE = "*"  # the bucket of clusters whose date is unknown: compatible with any date
BUCKET_DAYS = 8
Index = dict[tuple, dict[object, set[int]]]


def spread(kind: str, first: dt.date, last: dt.date) -> list[tuple[str, int]]:
    """The ``kind`` buckets of the days from ``first`` to ``last``."""
    low, high = first.toordinal() // BUCKET_DAYS, last.toordinal() // BUCKET_DAYS
    return [(kind, n) for n in range(low, high + 1)]


def file_under(index: Index, keys: list[tuple], buckets: list | None, position: int) -> None:
    """File cluster ``position`` under every key and bucket (the unknown-date bucket when None)."""
    for key in keys:
        by_bucket = index.setdefault(key, {})
        for bucket in buckets or (ANY_DATE,):
            by_bucket.setdefault(bucket, set()).add(position)


def candidates(index: Index, keys: list[tuple], buckets: list | None) -> list[int]:
    """Clusters filed under one of ``keys`` in one of ``buckets`` (in any bucket when None),
    in creation order."""
    found: set[int] = set()
    for key in keys:
        by_bucket = index.get(key)
        if not by_bucket:
            continue
        if buckets is None:
            for members in by_bucket.values():
                found |= members
            continue
        for bucket in buckets:
            members = by_bucket.get(bucket)
            if members:
                found |= members
    return sorted(found)


__all__ = ["ANY_DATE", "BUCKET_DAYS", "Index", "candidates", "file_under", "spread"]
