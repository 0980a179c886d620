"""Rules for spans built around a calendar date and for accounting periods.

- "the week of March 6": the ISO week that holds the day;
- "April 24 and 25": two DATEs, the second one a bare day number (TimeML extents);
- "the quarter ended Sept. 30": the quarter that closing day ends (used by the
  "the quarter" rule of :mod:`._timex_rules_relative`);
- "the near term", "the long term": ``FUTURE_REF``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from brinkwatch.analyze import _timex_calendar as cal
from brinkwatch.analyze._timex_base import Ctx, Hit, Rule, hit, rx
from brinkwatch.analyze._timex_lexicon import MONTH_LOOSE_RX, MONTHS
from brinkwatch.analyze._timex_rules_dates import _YEAR4, _month_day

_QUARTER_ENDED = re.compile(rf"\s+(?:that\s+)?(?:ended|ending|ends)\s+(?P<mon>{MONTH_LOOSE_RX})\s+(?P<day>\d{{1,2}})\b", re.I)


def quarter_ended(m: re.Match[str], ctx: Ctx) -> str | None:
    """"the quarter ended Sept. 30": the quarter that the closing day ends (fiscal ones too)."""
    e = _QUARTER_ENDED.match(ctx.text, m.end())
    if e is None or ctx.anchor is None:
        return None
    value = cal.nearest_month_day(ctx.anchor, MONTHS[e.group("mon").lower().rstrip(".")], int(e.group("day")), -1)
    y, mo, d = (int(x) for x in value.split("-"))
    close = cal.safe_date(y, mo, d)
    if close is None:
        return None
    mid = close - dt.timedelta(days=45)  # the middle of a three-month period closing that day
    return f"{mid.year:04d}-Q{cal.quarter_of(mid)}"


def _week_of(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """"the week of March 6": the ISO week that holds the day."""
    day = _month_day(m, ctx)
    if day is None or not re.match(r"\d{4}-\d\d-\d\d$", day.value):
        return None
    d = dt.date.fromisoformat(day.value)
    return hit(m, "DATE", cal.week_value(d))


def _day_pair(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    """"April 24 and 25": TimeML tags the two days apart, the second one bare."""
    first = _month_day(m, ctx)
    day2 = int(m.group("day2"))
    if first is None or first.type != "DATE" or not 1 <= day2 <= 31 or day2 == int(m.group("day")):
        return None
    second = first.value[:-2] + f"{day2:02d}"
    if first.value[:4].isdigit() and cal.safe_date(int(first.value[:4]), int(first.value[5:7]), day2) is None:
        return None
    first.end = m.end("day")
    return [first, Hit(m.start("day2"), m.end("day2"), "DATE", second)]


def _term(m: re.Match[str], ctx: Ctx) -> Hit:
    """"in the near term", "over the long term": the future, vaguely."""
    return hit(m, "DATE", "FUTURE_REF")


RULES: list[Rule] = [
    Rule(
        "week_of",
        rx(rf"the\s+week\s+of\s+(?P<wd>)(?P<mon>{MONTH_LOOSE_RX})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>{_YEAR4}))?(?P<clock>)"),
        _week_of,
        3,
    ),
    Rule(
        "day_pair",
        rx(
            rf"(?P<wd>)(?P<mon>{MONTH_LOOSE_RX})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:and|or|&)\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?!\s*(?:%|percent|per\b|million|billion|cents|years|days|hours|people))(?P<year>)(?P<clock>)"
        ),
        _day_pair,
        3,
    ),
    Rule("term", rx(r"the\s+(?:near|short|long)(?:er)?\s+term"), _term, 0),
]

_MONTH_TRIGGER = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TRIGGERS = {"week_of": ("week of",), "day_pair": _MONTH_TRIGGER, "term": (" term",)}
RULES = [dataclasses.replace(r, trigger=_TRIGGERS.get(r.name)) for r in RULES]
