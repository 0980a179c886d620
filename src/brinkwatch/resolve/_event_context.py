"""Per-document context for dating and placing event candidates (see :mod:`.events`):
sentence and paragraph lookups, the date stated in a trigger's clause, and the narrative
date and place a paragraph's earlier sentences carry forward."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from brinkwatch.records import ArticleAnalysis, EventCandidate, Place, TimeExpr
from brinkwatch.resolve.dates import Anchor

DAY = re.compile(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})")
MONTH = re.compile(r"^\d{4}-\d{2}$")
YEAR = re.compile(r"^\d{4}$")
WEEK = re.compile(r"^\d{4}-W\d{2}$")


def _calendar(t: TimeExpr) -> tuple[str, str] | None:
    """(value, precision) of a time expression that pins a calendar date, else None."""
    if t.type not in ("DATE", "TIME"):
        return None
    value = t.date or t.value or ""
    day = DAY.match(value)
    if day:
        return day.group(0), "day"
    if MONTH.match(value):
        return value, "month"
    if WEEK.match(value):
        return value, "week"
    if YEAR.match(value):
        return value, "year"
    return None


def sentence_of(analysis: ArticleAnalysis, offset: int) -> int:
    starts = [s.start for s in analysis.sentences]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _paragraph_ids(analysis: ArticleAnalysis, text: str | None) -> list[int]:
    """A paragraph number per sentence: a line break between two sentences starts a new one."""
    out, para = [], 0
    prev_end = None
    for s in analysis.sentences:
        if prev_end is not None and (text is None or "\n" in text[prev_end:s.start] or "\n" in s.text.strip()):
            para += 1
        out.append(para)
        prev_end = s.start + len(s.text.rstrip())
    return out


@dataclass
class DocContext:
    """Per-document lookups for dating and placing candidates."""

    analysis: ArticleAnalysis
    times: list[TimeExpr]
    anchor: Anchor
    paragraphs: list[int]
    narrative_dates: list[tuple[str, str] | None]
    narrative_places: list[Place | None]
    places: dict[int, list[Place]] = field(default_factory=dict)  # located places by sentence


def _clause_date(candidate: EventCandidate, times: list[TimeExpr]) -> tuple[str, str] | None:
    """The calendar date stated in the trigger's own clause, if any."""
    found = []
    for span in candidate.time_spans:
        for t in times:
            if t.span.start < span.end and span.start < t.span.end:
                value = _calendar(t)
                if value is not None:
                    found.append((abs(t.span.start - candidate.trigger.start), value))
    if not found:
        return None
    return min(found)[1]


def _sentence_places(analysis: ArticleAnalysis) -> dict[int, list[Place]]:
    out: dict[int, list[Place]] = {}
    for p in analysis.places:
        if p.lat is not None:
            out.setdefault(p.sentence, []).append(p)
    return out


def best_place(places: list[Place]) -> Place | None:
    if not places:
        return None
    # A village or town pins an event better than a country or region named beside it.
    return min(places, key=lambda p: (not populated(p), p.span.start))


def populated(place: Place | None) -> bool:
    return place is not None and (place.feature or "").startswith("P")


def doc_context(analysis: ArticleAnalysis, times: list[TimeExpr], anchor: Anchor, text: str | None) -> DocContext:
    n = len(analysis.sentences)
    paragraphs = _paragraph_ids(analysis, text)
    own: list[tuple[str, str] | None] = [None] * n
    timed = {t.sentence if t.sentence >= 0 else sentence_of(analysis, t.span.start) for t in times}
    for cand in sorted(analysis.events, key=lambda c: c.salience != "main"):
        s = sentence_of(analysis, cand.trigger.start)
        if own[s] is None and not cand.negated:
            own[s] = _clause_date(cand, times)
    for t in times:  # a day named anywhere in a sentence is its narrative date, else
        s = t.sentence if t.sentence >= 0 else sentence_of(analysis, t.span.start)
        value = _calendar(t)
        if 0 <= s < n and own[s] is None and value is not None and value[1] == "day":
            own[s] = value
    places = _sentence_places(analysis)
    narrative_dates: list[tuple[str, str] | None] = []
    narrative_places: list[Place | None] = []
    for s in range(n):
        same_para = s > 0 and paragraphs[s] == paragraphs[s - 1]
        if own[s] is not None and own[s][1] == "year":
            own[s] = None  # "in 1999", "since 2008": history, not the paragraph's narrative date
        # a sentence with a time of its own that pins no day ("now", "recently") breaks the chain
        inherited = narrative_dates[s - 1] if same_para and s not in timed else None
        narrative_dates.append(own[s] or inherited)
        here = best_place([p for p in places.get(s, []) if populated(p)])
        narrative_places.append(here or (narrative_places[s - 1] if same_para else None))
    return DocContext(analysis, times, anchor, paragraphs, narrative_dates, narrative_places, places)


def event_date(candidate: EventCandidate, ctx: DocContext, sentence: int) -> tuple[str | None, str, str, str | None]:
    """(date, precision, basis, partial-date hint) of one candidate."""
    if candidate.date:
        return candidate.date, candidate.date_precision, "clause", None
    found = _clause_date(candidate, ctx.times)
    basis = "clause"
    if found is None and sentence > 0 and ctx.paragraphs[sentence] == ctx.paragraphs[sentence - 1]:
        found, basis = ctx.narrative_dates[sentence - 1], "narrative"
    if found is not None:
        value, precision = found
        if value.startswith("X"):  # year unknown: keep it for merging, fall back to anchor
            date = ctx.anchor.date
            return date, "unknown", "document" if date else "none", value
        return value, precision, basis, value
    if ctx.anchor.date:
        return ctx.anchor.date, "unknown", "document", None
    return None, "unknown", "none", None
