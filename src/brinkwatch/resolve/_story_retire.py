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
from brinkwatch.resolve._story_thread_memory import merged, pair_ranks
from brinkwatch.resolve._story_threads import components, member
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
    from memory; the stories that stay remember their links to them
    (``_story_thread_memory``)."""
    archive, stories = c.archive, c._stories
    k, strong = c.settings.thread_neighbours, c.settings.thread_strong
    n = len(stories)
    rows, cols, (cand_rows, cand_cols, cand_sims) = c._thread_links()
    holding = c._holding_roots(cand_rows, cand_cols, cand_sims)
    gone = np.zeros(n, dtype=bool)
    gone[sorted(retiring)] = True
    # a retiring story's thread: the retiring stories it links to, and the retired threads
    # its own remembered links still reach; the stories that stay are judged again later
    among = gone[rows] & gone[cols]
    root_of: dict[int, str] = {}
    retired: list[RetiredStory] = []
    for comp in components(n, rows[among], cols[among]):
        if not gone[comp[0]]:
            continue
        roots = sorted({archive.resolve(r) for i in comp for r in holding[i]})
        if roots:
            root = roots[0]
            for other in roots[1:]:
                archive.alias(other, root)
        else:
            # the earliest, as a thread's id is its earliest story's
            root = min((member(stories[i], c._title) for i in comp), key=lambda m: m.first_key).id
        for i in comp:
            st = stories[i]
            root_of[i] = root
            retired.append(RetiredStory(summary(st, c._title(st)), st.size, st.first_day, root))
            c._carry.pop(st.id, None)
            c._undated_seen.pop(st.id, None)
            c._gone_links.pop(st.id, None)
    if k > 0 and len(cand_rows):
        _remember(c, gone, root_of, cand_rows, cand_cols, cand_sims, k, strong)
    archive.put(retired)
    _keep_only(c, [i for i in range(n) if i not in retiring])
    log.info("retired %d stories (%d in memory)", len(retired), len(c._stories))


def _remember(c: Any, gone: np.ndarray, root_of: dict[int, str], rows: np.ndarray,
              cols: np.ndarray, sims: np.ndarray, k: int, strong: float) -> None:
    """Each story that stays keeps its ``k`` most similar retiring neighbours: the cosine,
    their thread root, and whether the retiring side ranked it among its ``k`` nearest (or
    the cosine is a strong link). Without them, weaker candidates move up once the nearest
    retire and threads chain (bench/RESULTS.md, "Threads with retirement")."""
    at_row, at_col = pair_ranks(rows, cols, sims, c._remembered_matrix())
    new: dict[int, list] = {}
    for a, b, rank_at_a in ((rows, cols, at_row), (cols, rows, at_col)):
        pick = gone[a] & ~gone[b]  # a retires, b stays; the rank is a's view of b
        for i, j, sim, rank in zip(a[pick].tolist(), b[pick].tolist(), sims[pick].tolist(),
                                   rank_at_a[pick].tolist()):
            new.setdefault(j, []).append((sim, root_of[i], rank < k or sim >= strong))
    for j, links in new.items():
        sid = c._stories[j].id
        c._gone_links[sid] = merged(c._gone_links.get(sid), links, k)


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
