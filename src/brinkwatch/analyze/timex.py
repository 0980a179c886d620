"""Time expressions (TIMEX3): find them in text and normalise them against the document date.

A rule-based tagger in pure Python (regular expressions and calendar arithmetic), fast
enough to run on every article. The cascade:

1. split the text into sentences (or use the ones given) so tense cues stay local;
2. run every rule of :mod:`._timex_rules_dates` and :mod:`._timex_rules_relative`; each match
   is normalised by its handler into a type and a TIMEX3 value;
3. keep the longest candidates that do not overlap (ties go to the rule's priority);
4. fill in the values that depend on earlier mentions, in document order: "that day",
   "later that year", "the following month" from the last date the text named
   (:mod:`._timex_anaphora`), then "the quarter", "a year earlier" from the last quarter
   reported on (a forecast quarter does not count).

Conventions (TimeML/TempEval-3): prepositions are outside the extent, determiners and
modifiers inside ("the past two months", "early next year"); a bare weekday or month is the
one nearest the anchor in the direction the sentence's tense points (past unless "will",
"next", "scheduled", "plans to" ... point forward); a year range "1998-1999" is two DATEs;
"the 1990s" is ``199X``; "now", "currently" are ``PRESENT_REF``; "recently" ``PAST_REF``.
With no anchor, relative values keep ``X`` for what is unknown (``XXXX-09-24``,
``XXXX-WXX-5``) and ``date`` is None.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re

from brinkwatch.analyze import _timex_anaphora as anaphora
from brinkwatch.analyze import _timex_calendar as cal
from brinkwatch.analyze._timex_compose import day_around
from brinkwatch.analyze._timex_base import Ctx, Hit, Rule
from brinkwatch.analyze._timex_filters import drop_non_times
from brinkwatch.analyze._timex_periods import RULES as PERIOD_RULES
from brinkwatch.analyze._timex_rules_dates import RULES as DATE_RULES
from brinkwatch.analyze._timex_rules_relative import RULES as RELATIVE_RULES
from brinkwatch.analyze._timex_movable import RULES as FEAST_RULES
from brinkwatch.analyze._timex_rules_sets import RULES as SET_RULES
from brinkwatch.records import Span, TimeExpr

log = logging.getLogger(__name__)

RULES: list[Rule] = DATE_RULES + RELATIVE_RULES + PERIOD_RULES + SET_RULES + FEAST_RULES + anaphora.RULES

_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“'(`]*[A-Z])|\n\s*\n")
# words whose period does not end a sentence (titles, month and company abbreviations)
_ABBREV = frozenset(
    """mr mrs ms dr prof st sen rep gov gen lt col maj sgt capt adm rev jr sr inc co corp ltd
    bros no vs jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur
    thurs fri sat sun u.s u.n u.k a.m p.m e.g i.e""".split()
)
_LAST_WORD = re.compile(r"([\w.]+)\.[\"'”’)]*$")
# Tense cues, matched over a sentence. A future cue points forward unless a perfect
# ("had been scheduled") makes it a past plan; any other past-tense verb points back.
_FUTURE_RX = re.compile(
    r"\b(?:will|'ll|shall|won't|wo n't|going to|gon na"
    r"|(?:is|are|am|be)\s+(?:scheduled|expected|due|set|slated|planning|going)\b"
    r"|(?:was|were)\s+(?:scheduled|expected|due|set|slated|planning|going)\s+to\b"
    r"|(?:is|are)\s+to\b|plans?\s+to|planning\s+to|intends?\s+to|expects?\s+to"
    r"|hopes?\s+to|aims?\s+to"
    r"|(?:planned|scheduled|slated|expected|set|due|poised|preparing|prepared|promised|vowed|agreed)\s+to"
    r"|planned\s+(?:a|an|for)|scheduled\s+(?:a|an|for)"
    r"|next(?!\s+to\b)|upcoming|tomorrow|later\s+this|would)\b",
    re.I,
)
_PAST_RX = re.compile(
    r"\b(?:said|was|were|had|did|told|ago|last|yesterday|earlier|went|came|met|took|gave|"
    r"made|began|"
    r"fell|rose|held|left|won|lost|sold|bought|paid|found|saw|got|sent|led|struck|broke|spoke|quit|"
    r"ran|shot|became|kept|thought|brought|(?-i:(?!hundred\b|un)[a-z]{2,}(?<!e)ed))\b",
    re.I,
)
_PERFECT_RX = re.compile(r"\bhad\s+(?:been\s+|already\s+)?(?=\w)", re.I)
# a participle after "be" / "is" is passive or adjectival, not a past tense: "will be named"
_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are|am)\s+(?:(?:not|also|now|\w+ly)\s+)?$", re.I)
# a present-tense schedule verb right before a day or month: "meet separately Monday",
# "the trial begins on Tuesday" (news writes coming events in the simple present)
_DAY_NAMES = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_SCHEDULE_RX = re.compile(
    r"(?<!\bto )\b(?:meets?|begins?|starts?|resumes?|opens?|arrives?|leaves?|visits?|travels?|returns?|"
    r"reconvenes?|convenes?|expires?)"
    rf"(?=\s+(?:\w+ly\s+)?(?:on\s+|in\s+|next\s+)?(?-i:{_DAY_NAMES})\b)",
    re.I,
)
# past verbs that only report speech: weaker evidence for the time of what is reported than
# a past verb of the event itself ("changed ... in December", "the year ended Jan. 31")
_REPORT_WORDS = frozenset(
    "said told was were had did ago last earlier yesterday announced reported added stated "
    "noted disclosed confirmed claimed".split()
)
_PRESENT_RX = re.compile(r"\b(?:is|are|am)\b(?!\s+(?:\w+\s+)?(?:to|going|expected|scheduled|due|set|slated)\b)", re.I)
_QUOTE_RX = re.compile(r"''|``|[\"“”]")
_DATE_RX = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T|$)")
_QUARTER_RX = re.compile(r"^\d{4}-Q[1-4]$")
# characters after a named quarter within which "a year ago" means that quarter a year before
_QUARTER_REACH = 600
_QUARTER_CONTEXT = re.compile(r"\b(quarter|quarterly|period|three months|nine months)\b", re.I)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence bounds (start, end): enough to keep tense cues local."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_BREAK.finditer(text):
        if m.group(0).count("\n") < 2:
            last = _LAST_WORD.search(text, max(0, m.start() - 12), m.start())
            if last and (last.group(1).lower() in _ABBREV or len(last.group(1)) == 1):
                continue
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return [b for b in bounds if b[1] > b[0]] or [(0, len(text))]


def _parse_anchor(anchor: str | None) -> dt.date | None:
    if not anchor or not isinstance(anchor, str):
        return None
    try:
        return dt.date.fromisoformat(anchor.strip()[:10])
    except ValueError:
        log.debug("anchor %r is not an ISO date; relative times stay unresolved", anchor)
        return None


class _Tense:
    """Reads the tense a sentence points in, near a given span of it."""

    def __init__(self, text: str, sentences: list[tuple[int, int]]) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s for s, _ in sentences]
        self.cache: dict[int, list[tuple[int, int]]] = {}

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.starts, pos) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def _cues(self, sent: tuple[int, int]) -> list[tuple[int, int]]:
        key = sent[0]
        if key not in self.cache:
            chunk = self.text[sent[0] : sent[1]]
            fut = [(m.start() + sent[0], m.end() + sent[0]) for m in _FUTURE_RX.finditer(chunk)]
            fut += [(m.start() + sent[0], m.end() + sent[0]) for m in _SCHEDULE_RX.finditer(chunk)]
            cues = [(s, 1) for s, _ in fut]
            # a present tense right by the expression holds it near the anchor: "the case is
            # heard in May" (0: no lean), whatever a farther past verb says
            cues += [(m.start() + sent[0], 0) for m in _PRESENT_RX.finditer(chunk)]
            # a past perfect turns a plan into history: "had been scheduled to expire Friday"
            for m in _PERFECT_RX.finditer(chunk):
                pos = m.end() + sent[0]
                cues = [(s, -1) if s == pos else (s, t) for s, t in cues]
            for m in _PAST_RX.finditer(chunk):
                pos = m.start() + sent[0]
                if any(s <= pos < e for s, e in fut):
                    continue
                word = m.group(0).lower()
                if word.endswith("ed") and _PASSIVE_BEFORE.search(chunk, max(0, m.start() - 25), m.start()):
                    continue  # "will be named", "is scheduled": not a past tense
                # -1 reports or auxiliaries, -2 a past verb of the event itself (see firm_past)
                cues.append((pos, -1 if word in _REPORT_WORDS else -2))
            self.cache[key] = sorted(cues)
        return self.cache[key]

    def _nearest(self, start: int, end: int) -> int:
        best: tuple[int, int] | None = None
        for pos, t in self._cues(self.sentence_of(start)):
            if start <= pos < end:
                continue
            dist = start - pos if pos < start else pos - end
            if t > 0 and pos < start:
                dist = dist * 2 // 3  # "will ... Friday": a modal governs what follows it
            lo, hi = (pos, start) if pos < start else (end, pos)
            if _QUOTE_RX.search(self.text, lo, hi):
                dist *= 3  # a quotation has its own tense: "will leave Thursday,'' he said"
            if best is None or dist < best[0]:
                best = (dist, t)
        return best[1] if best else 0

    def direction(self, start: int, end: int) -> int:
        """+1 when the nearest tense cue of the sentence points forward, -1 backward, else 0."""
        return max(-1, min(1, self._nearest(start, end)))

    def firm_past(self, start: int, end: int) -> bool:
        """Whether the nearest tense cue is a past verb of the event itself, not a report
        ("changed ... in December", not "said ... December")."""
        return self._nearest(start, end) < -1


def _matches(
    rule: Rule, text: str, lowered: str, chunks: list[tuple[int, int]],
    present: dict[str, frozenset[int]] | None = None,
) -> list[re.Match[str]]:
    """The rule's matches; a rule with a trigger scans only the sentences that contain it.

    :param present: trigger word -> the indexes of the chunks that contain it (filled in as
        needed, shared by the rules of one document: each word is looked for once).
    """
    if rule.trigger is None:
        return list(rule.pattern.finditer(text))
    if present is None:
        present = {}
    wanted: set[int] = set()
    for k in rule.trigger:
        where = present.get(k)
        if where is None:
            where = present[k] = (
                frozenset(n for n, (s, e) in enumerate(chunks) if lowered.find(k, s, e) >= 0)
                if k in lowered else frozenset()
            )
        wanted |= where
    found: list[re.Match[str]] = []
    for n in sorted(wanted):
        s, e = chunks[n]
        found.extend(rule.pattern.finditer(text, s, e))
    return found


def _candidates(ctx: Ctx, chunks: list[tuple[int, int]]) -> list[tuple[Hit, int]]:
    out: list[tuple[Hit, int]] = []
    lowered = ctx.text.lower()
    if len(lowered) != len(ctx.text):  # a few characters change length when lowered
        lowered = "".join(c.lower()[:1] or c for c in ctx.text)
    present: dict[str, frozenset[int]] = {}
    for rule in RULES:
        for m in _matches(rule, ctx.text, lowered, chunks, present):
            if m.end() <= m.start():
                continue
            try:
                res = rule.handler(m, ctx)
            except Exception:  # a rule bug must not lose the rest of the document
                log.exception("timex rule %s failed on %r", rule.name, m.group(0))
                continue
            for h in res if isinstance(res, list) else [res] if res else []:
                if h.end > h.start and h.value:
                    h.rule = rule.name
                    out.append((h, rule.priority))
    return out


def _select(cands: list[tuple[Hit, int]]) -> list[Hit]:
    """Longest non-overlapping candidates, ties to the higher priority, then the earlier."""
    cands.sort(key=lambda c: (-(c[0].end - c[0].start), -c[1], c[0].start))
    taken: list[Hit] = []
    starts: list[int] = []
    for h, _ in cands:
        i = bisect.bisect_left(starts, h.start)
        if i > 0 and taken[i - 1].end > h.start:
            continue
        if i < len(taken) and taken[i].start < h.end:
            continue
        starts.insert(i, h.start)
        taken.insert(i, h)
    return taken


def _forecast_quarter(h: Hit, ctx: Ctx) -> bool:
    """Whether quarter hit ``h`` is one with no results yet: later than the anchor's quarter,
    or the anchor's own quarter in a sentence that points forward ("expects ... in the fourth
    quarter"). A fiscal quarter just reported may carry a later number, hence the tense test."""
    if ctx.anchor is None:
        return False
    here = (ctx.anchor.year, cal.quarter_of(ctx.anchor))
    q = (int(h.value[:4]), int(h.value[-1]))
    return q > here or (q == here and ctx.direction(h.start, h.end) > 0)


