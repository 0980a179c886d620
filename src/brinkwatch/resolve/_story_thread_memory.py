"""What a story in memory remembers of its retired thread neighbours, and which of those
links still hold.

Threads link mutual nearest neighbours (``_story_threads``). When a story retires
(``_story_retire``) its side of each link is final: no article in date order can reach it
any more, so no nearer neighbour can come. The side of a story that stays is not: it may
still find nearer neighbours, which would push the retired one out of its top
``thread_neighbours``, and the link would then go, as it goes when every story is kept.
So a staying story keeps, for its ``thread_neighbours`` most similar retired neighbours, a
:data:`Remembered` entry (cosine, the retired story's thread root, whether the retired side
counted it among its nearest), and each read of the threads judges the entry again against
the story's current neighbours.
"""

from __future__ import annotations

import numpy as np

# (cosine, thread root of the retired neighbour, the retired side ranked this story among its
# nearest or the cosine is a strong link)
Remembered = tuple[float, str, bool]


def cosine_matrix(entries: list[list[Remembered] | None], k: int) -> np.ndarray | None:
    """``n x k`` cosines of each story's remembered neighbours (NaN padded), or None."""
    if k <= 0 or not any(entries):
        return None
    out = np.full((len(entries), k), np.nan)
    for i, got in enumerate(entries):
        if got:
            out[i, : min(k, len(got))] = [e[0] for e in got[:k]]
    return out


def pair_ranks(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray,
               remembered: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Rank of each pair ``(rows[p], cols[p])`` among the row end's and among the column
    end's neighbours (0: its most similar; ties: the smaller other story first). A
    remembered cosine (``remembered``, ``n x k``) ranks ahead of a present pair with a lower
    or equal cosine."""
    m = len(rows)
    if not m:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    node = np.concatenate([rows, cols])  # each pair seen from both ends
    other = np.concatenate([cols, rows])
    sim2 = np.concatenate([sims, sims])
    order = np.lexsort((other, -sim2, node))
    first = np.searchsorted(node[order], node[order], side="left")
    rank = np.empty(2 * m, dtype=np.int64)
    rank[order] = np.arange(2 * m) - first
    if remembered is not None and len(remembered):
        rank += np.sum(remembered[node] >= sim2[:, None], axis=1)  # NaN compares False
    return rank[:m], rank[m:]


def holding_roots(entries: list[list[Remembered] | None], rows: np.ndarray, cols: np.ndarray,
                  sims: np.ndarray, k: int, strong: float) -> list[set[str]]:
    """Per story, the roots of its remembered links that hold now: the retired side counted
    it, and the cosine reaches ``strong`` or still ranks in the story's top ``k`` among its
    present candidate pairs (``rows``, ``cols``, ``sims``) and its other remembered ones."""
    out: list[set[str]] = [set() for _ in entries]
    if not any(entries):
        return out
    node = np.concatenate([rows, cols])
    sim2 = np.concatenate([sims, sims])
    order = np.lexsort((-sim2, node))
    node, sim2 = node[order], sim2[order]
    starts = np.searchsorted(node, np.arange(len(entries)), side="left")
    ends = np.searchsorted(node, np.arange(len(entries)), side="right")
    for i, got in enumerate(entries):
        if not got:
            continue
        present = -sim2[starts[i] : ends[i]]  # ascending negated cosines
        for j, (cos, root, ok) in enumerate(got):
            if not ok:
                continue
            ahead = j + int(np.searchsorted(present, -cos, side="left"))  # strictly higher
            if cos >= strong or ahead < k:
                out[i].add(root)
    return out


def merged(old: list[Remembered] | None, new: list[Remembered], k: int) -> list[Remembered]:
    """A story's ``k`` most similar remembered neighbours, old and new (highest first)."""
    both = list(old or ()) + new
    both.sort(key=lambda e: (-e[0], e[1]))
    return [(round(float(c), 6), r, bool(ok)) for c, r, ok in both[:k]]
