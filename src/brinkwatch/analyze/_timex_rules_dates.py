"""Rules for calendar expressions: full dates, months, years, decades, quarters, seasons, clock times.

Extents follow TimeML: modifiers that belong to the expression ("early", "mid-", "the end of",
"fiscal", a leading weekday) are inside it, prepositions ("in", "on", "since") are not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from brinkwatch.analyze import _timex_calendar as cal
from brinkwatch.analyze._timex_base import Ctx, Hit, Rule, hit, lean, month_lean, rx
from brinkwatch.analyze._timex_lexicon import (
    HOLIDAYS,
    MONTH_LOOSE_RX,
    MONTH_RX,
    MONTHS,
    NUMWORD_RX,
    ORDINALS,
    SEASONS,
    WEEKDAY_RX,
    WEEKDAYS,
    parse_number,
)

_PART_RX = r"(?:morning|afternoon|mid-?afternoon|evening|night)"
_TZ_RX = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local time))?"
_AMPM_RX = r"(?:a\.m\.?|p\.m\.?|am\b|pm\b)"
CLOCK_RX = (
    rf"(?:(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d{{2}}))?\s*(?P<ap>{_AMPM_RX})|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>\d{{2}})"
    r"|(?P<noon>noon|midnight|midday))"
)
_EDGE_RX = r"(?:early-|late-|early|late|mid-|mid|the end of|the beginning of|the start of|the middle of|end-|the first half of|the second half of)"
_YEAR4 = r"(?:1[0-9]{3}|20[0-9]{2})"
_SPELLED_YEAR = rf"(?:nineteen|twenty)\s+{NUMWORD_RX}"


def _year_any(s: str) -> int | None:
    """A year written in digits or spelled out ("nineteen ninety-four")."""
    if s.isdigit():
        return int(s)
    parts = s.split(None, 1)
    lo = parse_number(parts[1]) if len(parts) == 2 else None
    if lo is None or lo < 10:
        return None
    return (1900 if parts[0].lower() == "nineteen" else 2000) + int(lo)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _year2(s: str) -> int:
    y = int(s)
    return y if y >= 100 else (1900 + y if y > 30 else 2000 + y)


def _clock(m: re.Match[str]) -> str | None:
    """``HH:MM`` from the clock groups of :data:`CLOCK_RX`."""
    if m.group("noon"):
        return "24:00" if m.group("noon").lower() == "midnight" else "12:00"
    if m.group("h24") is not None:
        return f"{int(m.group('h24')):02d}:{m.group('mi24')}"
    h = int(m.group("h"))
    if h > 12:
        return None
    mi = m.group("mi") or "00"
    if m.group("ap").lower().startswith("p") and h != 12:
        h += 12
    elif m.group("ap").lower().startswith("a") and h == 12:
        h = 0
    return f"{h:02d}:{mi}"


def _is_month_word_ok(m: re.Match[str], group: str) -> bool:
    """Full month names must be capitalised; "May" and "March" need a date-like neighbour."""
    word = m.group(group)
    return bool(word) and word[0].isupper()


# ---- full dates --------------------------------------------------------------------------


def _iso_date(m: re.Match[str], ctx: Ctx) -> Hit | None:
    d = cal.safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if d is None:
        return None
    if m.group(4):
        return hit(m, "TIME", f"{d.isoformat()}T{int(m.group(4)):02d}:{m.group(5)}")
    return hit(m, "DATE", d.isoformat())


def _slash_date(m: re.Match[str], ctx: Ctx) -> Hit | None:
    a, b, y = int(m.group(1)), int(m.group(2)), _year2(m.group(3))
    d = cal.safe_date(y, a, b) or cal.safe_date(y, b, a)
    return hit(m, "DATE", d.isoformat()) if d else None


def _month_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if not _is_month_word_ok(m, "mon"):
        return None
    month, day = _month(m.group("mon")), int(m.group("day"))
    if not 1 <= day <= 31:
        return None
    if m.group("year"):
        d = cal.safe_date(int(m.group("year")), month, day)
        if d is None:
            return None
        value = d.isoformat()
    elif m.group("wd") and ctx.anchor is not None:
        value = _pinned(m, ctx, month, day)
    else:
        value = cal.nearest_month_day(ctx.anchor, month, day, *month_lean(ctx, m.start(), m.end()))
    clock = _clock(m) if m.group("clock") else None
    if clock:
        return hit(m, "TIME", f"{value}T{clock}")
    return hit(m, "DATE", value)


def _pinned(m: re.Match[str], ctx: Ctx, month: int, day: int) -> str:
    """A month-day after a weekday ("Sunday 24 September"): the weekday pins the year, the
    nearest year where it agrees (else the year the tense picks)."""
    value = cal.nearest_month_day(ctx.anchor, month, day, *month_lean(ctx, m.start(), m.end()))
    wd = WEEKDAYS[m.group("wd").lower()]
    assert ctx.anchor is not None
    for y in (ctx.anchor.year, ctx.anchor.year - 1, ctx.anchor.year + 1):
        d = cal.safe_date(y, month, day)
        if d and d.isoweekday() == wd and abs((d - ctx.anchor).days) < 200:
            return d.isoformat()
    return value


def _day_month(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if not _is_month_word_ok(m, "mon"):
        return None
    month, day = _month(m.group("mon")), int(m.group("day"))
    if m.group("year"):
        d = cal.safe_date(int(m.group("year")), month, day)
        return hit(m, "DATE", d.isoformat()) if d else None
    if not 1 <= day <= 31:
        return None
    if m.group("wd") and ctx.anchor is not None:
        return hit(m, "DATE", _pinned(m, ctx, month, day))
    return hit(m, "DATE", cal.nearest_month_day(ctx.anchor, month, day, *month_lean(ctx, m.start(), m.end())))


def _month_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if not _is_month_word_ok(m, "mon"):
        return None
    month = _month(m.group("mon"))
    rel = (m.group("rel") or "").lower()
    if m.group("year"):
        year = _year_any(m.group("year"))
        if year is None:
            return None
    elif ctx.anchor is None:
        return hit(m, "DATE", f"XXXX-{month:02d}")
    else:
        year = ctx.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    return hit(m, "DATE", cal.month_value(year, month))


def _month_alone(m: re.Match[str], ctx: Ctx) -> Hit | None:
    word = m.group("mon")
    if not word[0].isupper():
        return None
    low = word.lower().rstrip(".")
    mod = (m.group("mod") or "").lower()
    edge = m.group(0)[: m.start("mon") - m.start()].strip()
    if low in ("may", "march") and not mod and not edge:
        # "may" the verb, "march" the noun: only with a neighbour that makes it a date
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"\bthe\s+$", before):
            # "the March accession" (a month modifying a noun), not "the March on Rome"
            if not re.match(r"\s+(?!(?:of|on|to|for|against|through|from|in|at|and|or)\b)[a-z]", ctx.text[m.end() : m.end() + 14]):
                return None
        elif not re.search(r"\b(in|since|until|through|by|from|of|during|before|after|last|this|next|early|late)\s+$", before):
            return None
    month = MONTHS[low]
    a = ctx.anchor
    if a is not None and mod in ("last", "this past"):
        # "last February" said in March names the February of the year before
        value = cal.month_value(a.year if month < a.month - 1 else a.year - 1, month)
    elif a is not None and mod in ("next", "this coming"):
        value = cal.month_value(a.year if month > a.month + 1 else a.year + 1, month)
    elif a is not None and mod == "this":
        value = cal.month_value(a.year, month)
    else:
        value = cal.nearest_month_day(a, month, None, *month_lean(ctx, m.start(), m.end()))
    return hit(m, "DATE", value)


# ---- years, decades, centuries -----------------------------------------------------------

_NOT_AFTER_YEAR = re.compile(
    r"\s*(?:%|percent|per cent|[-–]?\s*(?:[a-z]+ )?(?:people|shares|troops|soldiers|men|"
    r"employees|workers|units|cars|miles|kilometers|km|feet|tons|barrels|points|acres|votes|"
    r"yen|dollars|members|jobs|homes|students|cases|deaths|stores|rooms|seats|copies|"
    r"megawatts|meters|yards|pounds|hours|days|square))\b",
    re.I,
)


# a counted noun after a spelled number: a plural word or a unit
_COUNTED_AFTER = re.compile(
    r"\s+(?:years?|months?|weeks?|days?|hours?|people|troops|soldiers|men|women|children|"
    r"dollars|miles|tons|members|votes|workers|refugees)\b",
    re.I,
)


def _year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    y = int(m.group("y"))
    if ctx.text[m.start() - 1 : m.start()] in ("$", "#", "/", ".", ",") or _NOT_AFTER_YEAR.match(ctx.text, m.end()):
        return None
    # plain 4-digit numbers far from news time are amounts unless a date word precedes them
    before = ctx.text[max(0, m.start() - 14) : m.start()].lower()
    has_cue = bool(m.group("mod")) or re.search(
        r"\b(in|since|by|until|till|of|from|to|during|year|before|after|through|and|between|early|late|mid|until|for|than|the|that)\s*$",
        before,
    )
    if not (1900 <= y <= 2099) and not has_cue:
        return None
    if not (1000 <= y <= 2099):
        return None
    return hit(m, "DATE", f"{y:04d}")


def _year_range(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    """"1998-1999", "1998-99": TimeML tags the two ends as two DATEs."""
    y1 = int(m.group(1))
    tail = m.group(2)
    y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail)
    if not (1000 <= y1 < y2 <= 2099) or y2 - y1 > 200:
        return None
    return [Hit(m.start(1), m.end(1), "DATE", str(y1)), Hit(m.start(2), m.end(2), "DATE", f"{y2:04d}")]


def _spelled_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if _COUNTED_AFTER.match(ctx.text, m.end()):
        return None  # "two thousand years", "nineteen twenty troops": a count, not a year
    if m.group("two_thousand"):
        rest = parse_number(m.group("rest")) if m.group("rest") else 0
        return hit(m, "DATE", f"{2000 + int(rest or 0):04d}")
    hi = 19 if m.group("cent").lower() == "nineteen" else 20
    lo = parse_number(m.group("lo"))
    if lo is None or lo < 10:
        return None
    return hit(m, "DATE", f"{hi}{int(lo):02d}")


def _decade(m: re.Match[str], ctx: Ctx) -> Hit:
    if m.group("d3"):
        return hit(m, "DATE", f"{m.group('d3')}X")
    d = int(m.group("d1"))
    century = "19" if d >= 2 else "20"
    return hit(m, "DATE", f"{century}{d}X")


def _century(m: re.Match[str], ctx: Ctx) -> Hit | None:
    word = m.group("n").lower()
    n = ORDINALS.get(word) or (int(re.sub(r"\D", "", word)) if re.sub(r"\D", "", word) else 0)
    if m.group("this"):
        if ctx.anchor is None:
            return hit(m, "DATE", "XX")
        n = ctx.anchor.year // 100 + 1
    if not 1 <= n <= 21:
        return None
    return hit(m, "DATE", f"{n - 1:02d}")


# ---- seasons, holidays -------------------------------------------------------------------

_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def _season(m: re.Match[str], ctx: Ctx) -> Hit | None:
    code = SEASONS[m.group("s").lower()]
    mod = (m.group("mod") or "").lower()
    if code == "FA" and m.group("s").lower() == "fall" and not (mod or m.group("year") or m.group(0).lower().startswith("the")):
        return None  # the verb
    if m.group(0)[0].isupper() and re.search(r"[\"“'`]$", ctx.text[max(0, m.start() - 1) : m.start()]):
        return None  # a quoted title: ``Summer of Peace'' rallies
    if m.group("year"):
        y = _year_any(m.group("year"))
        return hit(m, "DATE", f"{y:04d}-{code}") if y else None
    if ctx.anchor is None:
        return hit(m, "DATE", f"XXXX-{code}")
    a = ctx.anchor
    cur = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(a.month, "FA")
    if mod in ("last", "this past", "past"):
        order = ["WI", "SP", "SU", "FA"]
        y = a.year if order.index(code) < order.index(cur) else a.year - 1
    elif mod in ("next", "this coming", "coming"):
        order = ["WI", "SP", "SU", "FA"]
        y = a.year if order.index(code) > order.index(cur) else a.year + 1
    else:
        y = a.year
    if code == "WI" and a.month == 12 and mod not in ("last", "next"):
        y = a.year + 1 if mod else a.year
    return hit(m, "DATE", f"{y:04d}-{code}")


def _thanksgiving(y: int) -> dt.date:
    d = dt.date(y, 11, 1)
    first_thu = d + dt.timedelta(days=(3 - d.weekday()) % 7)
    return first_thu + dt.timedelta(weeks=3)


def _holiday(m: re.Match[str], ctx: Ctx) -> Hit:
    name = re.sub(r"\s+", " ", m.group("name").lower())
    if m.group("year"):
        years = [int(m.group("year"))]
    elif ctx.anchor is None:
        md = HOLIDAYS.get(name)
        return hit(m, "DATE", f"XXXX-{md[0]:02d}-{md[1]:02d}" if md else "XXXX-11-XX")
    else:
        years = [ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1]
    cands = []
    for y in years:
        d = _thanksgiving(y) if name.startswith("thanksgiving") else dt.date(y, *HOLIDAYS[name])
        cands.append(d)
    if ctx.anchor is None or len(cands) == 1:
        return hit(m, "DATE", cands[0].isoformat())
    direction = ctx.direction(m.start(), m.end())
    pool = [d for d in cands if direction == 0 or (d - ctx.anchor).days * direction >= 0] or cands
    best = min(pool, key=lambda d: abs((d - ctx.anchor).days))
    return hit(m, "DATE", best.isoformat())


# ---- clock times -------------------------------------------------------------------------


def _day_value(word: str, ctx: Ctx, start: int, end: int) -> str | None:
    """The day a word like "Friday", "yesterday", "Oct. 23" names, relative to the anchor."""
    w = word.lower().strip()
    rel = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}
    if w in rel:
        return cal.shift(ctx.anchor, "D", rel[w])
    if w in WEEKDAYS:
        direction = max(-1, min(1, lean(ctx, start, end)))
        return cal.nearest_weekday(ctx.anchor, WEEKDAYS[w], direction)
    mm = re.match(rf"({MONTH_LOOSE_RX})\s+(\d{{1,2}})$", w, re.I)
    if mm:
        return cal.nearest_month_day(ctx.anchor, _month(mm.group(1)), int(mm.group(2)), *month_lean(ctx, start, end))
    return None


def _clock_time(m: re.Match[str], ctx: Ctx) -> Hit | None:
    clock = _clock(m)
    if clock is None:
        return None
    # "10:35 a.m. (0735 GMT) Friday": the day after a parenthesis dates the time, outside it
    day = m.group("day") or m.group("pday")
    value = _day_value(day, ctx, m.start(), m.end()) if day else cal.shift(ctx.anchor, "D", 0)
    if value is None:
        return None
    return hit(m, "TIME", f"{value}T{clock}")


def _part_of_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    part = m.group("part").lower().replace(" ", "-")
    code = {"morning": "MO", "afternoon": "AF", "mid-afternoon": "AF", "midafternoon": "AF", "evening": "EV", "night": "NI"}[part]
    day_word = (m.group("day") or m.group("day2") or "").lower()
    if not day_word and code != "AF":
        return None
    if day_word == "last" and code == "NI":
        value = cal.shift(ctx.anchor, "D", -1)
    else:
        value = _day_value(day_word or "today", ctx, m.start(), m.end())
    if value is None:
        return None
    return hit(m, "TIME", f"{value}T{code}")


def _tonight(m: re.Match[str], ctx: Ctx) -> Hit:
    return hit(m, "TIME", cal.shift(ctx.anchor, "D", 0) + "TNI")


_DAYWORD_RX = rf"(?:today|tonight|yesterday|tomorrow|{WEEKDAY_RX}|{MONTH_LOOSE_RX}\s+\d{{1,2}})"

RULES: list[Rule] = [
    Rule("iso_date", rx(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2}))?"), _iso_date, 3),
    Rule("slash_date", rx(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"), _slash_date, 3),
    Rule(
        "month_day",
        rx(
            rf"(?:(?P<wd>{WEEKDAY_RX}),?\s+(?:the\s+)?)?(?P<mon>{MONTH_LOOSE_RX})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+(?P<year>{_YEAR4}))?(?P<clock>,?\s+(?:at\s+)?{CLOCK_RX}{_TZ_RX})?"
        ),
        _month_day,
        3,
    ),
    Rule(
        "day_month",
        rx(
            rf"(?:(?P<wd>{WEEKDAY_RX}),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"(?P<mon>{MONTH_LOOSE_RX})(?:,?\s+(?P<year>{_YEAR4}))?"
        ),
        _day_month,
        2,
    ),
    Rule(
        "month_year",
        rx(rf"(?:{_EDGE_RX}\s*)?(?P<mon>{MONTH_LOOSE_RX}),?\s+(?:of\s+)?(?:(?P<year>{_YEAR4}|{_SPELLED_YEAR})|(?P<rel>this|last|next)\s+year)"),
        _month_year,
        2,
    ),
    Rule(
        "month",
        rx(rf"(?:(?P<mod>last|this|next|this past|this coming)\s+|{_EDGE_RX}\s*)?(?P<mon>{MONTH_RX})(?!\s*\d)"),
        _month_alone,
        1,
    ),
    Rule("year_range", re.compile(rf"(?<![\w$.,-])({_YEAR4})\s?[-–/]\s?(\d{{4}}|\d{{2}})(?![\w%-])"), _year_range, 3),
    Rule(
        "year",
        rx(rf"(?:(?P<mod>(?:the\s+)?(?:fiscal\s+year|fiscal|calendar\s+year|calendar|year)|{_EDGE_RX}|pre-|post-)\s*)?(?P<y>\d{{4}})(?:'s)?(?:\s+or\s+later)?"),
        _year,
        1,
    ),
    Rule(
        "spelled_year",
        rx(
            rf"(?:the\s+year\s+)?(?:(?P<cent>nineteen|twenty)\s+(?P<lo>{NUMWORD_RX})"
            rf"|(?P<two_thousand>two\s+thousand)(?:\s+(?:and\s+)?(?P<rest>{NUMWORD_RX}))?)"
        ),
        _spelled_year,
        1,
    ),
    Rule(
        "decade",
        rx(r"(?:the\s+)?(?:(?:early|late|mid-?|the\s+last\s+half\s+of\s+the|the\s+first\s+half\s+of\s+the)\s*)?(?:(?P<d3>1\d{2}|20\d)0s|'(?P<d1>\d)0s)"),
        _decade,
        2,
    ),
    Rule(
        "century",
        rx(r"(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(?:(?P<n>[a-z]+|\d{1,2}(?:st|nd|rd|th))|(?P<this>this))[- ]century"),
        _century,
        2,
    ),
    Rule(
        "season",
        rx(
            r"(?:the\s+)?(?:(?P<mod>last|this|next|this past|this coming|past|coming|early|late|mid-?)\s*)?"
            rf"(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<year>{_YEAR4}|{_SPELLED_YEAR}))?"
        ),
        _season,
        1,
    ),
    Rule(
        "holiday",
        rx(r"(?P<name>thanksgiving(?: day)?|new year's (?:day|eve)|christmas(?: day| eve)?|independence day|veterans day|halloween|valentine's day|boxing day|bastille day)" rf"(?:\s+(?P<year>{_YEAR4}))?"),
        _holiday,
        1,
    ),
    Rule(
        "clock",
        rx(rf"(?:(?:about|around|approximately|shortly after|shortly before|just after|just before)\s+)?{CLOCK_RX}{_TZ_RX}(?:,?\s+(?:on\s+)?(?P<day>{_DAYWORD_RX})"
           rf"|(?=\s+\([^()\n]{{1,24}}\),?\s+(?:on\s+)?(?P<pday>{_DAYWORD_RX})))?"),
        _clock_time,
        2,
    ),
    Rule(
        "part_of_day",
        rx(
            rf"(?:(?:early|late|later|earlier)\s+)?(?:(?P<day>{WEEKDAY_RX}|yesterday|today|tomorrow|this|last)\s+)?"
            rf"(?P<part>{_PART_RX})(?:\s+(?P<day2>{WEEKDAY_RX}|yesterday|today|tomorrow))?"
        ),
        _part_of_day,
        1,
    ),
    Rule("tonight", rx(r"tonight"), _tonight, 1),
]

_MONTH_TRIGGER = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DIGITS = tuple("0123456789")
_TRIGGERS = {
    "iso_date": ("-",),
    "slash_date": ("/",),
    "month_day": _MONTH_TRIGGER,
    "day_month": _MONTH_TRIGGER,
    "month_year": _MONTH_TRIGGER,
    "month": _MONTH_TRIGGER,
    "year_range": _DIGITS,
    "year": _DIGITS,
    "spelled_year": ("nineteen", "twenty", "thousand"),
    "decade": ("0s",),
    "century": ("century",),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "holiday": ("thanksgiving", "new year", "christmas", "independence", "veterans", "halloween", "valentine", "boxing", "bastille"),
    "clock": _DIGITS + ("noon", "midnight", "midday"),
    "part_of_day": ("morning", "afternoon", "evening", "night"),
    "tonight": ("tonight",),
}
RULES = [dataclasses.replace(r, trigger=_TRIGGERS.get(r.name)) for r in RULES]
