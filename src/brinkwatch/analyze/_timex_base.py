"""Shared pieces of the time-expression rules: the match context, hits and rule records."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

TimexType = str  # "DATE" | "TIME" | "DURATION" | "SET"


@dataclass(slots=True)
class Hit:
    """One time expression a rule found: characters ``start:end`` with its type and value."""

    start: int
    end: int
    type: TimexType
    value: str
    rule: str = ""


@dataclass(slots=True)
class Ctx:
    """What a rule's handler may consult while normalising one match.

    ``direction(start, end)`` reads the tense of the sentence around the match: +1 future,
    -1 past, 0 no cue; ``firm_past(start, end)`` whether that past is an event verb rather
    than a report ("changed in December" vs "said ... December"). ``last_quarter`` is the most recent quarter value produced so far in
    the document (the reference for "the quarter", "a year earlier" in earnings prose).
    """

    text: str
    anchor: dt.date | None
    direction: Callable[[int, int], int]
    sentence_of: Callable[[int], tuple[int, int]]
    firm_past: Callable[[int, int], bool] = lambda start, end: False
    last_quarter: str | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def sentence_text(self, pos: int) -> str:
        s, e = self.sentence_of(pos)
        return self.text[s:e]


Handler = Callable[[re.Match[str], Ctx], "list[Hit] | Hit | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern and the handler that turns its matches into hits."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    priority: int = 0  # breaks ties between equally long candidates
    # lowercase substrings of which every match contains one: the rule only runs on the
    # sentences that have one (a cheap prefilter; the patterns are slow to scan everywhere)
    trigger: tuple[str, ...] | None = None


def rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a rule pattern bounded by word edges."""
    return re.compile(rf"(?<![\w$£€-])(?:{pattern})(?![\w])", flags)


def hit(m: re.Match[str], type_: TimexType, value: str, group: int | str = 0) -> Hit:
    """A hit over the whole match (or one group of it)."""
    return Hit(m.start(group), m.end(group), type_, value)


_FORWARD_BEFORE = re.compile(
    r"\b(?P<w>as soon as|as early as|until|till|no later than|by|through)\s+"
    r"(?:(?:[\d.:]+|[ap]\.m\.|noon|midnight|(?-i:[A-Z]{2,4})|early|late|mid-?)\s+){0,3}$",
    re.I,
)
_BACKWARD_BEFORE = re.compile(
    r"\b(?:since|ever since)\s+(?:(?:shortly|soon|just|right|immediately)\s+)?(?:(?:after|before)\s+)?"
    r"(?:the\s+)?(?:(?:early|late|mid-?|last)\s+)?$",
    re.I,
)
_PERFECT = re.compile(r"\bhad\s+(?:not\s+|n't\s+|been\s+|already\s+)*[a-z]+(?:ed|en|un|wn)\b", re.I)


def forward_before(text: str, start: int) -> bool:
    """Whether the words right before ``start`` point forward: "as soon as", "until" (a weekday)."""
    return _FORWARD_BEFORE.search(text, max(0, start - 30), start) is not None


def lean(ctx: Ctx, start: int, end: int) -> int:
    """The direction a day or month without a year points in, from its preposition and tense.

    "since March" looks back, strictly (-2: never a later March); "by Friday", "until March" look forward unless the sentence
    is in the past perfect ("had not called him a suspect until Thursday"); otherwise the
    tense of the sentence decides (see :attr:`Ctx.direction`).
    """
    if _BACKWARD_BEFORE.search(ctx.text, max(0, start - 45), start):
        return -2
    fwd = _FORWARD_BEFORE.search(ctx.text, max(0, start - 30), start)
    if fwd:
        if fwd.group("w").lower() in ("until", "till", "by", "through"):
            s, e = ctx.sentence_of(start)
            # the perfect must govern the phrase: not one inside an earlier clause
            # ("The sale, which had been expected, is part of a plan to pay ... by February")
            clause = max(s, ctx.text.rfind(", ", s, fwd.start()) + 1)
            # a fronted "Until Thursday, the police had not ..." is governed by the main clause
            fronted = not ctx.text[clause : fwd.start()].strip(" \t\n\"'`“")
            stop = -1 if fronted else ctx.text.find(", ", start, e)
            if _PERFECT.search(ctx.text, clause, e if stop < 0 else stop):
                return -1
        return 1
    return ctx.direction(start, end)


def month_lean(ctx: Ctx, start: int, end: int) -> tuple[int, bool]:
    """:func:`lean` and whether a past lean is firm (an event verb, not a report)."""
    d = lean(ctx, start, end)
    return d, d == -1 and ctx.firm_past(start, end)
