"""Rules for relative and vague expressions, durations and sets.

Values that depend on what the document said before (which quarter "the quarter" is, what
"a year earlier" compares with) are returned as placeholders starting with ``@`` and filled
in document order by :func:`brinkwatch.analyze.timex.tag_times`:

- ``@Q``: the quarter last named in the document (else the last completed quarter);
- ``@Q-4``: that quarter a year before;
- ``@QY:1988``: that quarter's number in the given year ("the 1988 period");
- ``@QE:1989-Q3``: "the quarter ended Sept. 30": the quarter last named (a fiscal one keeps
  its number), else the calendar quarter the closing day ends;
- ``@YAGO``: ``@Q-4`` in a sentence about quarters or periods, else the anchor year minus one.
"""

from __future__ import annotations

import dataclasses
import re

from brinkwatch.analyze import _timex_calendar as cal
from brinkwatch.analyze._timex_base import Ctx, Hit, Rule, hit, lean, rx
from brinkwatch.analyze._timex_durations import count as _count
from brinkwatch.analyze._timex_durations import duration_value as _duration_value
from brinkwatch.analyze._timex_durations import half_more as _half_more
from brinkwatch.analyze._timex_periods import quarter_ended
from brinkwatch.analyze._timex_lexicon import (
    MONTH_RX,
    MONTHS,
    NUMBER_RX,
    ORDINALS,
    SETS,
    UNIT_RX,
    VAGUE,
    VAGUE_QUANT_RX,
    WEEKDAY_RX,
    WEEKDAYS,
    unit_of,
)

_QUAL_RX = (
    r"(?:about|nearly|almost|more than|less than|at least|up to|some|roughly|around|"
    r"approximately|just|only|barely|fewer than|no more than|at most|well over|a little over|"
    r"at least another|another|an additional|the better part of)"
)
_DUR_MOD_RX = (
    r"(?:past|last|next|first|latest|final|coming|previous|following|initial|remaining|"
    r"entire|whole|full|same|other|preceding|ensuing|succeeding|recent|prior)"
)


# ---- days and weeks relative to the anchor -----------------------------------------------


def _day_rel(m: re.Match[str], ctx: Ctx) -> Hit:
    word = m.group("w").lower()
    n = {"yesterday": -1, "today": 0, "tomorrow": 1}[word]
    if m.group("before"):
        n += -1 if "before" in m.group("before").lower() else 1
    return hit(m, "DATE", cal.shift(ctx.anchor, "D", n))




def _weekday(m: re.Match[str], ctx: Ctx) -> Hit | None:
    wd_word = m.group("wd")
    if not wd_word[0].isupper():
        return None
    wd = WEEKDAYS[wd_word.lower()]
    mod = (m.group("mod") or "").lower()
    if m.group("pl") or mod in ("each", "every"):
        return hit(m, "SET", f"XXXX-WXX-{wd}")
    direction = {"last": -2, "this past": -2, "next": 2, "this coming": 2, "coming": 2}.get(mod)
    if direction is None and m.group(0).endswith("'s") and not m.group("mod"):
        direction = 0  # "Wednesday's ruling": a named day's event, the nearest one (past-leaning)
    if direction is None:
        direction = max(-1, min(1, lean(ctx, m.start(), m.end())))  # "as soon as Tuesday", "since Monday"
    end = m.end("wd")  # a possessive "'s" stays outside the extent
    return Hit(m.start(), end, "DATE", cal.nearest_weekday(ctx.anchor, wd, direction))


_REL_SHIFT = {
    "this": 0, "current": 0, "the current": 0, "last": -1, "the past": -1, "past": -1,
    "the previous": -1, "previous": -1, "the last": -1, "this past": -1, "next": 1,
    "the next": 1, "the coming": 1, "coming": 1, "this coming": 1, "the following": 1,
    "the latest": -1, "the same": 0,
}  # fmt: skip


def _rel_period(m: re.Match[str], ctx: Ctx) -> Hit | None:
    mod = re.sub(r"\s+", " ", m.group("mod").lower())
    unit = m.group("unit").lower()
    n = _REL_SHIFT.get(mod)
    if n is None:
        return None
    if unit == "weekend":
        if ctx.anchor is None:
            return hit(m, "DATE", "XXXX-WXX-WE")
        base = -1 if n < 0 and ctx.anchor.isoweekday() < 6 else 0
        if n < 0 and ctx.anchor.isoweekday() >= 6:
            base = -1
        if n > 0:
            base = 1 if ctx.anchor.isoweekday() >= 6 or mod == "next" and ctx.anchor.isoweekday() >= 5 else 0
        return hit(m, "DATE", cal.shift(ctx.anchor, "WE", base))
    if unit == "quarter":
        if n == -1 and mod in ("the latest", "last", "the last", "the past", "past", "the previous", "previous"):
            return hit(m, "DATE", cal.shift(ctx.anchor, "Q", -1))
        return hit(m, "DATE", cal.shift(ctx.anchor, "Q", n))
    if mod == "the same":
        return None
    code = {"week": "W", "month": "M", "year": "Y", "decade": "E", "century": "C", "day": "D"}[unit]
    if code == "D":
        return None
    return hit(m, "DATE", cal.shift(ctx.anchor, code, n))


