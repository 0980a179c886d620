"""Per-dyad escalation series, index and bands.

For each unordered pair of actor countries and each ISO week, the series counts events by
QuadClass and sums Goldstein scores. The index is the week's conflict weight:

    index = (q3 + 2·q4) − 0.5·(q1 + q2)     (verbal conflict 1, material conflict 2,
                                              cooperation −0.5 per event)

so a week of fighting outweighs a week of statements, and cooperation pulls it down. Its
band compares the index with the mean of the dyad's previous four weeks: ``surge`` when at
least twice that mean (and above 2), ``increase``/``decrease`` beyond ±25 %, else ``stable``;
a dyad's first week is ``new``. Thresholds are arguments (settings).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass


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


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_week(date: str) -> str:
    year, week, _ = dt.date.fromisoformat(date[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def escalation_series(
    events: list, *, baseline_weeks: int = 4, surge_ratio: float = 2.0, change: float = 0.25
) -> list[EscalationRow]:
    cells: dict[tuple[tuple[str, str], str], dict] = defaultdict(
        lambda: {"events": 0, "goldstein": 0.0, "q": {"1": 0, "2": 0, "3": 0, "4": 0}, "fatalities": 0, "docs": set()}
    )
    for event in events:
        a, b = event.source.country, event.target.country
        if not a or not b or a == b or not event.date or not _DAY.match(event.date):
            continue
        dyad = tuple(sorted((a, b)))
        cell = cells[(dyad, iso_week(event.date))]
        cell["events"] += 1
        cell["goldstein"] += event.goldstein
        cell["q"][str(event.quad_class)] += 1
        cell["fatalities"] += event.fatalities or 0
        cell["docs"].update(event.documents)
    rows: list[EscalationRow] = []
    history: dict[tuple[str, str], list[float]] = defaultdict(list)
    for (dyad, period) in sorted(cells):
        cell = cells[(dyad, period)]
        q = cell["q"]
        index = (q["3"] + 2 * q["4"]) - 0.5 * (q["1"] + q["2"])
        past = history[dyad][-baseline_weeks:]
        if not past:
            band = "new"
        else:
            mean = sum(past) / len(past)
            if index >= surge_ratio * mean and index > 2:
                band = "surge"
            elif index > mean * (1 + change) + 1e-9:
                band = "increase"
            elif index < mean * (1 - change) - 1e-9:
                band = "decrease"
            else:
                band = "stable"
        history[dyad].append(index)
        rows.append(
            EscalationRow(
                dyad=dyad, period=period, events=cell["events"],
                goldstein_sum=round(cell["goldstein"], 2), quad_counts=dict(q),
                fatalities=cell["fatalities"], sources=len(cell["docs"]), index=index, band=band,
            )
        )
    return rows
