"""The imported-event record, the skip/import reports and batched writes to the store."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path

from brinkwatch.records import Problem
from brinkwatch.store.db import Store

log = logging.getLogger(__name__)

BATCH = 20_000


class ImportError_(ValueError):
    """The file as a whole cannot be imported (wrong format, unreadable)."""


class SkipRow(ValueError):
    """One row is not usable; the message is the reason (counted, not fatal)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedEvent:
    """One row of ``imported_events`` (column order = field order)."""

    id: str
    dataset: str
    native_id: str | None
    source_file: str
    date: str
    cameo: str | None = None
    root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    source_name: str | None = None
    source_country: str | None = None
    source_role: str | None = None
    target_name: str | None = None
    target_country: str | None = None
    target_role: str | None = None
    place_name: str | None = None
    place_lat: float | None = None
    place_lon: float | None = None
    place_country: str | None = None
    fatalities: int | None = None
    sources: int | None = None
    mentions: int | None = None
    tone: float | None = None
    url: str | None = None


COLUMNS = tuple(f.name for f in fields(ImportedEvent))
INSERT_SQL = (f"INSERT OR REPLACE INTO imported_events ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(COLUMNS))})")


@dataclass(slots=True)
class ImportReport:
    """What an import did: rows read, events written, rows skipped by reason."""

    path: str
    dataset: str = ""
    rows: int = 0
    imported: int = 0
    skipped: Counter = field(default_factory=Counter)
    escalation_rows: int = 0

    def as_dict(self) -> dict:
        return {"path": self.path, "dataset": self.dataset, "rows": self.rows, "imported": self.imported,
                "skipped": sum(self.skipped.values()), "skip_reasons": dict(self.skipped),
                "escalation_rows": self.escalation_rows}


RowReader = Callable[[Path, ImportReport], Iterator[ImportedEvent | SkipRow]]


def import_file(store: Store, path: str | Path, reader: RowReader, *, refresh: bool = True) -> ImportReport:
    """Stream ``reader``'s events from ``path`` into the store in batches, then (with
    ``refresh``) recompute the ``escalation`` table over all events.

    :raises ImportError_: the reader refused the file as a whole.
    """
    path = Path(path)
    report = ImportReport(path=str(path))
    batch: list[tuple] = []
    for item in reader(path, report):
        report.rows += 1
        if isinstance(item, SkipRow):
            report.skipped[str(item)] += 1
            continue
        batch.append(astuple(item))
        if len(batch) >= BATCH:
            _flush(store, batch, report)
    _flush(store, batch, report)
    with store.transaction():
        for reason, count in sorted(report.skipped.items()):
            store.record_problem(Problem(source_path=str(path), stage="import", reason=reason,
                                         detail=f"{count} row(s) skipped"))
    if refresh:
        from brinkwatch.signals.escalation import write_escalation

        with store.transaction() as conn:
            report.escalation_rows = write_escalation(conn)
    log.info("%s: %d rows, %d imported, %d skipped", path, report.rows, report.imported,
             sum(report.skipped.values()))
    return report


def _flush(store: Store, batch: list[tuple], report: ImportReport) -> None:
    if not batch:
        return
    with store.transaction() as conn:
        conn.executemany(INSERT_SQL, batch)
    report.imported += len(batch)
    batch.clear()


def number(text: str | None, kind: type = float):
    """``text`` as int/float, or None when empty or not a number."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    try:
        return kind(float(text)) if kind is int else kind(text)
    except ValueError:
        return None
