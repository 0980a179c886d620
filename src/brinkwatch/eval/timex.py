"""``brinkwatch eval timex``: TIMEX3 spans, types and values against TempEval-3 style gold.

Records: ``{id, dct, text, timexes: [{start, end, text, type, value}]}``. Scoring follows
TempEval-3: a predicted expression matches a gold one when their spans overlap (one-to-one,
the largest overlap first); strict matches need identical offsets. ``value_f1`` counts a
matched pair whose values are equal, with precision over all predictions and recall over all
gold expressions; ``type_accuracy`` is over the overlapping pairs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from brinkwatch.analyze.timex import tag_times

log = logging.getLogger(__name__)


def predict(gold_records: list[dict]) -> list[dict]:
    """Our tagger's output for each gold record, in the gold schema (anchor = the record's dct)."""
    out = []
    for rec in gold_records:
        text = rec.get("text") or ""
        times = tag_times(text, rec.get("dct"), doc_id=str(rec.get("id", "")))
        out.append(
            {
                "id": rec.get("id"),
                "dct": rec.get("dct"),
                "text": text,
                "timexes": [
                    {
                        "start": t.span.start,
                        "end": t.span.end,
                        "text": t.span.text,
                        "type": t.type,
                        "value": t.value,
                    }
                    for t in times
                ],
            }
        )
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping expressions, the largest overlaps first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > 0:
                pairs.append((ov, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gold[gi], pred[pi]))
    return out


def _timexes(rec: dict | None) -> list[dict]:
    items: Iterable[dict] = (rec or {}).get("timexes") or []
    return [t for t in items if isinstance(t, dict) and "start" in t and "end" in t]


def score(gold_records: list[dict], predicted_records: list[dict]) -> dict:
    """Span, value and type metrics of ``predicted_records`` against ``gold_records``.

    Predicted records are joined to gold ones by ``id``; a gold record with no prediction
    counts as predicting nothing.
    """
    by_id = {str(r.get("id")): r for r in predicted_records}
    n_gold = n_pred = strict = overlap = value_ok = type_ok = 0
    for rec in gold_records:
        gold = _timexes(rec)
        pred = _timexes(by_id.get(str(rec.get("id"))))
        n_gold += len(gold)
        n_pred += len(pred)
        gold_spans = {(g["start"], g["end"]) for g in gold}
        strict += sum(1 for p in {(p["start"], p["end"]) for p in pred} if p in gold_spans)
        for g, p in _match(gold, pred):
            overlap += 1
            value_ok += str(g.get("value")) == str(p.get("value"))
            type_ok += g.get("type") == p.get("type")
    sp, sr = _ratio(strict, n_pred), _ratio(strict, n_gold)
    op, orc = _ratio(overlap, n_pred), _ratio(overlap, n_gold)
    vp, vr = _ratio(value_ok, n_pred), _ratio(value_ok, n_gold)
    return {
        "span_precision_strict": sp,
        "span_recall_strict": sr,
        "span_f1_strict": _f1(sp, sr),
        "span_precision": op,
        "span_recall": orc,
        "span_f1_overlap": _f1(op, orc),
        "value_precision": vp,
        "value_recall": vr,
        "value_f1": _f1(vp, vr),
        "value_accuracy": _ratio(value_ok, overlap),
        "type_accuracy": _ratio(type_ok, overlap),
        "gold_timexes": n_gold,
        "predicted_timexes": n_pred,
        "n": len(gold_records),
    }


__all__ = ["predict", "score"]
