"""Anaphoric time expressions: "that day", "later that year", "the following month".

TimeML normalises these against the *reference time* of the discourse, the last time the
text itself named, not the document date: in "The clinic was bombed on Oct. 23, 1998.
Earlier that day, ..." the second expression is ``1998-10-23``. Their rules return
placeholders ``@A:<unit>:<shift>[:<part>]`` that :func:`resolve` fills in document order:

- ``unit`` is ``D`` (day), ``W``, ``M`` or ``Y``; ``shift`` how many of them after (+) or
  before (-) the reference ("the next day" +1, "the previous year" -1, "that week" 0);
- ``part`` a part of the day ("the next morning" is ``...TMO``, a TIME).

The reference starts at the document date and moves to every DATE or TIME whose value
starts with a year (``1998``, ``1998-10``, ``1998-10-23``, ``1998-10-23T06:00``). A reference
coarser than the unit keeps ``X`` for what it does not know ("that same day" after
"October 1998" is ``1998-10-XX``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from brinkwatch.analyze import _timex_calendar as cal
from brinkwatch.analyze._timex_base import Ctx, Hit, Rule, rx
from brinkwatch.analyze._timex_lexicon import WEEKDAY_RX, WEEKDAYS

_PART = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_SHIFT = {
    "that": 0, "that same": 0, "the same": 0, "that very": 0,
    "the following": 1, "the next": 1, "the previous": -1, "the preceding": -1, "the prior": -1,
}  # fmt: skip
_UNIT = {"day": "D", "week": "W", "month": "M", "year": "Y"}
_CLAUSE_BEFORE = re.compile(
    r"\b(?:said|says|say|told|tell|tells|believe[sd]?|think|thinks|thought|know|knew|knows|noted|added|"
    r"argued|hope[sd]?|expect(?:s|ed)?|claim(?:s|ed)?|report(?:s|ed)?|announced|warned|insisted|"
    r"so|such|ensure[sd]?|means|meant|show(?:s|ed)?|found|suggest(?:s|ed)?|agreed|admitted)\s+$",
    re.I,
)
_REF_VALUE = re.compile(r"^(\d{4})(?:-(\d\d|W\d\d)(?:-(\d\d))?)?(?:T|$)")


def _anaphor(m: re.Match[str], ctx: Ctx) -> Hit | None:
    det = re.sub(r"\s+", " ", m.group("det").lower())
    noun = m.group("unit").lower()
    shift = _SHIFT[det]
    if det == "the next" and noun not in ("day",) + tuple(_PART):
        return None  # "the next year", "the next month": deictic (counted from today)
    if det == "the same" and noun in _PART:
        return None
    if det == "that" and _CLAUSE_BEFORE.search(ctx.text, max(0, m.start() - 20), m.start()):
        return None  # "he said that day laborers ...": a complementiser, not a pointer
    after = ctx.text[m.end() : m.end() + 12]
    if re.match(r"[-\w]|\s+(?:of|in|before|after|when|that|ago|earlier|later|or)\b", after, re.I):
        return None  # "the following day's", "the same month of 1998", "that day when": not bare
    part = _PART.get(noun)
    unit = "D" if part else _UNIT[noun]
    if part and det in ("the following", "the next"):
        shift = 1
    value = f"@A:{unit}:{shift}" + (f":{part}" if part else "")
    return Hit(m.start(), m.end(), "TIME" if part else "DATE", value)


def _weekday_anaphor(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """"the previous Friday", "the following Monday": the weekday before or after the reference."""
    if not m.group("wd")[0].isupper():
        return None
    sign = 1 if m.group("det").lower() == "following" else -1
    return Hit(m.start(), m.end("wd"), "DATE", f"@A:WD:{sign}:{WEEKDAYS[m.group('wd').lower()]}")


RULES: list[Rule] = [
    Rule(
        "weekday_anaphor",
        rx(rf"the\s+(?P<det>previous|preceding|following)\s+(?P<wd>{WEEKDAY_RX})(?:'s)?"),
        _weekday_anaphor,
        3,
    ),
    Rule(
        "anaphor",
        rx(
            r"(?:(?P<edge>earlier|later|early|late)\s+)?"
            r"(?P<det>that\s+(?:same|very)|that|the\s+same|the\s+following|the\s+next"
            r"|the\s+previous|the\s+preceding|the\s+prior)\s+"
            r"(?P<unit>day|week|month|year|morning|afternoon|evening|night)"
        ),
        _anaphor,
        3,
    )
]
_TRIGGERS = {
    "anaphor": (
        "that ", "the same", "the following", "the next", "the previous", "the preceding", "the prior",
    ),  # fmt: skip
    "weekday_anaphor": ("the previous", "the preceding", "the following"),
}
RULES = [dataclasses.replace(r, trigger=_TRIGGERS[r.name]) for r in RULES]


def _ref_parts(value: str) -> tuple[int, str | None, int | None] | None:
    """(year, month-or-week, day) of a value that can serve as the reference time."""
    m = _REF_VALUE.match(value)
    if not m:
        return None
    return int(m.group(1)), m.group(2), int(m.group(3)) if m.group(3) else None


def _value(ref: tuple[int, str | None, int | None], unit: str, shift: int) -> str:
    """The ``unit`` ``shift`` steps from the reference, at the unit's granularity."""
    year, mid, day = ref
    month = int(mid) if mid and not mid.startswith("W") else None
    if unit == "Y":
        return f"{year + shift:04d}"
    if unit == "M":
        if month is None:
            return f"{year:04d}-XX"
        y, mo = cal.add_months(year, month, shift)
        return cal.month_value(y, mo)
    if month is None or day is None:  # a week or a month: keep what is known
        if unit == "W":
            return f"{year:04d}-{mid}" if mid and mid.startswith("W") and shift == 0 else f"{year:04d}-WXX"
        if month is not None and shift == 0:
            return f"{year:04d}-{month:02d}-XX"
        return f"{year:04d}-XX-XX"
    d = cal.safe_date(year, month, day)
    if d is None:
        return f"{year:04d}-XX-XX"
    if unit == "W":
        return cal.week_value(d + dt.timedelta(weeks=shift))
    return cal.iso(d + dt.timedelta(days=shift))


