"""The toponym scorer on hand-made pairs, and the geoparser on the dev gold."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from brinkwatch.eval.toponyms import predict, score


def _t(start: int, end: int, lat: float, lon: float, gid: int | None = None) -> dict:
    return {"start": start, "end": end, "name": "x" * (end - start), "lat": lat, "lon": lon, "geonameid": gid}


GOLD = [{"id": "a", "text": "", "toponyms": [_t(0, 5, 10.0, 20.0, 1), _t(10, 15, 0.0, 0.0, 2), _t(20, 25, 5.0, 5.0)]}]
PRED = [{"id": "a", "text": "", "toponyms": [
    _t(0, 5, 10.0, 20.0, 1),  # exact span, same point
    _t(10, 15, 2.0, 0.0, 3),  # exact span, 2 degrees of latitude away (about 222 km)
    _t(20, 24, 5.0, 5.0),  # overlaps the third gold span only
    _t(30, 35, 1.0, 1.0),  # no gold span
]}]


def test_score_counts_exact_and_overlapping_spans():
    m = score(GOLD, PRED)
    assert m["n"] == 1
    assert m["span_precision"] == pytest.approx(0.5)
    assert m["span_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["span_f1"] == pytest.approx(4 / 7, abs=1e-4)
    assert m["span_precision_overlap"] == pytest.approx(0.75)
    assert m["span_recall_overlap"] == pytest.approx(1.0)


def test_score_distance_metrics_over_exactly_matched_spans():
    m = score(GOLD, PRED)
    assert m["acc_161km"] == pytest.approx(0.5)
    assert m["median_error_km"] == pytest.approx(111.2, abs=0.2)  # median of 0 and 222.4
    assert m["geonameid_accuracy"] == pytest.approx(0.5)


def test_score_of_missing_predictions_is_zero_not_an_error():
    m = score(GOLD, [])
    assert m["span_recall"] == 0.0 and m["acc_161km"] == 0.0 and m["median_error_km"] is None


@pytest.mark.parametrize(
    ("name", "docs", "floors"),
    [
        # measured on these first 40 documents: TR-News R 0.914 / acc 0.963 / P 0.839,
        # LGL R 0.852 / acc 0.934 / P 0.790 (whole files: R 0.914/0.866, acc 0.922/0.905)
        ("trnews.jsonl", 40, {"span_recall": 0.90, "acc_161km": 0.95, "span_precision": 0.83}),
        ("lgl.jsonl", 40, {"span_recall": 0.84, "acc_161km": 0.92, "span_precision": 0.78}),
    ],
)
def test_geoparser_on_dev_gold_stays_above_floor(name, docs, floors):
    path = shared_path("eval", "toponyms", name)
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:docs]]
    metrics = score(gold, predict(gold))
    for key, floor in floors.items():
        assert metrics[key] >= floor, (key, metrics)