def _the_weekend(m: re.Match[str], ctx: Ctx) -> Hit:
    if ctx.anchor is None:
        return hit(m, "DATE", "XXXX-WXX-WE")
    direction = ctx.direction(m.start(), m.end())
    wd = ctx.anchor.isoweekday()
    n = 0 if wd >= 6 or direction > 0 else -1
    return hit(m, "DATE", cal.shift(ctx.anchor, "WE", n))


def _ago(m: re.Match[str], ctx: Ctx) -> Hit | None:
    n = _count(m.group("n"))
    u = unit_of(m.group("unit"))
    if u is None:
        return None
    code = u[0]
    d = m.group("dir").lower()
    sign = -1 if d in ("ago", "earlier", "before") else 1
    if d == "later" or (d == "earlier" and code not in ("Y", "E", "C")):
        # "three days later", "a day earlier": TimeML reads these as anchored durations
        value = _duration_value(n, m.group("unit"))
        if value is None:
            return None
        end = m.end() if d == "earlier" else m.end("unit")
        return Hit(m.start(), end, "DURATION", value)
    if n is None:
        return hit(m, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if code == "Y" and n == 1 and sign < 0:
        return hit(m, "DATE", "@YAGO")
    k = int(n) if float(n).is_integer() else None
    if k is None:
        return None
    if u[1]:  # hours and minutes ago: the day
        return hit(m, "DATE", cal.shift(ctx.anchor, "D", 0))
    if code == "WE":
        code = "W"
    if code == "E":
        code, k = "Y", k * 10
    if code == "C":
        code, k = "Y", k * 100
    return hit(m, "DATE", cal.shift(ctx.anchor, code, sign * k))


def _year_ago(m: re.Match[str], ctx: Ctx) -> Hit:
    if m.group("noun"):
        return hit(m, "DATE", "@Q-4")
    lead = re.match(r"the\s+", m.group(0), re.I)  # "the year-ago results": the adjective alone
    return Hit(m.start() + (len(lead.group(0)) if lead else 0), m.end(), "DATE", "@YAGO")


# ---- quarters, halves, fiscal years ------------------------------------------------------


def _quarter(m: re.Match[str], ctx: Ctx) -> Hit | None:
    word = m.group("ord").lower()
    q = int(word[0]) if word[0].isdigit() else ORDINALS.get(word)
    kind = m.group("kind").lower()
    if q is None:
        return None
    limit = 2 if kind == "half" else 4
    if q == -1:
        q = limit
    if not 1 <= q <= limit:
        return None
    letter = "H" if kind == "half" else "Q"
    year: int | None = None
    yword = (m.group("year") or m.group("year2") or m.group("yrel") or "").lower()
    if yword.isdigit():
        year = int(yword)
    elif ctx.anchor is not None:
        year = ctx.anchor.year + ({"last year": -1, "next year": 1, "last": -1, "next": 1}.get(yword, 0))
        if not yword and letter == "Q":
            # no year said: the instance nearest the anchor, leaning to the past
            if q - cal.quarter_of(ctx.anchor) >= 2:
                year -= 1
    value = f"XXXX-{letter}{q}" if year is None else f"{year:04d}-{letter}{q}"
    start = m.start()
    if re.match(r"the\s+", m.group(0), re.I) and re.search(r"-(?:fiscal-)?(?:quarter|half)", m.group(0), re.I) and not m.group("year2"):
        start = m.start() + len(re.match(r"the\s+", m.group(0), re.I).group(0))  # "the third-quarter results"
    return Hit(start, m.end(), "DATE", value)


def _the_quarter(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if ctx.text[m.end() : m.end() + 1] == "-":
        return None  # "the quarter-to-quarter comparison"
    if m.group("noun").lower() == "quarter" and not m.group("year"):
        ended = quarter_ended(m, ctx)
        if ended:
            return hit(m, "DATE", f"@QE:{ended}")
    if m.group("year"):
        return hit(m, "DATE", f"@QY:{m.group('year')}")
    if m.group("mod") and m.group("mod").lower() in ("current",):
        return hit(m, "DATE", cal.shift(ctx.anchor, "Q", 0))
    if m.group("noun").lower() == "period" and not m.group("mod"):
        return None
    if m.group("mod") and m.group("mod").lower() in ("latest", "most recent"):
        return hit(m, "DATE", cal.last_completed_quarter(ctx.anchor))
    return hit(m, "DATE", "@Q")


def _fiscal_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    mod = (m.group("mod") or "").lower()
    n = {"current": 0, "this": 0, "latest": -1, "last": -1, "previous": -1, "next": 1, "new": 1, "": 0}.get(mod)
    if n is None:
        return None
    if not mod and m.group(0).lower().startswith("the") and _ENDED_AFTER.match(ctx.text, m.end()):
        return hit(m, "DURATION", "P1Y")
    return hit(m, "DATE", cal.shift(ctx.anchor, "Y", n))


def _edge_of(m: re.Match[str], ctx: Ctx) -> Hit | None:
    unit = m.group("unit").lower()
    code = {"year": "Y", "month": "M", "week": "W", "quarter": "Q"}[unit]
    return hit(m, "DATE", cal.shift(ctx.anchor, code, 0))


# "the year ended Sept. 30": a twelve-month accounting period named by its last day
_ENDED_AFTER = re.compile(r"\s+(?:that\s+)?(?:ended|ending|ends|to\s+end)\b", re.I)


def _the_year(m: re.Match[str], ctx: Ctx) -> Hit:
    if _ENDED_AFTER.match(ctx.text, m.end()):
        return hit(m, "DURATION", "P1Y")
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"\b(in|earlier in|later in|during|for all of|for|of)\s+$", before) or "full" in m.group(0).lower():
        return hit(m, "DATE", cal.shift(ctx.anchor, "Y", 0))
    return hit(m, "DURATION", "P1Y")


# ---- durations ---------------------------------------------------------------------------


_FRACTION_OF = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|all|a|an|this|that)\b", re.I)
_QUOTE_BEFORE = re.compile(r"(?:[\"“'`])$")
_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|might|may|can|should|must|hopes?|hoped)\s+(?:\w+\s+)?$", re.I)
_OF_YEAR = re.compile(r"\s+of\s+(?:the\s+)?(?:\d{4}|this\s+year|last\s+year|next\s+year)\b", re.I)


