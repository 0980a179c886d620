"""Per-dyad escalation index, baselines and bands over weekly series.

The formula and the reasons for it are in ``docs/ESCALATION.md``. In short, per dyad and
ISO week, with q1..q4 the event counts by QuadClass:

    conflict = q3 + 2·q4                      (the activity bands are measured on)
    index    = conflict − 0.5·(q1 + q2)       (net: cooperation pulls it down)

Baselines are the mean conflict of the previous 4 and 52 calendar weeks (weeks with no
event count as zero; weeks before the dyad's first event do not count). Bands:

- ``new``: the dyad's first week;
- ``surge``: conflict ≥ 2 × the 4-week baseline and at least 3;
- ``increase`` / ``decrease``: conflict more than 25 % above / below the 4-week baseline
  (``band_52`` the same against the 52-week baseline);
- ``stable``: otherwise.

Every number is a field of :class:`BandSettings`, so thresholds are settings.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from brinkwatch.signals._periods import iso_week, period_range, week_monday
from brinkwatch.signals.series import SeriesCell, iter_series

log = logging.getLogger(__name__)

__all__ = ["BandSettings", "EscalationRow", "escalation_rows", "escalation_series", "iso_week",
           "write_escalation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BandSettings:
    """Index weights and band thresholds (see docs/ESCALATION.md)."""

    material_weight: float = 2.0  # a QuadClass-4 event counts this many QuadClass-3 events
    cooperation_weight: float = 0.5  # each cooperative event (QuadClass 1-2) lowers the index
    baseline_weeks: int = 4
    long_baseline_weeks: int = 52
    surge_ratio: float = 2.0  # surge: conflict >= surge_ratio x the 4-week baseline ...
    surge_min: float = 3.0  # ... and at least this much conflict
    change: float = 0.25  # increase / decrease: beyond +-25 % of a baseline
    trend_change: float = 0.25  # monthly trend: index moved by more than 25 % (at least 1)


DEFAULT_SETTINGS = BandSettings()


@dataclass(frozen=True, slots=True)
class EscalationRow:
    dyad: tuple[str, str]
    period: str  # ISO week, e.g. 2023-W39
    events: int
    goldstein_sum: float
    quad_counts: dict[str, int]
    fatalities: int
    sources: int
    index: float
    band: str
    conflict: float = 0.0
    goldstein_mean: float = 0.0
    baseline_4: float | None = None
    baseline_52: float | None = None
    band_52: str = "new"
    datasets: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "dyad": list(self.dyad), "period": self.period, "events": self.events,
            "goldstein_sum": self.goldstein_sum, "goldstein_mean": self.goldstein_mean,
            "quad_counts": dict(self.quad_counts), "fatalities": self.fatalities,
            "sources": self.sources, "conflict": self.conflict, "index": self.index,
            "baseline_4": self.baseline_4, "baseline_52": self.baseline_52, "band": self.band,
            "band_52": self.band_52, "datasets": list(self.datasets),
        }


def conflict_of(q3: int, q4: int, settings: BandSettings = DEFAULT_SETTINGS) -> float:
    return q3 + settings.material_weight * q4


def index_of(q1: int, q2: int, q3: int, q4: int, settings: BandSettings = DEFAULT_SETTINGS) -> float:
    return round(conflict_of(q3, q4, settings) - settings.cooperation_weight * (q1 + q2), 3)


def change_band(value: float, baseline: float, change: float) -> str:
    """``increase`` / ``decrease`` / ``stable`` of ``value`` against ``baseline``."""
    if value > baseline * (1 + change) + 1e-9:
        return "increase"
    if value < baseline * (1 - change) - 1e-9:
        return "decrease"
    return "stable"


def band_of(conflict: float, history: list[float], settings: BandSettings) -> tuple[str, str, float | None, float | None]:
    """(band, band_52, baseline_4, baseline_52) of a week given the dyad's earlier weeks."""
    if not history:
        return "new", "new", None, None
    short = history[-settings.baseline_weeks:]
    long = history[-settings.long_baseline_weeks:]
    base4, base52 = sum(short) / len(short), sum(long) / len(long)
    if conflict >= settings.surge_ratio * base4 and conflict >= settings.surge_min:
        band = "surge"
    else:
        band = change_band(conflict, base4, settings.change)
    return band, change_band(conflict, base52, settings.change), round(base4, 3), round(base52, 3)


def _empty(dyad: tuple[str, str], period: str) -> SeriesCell:
    return SeriesCell(dyad[0], dyad[1], period, 0, 0, 0, 0, 0, 0.0, 0, 0, ())