def _resolve_refs(hits: list[Hit], ctx: Ctx) -> None:
    """Fill ``@`` placeholders in document order (see :mod:`._timex_rules_relative`)."""
    last_q: str | None = None
    last_q_end = -(10**9)
    for h in hits:
        v = h.value
        if _QUARTER_RX.match(v):
            if not _forecast_quarter(h, ctx):  # a forecast is not the period reported on
                last_q, last_q_end = v, h.end
            continue
        if not v.startswith("@"):
            continue
        if v.startswith("@QE:"):
            h.value = last_q or v[4:]
            last_q, last_q_end = h.value, h.end
            continue
        ref = last_q or cal.last_completed_quarter(ctx.anchor)
        if v == "@YAGO":
            near_q = h.start - last_q_end < _QUARTER_REACH
            v = "@Q-4" if near_q or _QUARTER_CONTEXT.search(ctx.sentence_text(h.start)) else ""
            if not v:
                h.value = cal.shift(ctx.anchor, "Y", -1)
                continue
        if v == "@Q":
            h.value = ref
        elif v == "@Q-4":
            y = cal.year_of(ref)
            h.value = f"{y - 1:04d}{ref[4:]}" if y else ref
        elif v.startswith("@QY:"):
            h.value = f"{v[4:]}{ref[4:]}"
        else:
            h.value = "XXXX"


