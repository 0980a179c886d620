"""The bad-input matrix (issue 11): for every row, `brinkwatch run` prints exactly the expected
one-line reason for each bad input, stores every good input, keeps the article stored before,
exits 1 (0 when nothing is bad), and leaves a store that passes `PRAGMA integrity_check`."""

from __future__ import annotations

import pytest

from .cases import CASES
from .harness import make_base_store, run_case


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    return make_base_store(tmp_path_factory.mktemp("base"))


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_bad_input_row_is_named_and_nothing_is_lost(case, tmp_path, base_db):
    outcome = run_case(case, tmp_path, base_db)
    assert not outcome.traceback
    assert sorted(outcome.lines[: len(outcome.lines)]) == sorted(
        [line for line in outcome.lines if line in outcome.expected]
        + [line for line in outcome.lines if line not in outcome.expected]
    )
    for line in outcome.expected:
        assert line in outcome.lines, f"missing line:\n{line}\ngot:\n" + "\n".join(outcome.lines)
    others = [line for line in outcome.lines if line not in outcome.expected]
    assert len(others) == len(outcome.expected_prefixes), others
    for prefix in outcome.expected_prefixes:
        assert any(line.startswith(prefix) for line in others), (prefix, others)
    assert outcome.exit_code == (1 if case.skipped or case.skipped_prefix else 0)
    assert not outcome.missing_titles, (outcome.missing_titles, outcome.titles)
    assert outcome.before_kept
    assert outcome.problems_rows == len(outcome.lines)
    assert outcome.integrity == "ok"
    assert outcome.check_error is None, outcome.check_error
    assert outcome.ok
