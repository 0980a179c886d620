"""Threads link mutual neighbours: a story that resembles two crises does not chain them."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from brinkwatch.resolve._story_threads import thread_components
from brinkwatch.resolve._story_vocab import Postings
from brinkwatch.resolve.stories import StorySettings


def _stories() -> sp.csr_matrix:
    """Four stories of crisis A (shared columns 0-3), four of crisis B (4-7), each with a
    column of its own, and a hub story with a little of both (columns 0 and 4)."""
    rows = []
    for k in range(8):
        shared = range(0, 4) if k < 4 else range(4, 8)
        rows.append({**{c: 1.0 for c in shared}, 8 + k: 1.0})
    rows.append({0: 1.0, 4: 1.0, 16: 2.0, 17: 2.0})
    data, ind, ptr = [], [], [0]
    for r in rows:
        ind.extend(r)
        data.extend(r.values())
        ptr.append(len(ind))
    return sp.csr_matrix((data, ind, ptr), shape=(len(rows), 18))


def _components(settings: StorySettings) -> list[list[int]]:
    w = _stories()
    postings = Postings()
    for i in range(w.shape[0]):
        for col in w.indices[w.indptr[i] : w.indptr[i + 1]].tolist():
            postings.add(col, i)
    days = np.full(w.shape[0], np.nan)
    return sorted(thread_components(w, np.arange(18), postings, settings, days, days, math.inf))


def test_a_hub_story_does_not_chain_two_crises() -> None:
    single_link = replace(StorySettings(), thread_neighbours=0, thread_strong=1.0)
    assert _components(single_link) == [list(range(9))]  # the hub links both crises
    assert _components(StorySettings()) == [[0, 1, 2, 3], [4, 5, 6, 7], [8]]


def test_a_strong_link_needs_no_mutual_neighbours() -> None:
    # one mutual neighbour each: the crises hold together by their strong links (0.8)
    strong = replace(StorySettings(), thread_neighbours=1, thread_strong=0.3)
    assert _components(strong) == [[0, 1, 2, 3], [4, 5, 6, 7], [8]]
    # the hub's cosine with every story of both crises is 0.14: strong under a lower bar
    low_bar = replace(StorySettings(), thread_neighbours=1, thread_strong=0.13)
    assert _components(low_bar) == [list(range(9))]
