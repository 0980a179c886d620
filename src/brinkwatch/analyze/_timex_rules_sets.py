"""Rules for recurring parts of named days and for "then-current".

- "on Sunday mornings", "Monday and Tuesday nights": a SET of that part of that weekday,
  ``XXXX-WXX-7TMO``; in a coordination each weekday gets its own SET, the part named once
  after the last one applies to all ("Monday" is ``XXXX-WXX-1TNI`` too);
- "the then-current price": the time the text talks about, not now (``PAST_REF``).
"""

from __future__ import annotations

import re

from brinkwatch.analyze._timex_base import Ctx, Hit, Rule, hit, rx
from brinkwatch.analyze._timex_lexicon import WEEKDAY_RX, WEEKDAYS

_PART_CODE = {"mornings": "MO", "afternoons": "AF", "evenings": "EV", "nights": "NI"}


def _weekday_parts(m: re.Match[str], ctx: Ctx) -> list[Hit] | None:
    code = _PART_CODE[m.group("part").lower()]
    words = [g for g in ("wd1", "wd2") if m.group(g)]
    if any(not m.group(g)[0].isupper() for g in words):
        return None
    hits = []
    if m.group("wd1"):
        wd = WEEKDAYS[m.group("wd1").lower()]
        hits.append(Hit(m.start("wd1"), m.end("wd1"), "SET", f"XXXX-WXX-{wd}T{code}"))
    wd = WEEKDAYS[m.group("wd2").lower()]
    hits.append(Hit(m.start("wd2"), m.end("part"), "SET", f"XXXX-WXX-{wd}T{code}"))
    return hits


def _then_current(m: re.Match[str], ctx: Ctx) -> Hit:
    return hit(m, "DATE", "PAST_REF")


RULES: list[Rule] = [
    Rule(
        "weekday_parts",
        rx(
            rf"(?:(?P<wd1>{WEEKDAY_RX})\s*(?:,|and|or|&)\s*)?(?P<wd2>{WEEKDAY_RX})\s+"
            r"(?P<part>mornings|afternoons|evenings|nights)"
        ),
        _weekday_parts,
        3,
        ("mornings", "afternoons", "evenings", "nights"),
    ),
    Rule("then_current", rx(r"then[- ]current"), _then_current, 3, ("then",)),
]
