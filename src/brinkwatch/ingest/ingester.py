"""From raw documents to stored documents: ids, language, exact and near-duplicate copies.

A document's id is a hash of its normalised text, so the same text read twice (or from two
outlets) is one document that remembers every copy. Near-duplicates (syndicated copies with
a new headline or a trimmed sentence) are found with MinHash LSH band keys kept in the
store, so the check is incremental and never compares all pairs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from brinkwatch.ingest.language import identify_language
from brinkwatch.records import Copy, Document, RawDocument, content_id
from brinkwatch.resolve import neardup
from brinkwatch.store.db import Store

log = logging.getLogger(__name__)


@dataclass
class IngestCounts:
    new: list[str] = field(default_factory=list)
    exact_copies: int = 0
    near_copies: int = 0
    already_stored: int = 0


def _copy_of(raw: RawDocument, kind: str, similarity: float = 1.0) -> Copy:
    return Copy(
        source_path=raw.source_path, outlet=raw.outlet, url=raw.url, published=raw.published,
        kind=kind, similarity=round(similarity, 3),
    )


def ingest_raw(store: Store, raw: RawDocument, counts: IngestCounts, *, near_threshold: float) -> str:
    """Store ``raw`` as a new document or as a copy of one already stored; returns the doc id.

    Runs inside the caller's transaction.
    """
    fingerprint = neardup.text_fingerprint(raw.text)
    doc_id = content_id(fingerprint, prefix="d")
    if store.has_document(doc_id):
        if store.has_copy(doc_id, raw.source_path):
            counts.already_stored += 1
        else:
            counts.exact_copies += 1
            store.add_copy(doc_id, _copy_of(raw, "exact"))
        return doc_id

    hashes = neardup.shingle_hashes(raw.text)
    signature = neardup.signature_from_hashes(hashes)
    size = neardup.shingle_count(raw.text)
    keys = neardup.lsh_keys(signature)
    best_id, best_score = None, 0.0
    for other_id, other_sig, other_size in store.lsh_candidates(keys):
        if other_sig is None:
            continue
        other = np.frombuffer(other_sig, dtype=signature.dtype)
        if not neardup.is_near_duplicate(signature, other, size, other_size, threshold=near_threshold):
            continue
        # Containment also counts, so a truncated copy is found; the best Jaccard wins.
        score = max(neardup.resemblance(signature, other, size, other_size))
        if score > best_score:
            best_id, best_score = other_id, score
    if best_id is not None:
        if store.has_copy(best_id, raw.source_path):
            counts.already_stored += 1  # a re-run meets the same syndicated copy again
        else:
            counts.near_copies += 1
        store.add_copy(best_id, _copy_of(raw, "near", best_score))
        return best_id

    doc = Document(
        id=doc_id,
        text=raw.text,
        source_path=raw.source_path,
        title=raw.title,
        outlet=raw.outlet,
        url=raw.url,
        published=raw.published,
        published_source=raw.published_source,
        published_evidence=raw.published_evidence,
        language=raw.language or identify_language(raw.text),
        external_id=raw.external_id,
    )
    store.insert_document(doc, fingerprint=fingerprint, signature=signature.tobytes(), shingles=size)
    store.add_copy(doc_id, _copy_of(raw, "original"))
    store.add_lsh_keys(doc_id, keys)
    counts.new.append(doc_id)
    return doc_id
