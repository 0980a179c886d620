"""User files named by environment variables (``BRINKWATCH_ACTORS``, ``BRINKWATCH_GAZETTEER``,
``BRINKWATCH_EVENT_TYPES_TRAIN``) stop a command with one line naming the file, the variable and
the reason, before anything is stored or analysed; the documents of earlier runs are kept.
Usable files still take effect."""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brinkwatch.cli import main

# Short articles of our own.
ARTICLES = {
    "first.txt": "Border talks stall\n\nOn 3 March 2024, the government said police officers were "
                 "injured in clashes near the northern crossing, officials said.\n",
    "second.txt": "Ministers meet again\n\nOn 5 March 2024, negotiators left the talks after the "
                  "president threatened to impose sanctions.\n",
}
LATER = "Night of protests\n\nOn 6 March 2024, protesters blocked the main road to the capital.\n"
OVERRIDE = "Capital warns of retaliation\n\nOn 3 March 2024, Belgrade accused the border police of " \
           "attacking a convoy near the crossing, officials said.\n"
HEADER = "pattern,kind,country,role,code\n"


@pytest.fixture(autouse=True)
def _fresh_dictionary(monkeypatch):
    """Each test starts and ends with the shipped actor dictionary and the shipped gazetteer."""
    from brinkwatch.coding.actors import load_dictionary

    monkeypatch.delenv("BRINKWATCH_ACTORS", raising=False)
    monkeypatch.delenv("BRINKWATCH_GAZETTEER", raising=False)
    load_dictionary.cache_clear()
    yield
    monkeypatch.delenv("BRINKWATCH_ACTORS", raising=False)
    load_dictionary.cache_clear()


