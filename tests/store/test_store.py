"""The SQLite store: migrations, WAL, idempotent writes, clear errors on unusable files."""

from __future__ import annotations

import sqlite3

import pytest

from brinkwatch.records import Copy, Document, Problem
from brinkwatch.store.db import Store, StoreError
from brinkwatch.store.schema import MIGRATIONS


def _doc(doc_id: str = "d1") -> Document:
    return Document(id=doc_id, text="Talks resumed on Monday.", source_path="a.txt", title="Talks")


def test_new_store_is_migrated_to_the_latest_version_in_wal_mode(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_applies_no_migration_twice(tmp_path):
    Store(tmp_path / "s.db").close()
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == len(MIGRATIONS)


def test_store_from_a_newer_brinkwatch_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this brinkwatch"):
        Store(path)


def test_a_file_that_is_not_a_database_gives_a_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match="not a brinkwatch store"):
        Store(path)


def test_missing_store_opened_read_only_names_the_fix(tmp_path):
    with pytest.raises(StoreError, match="run `brinkwatch run` first"):
        Store(tmp_path / "absent.db", readonly=True)


def test_problems_and_copies_are_upserts(tmp_path):
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.insert_document(_doc(), fingerprint="f", signature=None)
            for _ in range(2):
                store.add_copy("d1", Copy(source_path="a.txt", kind="original"))
                store.record_problem(Problem(source_path="b.bin", reason="binary file, not text"))
        assert store.count("copies") == 1
        assert store.count("problems") == 1


def test_full_text_search_finds_documents(tmp_path):
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.insert_document(_doc(), fingerprint="f", signature=None)
        rows = store.rows("SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid WHERE documents_fts MATCH 'resumed'")
        assert [r[0] for r in rows] == ["d1"]


def test_documents_without_texts_and_texts_read_one_at_a_time(tmp_path):
    """A pass over a large store reads the documents' metadata alone and each text when
    it needs it; the texts are the stored ones, in the order asked for."""
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            for n, text in enumerate(["Talks resumed on Monday.", "The border stayed shut.", ""]):
                doc = Document(id=f"d{n}", text=text, source_path=f"{n}.txt", title=f"T{n}", outlet="Wire")
                store.insert_document(doc, fingerprint=f"f{n}", signature=None)
        full = store.documents()
        bare = store.documents(texts=False)
        assert [d.text for d in bare] == ["", "", ""]
        assert [d.__class__(**{**{f: getattr(d, f) for f in d.__slots__}, "text": ""}) for d in full] == bare
        texts = store.texts(["d2", "d0", "d1"])
        assert list(texts) == ["d2", "d0", "d1"] and len(texts) == 3
        assert dict(texts.items()) == {"d2": "", "d0": "Talks resumed on Monday.", "d1": "The border stayed shut."}
        assert texts["d1"] == texts.get("d1") == "The border stayed shut."
        assert "d1" in texts and "d9" not in texts and texts.get("d9") is None
        with pytest.raises(KeyError):
            texts["d9"]


def test_a_value_saved_in_parts_reads_back_whole_and_replaces_the_old_one(tmp_path):
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.set_state("clusterer", "old whole value")
            store.set_state("clusterer_other", "kept")
            store.set_state_parts("clusterer", (f"piece {n};" for n in range(1000)), part_chars=100)
        rows = store.rows("SELECT key FROM state WHERE key LIKE 'clusterer#%' ORDER BY key")
        assert len(rows) > 10 and rows[0][0] == "clusterer#000000"  # written as it came
        assert store.get_state("clusterer") == "".join(f"piece {n};" for n in range(1000))
        with store.transaction():
            store.set_state_parts("clusterer", ["short"])
        assert store.get_state("clusterer") == "short"
        with store.transaction():
            store.set_state("clusterer", "whole again")  # drops the parts
        assert store.get_state("clusterer") == "whole again"
        assert store.rows("SELECT count(*) FROM state WHERE key LIKE 'clusterer#%'")[0][0] == 0
        assert store.get_state("clusterer_other") == "kept"
        assert store.get_state("missing") is None
