"""Calendar periods of the series: day ``2023-09-24``, ISO week ``2023-W39``, month ``2023-09``.

Weeks are ISO weeks (Monday to Sunday, numbered by the year of their Thursday), as GDELT
and ACLED weekly summaries use them. SQL groups a week by its Monday; these helpers turn
a Monday into the ISO label and walk a dense run of periods so gaps count as zero.
"""

from __future__ import annotations

import datetime as dt

GRANULARITIES = ("day", "week", "month")


def iso_week(date: str) -> str:
    """``2023-09-24`` -> ``2023-W38`` (the ISO week of a day)."""
    year, week, _ = dt.date.fromisoformat(date[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(label: str) -> dt.date:
    """``2023-W39`` -> the Monday of that ISO week."""
    year, week = label.split("-W")
    return dt.date.fromisocalendar(int(year), int(week), 1)


def label(granularity: str, key: str) -> str:
    """The period label of an SQL group key (a day; a week's Monday; a month ``YYYY-MM``)."""
    if granularity == "week":
        return iso_week(key)
    return key


def next_period(granularity: str, period: str) -> str:
    """The period after ``period``."""
    if granularity == "day":
        return (dt.date.fromisoformat(period) + dt.timedelta(days=1)).isoformat()
    if granularity == "week":
        return iso_week((week_monday(period) + dt.timedelta(days=7)).isoformat())
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year:04d}-{month:02d}"


def period_range(granularity: str, first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive (empty when ``last`` < ``first``)."""
    out: list[str] = []
    period = first
    while _sort_key(granularity, period) <= _sort_key(granularity, last):
        out.append(period)
        period = next_period(granularity, period)
    return out


def _sort_key(granularity: str, period: str) -> str:
    return week_monday(period).isoformat() if granularity == "week" else period


def period_of(granularity: str, date: str) -> str:
    """The period a ``YYYY-MM-DD`` day falls in."""
    if granularity == "day":
        return date[:10]
    if granularity == "week":
        return iso_week(date)
    return date[:7]
