"""Feature vocabulary of the story clusterer: hashed feature id <-> column, document frequency.

Hashed feature ids (CRC-32, see ``_story_text``) are mapped to dense column numbers the
first time they are seen, so document frequencies live in one numpy array and the IDF of
every column is one vectorised expression. Vectors become rows of ``scipy.sparse`` matrices
over these columns. The hashed ids stay the persistent form (the JSON state stores them),
the columns are rebuilt on load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


class Vocab:
    """Columns for hashed feature ids, with their document frequencies."""

    def __init__(self) -> None:
        self.col: dict[int, int] = {}
        self._fids = np.zeros(1024, dtype=np.int64)
        self._df = np.zeros(1024, dtype=np.int64)
        self.n_docs = 0

    def __len__(self) -> int:
        return len(self.col)

    @property
    def fids(self) -> np.ndarray:
        """Hashed id of each column."""
        return self._fids[: len(self.col)]

    @property
    def df(self) -> np.ndarray:
        """Document frequency of each column."""
        return self._df[: len(self.col)]

    def _grow(self, need: int) -> None:
        if need <= len(self._fids):
            return
        size = max(need, 2 * len(self._fids))
        for name in ("_fids", "_df"):
            old = getattr(self, name)
            new = np.zeros(size, dtype=np.int64)
            new[: len(old)] = old
            setattr(self, name, new)

    def columns(self, fids: Sequence[int]) -> np.ndarray:
        """Columns of ``fids``, adding unseen ids (document frequency 0)."""
        col = self.col
        get = col.get
        out = np.fromiter((get(f, -1) for f in fids), dtype=np.int64, count=len(fids))
        missing = np.flatnonzero(out < 0)
        if len(missing):
            self._grow(len(col) + len(missing))
            for k in missing.tolist():  # first appearance order, repeats reuse the column
                f = fids[k]
                c = get(f)
                if c is None:
                    c = len(col)
                    col[f] = c
                    self._fids[c] = f
                out[k] = c
        return out

    def count_docs(self, cols: np.ndarray, n_docs: int) -> None:
        """Add ``n_docs`` documents; ``cols`` holds each document's distinct columns, concatenated."""
        self._df[: len(self.col)] += np.bincount(cols, minlength=len(self.col))
        self.n_docs += n_docs

    def idf(self) -> np.ndarray:
        """Smoothed IDF of every column, ``log((n + 1) / (df + 1)) + 1`` (always >= 1)."""
        return np.log((self.n_docs + 1) / (self.df + 1.0)) + 1.0

    def get(self, fid: int, default: int = 0) -> int:
        """Document frequency of a hashed id (dict-like, for the dict-based helpers)."""
        c = self.col.get(fid)
        return default if c is None else int(self._df[c])

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
