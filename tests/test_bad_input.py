"""A folder of bad inputs: every good file is processed, each bad one is named with its
reason and recorded in `problems`, the exit code is 1, and nothing stored before is lost."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from brinkwatch.cli import main

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners protest new tax\n\nThe caf\xe9 owners marched.".encode("latin-1"))
    good_line = json.dumps({"title": "Ferry service restored", "text": "The ferry service between the two islands was restored on Wednesday after a week of storms, the port authority said.", "published": "2022-11-09"})
    (folder / "batch.jsonl").write_text(good_line + "\n" + '{"title": "Cut short", "text": "The ministr' + "\n")
    (folder / "scripted.html").write_text(
        "<html><head><title>Mayor &lt;script&gt;alert(1)&lt;/script&gt; resigns</title>"
        "<script>document.write('pwned')</script></head><body><article>"
        "<h1>Mayor <script>alert(1)</script> resigns</h1>"
        "<p>The mayor of the river town resigned on Monday after weeks of protests over the new bridge tolls, the city council said.</p>"
        "<p>Council members will choose an interim mayor next week. <img src=x onerror=alert(2)></p>"
        "<iframe src='javascript:alert(3)'></iframe></article></body></html>",
        encoding="utf-8",
    )
    with (folder / "huge.txt").open("wb") as handle:
        line = b"The quick report on the border said nothing new happened today at all.\n"
        for _ in range((50 * 1000 * 1000) // len(line) + 1):
            handle.write(line)
    (folder / "no_text.html").write_text(
        "<html><head><title></title><script>var x = 1;</script></head><body><nav>Home</nav></body></html>"
    )
    shutil.copy(DATA / "articles" / "rail_strike.txt", folder / "rail_strike.txt")
    return folder


@pytest.fixture(scope="module")
def run_result(bad_folder, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "bad.db"
    runner = CliRunner()
    first = runner.invoke(main, ["run", str(DATA / "articles" / "harbor_blockade.txt"), "--db", str(db), "--quiet"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, ["run", str(bad_folder), "--db", str(db), "--quiet"])
    return db, second


def test_bad_inputs_exit_1_and_each_is_named_with_a_reason(run_result, bad_folder):
    _, result = run_result
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("brinkwatch: skipped")]
    by_name = {Path(line.split(": ")[1].split("#")[0]).name: line for line in lines}
    assert "binary" in by_name["image.txt"]
    assert "empty file" in by_name["empty.txt"]
    assert "not valid UTF-8" in by_name["latin1.txt"]
    assert "line 2" in by_name["batch.jsonl"] and "JSON" in by_name["batch.jsonl"]
    assert "MB limit" in by_name["huge.txt"] and "--max-bytes" in by_name["huge.txt"]
    assert "no text" in by_name["no_text.html"]
    assert "scripted.html" not in by_name and "rail_strike.txt" not in by_name
    assert len(lines) == 6
    assert all("\n" not in line for line in lines)


def test_good_files_processed_and_earlier_documents_kept(run_result):
    db, _ = run_result
    conn = sqlite3.connect(db)
    titles = {row[0] for row in conn.execute("SELECT title FROM documents")}
    assert "Coast guard blocks fishing harbour after protest turns violent" in titles  # stored before
    assert "Ferry service restored" in titles  # the good line of the bad JSONL file
    assert "Rail workers in Portugal begin a three-day strike" in titles
    assert any(t and "resigns" in t for t in titles)
    problems = conn.execute("SELECT count(*) FROM problems").fetchone()[0]
    assert problems == 6
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_script_in_article_is_not_kept_as_text_and_brief_escapes_it(run_result, tmp_path):
    db, _ = run_result
    conn = sqlite3.connect(db)
    text = conn.execute("SELECT text FROM documents WHERE title LIKE '%resigns%'").fetchone()[0]
    assert "document.write" not in text
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(main, ["brief", "--db", str(db), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert "resigns" in html


def test_rerun_is_idempotent(run_result, bad_folder):
    db, _ = run_result
    before = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "json"])
    again = CliRunner().invoke(main, ["run", str(bad_folder), "--db", str(db), "--quiet"])
    assert again.exit_code == 1
    after = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "json"])
    assert json.loads(before.stdout) == json.loads(after.stdout)
