"""Scorers for the gold schemas of ARCHITECTURE.md (``brinkwatch eval TASK``).

Each task is a module ``brinkwatch.eval.<task>`` exposing:

- ``predict(gold_records: list[dict]) -> list[dict]``: our system's predictions in the gold
  schema (same ids, the gold annotations replaced by ours);
- ``score(gold_records: list[dict], predicted_records: list[dict]) -> dict``: the metric keys
  of ARCHITECTURE.md plus ``n``.
"""

TASKS = {
    "events": "brinkwatch.eval.events",
    "event-types": "brinkwatch.eval.event_types",
    "toponyms": "brinkwatch.eval.toponyms",
    "timex": "brinkwatch.eval.timex",
    "clusters": "brinkwatch.eval.clusters",
}
