"""CI gate: every evaluation stays at or above its pinned floor in eval/baseline.json.

The floors sit a little under the measured dev numbers (eval/RESULTS.md), so a change that
makes a scorer's task worse fails here instead of slipping through.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brinkwatch.eval.runner import evaluate
from conftest import shared_path

BASELINE = json.loads((Path(__file__).resolve().parents[2] / "eval" / "baseline.json").read_text())
CASES = [(task, gold, floors) for task, files in BASELINE["floors"].items() for gold, floors in files.items()]


@pytest.mark.parametrize(("task", "gold", "floors"), CASES, ids=[f"{t}:{Path(g).name}" for t, g, _ in CASES])
def test_dev_metrics_stay_above_pinned_floors(task, gold, floors):
    path = shared_path("eval", *gold.split("/"))
    metrics = evaluate(task, str(path))
    for key, floor in floors.items():
        if key.endswith("_max"):
            assert metrics[key[:-4]] <= floor, f"{task} {gold}: {key[:-4]} = {metrics[key[:-4]]:.3f} > {floor}"
        else:
            assert metrics[key] >= floor, f"{task} {gold}: {key} = {metrics[key]:.3f} < floor {floor}"
