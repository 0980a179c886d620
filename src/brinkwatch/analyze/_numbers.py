"""Number phrases to values and intervals: "4,500", "1.7 million", "fifty thousand", "dozens".

Conventions (documented here because quantities and claims both rely on them):

- Every reading has a *point* ``value`` and an *interval* ``low..high`` (``None`` = unbounded).
- A stated number keeps its value; its interval comes from the qualifier
  (see :data:`QUALIFIERS`): "about 4,500" is 4,275..4,725 (±5 %), "more than 4,500" is
  4,501..open, "up to 20" is open..20.
- Vague amounts ("dozens", "hundreds", "a few", "several dozen") get the interval the words
  allow and, as the point value, the conservative low end of it ("dozens" = 24..99, value 24).
  Event coders that follow ACLED's rule ("dozens" = 12) can apply it on top of this.
- Ranges ("500-650", "between 500 and 650") keep both ends; the point value is the low end.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000,
          "mn": 1_000_000}  # fmt: skip
SCALE_WORDS = {"hundred", "thousand", "million", "billion", "trillion"}

# Vague amounts: words -> (point value, low, high). The point is the low end (conservative).
VAGUE: dict[str, tuple[float, float | None, float | None]] = {
    "a dozen": (12, 12, 12),
    "dozen": (12, 12, 12),
    "half a dozen": (6, 6, 6),
    "a couple of": (2, 2, 2),
    "a couple": (2, 2, 2),
    "a few": (2, 2, 5),
    "few": (2, 2, 5),
    "several": (3, 3, 9),
    "dozens": (24, 24, 99),
    "several dozen": (36, 24, 108),
    "a few dozen": (24, 24, 60),
    "scores": (40, 40, 199),
    "hundreds": (200, 200, 999),
    "several hundred": (300, 200, 999),
    "a few hundred": (200, 200, 500),
    "thousands": (2_000, 2_000, 9_999),
    "several thousand": (3_000, 2_000, 9_999),
    "a few thousand": (2_000, 2_000, 5_000),
    "tens of thousands": (20_000, 20_000, 99_999),
    "hundreds of thousands": (200_000, 200_000, 999_999),
    "millions": (2_000_000, 2_000_000, 9_999_999),
}

# Qualifier phrases (lower case, longest first when matching) -> canonical qualifier.
QUALIFIERS: dict[str, str] = {
    "about": "about", "around": "about", "roughly": "about", "some": "about",
    "approximately": "about", "approx.": "about", "circa": "about", "c.": "about",
    "an estimated": "about", "estimated": "about", "an approximate": "about",
    "more than": "more than", "over": "more than", "above": "more than",
    "in excess of": "more than", "upwards of": "more than", "just over": "more than",
    "well over": "more than", "more then": "more than",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "a minimum of": "at least", "not less than": "at least",
    "up to": "up to", "as many as": "up to", "at most": "up to", "no more than": "up to",
    "a maximum of": "up to",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than",
    "below": "fewer than",
    "an additional": "additional", "additional": "additional", "another": "additional",
    "a further": "additional", "further": "additional", "extra": "additional",
}  # fmt: skip

ABOUT_TOLERANCE = 0.05
NEARLY_TOLERANCE = 0.10

_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_RANGE = re.compile(r"^(?:between |from )?([\d.,]+)\s*(?:-|to|and)\s*([\d.,]+)$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|bn|mn)$", re.I)


def parse_digits(text: str) -> float | None:
    """``"4,500"`` -> 4500.0, ``"1.7"`` -> 1.7, ``"3k"`` -> 3000.0; None when not a number."""
    t = text.strip()
    if _DIGITS.match(t):
        return float(t.replace(",", ""))
    m = _SUFFIXED.match(t)
    if m:
        return float(m.group(1)) * SCALES[m.group(2).lower()]
    return None


def _word_value(words: list[str]) -> float | None:
    """Number words (with optional leading digits) -> value: "two hundred and fifty" -> 250."""
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in ("and", "-", "a"):
            continue
        d = parse_digits(w)
        if d is not None:
            current += d
        elif w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif "-" in w and all(p in UNITS or p in TENS for p in w.split("-")):
            current += sum(UNITS.get(p, TENS.get(p, 0)) for p in w.split("-"))
        elif w in SCALES:
            scale = SCALES[w]
            current = max(current, 1.0) * scale
            if scale >= 1000:
                total += current
                current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def normalise_phrase(text: str) -> str:
    """Lower case, single spaces, hyphens between words kept as separate tokens."""
    t = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"(?<=[a-z])-(?=[a-z])", " - ", t)
    return re.sub(r"\s+", " ", t).strip()


def parse_number_interval(text: str) -> tuple[float, float | None, float | None] | None:
    """A number phrase -> ``(value, low, high)``; exact numbers have low == high == value."""
    t = normalise_phrase(text)
    if not t:
        return None
    if t in VAGUE:
        return VAGUE[t]
    if t.endswith(" of") and t[:-3] in VAGUE:
        return VAGUE[t[:-3]]
    rng = _RANGE.match(t)
    if rng:
        lo, hi = parse_digits(rng.group(1)), parse_digits(rng.group(2))
        if lo is not None and hi is not None and lo < hi:
            return lo, lo, hi
    words = t.split()
    if words[0] in ("a", "an") and len(words) > 1 and words[1] in SCALE_WORDS | {"dozen"}:
        words = ["one"] + words[1:]
    if words[-1] in ("dozen",) and len(words) > 1:
        inner = _word_value(words[:-1])
        if inner is None:
            return None
        return inner * 12, inner * 12, inner * 12
    value = _word_value(words)
    if value is None:
        return None
    return value, value, value


def parse_number(text: str) -> float | None:
    """The point value of a number phrase.

    >>> parse_number("50 thousand"), parse_number("1.7 million"), parse_number("a dozen")
    (50000.0, 1700000.0, 12)
    """
    parsed = parse_number_interval(text)
    return None if parsed is None else parsed[0]


def qualify(
    value: float, low: float | None, high: float | None, qualifier: str | None
) -> tuple[float | None, float | None]:
    """The interval that a qualifier makes of a stated number (``low``/``high`` as read)."""
    integral = float(value).is_integer()
    step = 1.0 if integral else 0.0
    if qualifier == "about":
        tol = max(abs(value) * ABOUT_TOLERANCE, 0.0)
        lo, hi = (low if low is not None else value), (high if high is not None else value)
        return lo - tol, hi + tol
    if qualifier == "more than":
        return (high if high is not None else value) + step, None
    if qualifier == "at least":
        return (low if low is not None else value), None
    if qualifier == "up to":
        return None, (high if high is not None else value)
    if qualifier == "fewer than":
        return None, (low if low is not None else value) - step
    if qualifier == "nearly":
        return value * (1 - NEARLY_TOLERANCE), value - step if integral else value
    return low, high


def rounded(x: float | None) -> float | None:
    """Drop float noise from interval arithmetic (4275.000000001 -> 4275.0)."""
    return None if x is None else round(x, 6)
