"""Vectorised building blocks of a batch: item vectors, per-row top terms, blocking.

Everything here works on ``scipy.sparse`` CSR matrices over the vocabulary columns of
``_story_vocab.Vocab`` and replaces per-item Python loops over dict vectors:

- :func:`item_matrix`: the batch's unit TF-IDF rows, ``(1 + log tf) * idf`` with entity/place
  features boosted (the document frequencies are updated with the batch first);
- :func:`row_top`: each row's ``k`` heaviest columns, ties broken by hashed feature id
  (the same order as ``_story_text.top_terms``);
- :func:`posting_hits`: rows against stored stories (or stories against each other) through
  their posting lists, one sparse product (used by story blocking and by threads);
- :func:`top_per_row`: keep the ``k`` best entries of each row of a hit-count matrix;
- :func:`batch_neighbours`: within-batch candidate pairs, the inverted-index blocking of one
  batch done as one sparse product (query terms x index terms);
- :func:`scaled_rows`: many IDF-free story centroids re-weighted with today's IDF at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from brinkwatch.resolve._story_vocab import Vocab

Features = tuple[Counter[int], dict[int, str]]


def item_matrix(feats: Sequence[Features], vocab: Vocab, name_boost: float,
                item_terms: int = 0) -> sp.csr_matrix:
    """Count the batch into the document frequencies, then its unit TF-IDF rows.

    With ``item_terms`` > 0 each row keeps only its that many heaviest entries (weights as in
    the full unit vector, not re-normalised): long articles then share only their salient
    words, so a long read on the same crisis does not reach the join threshold on the
    low-weight vocabulary every article of the crisis uses.
    """
    lengths = np.fromiter((len(c) for c, _ in feats), dtype=np.int64, count=len(feats))
    keys: list[int] = []
    tfs: list[float] = []
    is_name: list[bool] = []
    for counts, names in feats:
        keys.extend(counts.keys())
        tfs.extend(counts.values())
        is_name.extend(f in names for f in counts)
    cols = vocab.columns(keys)
    vocab.count_docs(cols, len(feats))
    tf = np.asarray(tfs, dtype=np.float64)
    w = np.where(tf >= 1, 1.0 + np.log(np.maximum(tf, 1.0)), tf) * vocab.idf()[cols]
    w[np.asarray(is_name, dtype=bool)] *= name_boost
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    rows = np.repeat(np.arange(len(feats)), lengths)
    norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=len(feats)))
    norms[norms == 0] = 1.0
    w /= norms[rows]
    x = sp.csr_matrix((w, cols, indptr), shape=(len(feats), len(vocab)))
    if item_terms > 0 and lengths.max(initial=0) > item_terms:
        r, c = row_top(x, item_terms, vocab.fids)
        x = sp.csr_matrix((np.asarray(x[r, c]).ravel(), (r, c)), shape=x.shape)
    return x


def row_top(x: sp.csr_matrix, k: int, fids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, cols)`` of each row's ``k`` largest entries (ties: smaller hashed id first)."""
    n = x.shape[0]
    counts = np.diff(x.indptr)
    rows = np.repeat(np.arange(n), counts)
    order = np.lexsort((fids[x.indices], -x.data, rows))
    rank = np.arange(len(order)) - x.indptr[rows[order]]
    keep = order[rank < k]
    return rows[keep], x.indices[keep].astype(np.int64)


def posting_hits(x: sp.csr_matrix, fids: np.ndarray, query_terms: int, postings: dict,
                 posting_cap: int, n_targets: int) -> sp.csr_matrix | None:
    """Row i, column t: how many of row i's ``query_terms`` heaviest features list target t
    among their last ``posting_cap`` postings (one sparse product); None when nothing hits."""
    qr, qc = row_top(x, query_terms, fids)
    terms, inv = np.unique(qc, return_inverse=True)
    pr: list[int] = []
    ps: list[int] = []
    for k, c in enumerate(terms.tolist()):
        plist = postings.get(c)
        if plist:
            tail = plist[-posting_cap:]
            ps.extend(tail)
            pr.extend([k] * len(tail))
    if not ps:
        return None
    index = sp.csr_matrix((np.ones(len(ps)), (pr, ps)), shape=(len(terms), n_targets))
    query = sp.csr_matrix((np.ones(len(qr)), (qr, inv)), shape=(x.shape[0], len(terms)))
    return (query @ index).tocsr()


def top_per_row(h: sp.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, cols)`` of each row's ``k`` highest counts (ties: smaller column first)."""
    h = h.tocsr()
    h.sum_duplicates()
    rows = np.repeat(np.arange(h.shape[0]), np.diff(h.indptr))
    order = np.lexsort((h.indices, -h.data, rows))
    rank = np.arange(len(order)) - h.indptr[rows[order]]
    keep = order[rank < k]
    return rows[keep], h.indices[keep].astype(np.int64)


