"""Expressions built on another one: "the day before last Tuesday", "the day after Oct. 23".

Applied after the values are resolved (:func:`brinkwatch.analyze.timex.tag_times`): a
day-precision DATE right after "(the) day before" / "(the) day after" grows to take the
words in (TimeML tags the whole phrase as one DATE) and moves one day back or forward.
"""

from __future__ import annotations

import datetime as dt
import re

from brinkwatch.analyze._timex_base import Hit

_DAY_AROUND = re.compile(r"(?:\b[Tt]he\s+)?\b[Dd]ay\s+(?P<rel>before|after)\s+$")
_DAY_VALUE = re.compile(r"^(\d{4}-\d\d-\d\d)$")


def day_around(hits: list[Hit], text: str) -> list[Hit]:
    """Fold "(the) day before/after" into the day-precision DATE that follows it."""
    for h in hits:
        if h.type != "DATE" or not _DAY_VALUE.match(h.value):
            continue
        m = _DAY_AROUND.search(text, max(0, h.start - 20), h.start)
        if m is None:
            continue
        try:
            day = dt.date.fromisoformat(h.value)
        except ValueError:
            continue
        step = -1 if m.group("rel") == "before" else 1
        h.value = (day + dt.timedelta(days=step)).isoformat()
        h.start = m.start()
    return hits
