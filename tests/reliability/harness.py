"""Running one bad-input case through ``brinkwatch run`` against a store that already holds
an article, and collecting what a user would check: exit code, printed lines, stored titles,
the earlier article, the ``problems`` table and ``PRAGMA integrity_check``."""

from __future__ import annotations

import errno
import pathlib
import shutil
import sqlite3
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from click.testing import CliRunner

from brinkwatch.cli import main
from brinkwatch.ingest.errors import display_path, one_line

BEFORE_TITLE = "Lighthouse keeper retires after forty years"
BEFORE_TEXT = (
    f"{BEFORE_TITLE}\n\nThe keeper of the island lighthouse retired on Sunday after forty years "
    "of service, handing the keys to the coast guard, which will run the light remotely from "
    "the port office on the mainland.\n"
)


@dataclass
class Outcome:
    exit_code: int
    lines: list[str]  # the "brinkwatch: skipped" lines on stderr
    expected: list[str]  # the exact lines the case expects
    expected_prefixes: list[str]
    titles: set[str]
    missing_titles: list[str] = field(default_factory=list)
    before_kept: bool = False
    problems_rows: int = 0
    integrity: str = ""
    check_error: str | None = None
    traceback: bool = False

    @property
    def ok(self) -> bool:
        prefixed = [line for line in self.lines if line not in self.expected]
        return (
            self.exit_code == (1 if self.expected or self.expected_prefixes else 0)
            and all(line in self.lines for line in self.expected)
            and len(prefixed) == len(self.expected_prefixes)
            and all(any(line.startswith(p) for line in prefixed) for p in self.expected_prefixes)
            and not self.missing_titles
            and self.before_kept
            and self.problems_rows >= len(self.lines)
            and self.integrity == "ok"
            and self.check_error is None
            and not self.traceback
        )


def make_base_store(folder: Path) -> Path:
    """A store holding one article, made once and copied for each case."""
    source = folder / "before.txt"
    source.write_text(BEFORE_TEXT, encoding="utf-8")
    db = folder / "base.db"
    result = CliRunner().invoke(main, ["run", str(source), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def _expected_line(folder: Path, key: str, reason: str) -> str:
    return f"brinkwatch: skipped {one_line(display_path(str(folder) + '/' + key))}: {one_line(reason)}"


def _permission_patch(names: tuple[str, ...]):
    real_open = pathlib.Path.open

    def guarded(self, *args, **kwargs):
        if self.name in names:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    return mock.patch.object(pathlib.Path, "open", guarded)


def run_case(case, workdir: Path, base_db: Path) -> Outcome:
    folder = workdir / "inputs"
    folder.mkdir()
    case.build(folder)
    db = workdir / "store.db"
    shutil.copy(base_db, db)
    with ExitStack() as stack:
        if case.unreadable:
            stack.enter_context(_permission_patch(case.unreadable))
        result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--quiet", *case.options])
    stderr = result.stderr
    lines = [line for line in stderr.splitlines() if line.startswith("brinkwatch: skipped")]
    expected = [_expected_line(folder, key, reason) for key, reason in case.skipped.items()]
    prefixes = [_expected_line(folder, key, reason) for key, reason in case.skipped_prefix.items()]
    conn = sqlite3.connect(db)
    try:
        titles = {row[0] for row in conn.execute("SELECT title FROM documents") if row[0]}
        outcome = Outcome(
            exit_code=result.exit_code,
            lines=lines,
            expected=expected,
            expected_prefixes=prefixes,
            titles=titles,
            missing_titles=[t for t in case.titles if t not in titles],
            before_kept=BEFORE_TITLE in titles,
            problems_rows=conn.execute("SELECT count(*) FROM problems").fetchone()[0],
            integrity=conn.execute("PRAGMA integrity_check").fetchone()[0],
            traceback="Traceback" in stderr or (result.exception is not None and not isinstance(result.exception, SystemExit)),
        )
        if case.check:
            try:
                case.check(conn)
            except AssertionError as exc:
                outcome.check_error = f"{case.check.__name__}: {exc}"
    finally:
        conn.close()
    return outcome