def _duration(m: re.Match[str], ctx: Ctx) -> Hit | None:
    n = _count(m.group("n"))
    if m.group("n") and n is None and not re.fullmatch(VAGUE_QUANT_RX, m.group("n").lower()):
        return None
    if n is not None and n > 10000:
        return None
    unit = m.group("unit").lower()
    if m.group("n").lower() in ("a", "an") and m.group(0).lower().split()[0] in ("a", "an"):
        # "a second round", "a quarter of the vote": an ordinal or a fraction, not a duration
        # ("a week of talks" is one)
        if unit == "second" or (unit.startswith("quarter") and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4])):
            return None
    if unit.startswith("quarter") and _FRACTION_OF.match(ctx.text, m.end()) and m.group("n").lower() in ("a", "an", "one", "three"):
        return None  # "more than a quarter of the market", "three quarters of its staff"
    if unit.startswith("quarter") and _OF_YEAR.match(ctx.text, m.end()):
        return None  # "the first two quarters of 1990": a half of that year, a DATE
    if unit[0] != m.group("unit")[0] and _QUOTE_BEFORE.search(ctx.text, max(0, m.start() - 2), m.start()):
        return None  # a quoted, capitalised unit is a title: "60 Minutes", ``Three Days''
    if m.group(0).lower() == "one day" and _MODAL_BEFORE.search(ctx.text, max(0, m.start() - 30), m.start()):
        return hit(m, "DATE", "FUTURE_REF")  # "Islam will one day be ...": some day to come
    value = _duration_value(n, m.group("unit"))
    if value is None:
        return None
    if m.group("half") or m.group("half1"):
        value = _half_more(value)
    lead = re.match(r"an?\s+(?=\d|[a-z]+[- ]?(?:\w+)?\s)", m.group(0), re.I)
    if lead and m.group("n").lower() not in ("a", "an", "a few", "a couple of", "couple of", "a number of", "few"):
        return Hit(m.start() + len(lead.group(0)), m.end(), "DURATION", value)  # "a five year plan"
    return hit(m, "DURATION", value)


