"""Exact and near-duplicate detection: normalised-text fingerprints, MinHash and LSH keys.

Steps:

1. :func:`normalize_text` casefolds, applies Unicode NFKC, turns punctuation into spaces and
   collapses whitespace, so trivial formatting differences vanish.
2. :func:`text_fingerprint` is the SHA-1 of that normalised text: the exact-duplicate key.
3. :func:`minhash` hashes every word 5-shingle to 64 bits (a rolling polynomial over 64-bit
   word hashes) and keeps, for each of ``NUM_PERM`` = 128 multiply-shift hash functions
   (seeded, so signatures are stable across runs and machines), the minimum 32-bit value.
   The share of equal positions in two signatures estimates the Jaccard similarity of the
   two shingle sets (standard error about 0.04 at 0.5).
4. :func:`lsh_keys` cuts a signature into bands; two documents that share any band key are
   candidates. With the defaults (42 bands × 3 rows) a pair is a candidate with probability
   1 - (1 - J^3)^42: 0.97 at J = 0.43, 0.99+ at J >= 0.5, 0.04 at J = 0.1, so truncated
   copies (whose Jaccard is about their length ratio) are still found; verification is cheap.
5. :func:`is_near_duplicate` verifies a candidate: estimated Jaccard >= ``threshold``
   (default 0.8, ``Settings.near_duplicate_threshold``) **or** estimated containment of the
   shorter document in the longer one >= ``containment_threshold`` (default 0.9), which needs
   the shingle counts (:func:`shingle_count`) and catches truncated copies.

Calibration (``tests/resolve/test_neardup.py`` rebuilds these cases from fixtures written for
the project): a syndicated copy with a different headline and byline, a few words changed and
a boilerplate footer scores an estimated Jaccard of 0.82; a copy cut to its first half
scores J ≈ 0.43 but containment ≈ 0.94; a rewrite of the same story by another outlet (same
facts, names and numbers, its own wording) scores J < 0.1, because two independent writers
rarely share five consecutive words (the test's rewrite scores 0.0). The gap between ~0.1 and ~0.8 is
wide, so 0.8 is not a knife-edge: any threshold in 0.5–0.8 gives the same decisions on these
cases; 0.8 is kept so that lightly edited copies only (not heavily rewritten updates of a
wire story) are folded together.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

log = logging.getLogger(__name__)

NUM_PERM = 128
SHINGLE = 5
DEFAULT_BANDS = 42
DEFAULT_ROWS = 3
DEFAULT_THRESHOLD = 0.8
DEFAULT_CONTAINMENT = 0.9
MIN_CONTAINMENT_SHINGLES = 10  # below this a short text "contained" in a long one is chance
_SEED = 20230924
_MAX32 = np.uint64(0xFFFFFFFF)

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_rng = np.random.default_rng(_SEED)
# multiply-shift hashing: a odd, b arbitrary, h(x) = ((a*x + b) mod 2^64) >> 32
_A = (_rng.integers(1, 2**63 - 1, size=NUM_PERM, dtype=np.int64).astype(np.uint64) * 2 + 1)
_B = _rng.integers(0, 2**63 - 1, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_POLY = np.uint64(0x100000001B3)  # FNV prime, the base of the rolling shingle hash
_POWERS = np.array([pow(0x100000001B3, i, 2**64) for i in range(SHINGLE)][::-1], dtype=np.uint64)


def normalize_text(text: str) -> str:
    """Casefold, NFKC-normalise, replace punctuation by spaces and collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def text_fingerprint(text: str) -> str:
    """The exact-duplicate key: SHA-1 hex digest of :func:`normalize_text`."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def _word_hashes(words: Sequence[str]) -> np.ndarray:
    cache: dict[str, int] = {}
    out = np.empty(len(words), dtype=np.uint64)
    for i, w in enumerate(words):
        h = cache.get(w)
        if h is None:
            h = int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
            cache[w] = h
        out[i] = h
    return out


def shingle_hashes(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of the word 5-shingles of the normalised text.

    A text shorter than five words is one shingle; an empty text has none.
    """
    words = normalize_text(text).split()
    if not words:
        return np.empty(0, dtype=np.uint64)
    wh = _word_hashes(words)
    if len(wh) < SHINGLE:
        wh = np.concatenate([np.zeros(SHINGLE - len(wh), dtype=np.uint64), wh])
    windows = np.lib.stride_tricks.sliding_window_view(wh, SHINGLE)
    with np.errstate(over="ignore"):
        hashes = (windows * _POWERS).sum(axis=1, dtype=np.uint64)
    return np.unique(hashes)


def shingle_count(text: str) -> int:
    """Number of distinct word 5-shingles (needed for the containment estimate)."""
    return int(len(shingle_hashes(text)))


