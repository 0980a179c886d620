"""How specific a name is: its document frequency in the clusterer's corpus (round 13).

The names check of a join (``_story_refine.names_agree``) weights a name by its *local* IDF,
how many of the story's and the group's members carry it. A name written in many documents
of the whole corpus (a country, a capital, an agency in every story of a crisis) says
little about whether a group reports the story's event; a rare one says much.

- :func:`name_df`: ``name key -> documents carrying it`` (entity or place feature, whichever
  is more frequent), from the clusterer's document frequencies; cached per batch.
- :func:`specificity`: ``name key -> idf ** power`` for the names check (0: off).
- :func:`rare_word`: whether a name is carried by at most a share of the corpus's
  documents; a single-word name that rare may tie a fragment to its target
  (``_story_attach.specific_name_tie``), where a surname or a team name shared by every
  report of a kind of event may not.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from brinkwatch.resolve._story_text import feature_id


def name_df(df: object) -> Callable[[str], int]:
    """``name key -> document frequency`` over ``df.get(hashed id)`` (the clusterer's
    vocabulary); a key is counted under both feature kinds (entity ``e``, place ``p``), and
    the larger count is kept. Each key is looked up once per call of this."""
    cache: dict[str, int] = {}

    def count(name: str) -> int:
        got = cache.get(name)
        if got is None:
            got = cache[name] = max(df.get(feature_id("e", name), 0),
                                    df.get(feature_id("p", name), 0))
        return got

    return count


def specificity(count: Callable[[str], int], n_docs: int,
                power: float) -> Callable[[str], float] | None:
    """``name key -> (log((n + 1) / (df + 1)) + 1) ** power`` (the smoothed IDF the
    clusterer uses), or None when ``power`` is 0 (off)."""
    if power <= 0:
        return None

    def weight(name: str) -> float:
        return (math.log((n_docs + 1) / (count(name) + 1)) + 1.0) ** power

    return weight


def rare_word(count: Callable[[str], int], n_docs: int,
              max_share: float) -> Callable[[str], bool] | None:
    """``name key -> whether at most max_share of the n_docs documents carry it`` (and at
    least one does), or None when ``max_share`` is 0 (off)."""
    if max_share <= 0 or n_docs <= 0:
        return None
    cap = max_share * n_docs
    return lambda name: 0 < count(name) <= cap
