"""``brinkwatch eval``: load gold (and optionally another system's predictions), score."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from brinkwatch.eval import TASKS


class EvalInputError(ValueError):
    """A gold or predictions file that cannot be read; the message names file and line."""


def read_jsonl(path: str | Path) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise EvalInputError(f"{path}: line {number}: invalid JSON ({exc.msg})") from exc
    return records


def write_jsonl(path: str | Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False))
            handle.write("\n")


def evaluate(task: str, gold_path: str, *, predictions: str | None = None, save_predictions: str | None = None) -> dict:
    module = importlib.import_module(TASKS[task])
    gold = read_jsonl(gold_path)
    if predictions:
        predicted = read_jsonl(predictions)
    else:
        predicted = module.predict(gold)
    if save_predictions:
        write_jsonl(save_predictions, predicted)
    return module.score(gold, predicted)
