"""Coverage-guided fuzzing of the input readers with atheris (``pip install -e '.[fuzz]'``).

Each input is written to a file with a suffix chosen by its first byte and read with
:func:`brinkwatch.ingest.readers.read_path`. A finding is any exception escaping the reader,
any output that is neither a RawDocument nor a Problem, or a Problem reporting an internal
error (the reader's safety net caught a bug).

    python fuzz/fuzz_readers.py -max_total_time=60          # bounded run (make reliability)
    python fuzz/fuzz_readers.py -max_total_time=3600 corpus/ # longer run, keeping a corpus
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from brinkwatch.ingest import _jsonl, dates, files, readers  # noqa: F401
    from brinkwatch.ingest.readers import read_path
    from brinkwatch.records import Problem, RawDocument

SUFFIXES = [".txt", ".html", ".jsonl", ".json", ".rss", ".atom", ".xml", ".warc", ".txt.gz", ".jsonl.gz", ".warc.gz", ".dat"]
FOLDER = Path(tempfile.mkdtemp(prefix="brinkwatch-fuzz-"))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    path = FOLDER / f"input{suffix}"
    path.write_bytes(data[1:])
    for out in read_path(str(path), path, max_bytes=64_000):
        if isinstance(out, Problem):
            if "internal error" in out.reason:
                raise RuntimeError(f"reader bug on {suffix}: {out.reason}")
        elif not isinstance(out, RawDocument):
            raise TypeError(f"reader returned {type(out).__name__}")


def main() -> None:
    import logging

    logging.disable(logging.CRITICAL)  # the safety net logs each bug it catches; we raise instead
    os.environ.setdefault("PYTHONHASHSEED", "0")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
