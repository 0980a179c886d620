"""Threads: stories of one crisis, linked by centroid similarity (connected components)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from brinkwatch.records import content_id
from brinkwatch.resolve._story_state import StoryState
from brinkwatch.resolve._story_text import dot, top_terms


def _norm(vec: dict[int, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values())) or 1.0


def link_threads(
    stories: Sequence[StoryState],
    vecs: Sequence[dict[int, float]],
    postings: dict[int, list[int]],
    settings: Any,
    title_of: Callable[[StoryState], str | None],
) -> list[dict]:
    """Group stories whose centroid cosine >= ``settings.thread_threshold``.

    ``vecs[i]`` is story ``i``'s summed member vector under the current IDF.

    Candidates come from the same inverted index as story assignment, so the cost is linear
    in the number of stories. A thread's id hashes its earliest story's id (stable as long
    as that story exists); its title is the title of its largest story.
    """
    parent = list(range(len(stories)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    norms = [_norm(v) for v in vecs]
    for i, vec in enumerate(vecs):
        hits: Counter[int] = Counter()
        for fid in top_terms(vec, settings.query_terms):
            hits.update(j for j in postings.get(fid, ())[-settings.posting_cap:] if j != i)
        for j, _ in sorted(hits.items(), key=lambda x: (-x[1], x[0]))[: settings.max_candidates]:
            if find(i) == find(j):
                continue
            cos = dot(vec, vecs[j]) / (norms[i] * norms[j])
            if cos >= settings.thread_threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(stories)):
        groups.setdefault(find(i), []).append(i)
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
