"""Dyad series computed in SQL: event counts by QuadClass, Goldstein sum and mean,
fatalities and sources per pair of actors and per day, ISO week or month.

The rows come from the ``signal_events`` view (store migration 0002), which unites our
coded events (dataset ``brinkwatch``) with imported ones (``gdelt1``, ``gdelt2``,
``acled``, ``jsonl``), so every series can combine datasets or keep them apart.

1. each event gets an actor key per side: its country (``SRB``), its role (``MIL``) or both
   (``SRB-MIL``); events missing a key, or whose two keys are equal (domestic), are left
   out, as GDELT dyad counts leave them out;
2. undirected series order the two keys (``min``/``max``), directed ones keep source ->
   target;
3. SQLite groups by dyad and period (a week by its Monday) in one pass, so ten million
   events aggregate without ever being Python objects; rows stream out in dyad, period
   order.
"""

from __future__ import annotations

import heapq
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from brinkwatch.signals._periods import GRANULARITIES, label

log = logging.getLogger(__name__)

ACTOR_KEYS = ("country", "role", "country_role")
OWN_DATASET = "brinkwatch"


class SeriesError(ValueError):
    """A series was asked for with options that do not exist."""


@dataclass(frozen=True, slots=True)
class SeriesCell:
    """One dyad in one period."""

    actor_a: str
    actor_b: str
    period: str
    events: int
    q1: int
    q2: int
    q3: int
    q4: int
    goldstein_sum: float
    fatalities: int
    sources: int
    datasets: tuple[str, ...] = field(default=())

    @property
    def dyad(self) -> tuple[str, str]:
        return (self.actor_a, self.actor_b)

    @property
    def quad_counts(self) -> dict[str, int]:
        return {"1": self.q1, "2": self.q2, "3": self.q3, "4": self.q4}

    @property
    def goldstein_mean(self) -> float:
        return round(self.goldstein_sum / self.events, 3) if self.events else 0.0

    def as_dict(self) -> dict:
        return {
            "dyad": [self.actor_a, self.actor_b], "period": self.period, "events": self.events,
            "quad_counts": self.quad_counts, "goldstein_sum": round(self.goldstein_sum, 3),
            "goldstein_mean": self.goldstein_mean, "fatalities": self.fatalities,
            "sources": self.sources, "datasets": list(self.datasets),
        }


def _actor_expr(side: str, actor: str) -> str:
    if actor == "country":
        return f"{side}_country"
    if actor == "role":
        return f"{side}_role"
    return f"({side}_country || coalesce('-' || {side}_role, ''))"


# A week is grouped by its Monday: julianday(x) + 0.5 is the Julian day number, whose
# remainder mod 7 is 0 on Mondays.
_PERIOD_SQL = {
    "day": "date",
    "week": "date(julianday(date) - (CAST(julianday(date) + 0.5 AS INTEGER) % 7))",
    "month": "substr(date, 1, 7)",
}


_OWN_EVENTS = """(
    SELECT 'brinkwatch' AS dataset, e.date AS date, e.quad_class AS quad_class,
           e.goldstein AS goldstein, e.fatalities AS fatalities,
           e.source_country AS source_country, se.role AS source_role,
           e.target_country AS target_country, te.role AS target_role,
           (SELECT count(DISTINCT m.doc_id) FROM event_mentions m WHERE m.event_id = e.id) AS sources
    FROM events e
    LEFT JOIN entities se ON se.id = e.source_entity
    LEFT JOIN entities te ON te.id = e.target_entity
)"""


