"""Threads: stories of one crisis, linked by centroid similarity (connected components)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from brinkwatch.records import content_id
from brinkwatch.resolve._story_matrix import posting_hits, top_per_row
from brinkwatch.resolve._story_state import StoryState
from brinkwatch.resolve._story_vocab import Postings

_PAIR_CHUNK = 5_000  # candidate pairs whose cosines are computed at a time (each a row pair)
# stories looking up their candidates at a time: a story's hits run to query_terms x
# posting_cap entries, so all stories at once would hold tens of KB per story
_ROW_CHUNK = 1_000


def _candidate_pairs(w: sp.csr_matrix, fids: np.ndarray, postings: Postings,
                     settings: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(i, j)``: each story's ``max_candidates`` stories with most index hits.

    Story ``i`` looks up its ``query_terms`` heaviest features in the inverted index (only
    the latest ``posting_cap`` stories per feature), itself excluded; ties go to the
    smaller story index. One sparse product per ``_ROW_CHUNK`` stories.
    """
    s = settings
    n = w.shape[0]
    rows: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    cols: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for start in range(0, n, _ROW_CHUNK):
        hits = posting_hits(w[start : start + _ROW_CHUNK], fids, s.query_terms, postings,
                            s.posting_cap, n)
        if hits is None:
            continue
        m = hits.shape[0]
        itself = sp.csr_matrix((np.ones(m), (np.arange(m), start + np.arange(m))), shape=hits.shape)
        hits = (hits - hits.multiply(itself)).tocsr()
        hits.eliminate_zeros()
        r, c = top_per_row(hits, s.max_candidates)
        rows.append(r + start)
        cols.append(c)
    return np.concatenate(rows), np.concatenate(cols)


def _pair_cosines(w: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of rows ``rows[k]`` and ``cols[k]`` of ``w`` (zero rows: 0)."""
    norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    wn = sp.csr_matrix(sp.diags(1.0 / norms) @ w)
    out = np.empty(len(rows))
    for start in range(0, len(rows), _PAIR_CHUNK):
        a = wn[rows[start : start + _PAIR_CHUNK]]
        b = wn[cols[start : start + _PAIR_CHUNK]]
        out[start : start + _PAIR_CHUNK] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def link_threads(
    stories: Sequence[StoryState],
    w: sp.csr_matrix,
    fids: np.ndarray,
    postings: Postings,
    settings: Any,
    title_of: Callable[[StoryState], str | None],
) -> list[dict]:
    """Group stories whose centroid cosine >= ``settings.thread_threshold``.

    Row ``i`` of ``w`` is story ``i``'s summed member vector under the current IDF over the
    vocabulary columns (``fids`` maps columns to hashed ids, for deterministic ties);
    ``postings`` maps a column to the stories indexed under it (ascending).

    Candidates come from the same inverted index as story assignment, so the cost is linear
    in the number of stories; their cosines are computed in vectorised chunks and the
    linked pairs' connected components are the threads. A thread's id hashes its earliest
    story's id (stable as long as that story exists); its title is the title of its largest
    story.
    """
    n = len(stories)
    rows, cols = _candidate_pairs(w, fids, postings, settings) if n else (
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    if len(rows):  # a pair found from both ends is scored once
        rows, cols = np.unique(np.stack([np.minimum(rows, cols), np.maximum(rows, cols)]),
                               axis=1)
        ok = _pair_cosines(w, rows, cols) >= settings.thread_threshold
        rows, cols = rows[ok], cols[ok]
    graph = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=True, connection="weak")
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels.tolist()):
        groups.setdefault(lab, []).append(i)
    out = []
    for members in groups.values():
        def first_key(k: int) -> tuple:
            st = stories[k]
            return (st.first_day is None, st.first_day or 0, st.id)

        earliest = min(members, key=first_key)
        largest = min(members, key=lambda k: (-stories[k].size, first_key(k)))
        out.append({
            "id": content_id("thread", stories[earliest].id, prefix="t", length=15),
            "story_ids": [stories[k].id for k in sorted(members, key=first_key)],
            "title": title_of(stories[largest]),
        })
    out.sort(key=lambda t: t["id"])
    return out
