"""Series data for charts (brief, dashboard): dense per-period arrays for one dyad, and the
busiest dyads. JSON-ready dicts; drawing stays in ``report/charts.py``."""

from __future__ import annotations

import sqlite3

from brinkwatch.signals._periods import period_range
from brinkwatch.signals.escalation import DEFAULT_SETTINGS, BandSettings, escalation_rows, index_of
from brinkwatch.signals.series import iter_series


def dyad_chart_data(
    conn: sqlite3.Connection, dyad: tuple[str, str], *, granularity: str = "week", datasets=None,
    directed: bool = False, actor: str = "country", settings: BandSettings = DEFAULT_SETTINGS,
) -> dict:
    """One dyad's series as parallel arrays over every period from its first to its last.

    Keys: ``dyad``, ``granularity``, ``periods``, ``events``, ``quad_counts`` (``"1"``..``"4"``
    -> list), ``goldstein_sum``, ``index``, ``band`` (weekly only; else None entries).
    """
    cells = list(iter_series(conn, granularity=granularity, dyad=dyad, datasets=datasets,
                             directed=directed, actor=actor))
    out: dict = {"dyad": list(dyad), "granularity": granularity, "periods": [], "events": [],
                 "quad_counts": {q: [] for q in "1234"}, "goldstein_sum": [], "index": [], "band": []}
    if not cells:
        return out
    by_period: dict[str, list] = {}
    for cell in cells:  # undirected dyads given in either order come back as one key
        by_period.setdefault(cell.period, []).append(cell)
    bands = {}
    if granularity == "week":
        bands = {r.period: r.band for r in escalation_rows(cells, settings)}
    for period in period_range(granularity, cells[0].period, cells[-1].period):
        group = by_period.get(period, [])
        q = [sum(getattr(c, f"q{i}") for c in group) for i in range(1, 5)]
        out["periods"].append(period)
        out["events"].append(sum(c.events for c in group))
        for i, key in enumerate("1234"):
            out["quad_counts"][key].append(q[i])
        out["goldstein_sum"].append(round(sum(c.goldstein_sum for c in group), 2))
        out["index"].append(index_of(*q, settings))
        out["band"].append(bands.get(period))
    return out


def top_dyads(conn: sqlite3.Connection, limit: int = 10, *, datasets=None, actor: str = "country") -> list[dict]:
    """The dyads with the most events: ``[{"dyad": [a, b], "events": n, "conflict_events": m}]``."""
    totals: dict[tuple[str, str], list[int]] = {}
    for cell in iter_series(conn, granularity="month", datasets=datasets, actor=actor):
        total = totals.setdefault(cell.dyad, [0, 0])
        total[0] += cell.events
        total[1] += cell.q3 + cell.q4
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [{"dyad": list(d), "events": n, "conflict_events": c} for d, (n, c) in ranked]
