"""Open an import file as text: plain, ``.gz``, or ``.zip`` (its first member, as GDELT
ships ``YYYYMMDD.export.CSV.zip``)."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path
from typing import TextIO

from brinkwatch.importers._store import ImportError_


def open_text(path: Path) -> TextIO:
    """:raises ImportError_: missing, unreadable or an empty archive."""
    try:
        if path.suffix.lower() == ".gz":
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace", newline="")
        if path.suffix.lower() == ".zip":
            archive = zipfile.ZipFile(path)
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if not names:
                raise ImportError_(f"{path}: empty zip archive")
            return io.TextIOWrapper(archive.open(names[0]), encoding="utf-8", errors="replace", newline="")
        return open(path, encoding="utf-8", errors="replace", newline="")
    except (OSError, zipfile.BadZipFile) as exc:
        raise ImportError_(f"{path}: cannot read: {exc}") from exc
