"""Average-linkage agglomeration of one batch of new items onto the existing stories.

Nodes are the existing stories (candidates only) and the batch's items (singletons). Each
node keeps the sum of its members' unit vectors and its size, so the average-linkage
similarity of two nodes is ``dot(sum_a, sum_b) / (n_a * n_b)``, the mean cosine over all
member pairs, computed without looking at members. Only pairs proposed by the inverted index
are ever scored (never all pairs). The best pair above the threshold merges first (a lazy
heap); two nodes that both hold an existing story never merge, so stories already stored
keep their id and members.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from brinkwatch.resolve._story_text import dot, top_terms


@dataclass(slots=True)
class Node:
    """A cluster during agglomeration."""

    vec: dict[int, float]
    size: int
    first_day: int | None
    last_day: int | None
    story: int | None = None  # index of the existing story it holds, if any
    items: list[int] = field(default_factory=list)  # batch item positions
    alive: bool = True
    version: int = 0

    def gap(self, other: Node) -> int:
        if None in (self.first_day, self.last_day, other.first_day, other.last_day):
            return 0
        if self.last_day < other.first_day:  # type: ignore[operator]
            return other.first_day - self.last_day  # type: ignore[operator]
        if other.last_day < self.first_day:  # type: ignore[operator]
            return self.first_day - other.last_day  # type: ignore[operator]
        return 0


def _norm(vec: dict[int, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values())) or 1.0


def _span(a: int | None, b: int | None, pick: Callable[[int, int], int]) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return pick(a, b)


def agglomerate(
    vecs: Sequence[dict[int, float]],
    days: Sequence[int | None],
    story_candidates: Callable[[dict[int, float], int | None], list[tuple[int, Node]]],
    settings: object,
) -> list[Node]:
    """Cluster the batch; returns the final nodes that hold at least one batch item.

    ``story_candidates(vec, day)`` proposes existing stories as ``(story index, Node)``.
    """
    s = settings
    nodes: list[Node] = []
    story_node: dict[int, int] = {}
    for i, (v, d) in enumerate(zip(vecs, days)):
        nodes.append(Node(vec=dict(v), size=1, first_day=d, last_day=d, items=[i]))

    # candidate pairs: batch-batch via a temporary index, batch-story via the story index
    postings: dict[int, list[int]] = defaultdict(list)
    for i, v in enumerate(vecs):
        for fid in top_terms(v, s.index_terms):
            postings[fid].append(i)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, v in enumerate(vecs):
        hits: Counter[int] = Counter()
        for fid in top_terms(v, s.query_terms):
            plist = postings.get(fid, ())
            hits.update(j for j in plist[-s.posting_cap:] if j != i)
        for j, _ in sorted(hits.items(), key=lambda x: (-x[1], x[0]))[: s.max_candidates]:
            neighbours[i].add(j)
            neighbours[j].add(i)
        for sidx, snode in story_candidates(v, days[i]):
            if sidx not in story_node:
                story_node[sidx] = len(nodes)
                nodes.append(snode)
            k = story_node[sidx]
            neighbours[i].add(k)
            neighbours[k].add(i)

    def link(a: int, b: int) -> float:
        na, nb = nodes[a], nodes[b]
        if na.story is not None and nb.story is not None:
            return -1.0
        if s.linkage == "centroid":
            sim = dot(na.vec, nb.vec) / (_norm(na.vec) * _norm(nb.vec))
        else:
            sim = dot(na.vec, nb.vec) / (na.size * nb.size)
        gap = na.gap(nb)
        if gap > s.window_days:
            return -1.0
        return sim * math.exp(-gap / s.decay_days) if gap else sim

    heap: list[tuple[float, int, int, int, int]] = []
    for a, nbrs in neighbours.items():
        for b in nbrs:
            if a < b:
                sim = link(a, b)
                if sim >= s.threshold:
                    heap.append((-sim, a, b, 0, 0))
    heapq.heapify(heap)
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        na, nb = nodes[a], nodes[b]
        if not (na.alive and nb.alive) or na.version != va or nb.version != vb:
            continue
        # merge b into a (a keeps the existing story, if b has it swap roles)
        if nb.story is not None:
            a, b, na, nb = b, a, nb, na
        for fid, w in nb.vec.items():
            na.vec[fid] = na.vec.get(fid, 0.0) + w
        if len(na.vec) > s.centroid_terms * 3:
            keep = top_terms(na.vec, s.centroid_terms * 2)
            na.vec = {f: na.vec[f] for f in keep}
        na.size += nb.size
        na.items.extend(nb.items)
        na.first_day = _span(na.first_day, nb.first_day, min)
        na.last_day = _span(na.last_day, nb.last_day, max)
        na.version += 1
        nb.alive = False
        merged = (neighbours.pop(a, set()) | neighbours.pop(b, set())) - {a, b}
        neighbours[a] = merged
        for c in merged:
            nbr = neighbours[c]
            nbr.discard(b)
            nbr.add(a)
            if not nodes[c].alive:
                continue
            sim = link(a, c)
            if sim >= s.threshold:
                lo, hi = (a, c) if a < c else (c, a)
                heapq.heappush(heap, (-sim, lo, hi, nodes[lo].version, nodes[hi].version))
    return [n for n in nodes if n.alive and n.items]
