"""The one-word monthly trend of a dyad: ``deteriorated``, ``improved`` or ``unchanged``.

A month's escalation index (the weekly formula over the month's events) is compared with
the previous calendar month's (zero when the dyad had no event then): a rise by more than
``trend_change`` of the previous month's magnitude (and by at least 1) is ``deteriorated``,
a fall as large is ``improved``, anything smaller ``unchanged``, in the style of monthly
conflict-tracker summaries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from brinkwatch.signals._periods import period_range
from brinkwatch.signals.escalation import DEFAULT_SETTINGS, BandSettings, index_of
from brinkwatch.signals.series import SeriesCell, iter_series

TRENDS = ("deteriorated", "improved", "unchanged")


@dataclass(frozen=True, slots=True)
class MonthlyTrend:
    dyad: tuple[str, str]
    month: str  # YYYY-MM
    events: int
    index: float
    previous_index: float
    trend: str

    def as_dict(self) -> dict:
        return {"dyad": list(self.dyad), "month": self.month, "events": self.events,
                "index": self.index, "previous_index": self.previous_index, "trend": self.trend}


def trend_word(index: float, previous: float, settings: BandSettings = DEFAULT_SETTINGS) -> str:
    """``deteriorated`` / ``improved`` / ``unchanged`` for a month's index against the last."""
    threshold = max(settings.trend_change * abs(previous), 1.0)
    if index - previous > threshold:
        return "deteriorated"
    if previous - index > threshold:
        return "improved"
    return "unchanged"


def trends_of(cells: Iterable[SeriesCell], settings: BandSettings = DEFAULT_SETTINGS) -> Iterator[MonthlyTrend]:
    """Monthly trends of monthly cells given in (dyad, month) order; months with no event
    between a dyad's first and last month are included (index 0)."""
    for dyad, group in groupby(cells, key=lambda c: c.dyad):
        by_month = {c.period: c for c in group}
        months = sorted(by_month)
        previous = 0.0
        for month in period_range("month", months[0], months[-1]):
            cell = by_month.get(month)
            index = index_of(cell.q1, cell.q2, cell.q3, cell.q4, settings) if cell else 0.0
            yield MonthlyTrend(dyad, month, cell.events if cell else 0, index, previous,
                               trend_word(index, previous, settings))
            previous = index


def monthly_trends(conn: sqlite3.Connection, settings: BandSettings = DEFAULT_SETTINGS, **options) -> list[MonthlyTrend]:
    """Monthly trends from the store (``options`` as for :func:`series.iter_series`)."""
    options["granularity"] = "month"
    return list(trends_of(iter_series(conn, **options), settings))
