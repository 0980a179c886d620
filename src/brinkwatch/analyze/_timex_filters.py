"""Matches that look like time expressions but are not, by TimeML conventions.

Applied after selection (:func:`brinkwatch.analyze.timex.tag_times`):

1. ages: "37 years old", "55 years old or older" describe a person, not a period;
2. rates: "four flights a week", "$1.76 a year", "$35 a night", "24 hours a day": the
   unit is a denominator, not a time the text talks about;
3. numbers that only look like years: "2082.1", "1,462" (a decimal or thousands part);
4. words that name something else: "the party daily Borba" (a newspaper), "high noon"
   (an idiom, or a film title), a generic "today's" ("today's youth", "in today's world"),
   a programme's title (ABC's "This Week," "This is VOA Today").
"""

from __future__ import annotations

import re

from brinkwatch.analyze._timex_base import Hit

_AGE_AFTER = re.compile(r"\s+old\b", re.I)
_RATE_HIT = re.compile(r"^(?:a|an|per|each)\s+(?:day|night|week|month|year|hour|minute|second|quarter)$", re.I)
_NUMBER_WORDS = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen|hundreds|thousands|millions|billions)"
)
# what stands right before a rate's "a week": a count ("700 a week", "$2 million a year")
# or a counted plural noun ("four flights a week", "700 seats a week")
_RATE_BEFORE = re.compile(
    rf"(?:{_NUMBER_WORDS}|{_NUMBER_WORDS}\s+(?:[a-z]+\s+)?[a-z]{{3,}}s)\s*$", re.I
)
_YEAR_LIKE = re.compile(r"^\d{4}$")
_NUMBER_AFTER = re.compile(r"^(?:[.,]\d)")
_NUMBER_BEFORE = re.compile(r"(?:\d[.,]|\$)$")
_NEWSPAPER_AFTER = re.compile(r"\s+(?:newspaper\b|[\"“'`]*[A-Z])")
# a programme's title: ABC's "This Week," "This Week With David Brinkley", "This is VOA Today"
_SHOW_WORDS = frozenset({"This Week", "Today", "Tonight"})
_SHOW_QUOTED = (re.compile(r"[\"“]$"), re.compile(r"(?:[,.]?[\"”]|\s+With\b)"))
_SHOW_NETWORK = re.compile(r"\b(?:[A-Z]{2,5})(?:-TV)?\s+$")
_HIGH_BEFORE = re.compile(r"\bhigh\s+$", re.I)
_GENERIC_TODAY = re.compile(
    r"'s\s+(?:[a-z]+\s+)?(?:world|youth|society|generation|young|children|kids|culture|standards|"
    r"economy|technology|computers|consumers|families|women|men|teenagers|students)\b"
)


def keep(h: Hit, text: str) -> bool:
    """Whether hit ``h`` over ``text`` is a time expression after all."""
    span = text[h.start : h.end]
    if h.type == "DURATION" and _AGE_AFTER.match(text, h.end):
        return False
    if _RATE_HIT.match(span) and _RATE_BEFORE.search(text, max(0, h.start - 40), h.start):
        return False
    if _YEAR_LIKE.match(span) and (
        _NUMBER_AFTER.match(text[h.end : h.end + 2]) or _NUMBER_BEFORE.search(text[max(0, h.start - 2) : h.start])
    ):
        return False
    if span in _SHOW_WORDS:
        before = text[max(0, h.start - 12) : h.start]
        quoted = _SHOW_QUOTED[0].search(before) and _SHOW_QUOTED[1].match(text, h.end)
        if quoted or _SHOW_NETWORK.search(before):
            return False
    low = span.lower()
    if low == "annually" and _RATE_BEFORE.search(text, max(0, h.start - 40), h.start):
        return False  # "C$17.9 million annually", "10,000 units annually": a rate
    if low == "annually" and re.search(r"(?:\d|%|percent)", text[max(0, h.start - 40) : h.start]):
        return False  # "to rise 8.5% annually"
    if low == "daily" and _NEWSPAPER_AFTER.match(text, h.end):
        return False  # "the party daily Borba": a newspaper
    if low == "noon" and _HIGH_BEFORE.search(text, max(0, h.start - 8), h.start):
        return False
    if low == "today" and _GENERIC_TODAY.match(text, h.end):
        return False
    return True


def drop_non_times(hits: list[Hit], text: str) -> list[Hit]:
    """``hits`` without ages, rates and year-like numbers."""
    return [h for h in hits if keep(h, text)]
