"""Series rows as JSON-ready dicts for the command line, the dashboard and exports: daily
cells with their index, weekly rows with baselines and bands, monthly rows with the trend."""

from __future__ import annotations

import sqlite3

from brinkwatch.signals.escalation import DEFAULT_SETTINGS, BandSettings, escalation_rows, index_of
from brinkwatch.signals.series import datasets_in, iter_series
from brinkwatch.signals.trends import trends_of


def report_rows(conn: sqlite3.Connection, settings: BandSettings = DEFAULT_SETTINGS, *,
                granularity: str = "week", split_datasets: bool = False, **options) -> list[dict]:
    """Rows of a dyad series (``options`` as for :func:`series.iter_series`); with
    ``split_datasets``, each dataset's series (and bands) computed on its own."""
    if split_datasets:
        chosen = options.pop("datasets", None) or list(datasets_in(conn))
        out: list[dict] = []
        for dataset in chosen:
            out.extend(report_rows(conn, settings, granularity=granularity, datasets=[dataset], **options))
        return out
    cells = list(iter_series(conn, granularity=granularity, **options))
    if granularity == "week":
        return [r.as_dict() for r in escalation_rows(cells, settings)]
    rows = []
    trend = {}
    if granularity == "month":
        trend = {(t.dyad, t.month): t.trend for t in trends_of(cells, settings)}
    for cell in cells:
        row = cell.as_dict()
        row["index"] = index_of(cell.q1, cell.q2, cell.q3, cell.q4, settings)
        if granularity == "month":
            row["trend"] = trend.get((cell.dyad, cell.period))
        rows.append(row)
    return rows