@pytest.fixture(scope="module")
def earlier_store(tmp_path_factory) -> Path:
    """A store with the two articles from an earlier, successful run."""
    base = tmp_path_factory.mktemp("earlier")
    folder = base / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = base / "s.db"
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def _store_with_a_new_article(earlier_store: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the earlier store, and its input folder with one article more."""
    db = tmp_path / "s.db"
    shutil.copy(earlier_store, db)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "third.txt").write_text(LATER, encoding="utf-8")
    return db, folder


def _export(db: Path) -> dict:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "this is a bug" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _bad_actor_file(kind: str, tmp_path: Path) -> tuple[Path, str]:
    """A user actor file that cannot be used, and the reason the error must give."""
    path = tmp_path / "actors.csv"
    if kind == "missing":
        return tmp_path / "nowhere" / "actors.csv", "cannot read: No such file or directory"
    if kind == "directory":
        path.mkdir()
        return path, "cannot read: Is a directory"
    if kind == "not utf-8":
        path.write_bytes(HEADER.encode() + "Ruritanie,country,RUR,,\n".encode("utf-16"))
        return path, "not UTF-8 text"
    if kind == "headerless":
        path.write_text("Ruritania,country,RUR,,\n", encoding="utf-8")
        return path, "no pattern or kind column in its header"
    if kind == "no kind column":
        path.write_text("# my actors\npattern,country\nRuritania,RUR\n", encoding="utf-8")
        return path, "no kind column in its header"
    assert kind == "empty"
    path.write_text("", encoding="utf-8")
    return path, "no pattern or kind column in its header"


@pytest.mark.parametrize("kind", ["missing", "directory", "not utf-8", "headerless", "no kind column", "empty"])
def test_a_bad_actor_file_stops_the_run_with_one_line_before_anything_is_stored(kind, earlier_store, tmp_path,
                                                                                monkeypatch):
    db, folder = _store_with_a_new_article(earlier_store, tmp_path)
    before = _export(db)
    path, reason = _bad_actor_file(kind, tmp_path)
    monkeypatch.setenv("BRINKWATCH_ACTORS", str(path))

    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--quiet"])

    assert _one_error_line(result) == f"Error: {path} (BRINKWATCH_ACTORS): {reason}"
    after = _export(db)
    assert after == before  # nothing stored: not the new article, no problem rows, same derived tables
    assert len(after["documents"]) == 2 and not after["problems"]

    monkeypatch.delenv("BRINKWATCH_ACTORS")  # fixed: the run goes on from the kept store
    fixed = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--json"])
    assert fixed.exit_code == 0, fixed.output
    summary = json.loads(fixed.stdout.strip().splitlines()[-1])
    assert summary["documents"] == 3 and summary["new_documents"] == 1 and summary["analysed"] == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_actor_file_names_the_permission_problem(tmp_path, monkeypatch):
    path = tmp_path / "actors.csv"
    path.write_text(HEADER + "Ruritania,country,RUR,,\n", encoding="utf-8")
    path.chmod(0)
    monkeypatch.setenv("BRINKWATCH_ACTORS", str(path))
    result = CliRunner().invoke(main, ["run", str(tmp_path), "--db", str(tmp_path / "s.db"), "--quiet"])
    assert _one_error_line(result) == f"Error: {path} (BRINKWATCH_ACTORS): cannot read: Permission denied"


def test_a_bad_actor_file_stops_eval_and_bench_with_the_same_line(tmp_path, monkeypatch):
    path = tmp_path / "missing.csv"
    monkeypatch.setenv("BRINKWATCH_ACTORS", str(path))
    expected = f"Error: {path} (BRINKWATCH_ACTORS): cannot read: No such file or directory"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "s1", "text": "The army shelled the village on Monday.", "date": "2024-03-04",
                                "events": [{"cameo": "195", "root": "19", "quad_class": 4}]}) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "events", "--gold", str(gold)])
    assert _one_error_line(result) == expected

    corpus = tmp_path / "corpus.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "1", "text": LATER}) + "\n")
    result = CliRunner().invoke(main, ["bench", "--corpus", str(corpus), "--docs", "1"])
    assert _one_error_line(result) == expected


def test_rows_without_a_pattern_or_kind_are_skipped_with_a_count_and_the_rest_is_used(tmp_path, monkeypatch,
                                                                                       caplog):
    from brinkwatch.coding import lookup_actor
    from brinkwatch.coding.actors import check_user_dictionary

    path = tmp_path / "actors.csv"
    path.write_text(HEADER + ",country,RUR,,\nRuritania,,RUR,,\n\n# a comment\n"
                    "Ruritania,country,RUR,,\nthe Velda Council,seat,RUR,GOV,\n", encoding="utf-8")
    monkeypatch.setenv("BRINKWATCH_ACTORS", str(path))
    with caplog.at_level(logging.WARNING, logger="brinkwatch.coding.actors"):
        check_user_dictionary()
    assert [r.getMessage() for r in caplog.records] == [
        f"{path} (BRINKWATCH_ACTORS): 2 row(s) without a pattern or kind skipped"]
    assert lookup_actor("Ruritania").code == "RUR"
    assert lookup_actor("the Velda Council").code == "RURGOV"
    assert lookup_actor("Belgrade").code == "SRBGOV"  # the shipped rows are still there


def test_a_user_actor_row_overrides_the_shipped_row_in_a_run(tmp_path, monkeypatch):
    from brinkwatch.coding import lookup_actor

    assert lookup_actor("Belgrade").code == "SRBGOV"  # shipped
    path = tmp_path / "actors.csv"
    path.write_text("\ufeff" + HEADER + "Belgrade,capital,RUR,GOV,\n", encoding="utf-8")  # a BOM is fine
    monkeypatch.setenv("BRINKWATCH_ACTORS", str(path))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "capital.txt").write_text(OVERRIDE, encoding="utf-8")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    sources = [e["source"] for e in _export(db)["events"] if e["source"] and e["source"]["name"] == "Belgrade"]
    assert sources and all(s["country"] == "RUR" for s in sources)
    assert lookup_actor("Belgrade").code == "RURGOV"


def _bad_gazetteer(kind: str, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "gazetteer.tsv.gz"
    if kind == "directory":
        path.mkdir()
        return path, "cannot read: Is a directory"
    if kind == "not gzip":
        path.write_text("1\tRuritania\tA.PCLI\tRR\t\t1.0\t2.0\t100\n", encoding="utf-8")
        return path, "not a gzip file (write one with `brinkwatch gazetteer import`)"
    if kind == "truncated":
        path.write_bytes(gzip.compress(b"1\tRuritania\tA.PCLI\tRR\t\t1.0\t2.0\t100\n" * 50)[:30])
        return path, "cannot load: Compressed file ended before the end-of-stream marker was reached"
    assert kind == "not utf-8"
    path.write_bytes(gzip.compress("1\tRuritanie\tA.PCLI\tRR\t\t1.0\t2.0\t100\n".encode("utf-16")))
    return path, "not UTF-8 text inside the gzip"


@pytest.mark.parametrize("kind", ["directory", "not gzip", "truncated", "not utf-8"])
def test_a_bad_gazetteer_file_stops_the_run_with_one_line_before_anything_is_stored(kind, earlier_store, tmp_path,
                                                                                    monkeypatch):
    db, folder = _store_with_a_new_article(earlier_store, tmp_path)
    before = _export(db)
    path, reason = _bad_gazetteer(kind, tmp_path)
    monkeypatch.setenv("BRINKWATCH_GAZETTEER", str(path))
    monkeypatch.setenv("BRINKWATCH_CACHE_DIR", str(tmp_path / "cache"))

    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--quiet"])

    assert _one_error_line(result) == f"Error: {path} (BRINKWATCH_GAZETTEER): {reason}"
    assert _export(db) == before


def test_alias_file_error_keeps_its_name_and_is_a_setting_file_error():
    from brinkwatch._setting_files import SettingFileError
    from brinkwatch.resolve.entities import AliasFileError

    error = AliasFileError("/x/aliases.csv", "BRINKWATCH_ALIASES", "not UTF-8 text")
    assert isinstance(error, SettingFileError)
    assert str(error) == "/x/aliases.csv (BRINKWATCH_ALIASES): not UTF-8 text"


def test_a_path_with_a_newline_still_makes_one_line(tmp_path, monkeypatch):
    path = tmp_path / "my\nactors.csv"
    monkeypatch.setenv("BRINKWATCH_ACTORS", str(path))
    result = CliRunner().invoke(main, ["run", str(tmp_path), "--db", str(tmp_path / "s.db"), "--quiet"])
    line = _one_error_line(result)
    assert line.endswith("my\\nactors.csv (BRINKWATCH_ACTORS): cannot read: No such file or directory")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d.joinpath("folder").mkdir() or d / "folder", "cannot read: Is a directory"),
        (lambda d: d.joinpath("bad.jsonl").write_text('{"text": "x", "label": "A"}\n{cut\n') and d / "bad.jsonl",
         "line 2: not JSON"),
        (lambda d: d.joinpath("nolabel.jsonl").write_text('{"text": "x"}\n') and d / "nolabel.jsonl",
         "line 1: not an object with a text and a label"),
    ],
    ids=["folder", "truncated", "no-label"],
)
def test_a_bad_event_type_training_file_stops_eval_with_one_line(tmp_path, monkeypatch, make, reason):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": "Troops clashed near the border.", "label": "ARMED_CLASH"}) + "\n")
    path = make(tmp_path)
    monkeypatch.setenv("BRINKWATCH_EVENT_TYPES_TRAIN", str(path))
    result = CliRunner().invoke(main, ["eval", "event-types", "--gold", str(gold)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path} (BRINKWATCH_EVENT_TYPES_TRAIN): {reason}")
