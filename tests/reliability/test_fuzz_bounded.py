"""A short, bounded coverage-guided fuzz run of the readers in every CI run (atheris).

`make reliability` runs the same fuzzer for 120 s; longer runs are documented in
fuzz/fuzz_readers.py. A finding makes the fuzzer exit non-zero with the crashing input.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZER = Path(__file__).resolve().parents[2] / "fuzz" / "fuzz_readers.py"


def test_readers_survive_a_bounded_fuzz_run(tmp_path):
    if os.environ.get("CI") != "true":
        pytest.importorskip("atheris", reason="atheris (the `test` extra) is not installed")
    result = subprocess.run(
        [sys.executable, str(FUZZER), "-max_total_time=15", "-rss_limit_mb=2048", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done" in result.stderr