def _dyad_rows(
    dyad: tuple[str, str], cells: list[SeriesCell], settings: BandSettings, *, dense: bool, through: str | None
) -> Iterator[EscalationRow]:
    by_period = {c.period: c for c in cells}
    last = through or cells[-1].period
    history: list[float] = []
    keep = settings.long_baseline_weeks
    for period in period_range("week", cells[0].period, last):
        cell = by_period.get(period) or _empty(dyad, period)
        conflict = conflict_of(cell.q3, cell.q4, settings)
        band, band_52, base4, base52 = band_of(conflict, history, settings)
        history.append(conflict)
        if len(history) > keep:
            del history[0]
        if cell.events or dense:
            yield EscalationRow(
                dyad=dyad, period=period, events=cell.events, goldstein_sum=round(cell.goldstein_sum, 2),
                quad_counts=cell.quad_counts, fatalities=cell.fatalities, sources=cell.sources,
                index=index_of(cell.q1, cell.q2, cell.q3, cell.q4, settings), band=band,
                conflict=conflict, goldstein_mean=cell.goldstein_mean, baseline_4=base4,
                baseline_52=base52, band_52=band_52, datasets=cell.datasets,
            )


def escalation_rows(
    cells: Iterable[SeriesCell], settings: BandSettings = DEFAULT_SETTINGS, *, dense: bool = False,
    through: str | None = None,
) -> Iterator[EscalationRow]:
    """Index, baselines and bands of weekly cells given in (dyad, week) order.

    :param dense: also yield the empty weeks between a dyad's first week and its last
        (or ``through``), whose bands show a fall to zero.
    :param through: extend every dyad to this ISO week (e.g. the latest week in the store).
    """
    for dyad, group in groupby(cells, key=lambda c: c.dyad):
        group_cells = [c for c in group if through is None or _before_or_at(c.period, through)]
        if group_cells:
            yield from _dyad_rows(dyad, group_cells, settings, dense=dense, through=through)


def _before_or_at(week: str, through: str) -> bool:
    return week_monday(week) <= week_monday(through)


def escalation_series(events: list, settings: BandSettings = DEFAULT_SETTINGS) -> list[EscalationRow]:
    """Weekly undirected country-dyad rows of in-memory events (``records.Event``-like).

    The same numbers as :func:`write_escalation` computes in SQL, for a list of events.
    """
    cells: dict[tuple[str, str, str], dict] = defaultdict(
        lambda: {"n": 0, "q": [0, 0, 0, 0], "g": 0.0, "dead": 0, "src": 0})
    for event in events:
        a, b = event.source.country, event.target.country
        if not a or not b or a == b or not event.date or len(event.date) != 10:
            continue
        lo, hi = sorted((a, b))
        cell = cells[(lo, hi, iso_week(event.date))]
        cell["n"] += 1
        if event.quad_class in (1, 2, 3, 4):
            cell["q"][event.quad_class - 1] += 1
        cell["g"] += event.goldstein or 0.0
        cell["dead"] += event.fatalities or 0
        cell["src"] += len(set(event.documents))
    ordered = sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))
    series_cells = [
        SeriesCell(a, b, week, c["n"], *c["q"], c["g"], c["dead"], c["src"], ("brinkwatch",))
        for (a, b, week), c in ordered
    ]
    return list(escalation_rows(series_cells, settings))


def write_escalation(conn: sqlite3.Connection, settings: BandSettings = DEFAULT_SETTINGS) -> int:
    """Recompute the ``escalation`` table (weekly, undirected, by country, all datasets) in
    SQL from the stored events; call inside the caller's transaction. Returns the row count.
    """
    conn.execute("DELETE FROM escalation")
    count = 0
    batch: list[tuple] = []
    sql = """INSERT INTO escalation (actor_a, actor_b, period, events, goldstein_sum, q1, q2, q3, q4,
               fatalities, sources, idx, band, goldstein_mean, conflict, baseline_4, baseline_52,
               band_52, datasets) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"""
    for r in escalation_rows(iter_series(conn, granularity="week"), settings):
        q = r.quad_counts
        batch.append((r.dyad[0], r.dyad[1], r.period, r.events, r.goldstein_sum, q["1"], q["2"], q["3"],
                      q["4"], r.fatalities, r.sources, r.index, r.band, r.goldstein_mean, r.conflict,
                      r.baseline_4, r.baseline_52, r.band_52, ",".join(r.datasets)))
        if len(batch) >= 5000:
            conn.executemany(sql, batch)
            count += len(batch)
            batch.clear()
    conn.executemany(sql, batch)
    count += len(batch)
    log.info("escalation: %d dyad-week rows", count)
    return count
