"""A re-run with nothing new keeps the derived tables; any change to what derive reads
(a new document, the default date, the user's alias file) derives them again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from brinkwatch.cli import main

ARTICLES = Path(__file__).parent / "data" / "articles"


def _run(folder: Path, db: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def _export(db: Path) -> str:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _entity_names(db: Path) -> set[str]:
    return {e["name"] for e in json.loads(_export(db))["entities"]}


def test_rerun_with_nothing_new_keeps_the_derived_tables_and_reports_the_same_counts(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(ARTICLES, folder)
    db = tmp_path / "s.db"
    first = _run(folder, db)
    assert first["derived"] is True and first["documents"] == 3
    before = _export(db)

    again = _run(folder, db)
    assert again["derived"] is False
    assert {k: again[k] for k in ("documents", "stories", "events", "claims", "disputed_claims")} == {
        k: first[k] for k in ("documents", "stories", "events", "claims", "disputed_claims")
    }
    assert _export(db) == before

    # A new document: derived again, and it is in the stories.
    (folder / "extra.txt").write_text(
        "Ferry workers join the harbour strike\n\nFerry crews in Varna stopped work on Thursday "
        "in support of the fishermen detained after Tuesday's protest, their union said.\n",
        encoding="utf-8",
    )
    third = _run(folder, db)
    assert third["derived"] is True and third["documents"] == 4


def test_a_changed_default_date_or_alias_file_derives_again(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(ARTICLES, folder)
    db = tmp_path / "s.db"
    _run(folder, db)
    assert _run(folder, db, "--default-date", "2024-03-01")["derived"] is True
    assert _run(folder, db, "--default-date", "2024-03-01")["derived"] is False

    names = _entity_names(db)
    assert "Varna" in names
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("canonical,alias,type,country,role,acts_for\n"
                       "Port of Varna,Varna,GPE,BG,,\n", encoding="utf-8")
    monkeypatch.setenv("BRINKWATCH_ALIASES", str(aliases))
    rerun = _run(folder, db, "--default-date", "2024-03-01")
    assert rerun["derived"] is True
    assert "Port of Varna" in _entity_names(db)


def test_a_changed_derive_window_derives_again_window_by_window(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(ARTICLES, folder)
    db = tmp_path / "s.db"
    whole = _run(folder, db)
    windowed = _run(folder, db, "--derive-window", "1")
    assert windowed["derived"] is True  # the window is part of what derive reads
    assert windowed["documents"] == whole["documents"] == 3 and windowed["stories"] == whole["stories"]
    assert _run(folder, db, "--derive-window", "1")["derived"] is False
    bad = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--derive-window", "0"])
    assert bad.exit_code == 2 and "--derive-window" in bad.output


def test_an_unreadable_alias_file_stops_the_run_with_one_line_and_keeps_the_documents(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(ARTICLES, folder)
    db = tmp_path / "s.db"
    missing = tmp_path / "nowhere" / "aliases.csv"
    monkeypatch.setenv("BRINKWATCH_ALIASES", str(missing))
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"Error: {missing} (BRINKWATCH_ALIASES): cannot read: No such file or directory"]

    headerless = tmp_path / "aliases.csv"
    headerless.write_text("name,other\nVarna,Port of Varna\n", encoding="utf-8")
    monkeypatch.setenv("BRINKWATCH_ALIASES", str(headerless))
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    assert "no canonical or alias column" in result.output and str(headerless) in result.output

    monkeypatch.delenv("BRINKWATCH_ALIASES")
    fixed = _run(folder, db)  # the documents and analyses stored before the error are kept
    assert fixed["documents"] == 3 and fixed["new_documents"] == 0 and fixed["analysed"] == 0
    assert fixed["derived"] is True
