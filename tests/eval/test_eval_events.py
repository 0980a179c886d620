"""The events scorer on hand-made gold/prediction pairs, and the coder on the dev gold."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from brinkwatch.eval.events import predict, predict_text, score


def _ev(source, target, cameo):
    return {"source": source, "target": target, "cameo": cameo, "root": cameo[:2],
            "quad_class": 1 if cameo[:2] <= "05" else 2 if cameo[:2] <= "08" else 3 if cameo[:2] <= "13" else 4,
            "plover": None}


GOLD = [
    {"id": "a", "text": "x", "date": None, "events": [_ev("SRBGOV", "XKXGOV", "111"), _ev("XKXPOL", "SRBUAF", "190")]},
    {"id": "b", "text": "y", "date": None, "events": [_ev("USAGOV", "SRB", "0253")]},
]
PRED = [
    # a: one exact event, one with the right root but wrong code and actor, one spurious
    {"id": "a", "events": [_ev("SRBGOV", "XKXGOV", "111"), _ev("SRBPOL", "SRBUAF", "193"), _ev("SRB", None, "010")]},
    # b: the right root, a different sub-code, right actors
    {"id": "b", "events": [_ev("USAGOV", "SRB", "025")]},
]


def test_scores_on_a_hand_made_pair():
    s = score(GOLD, PRED)
    # roots: gold {11,19,02}, predicted {11,19,01,02}: 3 of 4 predicted right, 3 of 3 gold found
    assert s["root_precision"] == 0.75
    assert s["root_recall"] == 1.0
    assert s["root_f1"] == pytest.approx(0.8571, abs=1e-4)
    # codes: only 111 matches: P = 1/4, R = 1/3
    assert s["code_f1"] == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3), abs=1e-4)
    # actor sides over the 3 root-matched pairs: 6 sides, one wrong (XKX vs SRB)
    assert s["actor_country_match"] == pytest.approx(5 / 6, abs=1e-4)
    assert s["quad_class_accuracy"] == 1.0
    assert s["spurious_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["n"] == 2


def test_multiset_roots_count_repeated_events_once_each():
    gold = [{"id": "c", "events": [_ev("SRB", "XKX", "036"), _ev("XKX", "SRB", "036")]}]
    pred = [{"id": "c", "events": [_ev("SRB", "XKX", "036")]}]
    s = score(gold, pred)
    assert s["root_precision"] == 1.0 and s["root_recall"] == 0.5


def test_missing_prediction_counts_as_no_events():
    s = score(GOLD, [])
    assert s["root_recall"] == 0.0 and s["root_f1"] == 0.0 and s["n"] == 2


def test_predict_text_uses_the_gold_schema(nlp):
    events = predict_text("Serbia condemned the attack on Kosovo police.", nlp)
    assert events and set(events[0]) == {"source", "target", "cameo", "root", "quad_class", "plover"}
    assert events[0]["root"] == "11" and events[0]["source"] == "SRB"


# Floors a little under what the coder measures on the dev gold (never tuned on it).
FLOORS = {"root_f1": 0.64, "code_f1": 0.36, "actor_country_match": 0.67, "quad_class_accuracy": 0.99}
CEILINGS = {"spurious_rate": 0.26}


@pytest.mark.shared
def test_dev_gold_scores_stay_above_floors():
    path = shared_path("eval", "events", "plover_gsr.jsonl")
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    s = score(gold, predict(gold))
    for key, floor in FLOORS.items():
        assert s[key] >= floor, (key, s[key])
    for key, ceiling in CEILINGS.items():
        assert s[key] <= ceiling, (key, s[key])
