"""``brinkwatch eval events``: CAMEO event coding of single sentences.

Gold schema (one sentence per record)::

    {"id", "text", "date", "events": [{"source", "target", "cameo", "root", "quad_class", "plover"}]}

Scoring (micro over sentences, each sentence's events compared as multisets):

- ``root_precision/recall/f1``: predicted vs gold CAMEO roots;
- ``code_f1``: the same on full codes;
- ``quad_class_accuracy``: over root-matched event pairs, share with the same QuadClass
  (always 1.0 for exact roots, kept for systems that emit QuadClass separately);
- ``actor_country_match``: over root-matched pairs, share whose source and target agree on
  the first three characters of the actor code (both missing counts as agreement);
- ``spurious_rate``: predicted events matching no gold root, over the gold event count.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, Iterable

log = logging.getLogger(__name__)

__all__ = ["predict", "predict_text", "score"]


def _actor_code(ref: Any) -> str | None:
    return ref.code if ref is not None and ref.code else None


def _keep(detailed: list) -> list:
    """Events as a CAMEO coder reports them for a sentence: asserted or threatened acts with
    a coded actor, from the main clause when it has any; a bare statement (010) only when
    the sentence codes nothing else (CAMEO: statements are subordinate events)."""
    kept = [
        (e, main) for e, main in detailed
        if not e.negated and e.salience != "background"
        and (_actor_code(e.source) or _actor_code(e.target))
    ]
    others = [(e, m) for e, m in kept if e.cameo != "010"]
    kept = others or kept
    main = [e for e, m in kept if m]
    return main or [e for e, _ in kept]


def _code(doc: Any, doc_id: str) -> list:
    from brinkwatch.coding.coder import code_sentence_detailed

    return [pair for sent in doc.sents for pair in code_sentence_detailed(sent, doc_id)]


def predict_text(text: str, nlp: Any = None) -> list[dict]:
    """Coded events of one sentence (or short text) in the gold event schema."""
    from brinkwatch.analyze.nlp import load_nlp
    from brinkwatch.coding import plover

    nlp = nlp or load_nlp()
    return _as_gold(_code(nlp(text), "eval"), plover)


def _as_gold(events: list, plover) -> list[dict]:
    return [
        {
            "source": _actor_code(e.source),
            "target": _actor_code(e.target),
            "cameo": e.cameo,
            "root": e.root,
            "quad_class": e.quad_class,
            "plover": plover(e.cameo),
        }
        for e in _keep(events)
    ]


def predict(gold_records: list[dict]) -> list[dict]:
    """Our coder's events for each gold sentence (same ids; gold events replaced)."""
    from brinkwatch.analyze.nlp import load_nlp
    from brinkwatch.coding import plover

    nlp = load_nlp()
    texts = [r["text"] for r in gold_records]
    out = []
    for rec, doc in zip(gold_records, nlp.pipe(texts, batch_size=64)):
        events = _as_gold(_code(doc, str(rec["id"])), plover)
        out.append({"id": rec["id"], "text": rec["text"], "date": rec.get("date"), "events": events})
    return out


def _match(gold: list[dict], pred: list[dict], key: str) -> list[tuple[dict, dict]]:
    """Greedy one-to-one pairs with equal ``key``; among candidates prefer actor agreement."""
    pairs = []
    unused = list(pred)
    for g in gold:
        cands = [p for p in unused if p.get(key) == g.get(key)]
        if not cands:
            continue
        best = max(cands, key=lambda p: (_country(p.get("source")) == _country(g.get("source")))
                   + (_country(p.get("target")) == _country(g.get("target"))))
        unused.remove(best)
        pairs.append((g, best))
    return pairs


def _country(code: str | None) -> str | None:
    return code[:3].upper() if code else None


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _multiset_tp(gold: Iterable[str], pred: Iterable[str]) -> int:
    return sum((Counter(gold) & Counter(pred)).values())


def score(gold: list[dict], pred: list[dict]) -> dict:
    """Metrics of ``pred`` against ``gold`` (records joined by id; a missing prediction
    counts as no events)."""
    by_id = {str(p["id"]): p for p in pred}
    n_gold = n_pred = tp_root = tp_code = 0
    quad_ok = actor_ok = actor_n = matched = 0
    for g in gold:
        gev = g.get("events") or []
        pev = (by_id.get(str(g["id"])) or {}).get("events") or []
        n_gold += len(gev)
        n_pred += len(pev)
        tp_root += _multiset_tp((e["root"] for e in gev), (e["root"] for e in pev))
        tp_code += _multiset_tp((e["cameo"] for e in gev), (e["cameo"] for e in pev))
        for ge, pe in _match(gev, pev, "root"):
            matched += 1
            quad_ok += int(ge.get("quad_class") == pe.get("quad_class"))
            for side in ("source", "target"):
                if ge.get(side) is None and pe.get(side) is None:
                    continue
                actor_n += 1
                actor_ok += int(_country(ge.get(side)) == _country(pe.get(side)))
    rp, rr, rf = _prf(tp_root, n_pred, n_gold)
    _, _, cf = _prf(tp_code, n_pred, n_gold)
    return {
        "root_precision": round(rp, 4),
        "root_recall": round(rr, 4),
        "root_f1": round(rf, 4),
        "code_f1": round(cf, 4),
        "quad_class_accuracy": round(quad_ok / matched, 4) if matched else 0.0,
        "actor_country_match": round(actor_ok / actor_n, 4) if actor_n else 0.0,
        "spurious_rate": round((n_pred - tp_root) / n_gold, 4) if n_gold else 0.0,
        "n": len(gold),
        "gold_events": n_gold,
        "predicted_events": n_pred,
    }
