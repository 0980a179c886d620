"""Movable feasts: Easter (Western and Orthodox) and the days and week named after it.

"Easter", "Easter Sunday", "Good Friday", "Easter Monday", "Orthodox Easter" are DATEs;
"Easter week" (Holy Week, which ends on Easter Sunday) is the ISO week of Easter Sunday.
The year is the one nearest the anchor in the direction of the sentence's tense, like the
fixed holidays of :mod:`._timex_rules_dates`. Dates from the standard computus: the
anonymous Gregorian algorithm (Meeus/Jones/Butcher) and Meeus's Julian algorithm, the
Julian date moved to the Gregorian calendar (13 days from 1900 to 2099).
"""

from __future__ import annotations

import datetime as dt
import re

from brinkwatch.analyze import _timex_calendar as cal
from brinkwatch.analyze._timex_base import Ctx, Hit, Rule, hit, rx

_OFFSET = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1, "easter week": 0}


def western_easter(y: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


def orthodox_easter(y: int) -> dt.date:
    """Orthodox Easter Sunday (Julian computus), as a Gregorian date."""
    a, b, c = y % 4, y % 7, y % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = dt.date(y, month, day + 1)
    return julian + dt.timedelta(days=(y // 100) - (y // 400) - 2)


def _feast(m: re.Match[str], ctx: Ctx) -> Hit | None:
    name = re.sub(r"\s+", " ", m.group("name").lower())
    orthodox = bool(m.group("orth"))
    if not m.group("name")[0].isupper():
        return None
    easter = orthodox_easter if orthodox else western_easter
    if m.group("year"):
        years = [int(m.group("year"))]
    elif ctx.anchor is None:
        return hit(m, "DATE", "XXXX-XX-XX")
    else:
        years = [ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1]
    # Holy Week starts six days before Easter Sunday: "as Easter week began" counts from then
    start = -6 if name == "easter week" else _OFFSET[name]
    days = [easter(y) + dt.timedelta(days=start) for y in years if 1900 <= y <= 2099]
    if not days:
        return None
    if ctx.anchor is not None and len(days) > 1:
        direction = ctx.direction(m.start(), m.end())
        pool = [d for d in days if direction == 0 or (d - ctx.anchor).days * direction >= 0] or days
        day = min(pool, key=lambda d: abs((d - ctx.anchor).days))
    else:
        day = days[0]
    return hit(m, "DATE", cal.week_value(day) if name == "easter week" else day.isoformat())


RULES: list[Rule] = [
    Rule(
        "easter",
        rx(
            r"(?P<orth>(?:Orthodox|Serbian Orthodox|Greek Orthodox|Russian Orthodox)\s+)?"
            r"(?P<name>Easter(?:\s+(?:Sunday|Monday|week))?|Good\s+Friday)(?:,?\s+(?P<year>\d{4}))?",
            0,
        ),
        _feast,
        3,
        ("easter", "good friday"),
    ),
]
