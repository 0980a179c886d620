"""Two articles that each name their subject, but nothing in common, do not link.

Wire feeds carry short notices whose bodies are formula ("Shr 13 cts vs six cts, Net ...,
Revs ..."): two companies' quarterly results share every word but the company's name, and
reach the linkage threshold on the formula alone. With ``distinct_names_factor`` below 1
(the default is 0), the dot product of two batch items that both carry a specific name
word, and share none, is multiplied by the factor before the batch is clustered (and so is
that of an item with a candidate story, over the story's names); the agglomeration and the
re-attachment read the damped values.

Only items whose headline names something are judged (``StoryItem.headline_names``): a
headline names the article's subject, so two such articles naming nothing in common are
about different subjects. Short reports of one event, often without a headline, name
different facets of it ("Mark Vinar" in one, "Mount Cook" in the next): judged too, they
split their event (ECB+ dev topic 23).

Name words, not whole names, are compared ("Bush" and "Reggie Bush" share "bush"), and
only specific ones: a word of a name counts when at most ``distinct_names_max_share`` of
the documents (and at least ``distinct_names_min_df`` documents, so a young corpus does
not drop an event's own names) use it. That keeps "Corp", "Bank" or "United" from tying
every company together, and the table words a parser takes for names ("Revs", "Avg").

On ECB+ dev it changes nothing; on the Reuters bench store it takes the share of wire
notices merged only with other companies' notices from 54.8 % to 42.6 % (bench/RESULTS.md,
2026-11-28, session 9).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from brinkwatch.resolve._story_text import feature_id, tokens


_NAME_WORDS: dict[str, tuple[tuple[str, int], ...]] = {}
_NAME_WORDS_MAX = 500_000  # cached names (a story's names come back every batch)


def _name_words(name: str) -> tuple[tuple[str, int], ...]:
    """``(word, hashed word id)`` of each content token of a name (cached)."""
    got = _NAME_WORDS.get(name)
    if got is None:
        got = tuple((w, feature_id("w", w)) for w in tokens(name))
        if len(_NAME_WORDS) >= _NAME_WORDS_MAX:
            _NAME_WORDS.clear()
        _NAME_WORDS[name] = got
    return got


def specific_word_sets(name_sets: Sequence[Iterable[str]],
                       df_of: Callable[[np.ndarray], np.ndarray],
                       cap: float) -> list[frozenset[str]]:
    """For each set of names, the words (content tokens, as the text features write them)
    that at most ``cap`` documents use; ``df_of`` (hashed word ids -> document frequencies,
    ``Vocab.df_of``) is called once for all the sets' words."""
    words_of = [[pair for name in names for pair in _name_words(name)] for names in name_sets]
    fid_of = dict(pair for pairs in words_of for pair in pairs)
    if not fid_of:
        return [frozenset() for _ in words_of]
    dfs = df_of(np.fromiter(fid_of.values(), dtype=np.int64, count=len(fid_of)))
    specific = {w for w, d in zip(fid_of, dfs.tolist()) if d <= cap}
    return [frozenset(w for w, _ in pairs if w in specific) for pairs in words_of]


def _incidence(word_sets: Sequence[frozenset[str]], index: dict[str, int]) -> sp.csr_matrix:
    """Rows: the sets; columns: ``index`` (word -> column); 1 where a set holds the word."""
    rows = [r for r, words in enumerate(word_sets) for _ in words]
    cols = [index[w] for words in word_sets for w in words]
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(word_sets), max(1, len(index))))


def damp_distinct(dots: np.ndarray, items: Sequence[frozenset[str]],
                  stories: Sequence[frozenset[str]], factor: float) -> int:
    """Multiply, in place, ``dots[i, j]`` of two items (``i, j < len(items)``) and
    ``dots[len(items) + k, i]`` of story ``k`` and item ``i`` by ``factor`` where both
    sides have name words and share none. Returns how many entries were damped."""
    n = len(items)
    if n == 0:
        return 0
    words = dict.fromkeys(w for word_sets in (items, stories) for s in word_sets for w in s)
    index = {w: k for k, w in enumerate(words)}
    a = _incidence(items, index)
    has_a = np.diff(a.indptr) > 0
    shared = (a @ a.T).toarray() > 0
    mask = has_a[:, None] & has_a[None, :] & ~shared
    np.fill_diagonal(mask, False)
    dots[:n, :n][mask] *= factor
    damped = int(mask.sum())
    if stories:
        b = _incidence(stories, index)
        has_b = np.diff(b.indptr) > 0
        shared_b = (b @ a.T).toarray() > 0
        mask_b = has_b[:, None] & has_a[None, :] & ~shared_b
        dots[n:n + len(stories), :n][mask_b] *= factor
        damped += int(mask_b.sum())
    return damped
