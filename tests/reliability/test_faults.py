"""Faults during `brinkwatch run`: SIGKILL at random points, a read-only store or folder, a
full disk. Each gives a clear one-line error (exit 1, no traceback) or, after a kill, a
re-run that ends with an intact store exporting exactly what a clean run exports."""

from __future__ import annotations

import random
import sqlite3
import subprocess

import pytest
from conftest import shared_path

from brinkwatch.pipeline import RunReport, ingest
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store, StoreError

from .cases import ARTICLES, article_text
from .faults import readonly_user, run_brinkwatch, tiny_disk
from .killer import kill_and_rerun, make_corpus

KILL_DOCS = 40
KILL_COUNT = 5


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun_gives_intact_store_and_same_export(tmp_path):
    bench = shared_path("bench", "reuters21578.jsonl.gz")
    corpus = make_corpus(bench, tmp_path / "corpus", KILL_DOCS)
    report = kill_and_rerun(corpus, tmp_path / "work", kills=KILL_COUNT, seed=11, docs=KILL_DOCS)
    assert report.landed == KILL_COUNT, report.kills
    assert report.final_exit == 0
    assert report.integrity == "ok"
    assert report.exports_equal, report.difference


def _write_articles(folder, count: int = 1) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, title in enumerate(list(ARTICLES)[:count]):
        (folder / f"a{i}.txt").write_text(article_text(title), encoding="utf-8")


def _noise_articles(folder, count: int, words: int) -> None:
    """Distinct articles of random words (not near-duplicates of each other)."""
    vocab = sorted({w.strip(".,").lower() for text in ARTICLES.values() for w in text.split()})
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        body = " ".join(rng.choice(vocab) for _ in range(words))
        (folder / f"n{i:04d}.txt").write_text(f"Report number {i}\n\n{body}.\n", encoding="utf-8")


def _remount_readonly(folder) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def test_read_only_store_file_gives_one_line_error(tmp_path):
    inputs = tmp_path / "in"
    _write_articles(inputs, 2)
    with tiny_disk(tmp_path / "disk", 8192) as disk:
        if disk is None:
            if readonly_user() is not None:
                pytest.skip("running as root without permission to mount a read-only file system")
            disk = tmp_path / "disk"
        db = disk / "store.db"
        first = run_brinkwatch(["run", str(inputs / "a0.txt"), "--db", str(db), "--quiet"])
        assert first.exit_code == 0, first.stderr
        if disk.is_mount():
            _remount_readonly(disk)
        else:
            db.chmod(0o444)
            disk.chmod(0o555)
        result = run_brinkwatch(["run", str(inputs), "--db", str(db), "--quiet"])
        assert result.exit_code == 1
        _no_traceback(result.stderr)
        assert result.error_lines == [
            f"Error: {db}: the store is read-only (its file or folder cannot be written; SQLite writes "
            "-wal and -shm files beside it)"
        ]
        # What was stored is still there, and can still be exported from read-only media.
        exported = run_brinkwatch(["export", "--db", str(db), "--format", "json"])
        assert exported.exit_code == 0, exported.stderr


def test_store_in_read_only_folder_gives_one_line_error(tmp_path):
    inputs = tmp_path / "in"
    _write_articles(inputs, 1)
    with tiny_disk(tmp_path / "disk", 1024) as disk:
        if disk is None:
            if readonly_user() is not None:
                pytest.skip("running as root without permission to mount a read-only file system")
            disk = tmp_path / "disk"
            disk.chmod(0o555)
        else:
            _remount_readonly(disk)
        db = disk / "new.db"
        result = run_brinkwatch(["run", str(inputs), "--db", str(db), "--quiet"])
        assert result.exit_code == 1
        _no_traceback(result.stderr)
        assert result.error_lines == [
            f"Error: {db}: the store is read-only (its file or folder cannot be written; SQLite writes "
            "-wal and -shm files beside it)"
        ]


def test_full_disk_gives_one_line_error_and_keeps_what_was_stored(tmp_path):
    inputs = tmp_path / "in"
    _write_articles(inputs / "first", 1)
    _noise_articles(inputs / "many", 300, 1200)  # about 2.5 MB of text
    with tiny_disk(tmp_path / "disk", 1024) as disk:
        if disk is None:
            pytest.skip("cannot mount a small tmpfs here (the in-process test below still runs)")
        db = disk / "store.db"
        first = run_brinkwatch(["run", str(inputs / "first"), "--db", str(db), "--quiet"])
        assert first.exit_code == 0, first.stderr
        result = run_brinkwatch(["run", str(inputs / "many"), "--db", str(db), "--quiet"])
        assert result.exit_code == 1
        _no_traceback(result.stderr)
        assert len(result.error_lines) == 1, result.stderr
        assert result.error_lines[0].startswith(f"Error: {db}: the disk is full (database or disk is full)")
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        titles = {r[0] for r in conn.execute("SELECT title FROM documents")}
        conn.close()
        assert list(ARTICLES)[0] in titles


def test_full_disk_inside_sqlite_is_a_store_error_and_batches_stay_whole(tmp_path):
    """The same fault without mounting: SQLite's page limit raises SQLITE_FULL mid-ingest."""
    inputs = tmp_path / "in"
    _noise_articles(inputs, 450, 100)  # three ingest batches of up to 200
    db = tmp_path / "store.db"
    with Store(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 250}")
        with pytest.raises(StoreError, match="the disk is full"):
            ingest(store, [str(inputs)], Settings(), RunReport(), lambda *a: None)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    copies = conn.execute("SELECT count(*) FROM copies").fetchone()[0]
    conn.close()
    assert stored in (200, 400), stored  # whole batches only
    assert copies == stored  # no document without its copy


def test_read_only_store_inside_sqlite_is_a_store_error(tmp_path):
    inputs = tmp_path / "in"
    _write_articles(inputs, 2)
    with Store(tmp_path / "store.db") as store:
        store.conn.execute("PRAGMA query_only = ON")
        with pytest.raises(StoreError, match="the store is read-only"):
            ingest(store, [str(inputs)], Settings(), RunReport(), lambda *a: None)
