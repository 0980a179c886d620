"""A store larger than ``derive_window`` documents is derived window by window in date order
(so derive's memory follows the window, not the store): nothing is lost or written twice,
and an undated document still takes its date from story mates in earlier windows."""

from __future__ import annotations

import shutil
from pathlib import Path

from brinkwatch import derive as derive_module
from brinkwatch.derive import derive
from brinkwatch.records import Document
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store
from tests.store_rows import store_rows


def _tables(db: Path) -> dict:
    return store_rows(
        db,
        dates="SELECT doc_id, anchor_date, anchor_source FROM document_dates ORDER BY doc_id",
        stories="SELECT doc_id, story_id FROM story_documents ORDER BY doc_id",
        story_ids="SELECT id FROM stories ORDER BY id",
        entity_ids="SELECT id FROM entities",
        mentions="SELECT doc_id, start, end FROM mentions ORDER BY doc_id, start, end",
        event_ids="SELECT id FROM events",
        event_sentences="SELECT DISTINCT doc_id, start FROM event_mentions ORDER BY doc_id, start",
        claim_values="SELECT doc_id, start, end FROM claim_values ORDER BY doc_id, start, end",
        claims="SELECT id, subject, property, status, reason FROM claims ORDER BY id",
        timeline="SELECT position, event_id FROM timeline ORDER BY position",
    )


def _derive_copy(source: Path, folder: Path, name: str, window: int | None) -> tuple[dict, dict]:
    db = folder / f"{name}.db"
    shutil.copy(source, db)
    with Store(db) as store:
        summary = derive(store, Settings(), force=True, window=window)
    return summary, _tables(db)


def test_windowed_derive_keeps_every_fact_once(examples_store, tmp_path, monkeypatch):
    whole_summary, whole = _derive_copy(examples_store, tmp_path, "whole", None)
    windows: list[list[str]] = []
    one_window = derive_module._derive_window

    def spy(store, settings, ids, *args, **kwargs):
        windows.append(list(ids))
        return one_window(store, settings, ids, *args, **kwargs)

    monkeypatch.setattr(derive_module, "_derive_window", spy)
    summary, windowed = _derive_copy(examples_store, tmp_path, "windowed", 4)

    assert len(windows) >= 3  # 15 documents, at most 4 a window unless a day runs on
    assert sorted(d for w in windows for d in w) == sorted(d for d, *_ in whole["dates"])
    # Stories are the clusterer's (stored), so every document keeps its story and its date,
    # the undated ones' inferred from story mates derived in earlier windows.
    assert windowed["stories"] == whole["stories"] and windowed["story_ids"] == whole["story_ids"]
    assert windowed["dates"] == whole["dates"]
    assert any(source == "inferred" for _, _, source in windowed["dates"])
    # Every mention, event sentence and claim value once; ids never written twice.
    assert windowed["mentions"] == whole["mentions"]
    assert windowed["event_sentences"] == whole["event_sentences"]
    assert windowed["claim_values"] == whole["claim_values"]
    # Claims are reconciled once, across windows: the same groups and verdicts.
    assert windowed["claims"] == whole["claims"] and summary["claims"] == whole_summary["claims"] > 0
    for table in ("entity_ids", "event_ids"):
        assert len(set(windowed[table])) == len(windowed[table])
    assert [p for p, _ in windowed["timeline"]] == list(range(len(windowed["timeline"])))
    assert {e for _, e in windowed["timeline"]} <= {e for (e,) in windowed["event_ids"]}
    # Windows only keep apart what one derivation would merge.
    assert len(whole["event_ids"]) <= len(windowed["event_ids"])
    assert summary["documents"] == whole_summary["documents"] == 15
    assert summary["stories"] == whole_summary["stories"]
    assert summary["events"] == len(windowed["event_ids"])


