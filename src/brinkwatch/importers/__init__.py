"""Importers of public event datasets into the store's ``imported_events`` table.

- :mod:`.gdelt`: GDELT 1.0 (57/58 columns) and 2.0 (61 columns) event exports, tab-separated;
- :mod:`.acled`: ACLED CSV exports;
- :mod:`.jsonl`: our own event schema (the ``events`` records of ``brinkwatch export``).

Each importer streams its file, maps a row to :class:`ImportedEvent`, and
:func:`._store.write_events` writes batches (re-importing a file replaces its rows). A row
that cannot be used is skipped with a named reason, counted in :class:`ImportReport` and
written to the store's ``problems`` table (once per file and reason).
"""

from brinkwatch.importers._store import ImportedEvent, ImportError_, ImportReport, SkipRow, import_file

__all__ = ["ImportError_", "ImportReport", "ImportedEvent", "SkipRow", "import_file"]