def tag_times(
    text: str,
    anchor: str | None,
    doc_id: str = "",
    sentences: list[tuple[int, int]] | None = None,
) -> list[TimeExpr]:
    """Find every time expression in ``text`` and normalise it against ``anchor``.

    :param text: the document text (any string; this function never raises).
    :param anchor: the document date as ``YYYY-MM-DD``, or None when unknown.
    :param doc_id: written into each span.
    :param sentences: sentence bounds ``(start, end)``; when given, each expression gets the
        index of the sentence it starts in, and tense cues are read within it.
    :returns: the expressions in text order, as :class:`~brinkwatch.records.TimeExpr`.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        return _tag(text, anchor, doc_id, sentences)
    except Exception:  # never let one odd document stop the pipeline
        log.exception("time tagging failed for document %r", doc_id)
        return []


def _tag(
    text: str, anchor: str | None, doc_id: str, sentences: list[tuple[int, int]] | None
) -> list[TimeExpr]:
    anchor_date = _parse_anchor(anchor)
    sents = sorted(sentences) if sentences else split_sentences(text)
    tense = _Tense(text, sents)
    ctx = Ctx(
        text=text,
        anchor=anchor_date,
        direction=tense.direction,
        sentence_of=tense.sentence_of,
        firm_past=tense.firm_past,
    )
    chunks = split_sentences(text) if sentences else sents
    hits = drop_non_times(_select(_candidates(ctx, chunks)), text)
    hits = anaphora.resolve(hits, anchor_date)
    hits = day_around(hits, text)
    _resolve_refs(hits, ctx)
    anchor_iso = anchor_date.isoformat() if anchor_date else None
    out: list[TimeExpr] = []
    starts = [s for s, _ in sents] if sentences else []
    for h in hits:
        sent_index = max(0, bisect.bisect_right(starts, h.start) - 1) if sentences else -1
        out.append(
            TimeExpr(
                span=Span(doc_id=doc_id, start=h.start, end=h.end, text=text[h.start : h.end]),
                type=h.type,  # type: ignore[arg-type]
                value=h.value,
                date=h.value[:10] if _DATE_RX.match(h.value) else None,
                anchor=anchor_iso,
                sentence=sent_index,
            )
        )
    return out


__all__ = ["split_sentences", "tag_times"]
