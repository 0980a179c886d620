"""A damaged retired-story row in the store: derive says so in one line naming the store and
the row, clusters every document again, and the derived stories are as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brinkwatch.resolve import _story_retire
from brinkwatch.store.db import Store
from tests.test_derive_retire import _archived, _derive, _spread_over_years, _stories


@pytest.mark.parametrize("damage", ['{"id": "s1", "doc_id', '{"id": "s1"}'])
def test_a_damaged_archive_row_is_named_and_every_document_clustered_again(
        examples_store, tmp_path, monkeypatch, caplog, damage) -> None:
    monkeypatch.setattr(_story_retire, "RETIRE_MIN", 1)
    db = tmp_path / "retired.db"
    _spread_over_years(examples_store, db)
    _derive(db)
    before = _stories(db)
    with Store(db) as store, store.transaction():
        bad = store.conn.execute("SELECT id FROM story_archive ORDER BY id LIMIT 1").fetchone()[0]
        store.conn.execute("UPDATE story_archive SET summary = ? WHERE id = ?", (damage, bad))
    _derive(db)
    lines = [r.getMessage() for r in caplog.records if "saved stories unreadable" in r.getMessage()]
    assert len(lines) == 1 and str(db) in lines[0] and f"retired story {bad} is damaged" in lines[0]
    assert "\n" not in lines[0]
    assert _stories(db) == before and _archived(db) > 0


def test_a_saved_state_with_a_field_of_the_wrong_shape_is_named_and_reclustered(
        examples_store, tmp_path, caplog) -> None:
    import json

    from brinkwatch.derive import STORY_STATE_KEY

    db = tmp_path / "state.db"
    shutil.copy(examples_store, db)
    _derive(db)
    before = _stories(db)
    with Store(db) as store, store.transaction():
        state = json.loads(store.get_state(STORY_STATE_KEY))
        store.set_state(STORY_STATE_KEY, json.dumps({**state, "n_docs": None}))
    _derive(db)
    lines = [r.getMessage() for r in caplog.records if "saved stories unreadable" in r.getMessage()]
    assert len(lines) == 1 and str(db) in lines[0] and "malformed state" in lines[0]
    assert _stories(db) == before