def _weekday_value(ref: tuple[int, str | None, int | None] | None, sign: int, weekday: int) -> str:
    """The ``weekday`` (1 = Monday) strictly before (``sign`` -1) or after (+1) the reference day."""
    d = None
    if ref is not None and ref[1] and not ref[1].startswith("W") and ref[2]:
        d = cal.safe_date(ref[0], int(ref[1]), ref[2])
    if d is None:
        return f"XXXX-WXX-{weekday}"
    return cal.nearest_weekday(d, weekday, 2 * sign)


def resolve(hits: list[Hit], anchor: dt.date | None) -> list[Hit]:
    """``hits`` with their ``@A:`` placeholders filled (in text order) from the reference time.

    A day or week named against a reference that only knows its year ("that day" after
    "in 1987") is too vague to place and is dropped.
    """
    ref = (anchor.year, f"{anchor.month:02d}", anchor.day) if anchor else None
    out: list[Hit] = []
    for h in hits:
        out.append(h)
        if h.value.startswith("@A:"):
            _, unit, shift, *part = h.value.split(":")
            if unit == "WD":
                h.value = _weekday_value(ref, int(shift), int(part[0]))
                part = []
            elif ref is not None and ref[1] is None and unit in ("D", "W"):
                out.pop()
                continue
            elif ref is None:
                h.value = cal.shift(None, unit, 0)
            else:
                h.value = _value(ref, unit, int(shift))
            if part:
                h.value += f"T{part[0]}" if re.match(r"\d{4}-\d\d-\d\d$", h.value) else ""
                if "T" not in h.value:
                    h.type = "DATE"
            parts = _ref_parts(h.value)
            if parts is not None:
                ref = parts
            continue
        if h.type in ("DATE", "TIME"):
            parts = _ref_parts(h.value)
            if parts is not None:
                ref = parts
    return out
