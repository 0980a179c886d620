"""Calendar arithmetic for TIMEX3 values: shifting an anchor, weeks, quarters, nearest days.

Every function takes the anchor as a ``datetime.date`` or ``None`` (unknown) and returns a
TIMEX3 value string; with no anchor the unknown parts are written as ``X`` (``XXXX-09-24``).
``direction`` is +1 (the text points forward), -1 (backward) or 0 (no cue: nearest wins,
with a lean to the past, which is where news mostly points).
"""

from __future__ import annotations

import calendar
import datetime as dt

Date = dt.date
# how much a month-day against the tense costs over one with it: "in March" in a past-tense
# sentence of November is last March, though next March is nearer
AGAINST = 2.0
# a bare month against the tense is rarer still: "In January, a bomb exploded" said in October
# is last January, though next January is nearer; "will be named for a mission in December"
# said in March is the coming December
AGAINST_MONTH = 4.0
# how much more a firm past (an event verb, not "said") weighs against a coming month-day
FIRM = 2.0


def iso(d: Date) -> str:
    """``YYYY-MM-DD``."""
    return d.isoformat()


def week_value(d: Date) -> str:
    """The ISO week of ``d`` as ``YYYY-Www``."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def month_value(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def quarter_of(d: Date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    """Year and month ``n`` months after ``y-m``."""
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def add_quarters(y: int, q: int, n: int) -> tuple[int, int]:
    k = y * 4 + (q - 1) + n
    return k // 4, k % 4 + 1


def safe_date(y: int, m: int, d: int) -> Date | None:
    """The date, or None when it does not exist (Feb 30)."""
    if not (1 <= m <= 12) or not (1 <= y <= 9999):
        return None
    if not (1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return Date(y, m, d)


def shift(anchor: Date | None, unit: str, n: int) -> str:
    """The period ``n`` units from ``anchor`` at the unit's granularity (``-1 Y`` = last year)."""
    if anchor is None:
        return {
            "D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX",
            "Y": "XXXX", "E": "XXX", "C": "XX",
        }.get(unit, "XXXX")  # fmt: skip
    try:
        if unit == "D":
            return iso(anchor + dt.timedelta(days=n))
        if unit == "W":
            return week_value(anchor + dt.timedelta(weeks=n))
        if unit == "WE":
            return week_value(anchor + dt.timedelta(weeks=n)) + "-WE"
        if unit == "M":
            y, m = add_months(anchor.year, anchor.month, n)
            return month_value(y, m)
        if unit == "Q":
            y, q = add_quarters(anchor.year, quarter_of(anchor), n)
            return f"{y:04d}-Q{q}"
        if unit == "Y":
            return f"{anchor.year + n:04d}"
        if unit == "E":
            return f"{(anchor.year // 10 + n):03d}X"
        if unit == "C":
            return f"{(anchor.year // 100 + n):02d}"
    except (OverflowError, ValueError):
        return "XXXX"
    return "XXXX"


def nearest_weekday(anchor: Date | None, weekday: int, direction: int) -> str:
    """The ``weekday`` (1 = Monday) nearest the anchor in the given direction.

    The anchor's own weekday means the anchor day itself unless ``direction`` is +2 / -2
    ("next Friday" / "last Friday" said on a Friday).
    """
    if anchor is None:
        return f"XXXX-WXX-{weekday}"
    diff = weekday - anchor.isoweekday()
    if diff == 0 and abs(direction) < 2:
        return iso(anchor)
    back = diff % 7 or 7  # days forward to the next one
    fwd = (-diff) % 7 or 7  # days back to the previous one
    if direction > 0:
        return iso(anchor + dt.timedelta(days=back))
    if direction < 0:
        return iso(anchor - dt.timedelta(days=fwd))
    # no cue: the past one unless the future one is much closer (news reports what happened)
    if back <= 1:
        return iso(anchor + dt.timedelta(days=back))
    return iso(anchor - dt.timedelta(days=fwd))


def nearest_month_day(
    anchor: Date | None, month: int, day: int | None, direction: int, firm: bool = False
) -> str:
    """``month`` (and ``day``) without a year, placed in the year that fits the anchor.

    A direction of +1 / -1 leans that way; +2 / -2 rules out the other side. ``firm`` (a past
    verb of the event itself: "changed ... in December", "the year ended Jan. 31") leans
    back twice as hard as a report ("said ... Dec. 7" may name a coming day).
    """
    if anchor is None:
        return f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
    best: tuple[float, int] | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day:
            d = safe_date(y, month, day)
            if d is None:
                continue
            delta = (d - anchor).days
        else:
            delta = (y * 12 + month) - (anchor.year * 12 + anchor.month)
            delta *= 30
        # the tense cue only leans: news often names the coming Dec. 7 in a past-tense sentence
        against = (direction > 0 and delta < 0) or (direction < 0 and delta > 0)
        if against and abs(direction) >= 2:
            continue  # "since March": a strict direction
        factor = AGAINST_MONTH if against and day is None else AGAINST if against else 1.0
        if against and firm:
            factor *= FIRM
        cost = abs(delta) * factor + (15 if delta > 0 and direction == 0 else 0)
        if best is None or cost < best[0]:
            best = (cost, y)
    if best is None:
        y = anchor.year
    else:
        y = best[1]
    return month_value(y, month) + (f"-{day:02d}" if day else "")


def last_completed_quarter(anchor: Date | None) -> str:
    """The quarter most recently finished (what "the quarter" means in an earnings report)."""
    if anchor is None:
        return "XXXX-QX"
    y, q = add_quarters(anchor.year, quarter_of(anchor), -1)
    return f"{y:04d}-Q{q}"


def year_of(value: str) -> int | None:
    """The leading 4-digit year of a value, if it has one."""
    if len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None
