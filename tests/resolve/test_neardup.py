"""Near-duplicate detection: syndicated copies are found, independent rewrites are not."""

from __future__ import annotations

import numpy as np

from brinkwatch.resolve.neardup import (
    NearDuplicateIndex,
    group_near_duplicates,
    is_near_duplicate,
    lsh_keys,
    minhash,
    normalize_text,
    shingle_count,
    similarity,
    text_fingerprint,
)

# A wire story written for this test, and variants of it.
WIRE = (
    "Officials in the river town of Eastmoor said on Tuesday that the old stone bridge would "
    "stay closed for at least three weeks after floodwater undermined two of its piers. "
    "Engineers from the regional roads agency inspected the structure overnight and found "
    "cracks running through the central arch. The mayor, Helen Dory, told reporters that "
    "ferries would carry commuters across the river until repairs were finished, and that "
    "the town council would meet on Thursday to approve emergency funds of about 2 million "
    "euros. Residents on the northern bank face a detour of almost forty kilometres. The "
    "agency said a temporary steel crossing for pedestrians could open within ten days if "
    "the water level keeps falling. Shops near the bridge reported a sharp drop in trade "
    "and asked the council for help with rents while the crossing stays shut."
)
SYNDICATED = (
    "EASTMOOR BRIDGE SHUT FOR WEEKS\nBy Staff Writer\n"
    + WIRE.replace("told reporters", "said").replace("almost forty", "nearly forty")
    + " Copyright 2024 Example Wire Service."
)
TRUNCATED = WIRE[: len(WIRE) // 2]
REWRITE = (
    "Commuters in Eastmoor will have to rely on ferries for up to three weeks. Flooding has "
    "damaged the piers of the town's historic bridge, and inspectors working through the "
    "night discovered fractures in its middle arch, the roads agency reported. Mayor Helen "
    "Dory plans to ask councillors on Thursday for roughly two million euros in emergency "
    "money. People living north of the river now have a 40 km drive to reach the centre, "
    "while a footbridge made of steel may be ready in about ten days."
)


def test_normalisation_ignores_case_punctuation_and_spacing() -> None:
    assert normalize_text("  Hello,   WORLD!\n“Again”  ") == "hello world again"
    assert text_fingerprint("The Bridge, closed.") == text_fingerprint("the bridge closed")
    assert text_fingerprint("the bridge closed") != text_fingerprint("the bridge opened")


def test_minhash_is_deterministic_uint32_signature() -> None:
    a, b = minhash(WIRE), minhash(WIRE)
    assert a.dtype == np.uint32 and a.shape == (128,)
    assert np.array_equal(a, b)
    assert similarity(a, b) == 1.0
    assert similarity(minhash(""), a) == 0.0


def test_syndicated_copy_with_new_headline_and_byline_is_near_duplicate() -> None:
    j = similarity(minhash(WIRE), minhash(SYNDICATED))
    assert j >= 0.8
    assert is_near_duplicate(minhash(WIRE), minhash(SYNDICATED))


def test_truncated_copy_is_found_through_containment() -> None:
    sa, sb = minhash(WIRE), minhash(TRUNCATED)
    assert similarity(sa, sb) < 0.8  # Jaccard alone would miss it
    assert is_near_duplicate(sa, sb, shingle_count(WIRE), shingle_count(TRUNCATED))


def test_same_story_rewritten_by_another_outlet_is_not_near_duplicate() -> None:
    sa, sb = minhash(WIRE), minhash(REWRITE)
    assert similarity(sa, sb) < 0.2  # calibration: the gap to 0.8 is wide
    assert not is_near_duplicate(sa, sb, shingle_count(WIRE), shingle_count(REWRITE))


def test_lsh_keys_shared_by_copies_and_shaped_for_storage() -> None:
    keys = lsh_keys(minhash(WIRE))
    assert len(keys) == 42 and all(isinstance(k, str) and ":" in k for k in keys)
    assert set(keys) & set(lsh_keys(minhash(SYNDICATED)))
    assert len(lsh_keys(minhash(WIRE), bands=16, rows=8)) == 16


def test_index_query_returns_copies_and_not_rewrites() -> None:
    idx = NearDuplicateIndex()
    idx.add("wire", minhash(WIRE), shingle_count(WIRE))
    idx.add("rewrite", minhash(REWRITE), shingle_count(REWRITE))
    idx.add("wire", minhash(REWRITE))  # re-adding an id is a no-op
    assert len(idx) == 2
    hits = idx.query(minhash(SYNDICATED), shingle_count(SYNDICATED))
    assert [d for d, _ in hits] == ["wire"]
    hits = idx.query(minhash(TRUNCATED), shingle_count(TRUNCATED))
    assert [d for d, _ in hits] == ["wire"] and hits[0][1] >= 0.9


def test_group_near_duplicates_maps_copies_to_first_seen() -> None:
    groups = group_near_duplicates(
        [("a", WIRE), ("b", REWRITE), ("c", SYNDICATED), ("d", WIRE.upper())]
    )
    assert groups == {"a": "a", "b": "b", "c": "a", "d": "a"}
