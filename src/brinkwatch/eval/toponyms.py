"""``brinkwatch eval toponyms``: toponym spans and their coordinates (LGL / TR-News schema).

Gold and predictions: ``{id, text, toponyms: [{start, end, name, lat, lon, geonameid}]}``.

Metrics:
- ``span_precision``, ``span_recall``, ``span_f1``: exact span match (same start and end);
- ``span_*_overlap``: a predicted span counts when it overlaps a gold span (one to one);
- ``acc_161km``: over gold toponyms matched exactly by a prediction that has coordinates,
  the share within 161 km (100 miles) of the gold point; ``median_error_km`` over the same;
- ``geonameid_accuracy``: the same pairs, same GeoNames id (where both have one);
- ``n`` records, ``n_gold``, ``n_pred``, ``n_matched``.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Iterable

from brinkwatch.analyze._gazetteer_resolve import haversine_km

logger = logging.getLogger(__name__)


def predict(gold_records: list[dict]) -> list[dict]:
    """Our toponyms for each record's text, in the gold schema (same ids)."""
    from brinkwatch.analyze.nlp import load_nlp
    from brinkwatch.analyze.places import get_geocoder

    nlp = load_nlp()
    geocoder = get_geocoder()
    texts = [r.get("text") or "" for r in gold_records]
    out = []
    for rec, doc in zip(gold_records, nlp.pipe(texts, batch_size=32)):
        places = geocoder.resolve_doc(doc, str(rec.get("id")))
        out.append({
            "id": rec.get("id"),
            "text": rec.get("text"),
            "toponyms": [
                {"start": p.span.start, "end": p.span.end, "name": p.span.text, "lat": p.lat, "lon": p.lon,
                 "geonameid": p.geonameid}
                for p in places
            ],
        })
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _overlap_matches(gold: list[dict], pred: list[dict]) -> int:
    """Greedy one-to-one matching of overlapping spans, in text order."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and p["start"] < g["end"] and g["start"] < p["end"]:
                used.add(j)
                tp += 1
                break
    return tp


def _toponyms(rec: dict) -> list[dict]:
    return [t for t in rec.get("toponyms") or [] if t.get("start") is not None and t.get("end") is not None]


def score(gold_records: Iterable[dict], predicted_records: Iterable[dict]) -> dict:
    """Span P/R/F1 (exact and overlap), accuracy@161 km and median error over matched spans."""
    gold_records = list(gold_records)
    by_id = {str(r.get("id")): r for r in predicted_records}
    tp = tp_overlap = n_gold = n_pred = 0
    errors: list[float] = []
    same_id = id_pairs = 0
    for g in gold_records:
        gold = _toponyms(g)
        pred = _toponyms(by_id.get(str(g.get("id")), {}))
        n_gold += len(gold)
        n_pred += len(pred)
        pred_at = {(p["start"], p["end"]): p for p in pred}
        for t in gold:
            p = pred_at.get((t["start"], t["end"]))
            if p is None:
                continue
            tp += 1
            if None in (p.get("lat"), p.get("lon"), t.get("lat"), t.get("lon")):
                continue
            errors.append(haversine_km(t["lat"], t["lon"], p["lat"], p["lon"]))
            if t.get("geonameid") is not None and p.get("geonameid") is not None:
                id_pairs += 1
                same_id += int(t["geonameid"]) == int(p["geonameid"])
        tp_overlap += _overlap_matches(sorted(gold, key=lambda t: t["start"]), sorted(pred, key=lambda t: t["start"]))
    p, r, f = _prf(tp, n_pred, n_gold)
    po, ro, fo = _prf(tp_overlap, n_pred, n_gold)
    return {
        "span_precision": round(p, 4),
        "span_recall": round(r, 4),
        "span_f1": round(f, 4),
        "span_precision_overlap": round(po, 4),
        "span_recall_overlap": round(ro, 4),
        "span_f1_overlap": round(fo, 4),
        "acc_161km": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "geonameid_accuracy": round(same_id / id_pairs, 4) if id_pairs else None,
        "n": len(gold_records),
        "n_gold": n_gold,
        "n_pred": n_pred,
        "n_matched": tp,
    }
