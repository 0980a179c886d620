"""When and how a ``StoryClusterer`` retires stories to its archive (see ``_story_archive``).

Two rules, checked after every chunk of new items:

- *Out of reach*: a dated story whose last day is more than ``reach_days`` before the newest
  article (the newest 0.1 % passed over, so a few far-future dates retire nothing), or an
  undated story that took no article in the last ``undated_reach`` arrivals. They retire
  once at least ``RETIRE_MIN`` of them, and a quarter of the stories in memory, can.
- *Memory cap*: when the stories in memory hold more than ``memory_docs`` articles, the
  dated ones retire oldest (last day) first down to three quarters of it, when that frees
  at least an eighth of it.

Each retirement links threads over every story in memory (a retiring story's only chance to
link) and rebuilds the inverted index, hence the minimums.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from brinkwatch.resolve._story_archive import RetiredStory
from brinkwatch.resolve._story_state import nan_padded, summary
from brinkwatch.resolve._story_threads import components, member, remember
from brinkwatch.resolve._story_vocab import Postings

log = logging.getLogger(__name__)

RETIRE_MIN = 1000


def reach_days(settings: Any) -> int:
    """How many days from its date span a story can still be joined (``window_days``, plus
    ``late_days`` when late joins are on) or linked into a thread."""
    s = settings
    late = s.late_days if s.late_threshold > 0 and s.late_candidates > 0 else 0
    return s.window_days + late


def retire_horizon(c: Any) -> float | None:
    """Stories of clusterer ``c`` whose last day is before this day ordinal are out of
    reach (None: no dated story)."""
    last = c._last[: len(c._stories)]
    dated = last[~np.isnan(last)]
    if not len(dated):
        return None
    k = len(dated) - 1 - len(dated) // 1000
    return float(np.partition(dated, k)[k]) - reach_days(c.settings)


def retire(c: Any) -> None:
    """Apply the two rules (module docstring) to clusterer ``c`` (with an archive)."""
    s, n = c.settings, len(c._stories)
    horizon = retire_horizon(c)
    old = set() if horizon is None else set(np.flatnonzero(c._last[:n] < horizon).tolist())
    since = c._vocab.n_docs - s.undated_reach
    old.update(i for i in np.flatnonzero(np.isnan(c._last[:n])).tolist()
               if c._undated_seen.get(c._stories[i].id, 0) < since)
    held = len(c._doc_story)
    if s.memory_docs > 0 and held > s.memory_docs:
        more = old | _oldest(c, old, held - s.memory_docs * 3 // 4)
        if sum(c._stories[i].size for i in more) >= s.memory_docs // 8:
            _retire_stories(c, more)
            return
    if old and len(old) >= max(RETIRE_MIN, n // 4):
        _retire_stories(c, old)


def _oldest(c: Any, old: set[int], docs: int) -> set[int]:
    """Dated stories not in ``old``, oldest last day first, until they hold ``docs``
    articles beside ``old``'s."""
    docs -= sum(c._stories[i].size for i in old)
    picked: set[int] = set()
    last = c._last[: len(c._stories)]
    for i in np.argsort(last, kind="stable").tolist():
        if docs <= 0 or np.isnan(last[i]):  # NaN (undated) sorts last
            break
        if i not in old:
            picked.add(i)
            docs -= c._stories[i].size
    return picked


def _retire_stories(c: Any, retiring: set[int]) -> None:
    """Archive the stories ``retiring`` (indices) with their thread roots, then drop them
    from memory."""
    archive, stories, carry = c.archive, c._stories, c._carry
    retired: list[RetiredStory] = []
    # Only the links that touch a retiring story are frozen: links between two stories that
    # stay are found again later (they may change as the stories grow and neighbours come).
    rows, cols, (cand_rows, cand_cols, cand_sims) = c._thread_links()
    _remember_retiring(c, retiring, cand_rows, cand_cols, cand_sims)
    gone_at = np.asarray(sorted(retiring), dtype=np.int64)
    touch = np.isin(rows, gone_at) | np.isin(cols, gone_at)
    for comp in components(len(stories), rows[touch], cols[touch]):
        gone = [i for i in comp if i in retiring]
        roots = sorted({archive.resolve(carry[stories[i].id]) for i in comp
                        if stories[i].id in carry})
        if not gone and len(roots) < 2:
            continue
        if roots:
            root = roots[0]
            for other in roots[1:]:
                archive.alias(other, root)
        else:
            # the earliest, as a thread's id is its earliest story's
            root = min((member(stories[i], c._title) for i in gone), key=lambda m: m.first_key).id
        for i in comp:
            st = stories[i]
            if i in retiring:
                retired.append(RetiredStory(summary(st, c._title(st)), st.size, st.first_day,
                                            root))
                carry.pop(st.id, None)
                c._undated_seen.pop(st.id, None)
                c._gone_sims.pop(st.id, None)
            else:
                carry[st.id] = root
    archive.put(retired)
    _keep_only(c, [i for i in range(len(stories)) if i not in retiring])
    log.info("retired %d stories (%d in memory)", len(retired), len(c._stories))


def _remember_retiring(c: Any, retiring: set[int], rows: np.ndarray, cols: np.ndarray,
                       sims: np.ndarray) -> None:
    """Each story that stays remembers its highest thread cosines to the retiring ones, so
    its nearest-neighbour ranks (``_story_threads``) stay what they would be had every
    story stayed: without this, weaker candidates move up once the nearest retire, and
    threads chain (bench/RESULTS.md, "Threads with retirement")."""
    k = c.settings.thread_neighbours
    if k <= 0 or not len(rows):
        return
    n = len(c._stories)
    gone = np.zeros(n, dtype=bool)
    gone[sorted(retiring)] = True
    touching = gone[rows] ^ gone[cols]
    if not touching.any():
        return
    kept = c._remembered_matrix()
    kept = np.full((n, k), np.nan) if kept is None else kept
    kept = remember(kept, rows[touching], cols[touching], sims[touching], gone, k)
    for i in np.flatnonzero(~gone & ~np.all(np.isnan(kept), axis=1)).tolist():
        row = kept[i]
        c._gone_sims[c._stories[i].id] = sorted((round(float(v), 6) for v in row
                                                 if not np.isnan(v)), reverse=True)


def _keep_only(c: Any, keep: list[int]) -> None:
    """Keep the stories ``keep`` (ascending indices), renumbered in that order; the inverted
    index keeps its lists' order (only the others' postings leave)."""
    c._stories = [c._stories[i] for i in keep]
    c._by_id = {st.id: k for k, st in enumerate(c._stories)}
    c._doc_story = {doc: k for k, st in enumerate(c._stories) for doc in st.doc_ids}
    c._indexed = [c._indexed[i] for i in keep]
    c._postings = Postings()
    for k, cols in enumerate(c._indexed):
        for col in cols.tolist():
            c._postings.add(col, k)
    at = np.asarray(keep, dtype=np.int64)
    size = max(len(keep), 64)
    c._first = nan_padded(c._first[at], size)
    c._last = nan_padded(c._last[at], size)
    c._weighted_cache.clear()
    c._name_keys.clear()
