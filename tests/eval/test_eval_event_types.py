"""The event-types scorer on hand-made pairs, and the classifier on the dev gold (out of fold)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import shared_path

from brinkwatch.eval.event_types import fold_of, predict, score

GOLD = [
    {"id": "1", "text": "a", "label": "ARREST"},
    {"id": "2", "text": "b", "label": "ARREST"},
    {"id": "3", "text": "c", "label": "AIR_STRIKE"},
    {"id": "4", "text": "d", "label": "DIPLO"},
]


def test_scores_on_a_hand_made_pair():
    pred = [
        {"id": "1", "label": "ARREST"},
        {"id": "2", "label": "AIR_STRIKE"},
        {"id": "3", "label": "AIR_STRIKE"},
        {"id": "4", "label": "DIPLO"},
    ]
    s = score(GOLD, pred)
    assert s["accuracy"] == 0.75
    # F1 per label: ARREST 2/3, AIR_STRIKE 2/3, DIPLO 1
    assert s["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3, abs=1e-4)
    # the 25 ACLED labels only: DIPLO is left out
    assert s["macro_f1_acled"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["n"] == 4


def test_missing_predictions_are_wrong():
    s = score(GOLD, [{"id": "1", "label": "ARREST"}])
    assert s["accuracy"] == 0.25


def test_cv_folds_are_stratified_and_seeded():
    training = [
        {"text": f"{lab} snippet {i}", "label": lab} for lab in "ABC" for i in range(7 + ord(lab) % 3)
    ]
    fold = fold_of(training)
    assert fold == fold_of(list(training))  # same folds every run
    assert set(fold.values()) == set(range(5))
    for lab in "ABC":
        per_fold = Counter(fold[r["text"]] for r in training if r["label"] == lab)
        assert max(per_fold.values()) - min(per_fold.get(k, 0) for k in range(5)) <= 1
    assert fold != fold_of(training, seed=1)


# Floors a little under the stratified, seeded 5-fold out-of-fold score on the dev file
# (0.729 macro-F1, 0.755 accuracy on 2026-11-27).
FLOORS = {"macro_f1": 0.71, "accuracy": 0.74}


@pytest.mark.shared
@pytest.mark.slow
def test_dev_gold_out_of_fold_scores_stay_above_floors():
    path = shared_path("eval", "event_types", "case2021_dev.jsonl")
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    s = score(gold, predict(gold))
    for key, floor in FLOORS.items():
        assert s[key] >= floor, (key, s[key])
