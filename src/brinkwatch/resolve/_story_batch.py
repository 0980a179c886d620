"""Average-linkage agglomeration of one batch of new items onto the existing stories.

Nodes are the batch's items (singletons, positions ``0..n-1``) and the existing stories
proposed for them (candidates only, positions ``n..``). Each node stands for the sum of its
members' unit vectors, so the average-linkage similarity of two nodes is
``dot(sum_a, sum_b) / (n_a * n_b)``, the mean cosine over all member pairs.

Dot products of sums are additive, so they are computed once, as one sparse matrix product,
and merging two nodes just adds rows (and columns) of that matrix: ``dots[u, c]`` holds
``dot(sum_u, sum_c)`` for every live node ``u`` and every live items-only node ``c`` (a
column per item position; a story never needs a column because two stories never merge).
This is exact average linkage, with no per-pair vector arithmetic in Python.

Only pairs proposed by the blocking (``neighbours``) are ever linked. The best pair above
the threshold merges first (a lazy heap); two nodes that both hold an existing story never
merge, so stories already stored keep their id and members.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class Group:
    """A final cluster: the existing story it joins (index) or None, and batch positions."""

    story: int | None
    items: list[int]


def agglomerate(
    dots: np.ndarray,
    n_items: int,
    stories: Sequence[int],
    sizes: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    neighbours: list[set[int]],
    story_sq: np.ndarray,
    settings: object,
    names: list[Counter[str]] | None = None,
    may_join: Callable[..., bool] | None = None,
) -> list[Group]:
    """Cluster the batch; returns the final groups that hold at least one batch item.

    ``dots`` is ``(n_items + len(stories)) x n_items``: dot products of every node's summed
    vector with every item; row ``n_items + k`` is story ``stories[k]``. ``sizes`` are member
    counts, ``first``/``last`` day ordinals (NaN unknown), ``neighbours[u]`` the nodes ``u``
    may merge with, ``story_sq`` the squared length of each story's summed vector.

    With ``names`` (per node: name -> members carrying it) and ``may_join``, a merge of a
    story node with an items-only node is made only when ``may_join(story names, story size,
    item names, items size, story index, item positions)`` holds (else that pair is dropped:
    a cannot-link). ``dots``, ``sizes``, ``first``, ``last`` and ``neighbours`` are modified.
    """
    s = settings
    n_nodes = len(dots)
    is_story = np.zeros(n_nodes, dtype=bool)
    is_story[n_items:] = True
    alive = np.ones(n_nodes, dtype=bool)
    version = np.zeros(n_nodes, dtype=np.int64)
    sq = np.empty(n_nodes)  # squared length of each node's sum (centroid linkage)
    sq[:n_items] = dots[np.arange(n_items), np.arange(n_items)] if n_items else 0.0
    sq[n_items:] = story_sq
    items: list[list[int]] = [[i] for i in range(n_items)] + [[] for _ in range(n_nodes - n_items)]
    centroid = s.linkage == "centroid"

    def pair_links(aa: np.ndarray, cs: np.ndarray) -> np.ndarray:
        """Linkage of nodes ``aa[k]`` and ``cs[k]`` (-1 where they may not merge)."""
        sa, sc = is_story[aa], is_story[cs]
        # an items-only node has a column; two stories never merge (column 0 is a dummy)
        row = np.where(sa | ~sc, aa, cs)
        col = np.where(sa, np.where(sc, 0, cs), np.where(sc, aa, cs))
        d = dots[row, col]
        if centroid:
            sim = d / np.sqrt(np.maximum(sq[aa] * sq[cs], 1e-12))
        else:
            sim = d / (sizes[aa] * sizes[cs])
        # fmax ignores NaN: an unknown date span gives gap 0
        gap = np.fmax(np.fmax(first[cs] - last[aa], first[aa] - last[cs]), 0.0)
        sim = np.where(gap > 0, sim * np.exp(-gap / s.decay_days), sim)
        sim[gap > s.window_days] = -1.0
        sim[sa & sc] = -1.0
        return sim

    def links(a: int, cs: np.ndarray) -> np.ndarray:
        """Linkage of node ``a`` with nodes ``cs``."""
        return pair_links(np.full(len(cs), a, dtype=np.int64), cs)

    pairs = [(a, b) for a in range(n_nodes) for b in neighbours[a] if b > a]
    heap: list[tuple[float, int, int, int, int]] = []
    if pairs and n_items:
        aa, bb = np.array(pairs, dtype=np.int64).T
        sims = pair_links(aa, bb)
        ok = sims >= s.threshold
        heap = [(-sim, a, b, 0, 0) for sim, a, b in zip(sims[ok].tolist(), aa[ok].tolist(),
                                                         bb[ok].tolist())]
    heapq.heapify(heap)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue
        if is_story[b]:  # merge b into a; a keeps the existing story
            a, b = b, a
        if may_join is not None and names is not None and is_story[a] and not may_join(
                names[a], int(sizes[a]), names[b], int(sizes[b]), stories[a - n_items],
                items[b]):
            continue
        if names is not None:
            names[a].update(names[b])
        sq[a] = sq[a] + sq[b] + 2.0 * dots[a, b]  # b is items-only: it has a column
        dots[a] += dots[b]
        if not is_story[a]:
            dots[:, a] += dots[:, b]
        sizes[a] += sizes[b]
        items[a].extend(items[b])
        first[a] = np.fmin(first[a], first[b])
        last[a] = np.fmax(last[a], last[b])
        version[a] += 1
        alive[b] = False
        # neighbour sets are symmetric: only b's neighbours still point at b (a story node
        # may have hundreds of neighbours, so a's are left as they are)
        nb = neighbours[b]
        neighbours[b] = set()
        for c in nb:
            nbr = neighbours[c]
            nbr.discard(b)
            nbr.add(a)
        merged = neighbours[a]
        merged |= nb
        merged.discard(a)
        merged.discard(b)
        cs = np.fromiter(merged, dtype=np.int64, count=len(merged))
        cs = cs[alive[cs]]
        if not len(cs):
            continue
        sims = links(a, cs)
        ok = sims >= s.threshold
        for c, sim in zip(cs[ok].tolist(), sims[ok].tolist()):
            lo, hi = (a, c) if a < c else (c, a)
            heapq.heappush(heap, (-sim, lo, hi, int(version[lo]), int(version[hi])))
    return [
        Group(story=stories[u - n_items] if is_story[u] else None, items=items[u])
        for u in range(n_nodes)
        if alive[u] and items[u]
    ]
