"""Alerts: the dyads whose escalation band changed in the latest week.

For every dyad the weekly series is extended to the latest ISO week in the store (or the
week asked for), with empty weeks counted as zero, so a dyad that falls silent after a
surge shows a ``decrease``. A dyad alerts when its band in that week differs from its band
the week before (a dyad seen for the first time alerts as ``new``). Each alert can be
handed to a user's command (:func:`run_command`); the project itself makes no network call.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import subprocess
from dataclasses import dataclass

from brinkwatch.signals._periods import iso_week, week_monday
from brinkwatch.signals.escalation import DEFAULT_SETTINGS, BandSettings, escalation_rows
from brinkwatch.signals.series import iter_series
from brinkwatch.signals.trends import monthly_trends

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Alert:
    dyad: tuple[str, str]
    period: str
    band: str
    previous_band: str | None
    band_52: str
    events: int
    conflict: float
    index: float
    baseline_4: float | None
    goldstein_sum: float
    fatalities: int
    trend: str | None  # the monthly trend of the week's month

    def as_dict(self) -> dict:
        return {"dyad": list(self.dyad), "period": self.period, "band": self.band,
                "previous_band": self.previous_band, "band_52": self.band_52, "events": self.events,
                "conflict": self.conflict, "index": self.index, "baseline_4": self.baseline_4,
                "goldstein_sum": self.goldstein_sum, "fatalities": self.fatalities, "trend": self.trend}


def latest_week(conn: sqlite3.Connection, datasets=None) -> str | None:
    """The ISO week of the latest dated event (None when there is none)."""
    sql = "SELECT max(date) FROM signal_events WHERE length(date) = 10"
    params: list = []
    if datasets is not None:
        sql += f" AND dataset IN ({','.join('?' * len(datasets))})"
        params = list(datasets)
    row = conn.execute(sql, params).fetchone()
    return iso_week(row[0]) if row and row[0] else None


def find_alerts(
    conn: sqlite3.Connection, settings: BandSettings = DEFAULT_SETTINGS, *, week: str | None = None,
    datasets=None, actor: str = "country", directed: bool = False,
) -> list[Alert]:
    """Dyads whose band in ``week`` (default: the latest week) differs from the week before.

    :raises series.SeriesError: unknown actor key.
    """
    week = week or latest_week(conn, datasets)
    if week is None:
        return []
    end = (week_monday(week) + dt.timedelta(days=6)).isoformat()
    cells = iter_series(conn, granularity="week", datasets=datasets, actor=actor, directed=directed, end=end)
    last_two: dict[tuple[str, str], list] = {}
    for row in escalation_rows(cells, settings, dense=True, through=week):
        keep = last_two.setdefault(row.dyad, [])
        keep.append(row)
        if len(keep) > 2:
            del keep[0]
    month = week_monday(week).isoformat()[:7]
    trend_of = {t.dyad: t.trend for t in monthly_trends(conn, settings, datasets=datasets, actor=actor,
                                                         directed=directed, start=month + "-01", end=end)
                if t.month == month}
    alerts = []
    for dyad, rows in sorted(last_two.items()):
        current = rows[-1]
        if current.period != week:
            continue
        previous = rows[-2].band if len(rows) == 2 else None
        if previous == current.band:
            continue
        alerts.append(Alert(dyad, week, current.band, previous, current.band_52, current.events,
                            current.conflict, current.index, current.baseline_4, current.goldstein_sum,
                            current.fatalities, trend_of.get(dyad)))
    return alerts


def run_command(command: str, alert: Alert, *, timeout: float = 60.0) -> int:
    """Run a user's shell command for one alert and return its exit code.

    The alert is given as one JSON object on standard input and as environment variables
    ``BRINKWATCH_DYAD`` (``A-B``), ``BRINKWATCH_PERIOD``, ``BRINKWATCH_BAND``,
    ``BRINKWATCH_PREVIOUS_BAND``, ``BRINKWATCH_INDEX``.
    """
    env = dict(os.environ)
    env.update({
        "BRINKWATCH_DYAD": "-".join(alert.dyad), "BRINKWATCH_PERIOD": alert.period,
        "BRINKWATCH_BAND": alert.band, "BRINKWATCH_PREVIOUS_BAND": alert.previous_band or "",
        "BRINKWATCH_INDEX": str(alert.index),
    })
    try:
        done = subprocess.run(command, shell=True, input=json.dumps(alert.as_dict()), text=True,
                              env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        log.warning("alert command timed out after %ss for %s", timeout, "-".join(alert.dyad))
        return 124
    return done.returncode
