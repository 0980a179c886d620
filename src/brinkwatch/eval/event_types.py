"""``brinkwatch eval event-types``: ACLED-style labels for news snippets (CASE 2021 task 2).

Gold schema: ``{"id", "text", "label"}``. Metrics: ``accuracy``, ``macro_f1`` (over the
labels present in gold or predictions), ``macro_f1_acled`` (the 25 ACLED labels only) and ``n``.

The classifier is trained on the dev-visible labelled file (plus its hand-written examples).
When asked to predict records that are in its own training data (scoring the dev file),
:func:`predict` does it out of fold: stratified 5-fold CV with a fixed seed
(``StratifiedKFold(5, shuffle=True, random_state=0)`` over the training file in its order),
each fold predicted by a model trained without it, so the dev score is a cross-validation
estimate and not training-set accuracy. (Before 2026-11-27 the folds were ``sha1(text) % 5``,
neither stratified nor seeded; eval/RESULTS.md has both numbers.)
"""

from __future__ import annotations

import logging
import warnings

from brinkwatch.coding.event_types import classify_snippet

log = logging.getLogger(__name__)

__all__ = ["classify_snippet", "predict", "score"]

UNSEEN_LABELS = {"DIPLO", "ATTRIB", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"}
FOLDS = 5
SEED = 0


def fold_of(training: list[dict], folds: int = FOLDS, seed: int = SEED) -> dict[str, int]:
    """The CV fold of each training text: stratified by label, shuffled with a fixed seed."""
    from sklearn.model_selection import KFold, StratifiedKFold

    labels = [r["label"] for r in training]
    n_splits = min(folds, len(labels))
    if n_splits < 2:
        raise ValueError("out-of-fold prediction needs at least two training snippets")
    if max(labels.count(x) for x in set(labels)) >= n_splits:
        splitter: KFold | StratifiedKFold = StratifiedKFold(
            n_splits, shuffle=True, random_state=seed
        )
    else:  # every label rarer than the folds: stratifying is impossible
        splitter = KFold(n_splits, shuffle=True, random_state=seed)
    out: dict[str, int] = {}
    with warnings.catch_warnings():  # "the least populated class has only n members"
        warnings.simplefilter("ignore", UserWarning)
        splits = list(splitter.split(labels, labels))
    for k, (_, test_idx) in enumerate(splits):
        for i in test_idx:
            out[training[i]["text"]] = k
    return out


def predict(gold_records: list[dict]) -> list[dict]:
    """Our label for each snippet (same ids), out of fold for snippets we trained on."""
    from brinkwatch.coding.event_types import coder_tokens, fit_with_examples, train, training_records

    training = training_records()
    texts = [r["text"] for r in gold_records]
    known = {r["text"] for r in training}
    labels: list[str | None] = [None] * len(texts)
    overlap = [i for i, t in enumerate(texts) if t in known]
    if overlap:
        log.info("%d of %d records are training data: predicting them out of fold", len(overlap), len(texts))
        train_parsed = dict(zip((r["text"] for r in training), coder_tokens([r["text"] for r in training])))
        fold = fold_of(training)
        for k in sorted(set(fold.values())):
            fold_train = [r for r in training if fold[r["text"]] != k]
            idx = [i for i in overlap if fold[texts[i]] == k]
            if not idx:
                continue
            model = fit_with_examples(
                [r["text"] for r in fold_train], [r["label"] for r in fold_train],
                [train_parsed[r["text"]] for r in fold_train],
            )
            for i, lab in zip(idx, model.predict([texts[i] for i in idx], [train_parsed[texts[i]] for i in idx])):
                labels[i] = lab
    rest = [i for i in range(len(texts)) if labels[i] is None]
    if rest:
        if training:
            model = train(training)
            for i, lab in zip(rest, model.predict([texts[i] for i in rest])):
                labels[i] = lab
        else:
            for i in rest:
                labels[i] = classify_snippet(texts[i])
    return [{"id": r["id"], "text": r["text"], "label": lab} for r, lab in zip(gold_records, labels)]


def _macro_f1(gold: list[str], pred: list[str], labels: set[str]) -> float:
    scores = []
    for lab in sorted(labels):
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        denom = 2 * tp + fp + fn
        scores.append(2 * tp / denom if denom else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def score(gold: list[dict], pred: list[dict]) -> dict:
    """Accuracy and macro-F1 of predicted labels (records joined by id; missing = wrong)."""
    by_id = {str(p["id"]): p.get("label") for p in pred}
    g = [r["label"] for r in gold]
    p = [by_id.get(str(r["id"])) or "" for r in gold]
    labels = set(g) | {x for x in p if x}
    acled = {x for x in labels if x not in UNSEEN_LABELS}
    acled_pairs = [(a, b) for a, b in zip(g, p) if a not in UNSEEN_LABELS]
    return {
        "accuracy": round(sum(a == b for a, b in zip(g, p)) / len(g), 4) if g else 0.0,
        "macro_f1": round(_macro_f1(g, p, labels), 4),
        "macro_f1_acled": round(_macro_f1([a for a, _ in acled_pairs], [b for _, b in acled_pairs], acled), 4),
        "n": len(gold),
    }