def _duration_adj(m: re.Match[str], ctx: Ctx) -> Hit | None:
    word = m.group("unit")
    if (m.group("n") or "").lower() == "half":
        n: float | None = 0.5
    elif (m.group("n") or "").lower() in ("several", "multi", "many"):
        n = None  # "a several-year tenure", "a multi-year deal": PXY
    else:
        n = _count(m.group("n")) if m.group("n") else 1.0
        if m.group("n") and n is None:
            return None
    if word.lower().endswith("s") or word.lower() == "centuries":
        n = None
    value = _duration_value(n, word)
    return hit(m, "DURATION", value) if value else None


def _bare_units(m: re.Match[str], ctx: Ctx) -> Hit | None:
    value = _duration_value(None, m.group("unit"))
    return Hit(m.start("span"), m.end("span"), "DURATION", value) if value else None


def _recent_units(m: re.Match[str], ctx: Ctx) -> Hit | None:
    unit = m.group("unit").lower()
    if m.group("w").lower() == "recent" and unit == "years":
        return hit(m, "DATE", "PAST_REF")
    value = _duration_value(None, unit)
    return hit(m, "DURATION", value) if value else None


# ---- sets and vague references -----------------------------------------------------------


def _set_word(m: re.Match[str], ctx: Ctx) -> Hit:
    return hit(m, "SET", SETS[m.group(0).lower()])


