"""Word tables and regex fragments for the time-expression tagger.

The tables are general English calendar vocabulary (month and weekday names, number words,
time units, seasons, parts of the day, fixed-date holidays), written for this project. Value
codes follow the TIMEX3 (TimeML/TIDES) conventions: seasons ``SP SU FA WI``, parts of the day
``MO AF EV NI``, duration units ``Y M W D H M S``, decade ``E`` and century ``C``.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6,
    "sat": 6, "sunday": 7, "sun": 7,
}  # fmt: skip

UNITS_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip

TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": -1,
    "final": -1,
}  # fmt: skip

# unit word -> (TIMEX3 unit letter, is a clock unit written after "PT", months it spans)
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False),
    "fortnight": ("W", False), "month": ("M", False), "quarter": ("Q", False),
    "year": ("Y", False), "decade": ("E", False), "century": ("C", False),
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "mid-afternoon": "AF", "mid afternoon": "AF",
    "evening": "EV", "night": "NI", "overnight": "NI",
}

# Holidays on a fixed calendar day: name -> (month, day).
HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "independence day": (7, 4), "halloween": (10, 31), "veterans day": (11, 11),
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "boxing day": (12, 26), "bastille day": (7, 14), "may day": (5, 1),
}  # fmt: skip

SETS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
}  # fmt: skip

VAGUE: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "at present": "PRESENT_REF",
    "the present": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "right now": "PRESENT_REF", "these days": "PRESENT_REF", "so far": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", 
    "earlier": "PAST_REF", "once": "PAST_REF",
    "the future": "FUTURE_REF", 
    "shortly": "FUTURE_REF", "later": "FUTURE_REF", "a later date": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the coming days": "FUTURE_REF", "the days ahead": "FUTURE_REF",
}  # fmt: skip


def _alt(words: list[str] | dict[str, object]) -> str:
    """A regex alternation of words, longest first so the engine prefers full forms."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH_FULL = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_MONTH_ABBR = [m for m in MONTHS if m not in _MONTH_FULL]
# "Sept." and "Sept" both; abbreviations need their period or a following day number.
MONTH_RX = rf"(?:{_alt(_MONTH_FULL)}|(?:{_alt(_MONTH_ABBR)})\.)"
MONTH_LOOSE_RX = rf"(?:{_alt(_MONTH_FULL)}|(?:{_alt(_MONTH_ABBR)})\.?)"
WEEKDAY_RX = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_UNIT_DIGIT = _alt(list(UNITS_WORDS))
NUMWORD_RX = (
    rf"(?:(?:{_UNIT_DIGIT}|a|one) (?:hundred|thousand)"  # "two thousand (years)"
    rf"|(?:{_alt(list(TENS_WORDS))})(?:[- ](?:{_UNIT_DIGIT}))?|{_UNIT_DIGIT}"
    r"|(?:a |one )?hundred|(?:a )?dozen)"
)
NUMBER_RX = rf"(?:\d+(?:[.,]\d+)?|{NUMWORD_RX})"
ORDINAL_RX = rf"(?:{_alt(list(ORDINALS))}|\d{{1,2}}(?:st|nd|rd|th))"
VAGUE_QUANT_RX = r"(?:several|a few|few|many|a couple of|couple of|some|the next few|a number of)"
UNIT_RX = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?"
    r"|quarters?|years?|decades?|centuries|century)"
)


def parse_number(words: str) -> float | None:
    """The number that ``words`` spells: "24", "twenty-four", "a", "a dozen", "1.5"."""
    w = words.strip().lower().replace(",", "")
    if not w:
        return None
    if w in ("a", "an", "one", "a single", "single"):
        return 1.0
    try:
        return float(w)
    except ValueError:
        pass
    if w in ("a dozen", "dozen"):
        return 12.0
    if w in ("hundred", "a hundred", "one hundred"):
        return 100.0
    mult = re.fullmatch(r"(\w+) (hundred|thousand)", w)
    if mult:
        k = 1.0 if mult.group(1) == "a" else UNITS_WORDS.get(mult.group(1))
        return None if k is None else k * (100.0 if mult.group(2) == "hundred" else 1000.0)
    if w in UNITS_WORDS:
        return float(UNITS_WORDS[w])
    parts = re.split(r"[- ]", w)
    if parts and parts[0] in TENS_WORDS:
        total = TENS_WORDS[parts[0]]
        if len(parts) == 2 and parts[1] in UNITS_WORDS:
            total += UNITS_WORDS[parts[1]]
        elif len(parts) > 1:
            return None
        return float(total)
    return None


def unit_of(word: str) -> tuple[str, bool] | None:
    """The TIMEX3 unit for a unit word in any number ("years", "century", "hour")."""
    w = word.lower().rstrip(".")
    if w == "centuries":
        w = "century"
    elif w.endswith("s") and w[:-1] in UNITS:
        w = w[:-1]
    return UNITS.get(w)
