"""Threads: stories of one crisis, linked by centroid similarity (connected components)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from brinkwatch.records import content_id
from brinkwatch.resolve._story_matrix import posting_hits, top_per_row
from brinkwatch.resolve._story_state import StoryState
from brinkwatch.resolve._story_thread_memory import pair_ranks
from brinkwatch.resolve._story_vocab import Postings

_PAIR_CHUNK = 5_000  # candidate pairs whose cosines are computed at a time (each a row pair)
# stories looking up their candidates at a time: a story's hits run to query_terms x
# posting_cap entries, so all stories at once would hold tens of KB per story
_ROW_CHUNK = 1_000

Candidates = tuple[np.ndarray, np.ndarray, np.ndarray]  # (rows, cols, cosines)


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


@dataclass(frozen=True, slots=True)
class ThreadMember:
    """What a thread reads of a story: id, first day, size, and its title when asked."""

    id: str
    first_day: int | None
    size: int
    title: Callable[[], str | None]

    @property
    def first_key(self) -> tuple:
        return (self.first_day is None, self.first_day or 0, self.id)


def thread_record(members: Sequence[ThreadMember]) -> dict:
    """``{id, story_ids, title}`` of a thread: its id hashes its earliest story's id (stable
    as long as that story exists), its title is the title of its largest story."""
    earliest = min(members, key=lambda m: m.first_key)
    largest = min(members, key=lambda m: (-m.size, m.first_key))
    return {
        "id": content_id("thread", earliest.id, prefix="t", length=15),
        "story_ids": [m.id for m in sorted(members, key=lambda m: m.first_key)],
        "title": largest.title(),
    }


def _mutual_top(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, k: int,
                remembered: np.ndarray | None = None) -> np.ndarray:
    """Which pairs ``(rows[p], cols[p])`` are among both ends' ``k`` most similar pairs
    (ties: the smaller other story first); ``k`` 0: every pair. ``remembered`` (``n x k``,
    NaN padded): cosines each story had to retired neighbours
    (``_story_thread_memory``), each ranking ahead of a present pair with a lower or equal
    cosine, as the neighbour itself would."""
    if k <= 0 or not len(rows):
        return np.ones(len(rows), dtype=bool)
    at_row, at_col = pair_ranks(rows, cols, sims, remembered)
    return (at_row < k) & (at_col < k)


def thread_components(w: sp.csr_matrix, fids: np.ndarray, postings: Postings, settings: Any,
                      first: np.ndarray, last: np.ndarray, max_gap: float) -> list[list[int]]:
    """Stories (rows of ``w``) grouped into threads: the connected components of
    :func:`thread_links`, each a list of ascending row numbers."""
    rows, cols, _ = thread_links(w, fids, postings, settings, first, last, max_gap)
    return components(w.shape[0], rows, cols)


def components(n: int, rows: np.ndarray, cols: np.ndarray) -> list[list[int]]:
    """Connected components of ``n`` nodes linked by the pairs ``(rows[k], cols[k])``."""
    graph = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=True, connection="weak")
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels.tolist()):
        groups.setdefault(lab, []).append(i)
    return list(groups.values())


def thread_links(w: sp.csr_matrix, fids: np.ndarray, postings: Postings, settings: Any,
                 first: np.ndarray, last: np.ndarray, max_gap: float,
                 remembered: np.ndarray | None = None,
                 ) -> tuple[np.ndarray, np.ndarray, Candidates]:
    """``(rows, cols, candidates)``: the pairs of stories (rows of ``w``) that link in a
    thread, and every candidate pair that reached ``thread_threshold`` with its cosine
    (what a retiring story's neighbours remember of it: ``remembered``). Two
    stories link when their centroid cosine reaches ``settings.thread_threshold`` and each
    is among the other's ``thread_neighbours`` most similar stories, or when it reaches
    ``thread_strong``. Single
    links at the low threshold alone chain a broad corpus into one thread (the Reuters file
    of ../shared/bench: 3,943 of 4,179 stories); mutual neighbours do not chain through a
    hub story that resembles everything.
    Two stories whose date spans (``first``/``last`` day ordinals, NaN: unknown) are more
    than ``max_gap`` days apart do not link directly (only through stories between them):
    what the clusterer can still join is what it can still link, so a story retired from its
    memory (``_story_archive``) has met every story it could link to. So that a story's
    nearest neighbours do not change when some of them retire, ``remembered[i]`` holds the
    cosines story ``i`` had to its retired neighbours (``n x thread_neighbours``, NaN
    padded); each counts in its rank as the neighbour itself would have
    (``_story_thread_memory``, which also judges those links again).

    Row ``i`` of ``w`` is story ``i``'s summed member vector under the current IDF over the
    vocabulary columns (``fids`` maps columns to hashed ids, for deterministic ties);
    ``postings`` maps a column to the stories indexed under it (ascending).

    Candidates come from the same inverted index as story assignment, so the cost is linear
    in the number of stories; their cosines are computed in vectorised chunks.
    """
    n = w.shape[0]
    rows, cols = _candidate_pairs(w, fids, postings, settings) if n else (
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    if len(rows):  # a pair found from both ends is scored once
        rows, cols = np.unique(np.stack([np.minimum(rows, cols), np.maximum(rows, cols)]),
                               axis=1)
        gap = np.fmax(np.fmax(first[cols] - last[rows], first[rows] - last[cols]), 0.0)
        near = ~(gap > max_gap)  # an unknown date never keeps two stories apart
        rows, cols = rows[near], cols[near]
        sims = _pair_cosines(w, rows, cols)
        ok = sims >= settings.thread_threshold
        rows, cols, sims = rows[ok], cols[ok], sims[ok]
        candidates = (rows, cols, sims)
        ok = _mutual_top(rows, cols, sims, settings.thread_neighbours, remembered) | (
            sims >= settings.thread_strong)
        rows, cols = rows[ok], cols[ok]
    else:
        candidates = (rows, cols, np.zeros(0))
    return rows, cols, candidates


def member(story: StoryState, title_of: Callable[[StoryState], str | None]) -> ThreadMember:
    """A story in memory as a thread reads it."""
    return ThreadMember(story.id, story.first_day, story.size, lambda: title_of(story))


def join_retired(live: Sequence[list[ThreadMember]], roots_of: Sequence[set[str]],
                 archive: Any) -> list[dict]:
    """Threads of the stories in memory (``live``: one member list per component) joined
    with the archive's retired stories (``_story_archive``): component ``k`` joins the
    retired stories of the thread roots ``roots_of[k]`` its stories carry (resolved), and
    components carrying a shared root are one thread. By id."""
    parent: dict[str, str] = {}  # a union-find over the roots the components carry

    def find(r: str) -> str:
        while parent.setdefault(r, r) != r:
            r = parent[r]
        return r

    attached: list[str | None] = []
    for roots in roots_of:
        found = sorted({find(r) for r in roots})
        for other in found[1:]:
            parent[other] = found[0]
        attached.append(found[0] if found else None)
    groups: dict[str, list[ThreadMember]] = {}
    out = []
    for members, root in zip(live, attached):
        if root is None:
            out.append(thread_record(members))
        else:
            groups.setdefault(find(root), []).extend(members)
    for root, retired in archive.by_root():
        members = [ThreadMember(st.id, st.first_day, st.size, lambda t=st.title: t)
                   for st in retired]
        if root in parent:
            groups.setdefault(find(root), []).extend(members)
        else:
            out.append(thread_record(members))
    out.extend(thread_record(members) for members in groups.values())
    out.sort(key=lambda t: t["id"])
    return out
