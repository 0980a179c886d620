"""derive with stories retired from the clusterer's memory (``resolve._story_archive``): the
retired stories live in the store's archive tables, and the derived stories, threads and
story of every document are those of a clusterer that kept everything in memory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brinkwatch.derive import derive
from brinkwatch.resolve import _story_retire
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store
from tests.store_rows import store_rows


def _stories(db: Path) -> dict:
    return store_rows(
        db,
        documents="SELECT doc_id, story_id FROM story_documents ORDER BY doc_id",
        stories="SELECT id, title, first_date, last_date, thread, key_entities FROM stories ORDER BY id",
    )


def _archived(db: Path) -> int:
    with Store(db) as store:
        return store.conn.execute("SELECT count(*) FROM story_archive").fetchone()[0]


def _spread_over_years(source: Path, db: Path) -> None:
    """A copy of ``source`` whose first half of dated documents moved three years back,
    clustered afresh (its saved stories dropped)."""
    shutil.copy(source, db)
    with Store(db) as store, store.transaction():
        ids = [r[0] for r in store.conn.execute(
            "SELECT id FROM documents WHERE published IS NOT NULL ORDER BY id")]
        for doc_id in ids[: len(ids) // 2]:
            store.conn.execute("UPDATE documents SET published = date(published, '-3 years') "
                               "WHERE id = ?", (doc_id,))
        store.conn.execute("DELETE FROM state WHERE key LIKE 'story_clusterer%'")


def _derive(db: Path) -> dict:
    with Store(db) as store:
        return derive(store, Settings(), force=True)


@pytest.fixture
def spread(examples_store, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """The spread-out store derived twice: every story kept in memory, and retiring."""
    kept, retired = tmp_path / "kept.db", tmp_path / "retired.db"
    for db in (kept, retired):
        _spread_over_years(examples_store, db)
    _derive(kept)
    monkeypatch.setattr(_story_retire, "RETIRE_MIN", 1)
    _derive(retired)
    return kept, retired


def test_retired_stories_are_derived_as_if_kept_in_memory(spread) -> None:
    kept, retired = spread
    assert _archived(kept) == 0 and _archived(retired) > 0
    assert _stories(retired) == _stories(kept)
    assert len({thread for *_, thread, _ in _stories(retired)["stories"]}) < len(_stories(kept)["stories"])


def test_deriving_again_reads_the_archive_back(spread) -> None:
    kept, retired = spread
    before = _stories(retired)
    summary = _derive(retired)  # the saved clusterer (stories in memory) plus the archive
    assert _stories(retired) == before == _stories(kept)
    assert summary["stories"] == len(before["stories"])


def test_unreadable_saved_stories_empty_the_archive_too(spread, caplog) -> None:
    kept, retired = spread
    with Store(retired) as store, store.transaction():
        store.conn.execute("UPDATE state SET value = '{\"version\": 2, \"sett' "
                           "WHERE key LIKE 'story_clusterer#%'")
    _derive(retired)  # clusters every document again: no story is archived twice
    assert "saved stories unreadable" in caplog.text
    assert _stories(retired) == _stories(kept) and _archived(retired) > 0


def test_the_store_archive_answers_as_the_memory_one(tmp_path) -> None:
    from brinkwatch.resolve._story_archive import MemoryArchive, RetiredStory
    from brinkwatch.store.story_archive import SqliteStoryArchive

    def story(sid: str, day: int | None, root: str) -> RetiredStory:
        summary = {"id": sid, "doc_ids": [f"{sid}-1", f"{sid}-2"], "title": sid.upper(),
                   "first_date": None, "last_date": None, "key_entities": []}
        return RetiredStory(summary, 2, day, root)

    with Store(tmp_path / "a.db") as store:
        answers = []
        for archive in (MemoryArchive(), SqliteStoryArchive(store.conn)):
            archive.put([story("sa", 10, "sa"), story("sb", None, "sb")])
            archive.alias("sb", "sa")
            archive.put([story("sc", 5, "sb")])  # a root already aliased
            archive.alias("sa", "sd")
            answers.append((
                archive.resolve("sb"), archive.story_of(["sc-1", "sa-2", "nope"]),
                archive.members("sb"), archive.members("nope"), archive.document_count(),
                [s["id"] for s in archive.summaries()],
                [(root, [(s.id, s.first_day, s.size, s.title) for s in group])
                 for root, group in archive.by_root()]))
            archive.clear()
            assert archive.document_count() == 0 and list(archive.summaries()) == []
        assert answers[0] == answers[1]
        assert answers[0][0] == "sd" and answers[0][-1] == [
            ("sd", [("sa", 10, 2, "SA"), ("sb", None, 2, "SB"), ("sc", 5, 2, "SC")])]


def test_story_memory_setting_caps_what_the_clusterer_holds(examples_store, tmp_path) -> None:
    kept, capped = tmp_path / "kept.db", tmp_path / "capped.db"
    for db in (kept, capped):
        shutil.copy(examples_store, db)
        with Store(db) as store, store.transaction():
            store.conn.execute("DELETE FROM state WHERE key LIKE 'story_clusterer%'")
    _derive(kept)
    with Store(capped) as store:
        derive(store, Settings(story_memory_docs=4), force=True)
    assert _archived(kept) == 0 and _archived(capped) > 0
    documents = [d for d, _ in _stories(capped)["documents"]]
    assert documents == [d for d, _ in _stories(kept)["documents"]] and len(documents) == 15


def test_run_takes_the_story_memory_option(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from brinkwatch import pipeline
    from brinkwatch.cli import main

    given = []
    monkeypatch.setattr(pipeline, "run", lambda paths, db, settings, progress=None: given.append(settings))
    args = ["run", str(tmp_path), "--db", str(tmp_path / "s.db"), "--quiet", "--story-memory"]
    CliRunner().invoke(main, [*args, "50000"])
    assert [s.story_memory_docs for s in given] == [50_000]
    refused = CliRunner().invoke(main, [*args, "-1"])
    assert refused.exit_code == 2 and "--story-memory" in refused.output
