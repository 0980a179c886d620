"""What a derivation is made from, as one fingerprint, so a re-run with nothing new can keep
the derived tables instead of re-deriving a large store from scratch.

The fingerprint covers everything :func:`brinkwatch.derive.derive` reads: the stored
documents, their copies and analyses (counts, last row ids, analyzer versions), the imported
events, the settings it uses, the user's alias file (``BRINKWATCH_ALIASES``, by content)
and the code and data of the installed package (each file's size and modification time).
Equal fingerprints mean equal derived tables; anything else re-derives.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from brinkwatch.settings import Settings
from brinkwatch.store.db import Store

DERIVED_FROM_KEY = "derived_from"
_PACKAGE = Path(__file__).resolve().parent
_code_stamp: str | None = None


def fingerprint(store: Store, settings: Settings) -> str:
    """The fingerprint of what deriving ``store`` with ``settings`` would read."""
    parts = [_code(), f"default_date={settings.default_date}", f"window={settings.derive_window}",
             f"aliases={_alias_file()}"]
    for table in ("documents", "copies", "analyses", "imported_events"):
        count, last = store.conn.execute(f"SELECT count(*), max(rowid) FROM {table}").fetchone()
        parts.append(f"{table}={count}/{last}")
    versions = store.conn.execute("SELECT group_concat(v, ',') FROM "
                                  "(SELECT DISTINCT analyzer_version AS v FROM analyses ORDER BY v)").fetchone()[0]
    parts.append(f"analyzers={versions}")
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()


def _alias_file() -> str:
    path = os.environ.get("BRINKWATCH_ALIASES")
    if not path:
        return "-"
    try:
        return hashlib.sha1(Path(path).read_bytes()).hexdigest()
    except OSError as exc:  # entity resolution stops the run on it with a one-line error
        return f"unreadable {exc.errno}"


def _code() -> str:
    """The package's files (size and modification time): a changed module or data table
    makes a new fingerprint, so an upgrade or an edit never keeps stale derived tables."""
    global _code_stamp
    if _code_stamp is None:
        digest = hashlib.sha1()
        for path in sorted(_PACKAGE.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        _code_stamp = digest.hexdigest()
    return _code_stamp


__all__ = ["DERIVED_FROM_KEY", "fingerprint"]