def series_sql(
    *,
    granularity: str = "week",
    directed: bool = False,
    actor: str = "country",
    datasets: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    dyad: tuple[str, str] | None = None,
    split_datasets: bool = True,
    table: str = "signal_events",
) -> tuple[str, list]:
    """The SQL (and its parameters) of a dyad series over one table or view.

    Rows come out as ``a, b, p, ds, n, q1, q2, q3, q4, g, dead, src`` in (a, b, p) order,
    one per dataset unless ``split_datasets`` is false.
    """
    if granularity not in GRANULARITIES:
        raise SeriesError(f"granularity must be one of {', '.join(GRANULARITIES)}, not {granularity!r}")
    if actor not in ACTOR_KEYS:
        raise SeriesError(f"actor must be one of {', '.join(ACTOR_KEYS)}, not {actor!r}")
    if table == "own":
        table = _OWN_EVENTS
    where = ["ks IS NOT NULL", "kt IS NOT NULL", "ks != kt"]
    params: list = []
    inner_where = ["length(date) = 10"]
    if datasets is not None:
        inner_where.append(f"dataset IN ({','.join('?' * len(datasets))})")
        params.extend(datasets)
    if start:
        inner_where.append("date >= ?")
        params.append(start)
    if end:
        inner_where.append("date <= ?")
        params.append(end)
    if dyad:
        if directed:
            where.append("ks = ? AND kt = ?")
            params.extend(dyad)
        else:
            where.append("((ks = ? AND kt = ?) OR (ks = ? AND kt = ?))")
            params.extend([dyad[0], dyad[1], dyad[1], dyad[0]])
    a, b = ("ks", "kt") if directed else ("min(ks, kt)", "max(ks, kt)")
    group = "a, b, p, dataset" if split_datasets else "a, b, p"
    sql = f"""
        SELECT {a} AS a, {b} AS b, {_PERIOD_SQL[granularity]} AS p,
               {"dataset" if split_datasets else "min(dataset)"} AS ds,
               count(*) AS n,
               sum(quad_class = 1) AS q1, sum(quad_class = 2) AS q2, sum(quad_class = 3) AS q3,
               sum(quad_class = 4) AS q4, total(goldstein) AS g, total(fatalities) AS dead,
               total(sources) AS src
        FROM (
            SELECT {_actor_expr("source", actor)} AS ks, {_actor_expr("target", actor)} AS kt,
                   date, dataset, quad_class, goldstein, fatalities, sources
            FROM {table}
            WHERE {" AND ".join(inner_where)}
        )
        WHERE {" AND ".join(where)}
        GROUP BY {group}
        ORDER BY {group}
    """
    return sql, params


def iter_series(conn: sqlite3.Connection, *, split_datasets: bool = False, **options) -> Iterator[SeriesCell]:
    """Stream a dyad series from the store, in (dyad, period) order.

    Our coded events and the imported ones are aggregated by two queries (each a single
    SQLite pass) whose sorted outputs are merged, so neither pays for the other.

    :param conn: an open store connection (migration 0002 or later).
    :param options: ``granularity`` (day|week|month), ``directed``, ``actor``
        (country|role|country_role), ``datasets`` (names; None = all), ``start``/``end``
        (``YYYY-MM-DD``, inclusive), ``dyad`` (two actor keys).
    :param split_datasets: one cell per dataset instead of one combined cell.
    :raises SeriesError: unknown granularity or actor key.
    """
    granularity = options.get("granularity", "week")
    datasets = options.get("datasets")
    streams = []
    if datasets is None or OWN_DATASET in datasets:
        sql, params = series_sql(table="own", **options)
        streams.append(conn.execute(sql, params))
    if datasets is None or any(d != OWN_DATASET for d in datasets):
        sql, params = series_sql(table="imported_events", **options)
        streams.append(conn.execute(sql, params))
    rows = heapq.merge(*streams, key=lambda r: (r[0], r[1], r[2])) if len(streams) > 1 else streams[0]
    pending: list | None = None
    for row in rows:
        row = list(row)
        if pending is not None and (split_datasets or pending[:3] != row[:3]):
            yield _cell(granularity, pending)
            pending = None
        if pending is None:
            row[3] = {row[3]}
            pending = row
        else:
            pending[3].add(row[3])
            for i in range(4, 12):
                pending[i] = (pending[i] or 0) + (row[i] or 0)
    if pending is not None:
        yield _cell(granularity, pending)


def _cell(granularity: str, row: list) -> SeriesCell:
    a, b, key, ds, n, q1, q2, q3, q4, gold, dead, sources = row
    return SeriesCell(
        actor_a=a, actor_b=b, period=label(granularity, key), events=n,
        q1=q1 or 0, q2=q2 or 0, q3=q3 or 0, q4=q4 or 0, goldstein_sum=round(gold, 6),
        fatalities=int(dead), sources=int(sources), datasets=tuple(sorted(ds)),
    )


def series(conn: sqlite3.Connection, **options) -> list[SeriesCell]:
    """:func:`iter_series` as a list."""
    return list(iter_series(conn, **options))


def datasets_in(conn: sqlite3.Connection) -> dict[str, int]:
    """Dataset name -> number of events, over our coded events and the imported ones."""
    rows = conn.execute("SELECT dataset, count(*) FROM signal_events GROUP BY dataset ORDER BY dataset")
    return {r[0]: r[1] for r in rows}