def test_entities_of_two_windows_with_one_name_are_one_row(examples_store, tmp_path):
    _, windowed = _derive_copy(examples_store, tmp_path, "windowed", 4)
    with Store(tmp_path / "windowed.db") as store:
        kosovo = store.rows("SELECT id, aliases FROM entities WHERE name = 'Kosovo'")
        docs = store.rows("SELECT count(DISTINCT m.doc_id) FROM mentions m JOIN entities e "
                          "ON e.id = m.entity_id WHERE e.name = 'Kosovo'")[0][0]
    assert len(kosovo) == 1
    assert docs >= 5  # named across windows, one entity


def _store_with(tmp_path: Path, dates: list[str | None]) -> Store:
    store = Store(tmp_path / "w.db")
    with store.transaction():
        for n, published in enumerate(dates):
            doc = Document(id=f"d{n}", text=f"text {n}", source_path=f"{n}.txt", published=published)
            store.insert_document(doc, fingerprint=doc.id, signature=None)
    return store


def test_windows_follow_dates_and_never_split_a_day(tmp_path):
    dates = ["2024-03-02", None, "2024-03-01", "2024-03-01", "2024-03-01", "2024-03-03", None, "2024-03-04"]
    with _store_with(tmp_path, dates) as store:
        assert list(store.document_windows(100)) == [[f"d{n}" for n in range(8)]]  # insertion order
        windows = list(store.document_windows(2))
    # 1 March's three documents stay together; undated documents come last.
    assert windows == [["d2", "d3", "d4"], ["d0", "d5"], ["d7", "d1"], ["d6"]]


class _Stories:
    """A clusterer stand-in: one story with every document."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def members(self, story_id: str) -> list[str]:
        return list(self.ids)

    def story_of(self, doc_id: str) -> str:
        return "s1"


def test_undated_document_is_dated_by_mates_outside_its_window(tmp_path):
    with _store_with(tmp_path, ["2024-03-01", "2024-03-05", "2024-03-09", None]) as store:
        window = {d.id: d for d in store.iter_documents(["d3"], texts=False)}
        anchors = derive_module._anchors(store, window, {"d3": "s1"}, _Stories(["d0", "d1", "d2", "d3", "gone"]), None)
    assert list(anchors) == ["d3"]
    assert (anchors["d3"].date, anchors["d3"].source) == ("2024-03-05", "inferred")
    assert "d0 (2024-03-01)" in anchors["d3"].reason


def test_stories_clustered_window_by_window_are_saved_in_parts_and_load_back(examples_store, tmp_path):
    db = tmp_path / "fresh.db"
    shutil.copy(examples_store, db)
    with Store(db) as store:
        with store.transaction():
            store.conn.execute("DELETE FROM state")  # every document is new to the clusterer
        derive(store, Settings(), window=4)
        parts = store.rows("SELECT count(*) FROM state WHERE key LIKE 'story_clusterer#%'")[0][0]
        stored = dict(store.rows("SELECT doc_id, story_id FROM story_documents"))
        clusterer = derive_module.load_clusterer(store)
    assert parts >= 1 and len(stored) == 15
    assert {doc_id: clusterer.story_of(doc_id) for doc_id in stored} == stored


def test_an_unreadable_saved_story_state_is_named_and_every_document_clustered_again(
        examples_store, tmp_path, caplog):
    db = tmp_path / "damaged.db"
    shutil.copy(examples_store, db)
    with Store(db) as store:
        with store.transaction():  # cut short, as a damaged file or a partial copy would leave it
            store.conn.execute("UPDATE state SET value = substr(value, 1, 300) WHERE key LIKE 'story_clusterer%'")
        documents = store.count("documents")
        summary = derive(store, Settings(), force=True)
        stored = dict(store.rows("SELECT doc_id, story_id FROM story_documents"))
        clusterer = derive_module.load_clusterer(store)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(str(db) in m and "saved stories unreadable" in m for m in warnings)
    assert summary["documents"] == documents == len(stored) == 15  # nothing lost
    assert {d: clusterer.story_of(d) for d in stored} == stored  # the new state was saved