def _every(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if m.group("mon"):
        if not m.group("mon")[0].isupper():
            return None
        return hit(m, "SET", f"XXXX-{MONTHS[m.group('mon').lower().rstrip('.')]:02d}")
    n = _count(m.group("n")) if m.group("n") else 1.0
    value = _duration_value(n, m.group("unit"))
    return hit(m, "SET", value) if value else None


def _per_unit(m: re.Match[str], ctx: Ctx) -> Hit | None:
    value = _duration_value(1.0, m.group("unit"))
    return Hit(m.start("span"), m.end("span"), "SET", value) if value else None


def _vague(m: re.Match[str], ctx: Ctx) -> Hit | None:
    word = re.sub(r"\s+", " ", m.group(0).lower())
    if word == "current":
        after = ctx.text[m.end() : m.end() + 20].lower()
        if re.match(r"\s+(account|affairs|events|flowing|and former)", after):
            return None
    if word == "now" and re.match(r"\s*-", ctx.text[m.end() : m.end() + 2]):
        return None
    return hit(m, "DATE", VAGUE[word])


_N = rf"(?:{NUMBER_RX}|{VAGUE_QUANT_RX}|an?)"

RULES: list[Rule] = [
    Rule(
        "day_rel",
        rx(r"(?:(?:early|late|earlier|later)\s+)?(?P<before>the\s+day\s+(?:before|after)\s+)?(?P<w>yesterday|today|tomorrow)"),
        _day_rel,
        1,
    ),
    Rule(
        "weekday",
        rx(rf"(?:(?P<mod>last|next|this past|this coming|coming|this|each|every|early|late|earlier|later)\s+)?(?P<wd>{WEEKDAY_RX})(?P<pl>s)?(?:'s)?"),
        _weekday,
        1,
    ),
    Rule(
        "rel_period",
        rx(
            r"(?:(?:earlier|later|early|late|the end of|the beginning of|the start of|the middle of|the rest of|the remainder of|the balance of)\s+)?"
            r"(?P<mod>this past|this coming|the current|the previous|the coming|the following|the latest|the past|the next|the last|the same|this|last|next|current|previous|past|coming)\s+"
            r"(?P<unit>week|weekend|month|year|quarter|decade|century)"
        ),
        _rel_period,
        2,
    ),
    Rule("the_weekend", rx(r"the\s+weekend"), _the_weekend, 0),
    Rule(
        "ago",
        rx(rf"(?:{_QUAL_RX}\s+)?(?P<n>{_N})\s+(?P<unit>{UNIT_RX})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from now|hence)"),
        _ago,
        2,
    ),
    Rule(
        "year_ago",
        rx(r"(?:the\s+)?(?:comparable\s+|same\s+)?(?:year-ago|year-earlier|year earlier|prior-year|year-before)(?:\s+(?:(?:first|second|third|fourth|fiscal)[- ])*(?P<noun>quarter|period))?"),
        _year_ago,
        2,
    ),
    Rule(
        "quarter",
        rx(
            r"(?:the\s+)?(?:(?P<year>\d{4})(?:'s)?\s+|(?P<yrel>this|last|next)\s+year's\s+)?(?:(?:fiscal|calendar)[- ])?"
            r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[- ](?:fiscal[- ])?(?P<kind>quarter|half)"
            r"(?:\s+of\s+(?:fiscal\s+)?(?P<year2>\d{4}|this year|last year|next year|the year))?"
        ),
        _quarter,
        3,
    ),
    Rule(
        "the_quarter",
        rx(r"the\s+(?:(?P<mod>latest|current|most recent|recent|comparable|same)\s+)?(?:(?P<year>\d{4})\s+)?(?:fiscal\s+)?(?P<noun>quarter|period)"),
        _the_quarter,
        1,
    ),
    Rule(
        "fiscal_year",
        rx(r"(?:the\s+)?(?:(?P<mod>current|latest|last|previous|next|new|this)\s+)?fiscal\s+year(?!\s+\d)"),
        _fiscal_year,
        1,
    ),
    Rule("edge_of", rx(r"the\s+(?:end|beginning|start|middle)\s+of\s+the\s+(?P<unit>year|month|week|quarter)"), _edge_of, 1),
    Rule("the_year", rx(r"the\s+(?:full\s+)?year(?![\s-]+(?:ago|earlier|before|\d))"), _the_year, 0),
    Rule(
        "duration",
        rx(
            rf"(?:{_QUAL_RX}\s+)?(?:(?:the|a|an|another)\s+)?(?:{_DUR_MOD_RX}\s+)?(?P<n>{_N})"
            rf"(?P<half1>\s+(?:1/2|and\s+a\s+half))?(?:\s+(?:more|additional|consecutive|straight|full|long|further|whole|trading|business|working))?\s+(?P<unit>{UNIT_RX})(?P<half>\s+and\s+a\s+half)?"
        ),
        _duration,
        1,
    ),
    Rule(
        "duration_adj",
        rx(rf"(?P<n>{NUMBER_RX}|half|several|multi|many)-(?P<unit>second|minute|hour|day|night|week|month|quarter|year|decade|century)(?:-long)?(?!-old)"),
        _duration_adj,
        1,
    ),
    Rule(
        "unit_long",
        rx(r"(?P<n>)(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)-long"),
        _duration_adj,
        1,
    ),
    Rule(
        "bare_units",
        rx(r"(?:for|over|in|within|after|took|take|takes|taking|lasted|last|spent|spend)\s+(?P<span>(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries))(?!\s+(?:ago|of|later|earlier|before|after))"),
        _bare_units,
        0,
    ),
    Rule(
        "recent_units",
        rx(r"(?:the\s+)?(?P<w>recent|coming|past few|last few|next few)\s+(?P<unit>days|weeks|months|years|decades|quarters)"),
        _recent_units,
        2,
    ),
    Rule("set_word", rx(r"hourly|daily|nightly|weekly|biweekly|monthly|yearly|annually"), _set_word, 1),
    Rule(
        "every",
        rx(rf"(?:every|each|per)\s+(?:(?P<n>{NUMBER_RX}|other)\s+)?(?:(?P<unit>{UNIT_RX})|(?P<mon>{MONTH_RX}))"),
        _every,
        2,
    ),
    Rule(
        "per_unit",
        rx(r"(?:\d|%|percent|times|twice|once|cents?|dollars?|million|billion|thousand|[a-z]+s)\s+(?P<span>an?\s+(?P<unit>day|week|month|year|hour|quarter))(?!\s+(?:ago|earlier|later|before|after|or|and|of|from|to))"),
        _per_unit,
        1,
    ),
    Rule("vague", rx("|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(VAGUE, key=len, reverse=True) if k not in ("once", "earlier", "later", "so far", "shortly"))), _vague, 0),
]

_UNIT_TRIGGER = ("second", "minute", "hour", "day", "night", "week", "month", "quarter", "year", "decade", "centur", "fortnight")
_TRIGGERS = {
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "rel_period": _UNIT_TRIGGER,
    "ago": ("ago", "earlier", "later", "from now", "hence"),
    "year_ago": ("year",),
    "quarter": ("quarter", "half"),
    "the_quarter": ("quarter", "period"),
    "duration": _UNIT_TRIGGER,
    "duration_adj": tuple(f"-{u}" for u in _UNIT_TRIGGER),
    "unit_long": ("-long",),
    "bare_units": _UNIT_TRIGGER,
    "recent_units": _UNIT_TRIGGER,
    "every": ("every", "each", "per"),
    "per_unit": _UNIT_TRIGGER,
    "day_rel": ("yesterday", "today", "tomorrow"),
    "the_weekend": ("weekend",),
    "fiscal_year": ("fiscal",),
    "edge_of": (" of the ",),
    "the_year": ("the year", "full year"),
    "set_word": ("ly",),
}
RULES = [dataclasses.replace(r, trigger=_TRIGGERS.get(r.name)) for r in RULES]
