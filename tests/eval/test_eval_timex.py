"""The timex scorer on hand-made gold/prediction pairs, and the tagger on the dev gold."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from brinkwatch.eval.timex import predict, score


def _tx(start: int, end: int, type_: str, value: str) -> dict:
    return {"start": start, "end": end, "text": "x" * (end - start), "type": type_, "value": value}


GOLD = [
    {
        "id": "a",
        "dct": "2023-09-30",
        "text": "",
        "timexes": [_tx(0, 5, "DATE", "2023"), _tx(10, 20, "DURATION", "P3D")],
    }
]


def test_score_counts_strict_overlap_value_and_type():
    pred = [
        {
            "id": "a",
            "timexes": [
                _tx(0, 5, "DATE", "2023"),
                _tx(12, 20, "DATE", "P3D"),
                _tx(30, 35, "DATE", "2020"),
            ],
        }
    ]
    s = score(GOLD, pred)
    assert s["span_f1_strict"] == pytest.approx(0.4)  # P 1/3, R 1/2
    assert s["span_f1_overlap"] == pytest.approx(0.8)  # P 2/3, R 1
    assert s["value_f1"] == pytest.approx(0.8)  # both overlapping pairs agree on the value
    assert s["type_accuracy"] == pytest.approx(0.5)
    assert s["n"] == 1


def test_wrong_value_on_an_overlapping_span_counts_for_span_but_not_value():
    pred = [{"id": "a", "timexes": [_tx(0, 5, "DATE", "2022"), _tx(10, 20, "DURATION", "P3D")]}]
    s = score(GOLD, pred)
    assert s["span_f1_strict"] == pytest.approx(1.0)
    assert s["value_f1"] == pytest.approx(0.5)


def test_one_prediction_matches_at_most_one_gold_expression():
    gold = [{"id": "b", "timexes": [_tx(0, 4, "DATE", "1998"), _tx(5, 9, "DATE", "1999")]}]
    pred = [{"id": "b", "timexes": [_tx(0, 9, "DURATION", "P2Y")]}]
    s = score(gold, pred)
    assert s["span_recall"] == pytest.approx(0.5)
    assert s["span_precision"] == pytest.approx(1.0)


def test_missing_prediction_record_predicts_nothing():
    s = score(GOLD, [])
    assert s["span_f1_overlap"] == 0.0 and s["value_f1"] == 0.0 and s["n"] == 1


def test_predict_keeps_ids_and_offsets():
    text = "The envoy left on Friday and returned three days later."
    out = predict([{"id": "z", "dct": "2023-09-30", "text": text, "timexes": []}])
    assert out[0]["id"] == "z"
    found = [(t["text"], t["value"]) for t in out[0]["timexes"]]
    assert found == [("Friday", "2023-09-29"), ("three days", "P3D")]
    assert all(text[t["start"] : t["end"]] == t["text"] for t in out[0]["timexes"])


# Floors a little under what the tagger measures on the TempEval-3 training data.
FLOORS = {
    "timebank.jsonl": {"value_f1": 0.835, "span_f1_overlap": 0.945, "span_f1_strict": 0.905},
    "aquaint.jsonl": {"value_f1": 0.788, "span_f1_overlap": 0.94, "span_f1_strict": 0.838},
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_gold_scores_stay_above_floors(name):
    path = shared_path("eval", "timex", name)
    lines = path.read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in lines if line.strip()]
    s = score(gold, predict(gold))
    for key, floor in FLOORS[name].items():
        assert s[key] >= floor, (key, s[key])