def signature_from_hashes(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of a set of 64-bit shingle hashes."""
    if len(hashes) == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    sig = np.full(NUM_PERM, _MAX32, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, len(hashes), 2048):  # bounded memory for very long texts
            block = hashes[start : start + 2048, None]
            vals = (block * _A + _B) >> np.uint64(32)
            np.minimum(sig, vals.min(axis=0), out=sig)
    return sig.astype(np.uint32)


def minhash(text: str) -> np.ndarray:
    """MinHash signature of ``text``: ``numpy.ndarray`` of ``NUM_PERM`` uint32 values."""
    return signature_from_hashes(shingle_hashes(text))


def lsh_keys(
    signature: np.ndarray, bands: int = DEFAULT_BANDS, rows: int = DEFAULT_ROWS
) -> list[str]:
    """Band keys of a signature (``"<band>:<16 hex>"``), for an inverted index table.

    :raises ValueError: ``bands * rows`` exceeds the signature length.
    """
    sig = np.asarray(signature, dtype=np.uint32)
    if bands * rows > len(sig):
        raise ValueError(f"bands*rows={bands * rows} exceeds signature length {len(sig)}")
    keys = []
    for b in range(bands):
        chunk = sig[b * rows : (b + 1) * rows].tobytes()
        keys.append(f"{b:02d}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets (share of equal positions)."""
    a = np.asarray(sig_a)
    b = np.asarray(sig_b)
    if a.shape != b.shape:
        raise ValueError(f"signature shapes differ: {a.shape} vs {b.shape}")
    empty = np.uint32(0xFFFFFFFF)
    if np.all(a == empty) or np.all(b == empty):
        return 0.0
    return float(np.mean(a == b))


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller shingle set found in the larger one.

    From ``|A∩B| = J (|A| + |B|) / (1 + J)``; clipped to [0, 1].
    """
    small = min(size_a, size_b)
    if small <= 0:
        return 0.0
    inter = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return float(min(1.0, inter / small))


def resemblance(
    sig_a: np.ndarray,
    sig_b: np.ndarray,
    size_a: int | None = None,
    size_b: int | None = None,
) -> tuple[float, float]:
    """``(estimated Jaccard, estimated containment)``; containment is 0 without both sizes."""
    j = similarity(sig_a, sig_b)
    if size_a is None or size_b is None or min(size_a, size_b) < MIN_CONTAINMENT_SHINGLES:
        return j, 0.0
    return j, containment(j, size_a, size_b)


def is_near_duplicate(
    sig_a: np.ndarray,
    sig_b: np.ndarray,
    size_a: int | None = None,
    size_b: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    containment_threshold: float = DEFAULT_CONTAINMENT,
) -> bool:
    """Near-duplicate test: Jaccard >= threshold, or containment >= containment_threshold."""
    j, c = resemblance(sig_a, sig_b, size_a, size_b)
    return j >= threshold or c >= containment_threshold


class NearDuplicateIndex:
    """In-memory LSH index for batch use (the store keeps the same keys in SQLite).

    >>> idx = NearDuplicateIndex()
    >>> idx.add("a", minhash("one two three four five six"))
    >>> [d for d, _ in idx.query(minhash("One, two, three four five six!"))]
    ['a']
    """

    def __init__(
        self,
        bands: int = DEFAULT_BANDS,
        rows: int = DEFAULT_ROWS,
        threshold: float = DEFAULT_THRESHOLD,
        containment_threshold: float = DEFAULT_CONTAINMENT,
    ) -> None:
        self.bands = bands
        self.rows = rows
        self.threshold = threshold
        self.containment_threshold = containment_threshold
        self._buckets: dict[str, list[str]] = defaultdict(list)
        self._sigs: dict[str, np.ndarray] = {}
        self._sizes: dict[str, int | None] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._sigs

    def add(self, doc_id: str, signature: np.ndarray, size: int | None = None) -> None:
        """Index a document; re-adding a known id is a no-op."""
        if doc_id in self._sigs:
            return
        self._sigs[doc_id] = np.asarray(signature, dtype=np.uint32)
        self._sizes[doc_id] = size
        for key in lsh_keys(signature, self.bands, self.rows):
            self._buckets[key].append(doc_id)

    def candidates(self, signature: np.ndarray) -> set[str]:
        """Documents sharing at least one band key with ``signature`` (unverified)."""
        found: set[str] = set()
        for key in lsh_keys(signature, self.bands, self.rows):
            found.update(self._buckets.get(key, ()))
        return found

    def query(
        self, signature: np.ndarray, size: int | None = None
    ) -> list[tuple[str, float]]:
        """Near-duplicates of ``signature`` as ``(doc_id, score)``, best first.

        ``score`` is the larger of the estimated Jaccard and (when sizes are known) the
        estimated containment, so a truncated copy reports ~1.0.
        """
        out = []
        for doc_id in self.candidates(signature):
            j, c = resemblance(signature, self._sigs[doc_id], size, self._sizes[doc_id])
            if j >= self.threshold or c >= self.containment_threshold:
                out.append((doc_id, max(j, c)))
        out.sort(key=lambda x: (-x[1], x[0]))
        return out


def group_near_duplicates(
    items: Iterable[tuple[str, str]],
    threshold: float = DEFAULT_THRESHOLD,
    containment_threshold: float = DEFAULT_CONTAINMENT,
) -> dict[str, str]:
    """Map each ``(doc_id, text)`` to the id of the first earlier copy it duplicates (or itself)."""
    idx = NearDuplicateIndex(threshold=threshold, containment_threshold=containment_threshold)
    exact: dict[str, str] = {}
    rep: dict[str, str] = {}
    for doc_id, text in items:
        fp = text_fingerprint(text)
        if fp in exact:
            rep[doc_id] = exact[fp]
            continue
        hashes = shingle_hashes(text)
        sig = signature_from_hashes(hashes)
        hits = idx.query(sig, len(hashes))
        rep[doc_id] = rep[hits[0][0]] if hits else doc_id
        exact[fp] = rep[doc_id]
        idx.add(doc_id, sig, len(hashes))
    return rep
