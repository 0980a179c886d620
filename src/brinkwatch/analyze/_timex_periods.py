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


def _period_year_before(m: re.Match[str], ctx: Ctx) -> Hit:
    """"the quarter a year ago", "the same period last year", "last year's quarter": the
    period reported on, a year before (filled in by the tagger's ``@Q-4`` pass)."""
    return hit(m, "DATE", "@Q-4")


def _halves_by_quarters(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """"the first two quarters of 1990": the first half of that year (``1990-H1``)."""
    year = m.group("year").lower()
    if year.isdigit():
        y = int(year)
    elif ctx.anchor is None:
        return hit(m, "DATE", f"XXXX-H{1 if m.group('which').lower() == 'first' else 2}")
    else:
        y = ctx.anchor.year + {"this year": 0, "last year": -1, "next year": 1}[re.sub(r"\s+", " ", year)]
    return hit(m, "DATE", f"{y:04d}-H{1 if m.group('which').lower() == 'first' else 2}")


def _earlier_span(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """"the year-earlier nine months": a span of months a year before, a DURATION (TimeML)."""
    n = {"three": 3, "six": 6, "nine": 9, "twelve": 12}.get(m.group("n").lower())
    if n is None and m.group("n").isdigit():
        n = int(m.group("n"))
    return hit(m, "DURATION", f"P{n}M") if n else None


def _year_end(m: re.Match[str], ctx: Ctx) -> Hit:
    """"by year-end", "since year end": the year whose end is meant (TimeML: the year, with
    ``mod="END"``, which this tagger does not carry). "since" looks back to the last one."""
    back = m.group("prep").lower() == "since"
    return Hit(m.start("span"), m.end("span"), "DATE", cal.shift(ctx.anchor, "Y", -1 if back else 0))


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
    Rule(
        "year_end",
        rx(r"(?P<prep>by|at|since|around|until|till|before|after|toward|towards|near|through)\s+(?:the\s+)?(?P<span>year[- ]end|year's\s+end)(?![-\w])"),
        _year_end,
        2,
    ),
    Rule(
        "period_year_before",
        rx(
            r"the\s+(?:(?:same|corresponding|comparable)\s+)?(?:quarter|period)\s+(?:a\s+year\s+(?:ago|earlier|before)|(?:of\s+|in\s+)?last\s+year)"
            r"|last\s+year's\s+(?:quarter|period)"
        ),
        _period_year_before,
        3,
    ),
    Rule(
        "halves_by_quarters",
        rx(r"(?:the\s+)?(?P<which>first|last)\s+two\s+quarters\s+of\s+(?:the\s+)?(?P<year>\d{4}|this\s+year|last\s+year|next\s+year)"),
        _halves_by_quarters,
        3,
    ),
    Rule(
        "earlier_span",
        rx(r"the\s+(?:year-earlier|year-ago|prior-year|comparable)\s+(?P<n>three|six|nine|twelve|\d{1,2})\s+months"),
        _earlier_span,
        3,
    ),
]

_MONTH_TRIGGER = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TRIGGERS = {
    "week_of": ("week of",),
    "day_pair": _MONTH_TRIGGER,
    "term": (" term",),
    "period_year_before": ("last year", "a year"),
    "halves_by_quarters": ("two quarters",),
    "earlier_span": (" months",),
    "year_end": ("end",),
}
RULES = [dataclasses.replace(r, trigger=_TRIGGERS.get(r.name)) for r in RULES]
