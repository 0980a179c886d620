"""The analysis workers start at the first new document ingest stores, and never on a run
with nothing new."""

from __future__ import annotations

import shutil
from pathlib import Path

from brinkwatch.analyze import article
from brinkwatch.pipeline import run
from brinkwatch.settings import Settings

ARTICLES = Path(__file__).parent / "data" / "articles"


def test_workers_start_once_for_new_documents_and_not_for_a_rerun(tmp_path, monkeypatch):
    started: list[int] = []
    real = article.start_workers

    def spy(settings):
        started.append(settings.workers)
        return real(settings)

    monkeypatch.setattr(article, "start_workers", spy)
    folder = tmp_path / "in"
    shutil.copytree(ARTICLES, folder)
    db = str(tmp_path / "s.db")
    settings = Settings(workers=2)

    first = run([str(folder)], db, settings)
    assert first.new_documents == 3 and first.analysed == 3
    assert started == [2]

    again = run([str(folder)], db, settings)
    assert again.new_documents == 0 and again.analysed == 0
    assert started == [2]  # nothing new: no workers started

    (folder / "later.txt").write_text(
        "Harbour reopens after the blockade\n\nThe coast guard lifted the blockade of the "
        "fishing harbour on Friday, three days after the protest, officials said.\n",
        encoding="utf-8",
    )
    third = run([str(folder)], db, settings)
    assert third.new_documents == 1 and third.analysed == 1
    assert started == [2, 2]
