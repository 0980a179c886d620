"""Events merged and written in date-ordered batches (derive's ``event_batch``), so a long
corpus's events need not all be held: the project's example corpus spans May to October."""

from __future__ import annotations

import shutil
from pathlib import Path

from brinkwatch.derive import derive
from brinkwatch.resolve import events as events_module
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store
from tests.store_rows import store_rows


def _tables(db: Path) -> dict:
    return store_rows(
        db,
        events="SELECT id, date FROM events",
        mentions="SELECT event_id, doc_id, start FROM event_mentions",
        timeline="SELECT position, date, event_id FROM timeline ORDER BY position",
        claims="SELECT subject, property, status FROM claims ORDER BY subject, property, status",
        months="SELECT DISTINCT substr(anchor_date, 1, 7) FROM document_dates",
    )


def _derive_copy(source: Path, folder: Path, name: str, event_batch: int | None) -> dict:
    db = folder / f"{name}.db"
    shutil.copy(source, db)
    with Store(db) as store:
        derive(store, Settings(), force=True, event_batch=event_batch)
    return _tables(db)


def test_batched_events_keep_every_sentence_and_release_old_events(examples_store, tmp_path, monkeypatch):
    whole = _derive_copy(examples_store, tmp_path, "whole", None)
    flushed: list[int] = []
    most_open: list[int] = [0]
    flush, add = events_module.EventBuilder.flush, events_module.GreedyMerger.add

    def spy_flush(self, next_date):
        out = flush(self, next_date)
        flushed.append(len(out))
        return out

    def spy_add(self, items):
        add(self, items)
        most_open[0] = max(most_open[0], len(self.open))

    monkeypatch.setattr(events_module.EventBuilder, "flush", spy_flush)
    monkeypatch.setattr(events_module.GreedyMerger, "add", spy_add)
    batched = _derive_copy(examples_store, tmp_path, "batched", 5)

    assert len(whole["months"]) >= 4  # the corpus spans months, so old events can close
    assert sum(flushed) > 0  # events were written before the last document was read
    assert most_open[0] < len(batched["events"])  # never all of them open at once
    # No report is lost: the events cite the same sentences.
    sentences = lambda t: {(doc, start) for _, doc, start in t["mentions"]}  # noqa: E731
    assert sentences(batched) == sentences(whole)
    ids = [event_id for event_id, _ in batched["events"]]
    assert len(ids) == len(set(ids))
    # Batches may keep apart a few reports one pass would merge, never merge more.
    assert len(whole["events"]) <= len(batched["events"]) <= 1.1 * len(whole["events"])
    # The timeline is numbered 0..n-1 in date order and points at written events.
    positions = [p for p, _, _ in batched["timeline"]]
    assert positions == list(range(len(positions)))
    dated = [d for _, d, _ in batched["timeline"] if d]
    assert [d[:7] for d in dated] == sorted(d[:7] for d in dated)
    assert {e for _, _, e in batched["timeline"]} <= set(ids)
    assert batched["claims"] == whole["claims"]


def test_a_batch_larger_than_the_corpus_gives_the_one_pass_result(examples_store, tmp_path):
    assert _derive_copy(examples_store, tmp_path, "default", None) == _derive_copy(
        examples_store, tmp_path, "large", 10**6
    )
