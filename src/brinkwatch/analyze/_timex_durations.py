"""Duration values for the time-expression rules: counts, units and halves -> ``P3Y``, ``PT2H``.

TIMEX3 writes a duration as ``P`` + count + unit (``P3D``, ``P6M``), clock units after ``T``
(``PT2H``); an unknown count is ``X`` (``PXY`` for "years", "several years"). Quarters are
written in months (``P6M`` for two quarters), decades and centuries in years (``P10Y``).
"""

from __future__ import annotations

import re

from brinkwatch.analyze._timex_lexicon import VAGUE_QUANT_RX, parse_number, unit_of


def duration_value(n: float | None, unit_word: str) -> str | None:
    """``P3Y``, ``PT2H``, ``PXM`` (unknown count) for a count and a unit word."""
    u = unit_of(unit_word)
    if u is None:
        return None
    code, clock = u
    if code == "WE":
        code, clock = "WE", False
    if code == "Q":
        if n is None:
            return "PXQ"
        code, n = "M", n * 3
    if code == "E" and n is not None:
        code, n = "Y", n * 10
    if code == "C" and n is not None:
        code, n = "Y", n * 100
    if n is None:
        num = "X"
    elif float(n).is_integer():
        num = str(int(n))
    else:
        num = f"{n:g}"
    return f"PT{num}{code}" if clock else f"P{num}{code}"


def count(words: str | None) -> float | None:
    """The count in a duration phrase; None for vague counts ("several", "a few")."""
    if not words:
        return 1.0
    w = words.lower().strip()
    if w in ("a couple of", "couple of"):
        return 2.0
    if re.fullmatch(VAGUE_QUANT_RX, w):
        return None
    return parse_number(w)


_HALF_OF = {"Y": "6M", "M": "15D", "W": "3D12H", "D": "12H", "H": "30M", "MIN": "30S"}


def half_more(value: str) -> str:
    """"two and a half years" -> ``P2Y6M``: the half written in the next smaller unit."""
    mm = re.fullmatch(r"(PT?)(\d+)([A-Z])", value)
    if not mm:
        return value
    prefix, n, unit = mm.groups()
    half = _HALF_OF.get("MIN" if prefix == "PT" and unit == "M" else unit)
    if half is None:
        return value
    if prefix == "P" and unit in ("W", "D"):
        d, h = half.split("D") if "D" in half else ("", half)
        return f"P{n}{unit}{d + 'D' if d else ''}T{h}"
    return f"{prefix}{n}{unit}{half}"