def batch_neighbours(x: sp.csr_matrix, fids: np.ndarray, settings: object) -> list[set[int]]:
    """Candidate pairs inside the batch: shared heavy terms, as the story index would find.

    Item ``i`` looks up its ``query_terms`` heaviest terms in a temporary index of every
    item's ``index_terms`` heaviest terms (only the ``posting_cap`` latest items per term)
    and keeps the ``max_candidates`` items with most hits; pairs are symmetric.
    """
    s = settings
    n = x.shape[0]
    out: list[set[int]] = [set() for _ in range(n)]
    if n < 2:
        return out
    ir, ic = row_top(x, s.index_terms, fids)
    # posting cap: per term, only the latest posting_cap items (highest positions)
    order = np.lexsort((-ir, ic))
    ic_sorted = ic[order]
    starts = np.searchsorted(ic_sorted, ic_sorted, side="left")
    keep = order[(np.arange(len(order)) - starts) < s.posting_cap]
    index = sp.csr_matrix((np.ones(len(keep)), (ir[keep], ic[keep])), shape=x.shape)
    qr, qc = row_top(x, s.query_terms, fids)
    query = sp.csr_matrix((np.ones(len(qr)), (qr, qc)), shape=x.shape)
    hits = (query @ index.T).tocsr()
    hits.setdiag(0)
    hits.eliminate_zeros()
    rows, cols = top_per_row(hits, s.max_candidates)
    for i, j in zip(rows.tolist(), cols.tolist()):
        out[i].add(j)
        out[j].add(i)
    return out


def stack_rows(rows: Sequence[tuple[np.ndarray, np.ndarray]], n_cols: int) -> sp.csr_matrix:
    """CSR matrix from per-row ``(cols, vals)`` arrays."""
    lengths = np.fromiter((len(c) for c, _ in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    if rows:
        cols = np.concatenate([c for c, _ in rows])
        vals = np.concatenate([v for _, v in rows])
    else:
        cols, vals = np.zeros(0, dtype=np.int64), np.zeros(0)
    return sp.csr_matrix((vals, cols, indptr), shape=(len(rows), n_cols))


def scaled_rows(rows: Sequence[tuple[np.ndarray, np.ndarray]], idf: np.ndarray,
                sq: np.ndarray, n_cols: int) -> sp.csr_matrix:
    """CSR rows ``vals * idf[cols]``, each rescaled to length ``sqrt(sq[row])``.

    Story centroids are stored IDF-free; this re-weights many of them with today's IDF at
    once (a row of length 0 stays as it is).
    """
    lengths = np.fromiter((len(c) for c, _ in rows), dtype=np.int64, count=len(rows))
    if not lengths.sum():
        return stack_rows(rows, n_cols)
    cols = np.concatenate([c for c, _ in rows])
    vals = np.concatenate([v for _, v in rows]) * idf[cols]
    row = np.repeat(np.arange(len(rows)), lengths)
    norms = np.sqrt(np.bincount(row, weights=vals * vals, minlength=len(rows)))
    scale = np.divide(np.sqrt(sq), norms, out=np.ones_like(norms), where=norms > 0)
    vals *= scale[row]
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    return sp.csr_matrix((vals, cols, indptr), shape=(len(rows), n_cols))


def dot_sorted(ca: np.ndarray, va: np.ndarray, cb: np.ndarray, vb: np.ndarray) -> float:
    """Dot product of two sparse vectors given as sorted unique columns and values."""
    _, ia, ib = np.intersect1d(ca, cb, assume_unique=True, return_indices=True)
    return float(va[ia] @ vb[ib])


def candidate_stories(x: sp.csr_matrix, days: np.ndarray, fids: np.ndarray, postings: dict,
                      first: np.ndarray, last: np.ndarray,
                      settings: object) -> tuple[np.ndarray, np.ndarray]:
    """``(item positions, story indices)``: each item's candidate stories (blocking).

    ``days``: item day ordinals, ``first``/``last``: story date spans (NaN: unknown, never
    blocks). Per item the ``max_candidates`` stories with most posting hits within
    ``window_days``; with late re-attachment on (``late_threshold`` > 0) also the
    ``late_candidates`` best beyond the window but within ``late_days``.
    """
    s = settings
    empty = np.zeros(0, dtype=np.int64)
    if not len(first):
        return empty, empty
    found = posting_hits(x, fids, s.query_terms, postings, s.posting_cap, len(first))
    if found is None:
        return empty, empty
    hits = found.tocoo()
    d = days[hits.row]
    gap = np.nan_to_num(np.fmax(np.fmax(first[hits.col] - d, d - last[hits.col]), 0.0), nan=0.0)

    def best(keep: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        kept = sp.csr_matrix((hits.data[keep], (hits.row[keep], hits.col[keep])),
                             shape=hits.shape)
        return top_per_row(kept, k)

    ok = gap <= s.window_days
    rows, cols = best(ok, s.max_candidates)
    late = ~ok & (gap <= s.late_days)
    if s.late_threshold > 0 and s.late_candidates > 0 and late.any():
        r2, c2 = best(late, s.late_candidates)
        rows, cols = np.concatenate([rows, r2]), np.concatenate([cols, c2])
    return rows, cols


def central_rows(x: sp.csr_matrix, members: Sequence[int], k: int) -> list[int]:
    """The ``k`` of ``members`` (rows of ``x``) closest to their summed vector, in order.

    A story's exemplars (stories round 9): when a group of more than ``join_exemplars``
    items founds or joins a story, the members most central to the group stand for it,
    not the first ones by date and id. A first batch whose group already holds a few
    items of a second same-kind event then keeps exemplars of the main event, and the
    split test on later joins reads that event's names (ECB+ dev fed in 2/4/8 batches:
    B-cubed F1 .927/.922/.911 -> .934/.926/.915). Ties keep the earlier member.
    """
    members = list(members)
    if k <= 0:
        return []
    if k >= len(members):
        return members
    xm = x[members]
    central = np.asarray(xm @ np.asarray(xm.sum(axis=0)).ravel()).ravel()
    order = np.lexsort((np.arange(len(members)), -central))[:k]
    return [members[j] for j in sorted(order.tolist())]
