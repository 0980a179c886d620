"""A greedy, blocked, windowed merger: the engine of the event merger and the timeline.

Items arrive in batches. Within a batch they are taken in ``rank`` order; each joins the
first cluster (in creation order) it ``fits``, among those filed under one of its blocking
keys in one of its date buckets (see :mod:`._event_blocks`), else founds a cluster. Clusters
stay open across batches, so a report can join a cluster an earlier batch made.

Memory stays bounded on a long corpus because the caller feeds batches in date order and
:meth:`GreedyMerger.close` hands back the clusters no later item can join (their dates are
too far behind), dropping them from the index. With a single batch the result is exactly
that of one greedy pass over every item.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from brinkwatch.resolve import _event_blocks as blocks
from brinkwatch.resolve._event_context import DAY, MONTH, WEEK, YEAR

T = TypeVar("T")


class GreedyMerger(Generic[T]):
    """Greedy clustering with blocking, batch by batch.

    :param keys: ``keys(item_or_cluster, query)``: blocking keys (see
        :func:`._event_blocks.candidates`).
    :param buckets: ``buckets(item_or_cluster, query)``: date buckets, None when undated.
    :param fits: ``fits(cluster, item)``: whether the item may join the cluster.
    :param absorb: ``absorb(cluster, item)``: merge the item into the cluster in place.
    """

    def __init__(
        self,
        *,
        keys: Callable[[T, bool], list[tuple]],
        buckets: Callable[[T, bool], list | None],
        fits: Callable[[T, T], bool],
        absorb: Callable[[T, T], None],
    ) -> None:
        self._keys, self._buckets, self._fits, self._absorb = keys, buckets, fits, absorb
        self.open: dict[int, T] = {}  # position (creation order) -> cluster
        self._index: blocks.Index = {}
        self._next = 0

    def add(self, items: Iterable[T]) -> None:
        """Merge ``items`` (already in rank order) into the open clusters."""
        index, open_ = self._index, self.open
        for item in items:
            found = blocks.candidates(index, self._keys(item, True), self._buckets(item, True))
            position = next((n for n in found if self._fits(open_[n], item)), None)
            if position is None:
                position, self._next = self._next, self._next + 1
                open_[position] = item
            else:
                self._absorb(open_[position], item)
            cluster = open_[position]
            blocks.file_under(index, self._keys(cluster, False), self._buckets(cluster, False), position)

    def close(self, done: Callable[[T], bool]) -> list[T]:
        """Remove and return (in creation order) the open clusters for which ``done`` holds;
        the index is rebuilt over the clusters left open."""
        closed = [position for position, cluster in self.open.items() if done(cluster)]
        if not closed:
            return []
        out = [self.open.pop(position) for position in closed]
        self._index = {}
        for position, cluster in self.open.items():
            blocks.file_under(self._index, self._keys(cluster, False), self._buckets(cluster, False), position)
        return out

    def finish(self) -> list[T]:
        """Every open cluster, in creation order; the merger is then empty."""
        out = list(self.open.values())
        self.open, self._index = {}, {}
        return out


@functools.lru_cache(maxsize=65536)
def date_range(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a full (year-bearing) date value covers: "2023-09-24",
    "2023-09", "2023-W39", "2023" (memoised: merging compares the same few thousand date
    values millions of times). None for a partial or unreadable value."""
    try:
        if DAY.match(value) and not value.startswith("X"):
            d = dt.date.fromisoformat(value[:10])
            return d, d
        if MONTH.match(value):
            first = dt.date.fromisoformat(value + "-01")
            nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return first, nxt - dt.timedelta(days=1)
        if WEEK.match(value):
            first = dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return first, first + dt.timedelta(days=6)
        if YEAR.match(value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def last_day(value: str | None) -> int | None:
    """The ordinal of the last day ``value`` covers, None when undated or partial."""
    found = date_range(value) if value else None
    return found[1].toordinal() if found else None


__all__ = ["GreedyMerger", "date_range", "last_day"]
