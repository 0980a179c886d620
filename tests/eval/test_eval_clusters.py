"""Cluster scorer on hand-made partitions, and floors on the ECB+ dev topics."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from brinkwatch.eval import clusters

# gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}
GOLD = [{"id": i, "cluster": g} for i, g in zip("abcde", "XXXYY")]
PRED = [{"id": i, "cluster": p} for i, p in zip("abcde", "11222")]


def test_bcubed_matches_hand_computation() -> None:
    m = clusters.score(GOLD, PRED)
    # precision per item: a 1, b 1, c 1/3, d 2/3, e 2/3  -> 11/15
    assert m["bcubed_precision"] == pytest.approx(11 / 15)
    # recall per item: a 2/3, b 2/3, c 1/3, d 1, e 1 -> 11/15
    assert m["bcubed_recall"] == pytest.approx(11 / 15)
    assert m["bcubed_f1"] == pytest.approx(11 / 15)
    assert m["n"] == 5


def test_ari_and_pairwise_match_hand_computation() -> None:
    m = clusters.score(GOLD, PRED)
    # pairs: gold 3+1=4, pred 1+3=4, agreeing (a,b) and (d,e): 2 of 10
    assert m["pairwise_f1"] == pytest.approx(0.5)
    # ARI = (2 - 4*4/10) / ((4+4)/2 - 4*4/10) = 0.4 / 2.4
    assert m["ari"] == pytest.approx(1 / 6)


def test_perfect_and_missing_predictions() -> None:
    assert clusters.score(GOLD, [dict(r) for r in GOLD])["bcubed_f1"] == 1.0
    m = clusters.score(GOLD, PRED[:2])  # c, d, e missing: each its own singleton
    assert m["bcubed_precision"] == pytest.approx(1.0)
    assert m["ari"] < 1.0


def test_name_keys_finds_capitalised_names_not_sentence_starts() -> None:
    keys = clusters.name_keys("Rain fell in New Haven. Officials met Mayor Ana Ruiz on Monday.")
    assert "New Haven" in keys and "Mayor Ana Ruiz" in keys
    assert "Rain" not in keys and "Officials" not in keys and "Monday" not in keys


def test_predict_returns_gold_schema_with_story_ids() -> None:
    recs = [
        {"id": "1", "title": "Dam breach floods Lowfield", "text": "The Lowfield dam gave way and "
         "flooded the valley; 20 families were moved.", "date": None, "outlet": None,
         "cluster": "g1"},
        {"id": "2", "title": "Lowfield dam breach: families moved", "text": "Twenty families left "
         "the valley after the Lowfield dam gave way.", "date": None, "outlet": None,
         "cluster": "g1"},
    ]
    pred = clusters.predict(recs, features="regex")
    assert [p["id"] for p in pred] == ["1", "2"]
    assert pred[0]["cluster"] == pred[1]["cluster"]


@pytest.mark.shared
def test_ecbplus_dev_floors() -> None:
    path = shared_path("eval", "clusters", "ecbplus_dev.jsonl")
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    m = clusters.score(gold, clusters.predict(gold, features="regex"))
    assert m["n"] == 496
    # measured 2026-11-27 (round 11): B3 P 0.966 R 0.937 F1 0.951, ARI 0.947, pairwise F1 0.948
    assert m["bcubed_f1"] >= 0.948
    assert m["bcubed_precision"] >= 0.96
    assert m["bcubed_recall"] >= 0.935
    assert m["ari"] >= 0.945
    # fed in 2 / 4 date-ordered batches (joins of stored stories): measured 0.942 / 0.936
    # (round 11: a name specific to the target in a fragment's lead waives the names check)
    assert clusters.score(gold, clusters.predict(gold, features="regex", batches=2))["bcubed_f1"] >= 0.94
    assert clusters.score(gold, clusters.predict(gold, features="regex", batches=4))["bcubed_f1"] >= 0.93


def test_default_features_are_the_ones_derive_gives_the_clusterer(monkeypatch) -> None:
    """`brinkwatch eval clusters` scores the product: each record analysed as a run
    analyses it, its names and places read by derive's own ``story_keys``."""
    from brinkwatch import derive

    recs = [
        {"id": "1", "title": "Dam breach floods Lowfield", "text": "The Lowfield dam gave way on Monday "
         "and flooded the valley, Mayor Ana Ruiz said.", "date": "2031-03-03", "outlet": None, "cluster": "g1"},
        {"id": "2", "title": "Lowfield families moved", "text": "Mayor Ana Ruiz moved twenty families "
         "after the Lowfield dam gave way.", "date": "2031-03-04", "outlet": None, "cluster": "g1"},
    ]
    seen: list[str] = []
    story_keys = derive.story_keys

    def spy(analysis):
        seen.append(analysis.doc_id)
        assert analysis.times == () and analysis.events == ()  # as derive's first pass reads it
        return story_keys(analysis)

    monkeypatch.setattr(derive, "story_keys", spy)
    items = clusters.to_items(recs)
    assert seen == ["1", "2"]
    assert "lowfield" in items[0].entities  # a name key as derive writes it
    pred = clusters.predict(recs)
    assert [p["id"] for p in pred] == ["1", "2"] and pred[0]["cluster"] == pred[1]["cluster"]
