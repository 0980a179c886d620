"""`brinkwatch eval`: saved predictions re-score to the same numbers; bad files are named."""

from __future__ import annotations

import json

from click.testing import CliRunner

from brinkwatch.cli import main

GOLD = [
    {"id": "t1", "dct": "2023-09-30", "text": "\nTalks resumed on Friday, officials said.\n",
     "timexes": [{"start": 17, "end": 23, "text": "Friday", "type": "DATE", "value": "2023-09-29"}]},
    {"id": "t2", "dct": "2001-03-10", "text": "\nThe strike lasted three weeks in 1998.\n",
     "timexes": [{"start": 19, "end": 30, "text": "three weeks", "type": "DURATION", "value": "P3W"},
                 {"start": 34, "end": 38, "text": "1998", "type": "DATE", "value": "1998"}]},
]


def test_saved_predictions_rescore_to_the_same_metrics(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in GOLD))
    saved = tmp_path / "pred.jsonl"
    runner = CliRunner()
    first = runner.invoke(main, ["eval", "timex", "--gold", str(gold), "--save-predictions", str(saved), "--json"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["eval", "timex", "--gold", str(gold), "--predictions", str(saved), "--json"])
    assert json.loads(first.stdout) == json.loads(again.stdout)
    metrics = json.loads(first.stdout)
    assert metrics["n"] == 2 and metrics["value_f1"] == 1.0
    assert [json.loads(line)["id"] for line in saved.read_text().splitlines()] == ["t1", "t2"]


def test_truncated_predictions_file_is_named_with_its_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in GOLD))
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOLD[0]) + "\n" + '{"id": "t2", "timexes": [')
    result = CliRunner().invoke(main, ["eval", "timex", "--gold", str(gold), "--predictions", str(bad)])
    assert result.exit_code == 1
    assert "bad.jsonl: line 2: invalid JSON" in result.output
