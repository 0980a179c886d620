"""Read a store's tables as a test compares them: named queries -> lists of row tuples."""

from __future__ import annotations

from pathlib import Path

from brinkwatch.store.db import Store


def store_rows(db: Path, **queries: str) -> dict[str, list[tuple]]:
    """``{name: rows}`` of each ``name=SQL`` query run on the store ``db``."""
    with Store(db) as store:
        return {name: [tuple(r) for r in store.conn.execute(sql)] for name, sql in queries.items()}
