"""Feature vocabulary of the story clusterer: hashed feature id <-> column, document frequency.

Hashed feature ids (CRC-32, see ``_story_text``) are mapped to dense column numbers the
first time they are seen, so document frequencies live in one numpy array and the IDF of
every column is one vectorised expression. Vectors become rows of ``scipy.sparse`` matrices
over these columns. The hashed ids stay the persistent form (the JSON state stores them),
the columns are rebuilt on load. ``Postings`` is the stories' inverted index over the columns.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np


class Vocab:
    """Columns for hashed feature ids, with their document frequencies.

    The id -> column map is a sorted id array with the columns alongside (binary search,
    about 12 bytes an id instead of a Python dict entry with two int objects, ~100 bytes),
    plus a small dict of the ids added since its last merge.
    """

    def __init__(self) -> None:
        self._n = 0
        self._fids = np.zeros(1024, dtype=np.int64)
        self._df = np.zeros(1024, dtype=np.int64)
        self._keys = np.zeros(0, dtype=np.int64)  # merged ids, sorted
        self._key_cols = np.zeros(0, dtype=np.int32)  # their columns
        self._recent: dict[int, int] = {}  # ids added since the last merge -> column
        self.n_docs = 0

    def __len__(self) -> int:
        return self._n

    @property
    def fids(self) -> np.ndarray:
        """Hashed id of each column."""
        return self._fids[: self._n]

    @property
    def df(self) -> np.ndarray:
        """Document frequency of each column."""
        return self._df[: self._n]

    def _grow(self, need: int) -> None:
        if need <= len(self._fids):
            return
        size = max(need, 2 * len(self._fids))
        for name in ("_fids", "_df"):
            old = getattr(self, name)
            new = np.zeros(size, dtype=np.int64)
            new[: len(old)] = old
            setattr(self, name, new)

    def _merged(self, fids: np.ndarray) -> np.ndarray:
        """Columns of ``fids`` in the merged map (-1: not there)."""
        keys = self._keys
        out = np.full(len(fids), -1, dtype=np.int64)
        if len(keys):
            pos = np.minimum(np.searchsorted(keys, fids), len(keys) - 1)
            hit = keys[pos] == fids
            out[hit] = self._key_cols[pos[hit]]
        return out

    def _merge(self) -> None:
        """Fold the recent ids into the sorted map (every column's id is in ``fids``)."""
        order = np.argsort(self.fids, kind="stable")
        self._keys = self.fids[order]
        self._key_cols = order.astype(np.int32)
        self._recent = {}

    def columns(self, fids: Sequence[int]) -> np.ndarray:
        """Columns of ``fids``, adding unseen ids (document frequency 0)."""
        out = self._merged(np.asarray(fids, dtype=np.int64).reshape(-1))
        missing = np.flatnonzero(out < 0)
        if len(missing):
            recent = self._recent
            get = recent.get
            self._grow(self._n + len(missing))
            for k in missing.tolist():  # first appearance order, repeats reuse the column
                f = int(fids[k])
                c = get(f)
                if c is None:
                    c = self._n
                    recent[f] = c
                    self._fids[c] = f
                    self._n += 1
                out[k] = c
            if len(recent) > max(4096, len(self._keys) // 8):
                self._merge()
        return out

    def count_docs(self, cols: np.ndarray, n_docs: int) -> None:
        """Add ``n_docs`` documents; ``cols`` holds each document's distinct columns, concatenated."""
        self._df[: self._n] += np.bincount(cols, minlength=self._n)
        self.n_docs += n_docs

    def idf(self) -> np.ndarray:
        """Smoothed IDF of every column, ``log((n + 1) / (df + 1)) + 1`` (always >= 1)."""
        return np.log((self.n_docs + 1) / (self.df + 1.0)) + 1.0

    def df_of(self, fids: np.ndarray) -> np.ndarray:
        """Document frequency of each hashed id (0: unseen), in one vectorised look-up."""
        fids = np.asarray(fids, dtype=np.int64).reshape(-1)
        cols = self._merged(fids)
        if self._recent:
            get = self._recent.get
            for k in np.flatnonzero(cols < 0).tolist():
                c = get(int(fids[k]))
                if c is not None:
                    cols[k] = c
        out = np.zeros(len(fids), dtype=np.int64)
        hit = cols >= 0
        out[hit] = self._df[cols[hit]]
        return out

    def get(self, fid: int, default: int = 0) -> int:
        """Document frequency of a hashed id (dict-like, for the dict-based helpers)."""
        c = self._recent.get(fid)
        if c is None:
            keys = self._keys
            pos = int(keys.searchsorted(fid))
            if pos == len(keys) or keys[pos] != fid:
                return default
            c = self._key_cols[pos]
        return int(self._df[c])

    def items(self) -> Iterable[tuple[int, int]]:
        """``(hashed id, document frequency)`` pairs (the persistent form)."""
        return zip(self.fids.tolist(), self.df.tolist())

    @classmethod
    def from_pairs(cls, pairs: Iterable[Sequence[int]], n_docs: int) -> Vocab:
        vocab = cls()
        pairs = list(pairs)
        cols = vocab.columns([int(f) for f, _ in pairs])
        vocab._df[cols] = [int(c) for _, c in pairs]
        vocab.n_docs = n_docs
        return vocab


class Postings:
    """The inverted index: vocabulary column -> story indices listed under it, ascending.

    One ``array('i')`` per column that has postings, in a list indexed by column (no dict
    and no int objects: ~4 bytes a posting instead of a list slot plus shared ints and a
    dict entry per column). ``get(column)`` gives the sequence or None.
    """

    __slots__ = ("_lists",)

    def __init__(self) -> None:
        self._lists: list[array | None] = []

    def get(self, col: int, default: Any = None) -> Any:
        got = self._lists[col] if col < len(self._lists) else None
        return default if got is None else got

    def add(self, col: int, idx: int) -> None:
        """List story ``idx`` under ``col`` (kept ascending)."""
        lists = self._lists
        if col >= len(lists):
            lists.extend([None] * (max(col + 1, 2 * len(lists)) - len(lists)))
        plist = lists[col]
        if plist is None:
            lists[col] = array("i", (idx,))
        elif plist[-1] < idx:
            plist.append(idx)
        else:
            bisect.insort(plist, idx)
