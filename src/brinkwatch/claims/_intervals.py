"""Comparison intervals for claimed figures, read as an analyst reads them.

A stated figure is compared at the precision it was stated with, not at a fixed tolerance:

1. a round figure ("about 4,500", "1.7 million", "roughly 50,000") is a point at its
   *rounding unit* (4,500 -> 100; 1.7 million -> 100,000; 50,000 -> 10,000), i.e. the
   interval ``[value - unit/2, value + unit/2)``; "about 4,500" and "around 4,500" agree, "about 1.7 million"
   and "1.8 million" do not;
2. "nearly"/"almost" X is the lower half of that interval: ``[X - unit/2, X]``;
3. bounds are open intervals: "more than X" ``(X, inf)``, "at least X" ``[X, inf)``,
   "up to X" ``[0, X]``, "fewer than X" ``[0, X)``;
4. ranges ("500-650", "between 500 and 650") and vague counts ("dozens", "hundreds") keep the
   low..high the quantity reader gave them;
5. small exact counts ("three gunmen") are points.

Two intervals agree when they overlap with a positive width or share a point both include.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

APPROX_QUALIFIERS = {"about", "around", "roughly", "approximately", "some", "an estimated"}
NEARLY_QUALIFIERS = {"nearly", "almost", "just under", "close to"}
LOWER_OPEN = {"more than", "over", "above"}
LOWER_CLOSED = {"at least"}
UPPER_CLOSED = {"up to", "at most"}
UPPER_OPEN = {"fewer than", "less than", "under", "below"}
RANGE_QUALIFIERS = {"range", "between"}


@dataclass(frozen=True, slots=True)
class Interval:
    """``low..high`` (None = unbounded) with whether each end is included."""

    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def overlaps(self, other: Interval) -> bool:
        """Whether some number lies in both intervals."""
        lo, lo_open = _max_low(self, other)
        hi, hi_open = _min_high(self, other)
        if lo is None or hi is None:
            return True
        if lo < hi:
            return True
        return lo == hi and not lo_open and not hi_open

    def shifted(self, delta: float) -> Interval:
        """The interval moved by ``delta`` (a later state minus its stated increase)."""
        return Interval(
            None if self.low is None else self.low + delta,
            None if self.high is None else self.high + delta,
            self.low_open,
            self.high_open,
        )


def _max_low(a: Interval, b: Interval) -> tuple[float | None, bool]:
    if a.low is None:
        return b.low, b.low_open
    if b.low is None or a.low > b.low:
        return a.low, a.low_open
    if b.low > a.low:
        return b.low, b.low_open
    return a.low, a.low_open or b.low_open


def _min_high(a: Interval, b: Interval) -> tuple[float | None, bool]:
    if a.high is None:
        return b.high, b.high_open
    if b.high is None or a.high < b.high:
        return a.high, a.high_open
    if b.high < a.high:
        return b.high, b.high_open
    return a.high, a.high_open or b.high_open


def rounding_unit(value: float) -> float:
    """The unit a figure was rounded to: 4,500 -> 100, 1,700,000 -> 100,000, 37 -> 1, 2.5 -> 0.1."""
    x = abs(value)
    if x == 0:
        return 1.0
    if not float(x).is_integer():
        decimals = len(f"{x:.6f}".rstrip("0").split(".")[1])
        return 10.0 ** -decimals
    unit = 1.0
    n = int(round(x))
    while n % 10 == 0 and n >= 10:
        n //= 10
        unit *= 10
    return unit


def is_round(value: float) -> bool:
    """A figure that reads as rounded (a thousand or more, ending in at least two zeros)."""
    return abs(value) >= 1000 and rounding_unit(value) >= 100


def interval_of(value: float | None, low: float | None, high: float | None,
                qualifier: str | None) -> Interval:
    """The comparison interval of one claimed figure (see the module docstring)."""
    q = (qualifier or "").lower()
    if value is None:
        return Interval(low, high)
    if q in RANGE_QUALIFIERS or (not q and low is not None and high is not None and low != high):
        return Interval(low if low is not None else value, high if high is not None else value)
    half = rounding_unit(value) / 2
    if q in APPROX_QUALIFIERS:
        return Interval(value - half, value + half, high_open=True)
    if q in NEARLY_QUALIFIERS:
        return Interval(value - half, value, high_open=True)
    if q in LOWER_OPEN:
        return Interval(value, None, low_open=True)
    if q in LOWER_CLOSED:
        return Interval(value, None)
    if q in UPPER_CLOSED:
        return Interval(0.0, value)
    if q in UPPER_OPEN:
        return Interval(0.0, value, high_open=True)
    if is_round(value):
        return Interval(value - half, value + half, high_open=True)
    return Interval(value, value)


def finite(x: float | None) -> bool:
    """Whether ``x`` is a real bound."""
    return x is not None and not math.isinf(x)
