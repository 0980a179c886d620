"""brinkwatch.signals: dyad series (SQL), escalation index and bands, monthly trends,
alerts, chart data; ``timeline`` builds the merged timeline.

See docs/ESCALATION.md for the index formula and the bands.
"""

from __future__ import annotations

__all__ = ["report_rows"]


def report_rows(*args, **kwargs):
    """:func:`brinkwatch.signals.table.report_rows` (imported lazily)."""
    from brinkwatch.signals.table import report_rows as _report_rows

    return _report_rows(*args, **kwargs)
