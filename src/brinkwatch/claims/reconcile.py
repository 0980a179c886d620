"""Reconciling claims across sources into :class:`~brinkwatch.records.ClaimGroup` records.

1. Subjects are mapped through ``aliases`` (and the context's organisation aliases) and
   matched fuzzily: same key, or the same head word with one key's words a subset of the
   other's ("serbs in the north" ~ "serbs in the north of kosovo"), or a near-identical
   spelling.
2. Casualty figures are grouped by the incident they belong to, not by the noun that named
   it: a weak subject ("firefight", "attack", a country) takes the one specific incident
   place the document's other casualty figures name, else the place of the event coded from
   the same sentence, else the one incident place its document's events (else its story's)
   report (see :mod:`brinkwatch.claims.context`).
3. Claims are grouped by (subject, property, time scope). A time scope
   ``after_increase:+N`` (set by the extractor when the sentence states an increase) belongs
   to the same group as the unscoped figures: it is a later state of the same quantity.
   Figures of a changing state (a force's strength, a reinforcement) reported more than
   ``PERIOD_GAP_DAYS`` apart are separate groups, one per period.
4. Each claim is compared as an interval read from its qualifier at the precision it was
   stated with (:mod:`brinkwatch.claims._intervals`): "about 4,500" and "around 4,500"
   agree, "nearly 1.8 million" and "about 1.7 million" do not. A later-state figure minus
   its stated increase may overlap the other. Casualty counts of different groups ("3
   gunmen" vs "4 people") agree when the part does not exceed the whole.
5. Status: ``single-source`` (one document, however many times it states the figure),
   ``agreed`` (every pair of documents consistent) or ``disputed`` (the reason names the
   first conflicting pair and who said which figure).
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
from collections import Counter, defaultdict

from brinkwatch.claims._intervals import Interval, interval_of
from brinkwatch.claims._properties import CASUALTY_PROPERTIES, norm_key
from brinkwatch.claims.context import ClaimContext, is_weak_incident
from brinkwatch.records import ClaimCandidate, ClaimGroup, ClaimValue, content_id

log = logging.getLogger(__name__)

__all__ = ["PERIOD_GAP_DAYS", "reconcile"]

_INCREASE_PREFIX = "after_increase:"
_GENERIC_UNITS = {"people", "person", None}
_FUZZY_RATIO = 0.92
PERIOD_GAP_DAYS = 30
# states that change over a crisis: compared only within one reporting period
_PERIOD_PROPERTIES = {"troop_count", "troop_increase", "vehicle_count"}

Item = tuple[str, ClaimCandidate, "str | None"]


def _scope(claim: ClaimCandidate) -> tuple[str | None, float]:
    """(base time scope, stated increase) of a claim."""
    ts = claim.time_scope
    if ts and ts.startswith(_INCREASE_PREFIX):
        try:
            return None, float(ts[len(_INCREASE_PREFIX) :].lstrip("+"))
        except ValueError:
            return None, 0.0
    return ts, 0.0


def _same_subject(a: str, b: str) -> bool:
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if wa and wb and wa[0] == wb[0] and (set(wa) <= set(wb) or set(wb) <= set(wa)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= _FUZZY_RATIO


def _cluster_subjects(subjects: list[str]) -> dict[str, str]:
    """Each subject -> its fuzzy cluster's representative (most frequent, then shortest)."""
    counts = Counter(subjects)
    order = sorted(counts, key=lambda s: (-counts[s], len(s), s))
    rep: dict[str, str] = {}
    for s in order:
        for r in dict.fromkeys(rep.values()):
            if _same_subject(s, r):
                rep[s] = r
                break
        else:
            rep[s] = s
    return rep


def _interval(c: ClaimCandidate) -> Interval:
    return interval_of(c.value, c.low, c.high, c.qualifier)


def _consistent(a: ClaimCandidate, b: ClaimCandidate) -> tuple[bool, str | None]:
    """Whether two sources' figures can both be true, and the note explaining why if special."""
    ia, ib = _interval(a), _interval(b)
    if a.property in CASUALTY_PROPERTIES and a.unit != b.unit:
        if a.unit in _GENERIC_UNITS and b.unit not in _GENERIC_UNITS:
            return (ib.low is None or ia.high is None or ib.low <= ia.high), "counts a part of the total"
        if b.unit in _GENERIC_UNITS and a.unit not in _GENERIC_UNITS:
            return (ia.low is None or ib.high is None or ia.low <= ib.high), "counts a part of the total"
        return True, "counts different groups"
    if ia.overlaps(ib):
        return True, None
    for x, ix, iy in ((a, ia, ib), (b, ib, ia)):
        inc = _scope(x)[1]
        if inc and ix.shifted(-inc).overlaps(iy):
            return True, f"later state after an increase of {_number(inc)}"
    return False, None


def _number(x: float | None) -> str:
    if x is None:
        return "?"
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(x) >= scale and (x / scale) * 10 == int((x / scale) * 10):
            return f"{x / scale:g} {word}"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"


def _figure(c: ClaimCandidate) -> str:
    """A figure as an analyst would quote it: 'about 1.8 million', '500-650', 'more than 4,500'."""
    vague = c.qualifier is None and c.low is not None and c.high != c.low
    if (c.qualifier in ("range", "between") or vague) and c.high is not None:
        core = f"{_number(c.low)}-{_number(c.high)}"
    else:
        core = _number(c.value)
    qual = c.qualifier if c.qualifier not in (None, "range", "between") else None
    return f"{qual} {core}" if qual else core


def _label(c: ClaimCandidate, outlet: str | None) -> str:
    who = outlet or c.span.doc_id
    return f"{who}, per {c.speaker}" if c.speaker else who


def _incident_subject(c: ClaimCandidate, subject: str, ctx: ClaimContext,
                      doc_specific: dict[str, set[str]]) -> str:
    """A casualty claim's incident key (see the module docstring, step 2)."""
    if not is_weak_incident(subject):
        return subject
    own = doc_specific.get(c.span.doc_id, set())
    if len(own) == 1:
        return next(iter(own))
    place = ctx.sentence_place(c.span.doc_id, c.span.start, c.span.end)
    if place:
        return place
    if own:
        return subject
    return ctx.incident_place(c.span.doc_id) or subject


def _canonical(claims: list[tuple[ClaimCandidate, str | None]], alias_map: dict[str, str],
               ctx: ClaimContext | None) -> list[Item]:
    out: list[Item] = []
    aliases = {**(ctx.aliases if ctx else {}), **alias_map}
    doc_specific: dict[str, set[str]] = defaultdict(set)
    for c, _ in claims:
        key = aliases.get(c.subject, c.subject)
        if c.property in CASUALTY_PROPERTIES and not is_weak_incident(key):
            doc_specific[c.span.doc_id].add(key)
    for c, outlet in claims:
        subject = aliases.get(c.subject, c.subject)
        if ctx is not None and c.property in CASUALTY_PROPERTIES:
            subject = _incident_subject(c, subject, ctx, doc_specific)
        out.append((subject, c, outlet))
    return out


def _date(ctx: ClaimContext | None, doc_id: str) -> dt.date | None:
    raw = (ctx.date_of.get(doc_id) if ctx else None) or ""
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def _periods(prop: str, members: list[tuple[ClaimCandidate, str | None]],
             ctx: ClaimContext | None) -> list[tuple[str | None, list[tuple[ClaimCandidate, str | None]]]]:
    """Split a changing state's claims into reporting periods (gaps over PERIOD_GAP_DAYS)."""
    if prop not in _PERIOD_PROPERTIES or ctx is None:
        return [(None, members)]
    dated = sorted((d, i) for i, (c, _) in enumerate(members) if (d := _date(ctx, c.span.doc_id)))
    if not dated:
        return [(None, members)]
    runs: list[list[tuple[dt.date, int]]] = [[dated[0]]]
    for d, i in dated[1:]:
        if (d - runs[-1][-1][0]).days > PERIOD_GAP_DAYS:
            runs.append([])
        runs[-1].append((d, i))
    if len(runs) == 1:
        return [(None, members)]
    undated = [m for m in members if _date(ctx, m[0].span.doc_id) is None]
    out = []
    for n, run in enumerate(runs):
        first, last = run[0][0].isoformat(), run[-1][0].isoformat()
        label = first if first == last else f"{first} to {last}"
        extra = undated if n == len(runs) - 1 else []
        out.append((label, [members[i] for _, i in run] + extra))
    return out


def reconcile(
    claims: list[tuple[ClaimCandidate, str | None]],
    aliases: dict[str, str] | None = None,
    context: ClaimContext | None = None,
) -> list[ClaimGroup]:
    """Group claims by subject, property and time scope, and say whether sources agree.

    :param claims: each claim with the outlet of its document (None: the document id is used).
    :param aliases: subject key -> canonical key (e.g. ``{"kosovo force": "kfor"}``); keys are
        normalised like subject keys.
    :param context: what the derive stage knows of each document (stories, dates, incident
        places, organisation aliases); see :func:`brinkwatch.claims.context.claim_context`.
    :returns: one :class:`ClaimGroup` per (subject, property, time scope, period), sorted by
        subject.
    """
    alias_map = {norm_key(k): norm_key(v) for k, v in (aliases or {}).items()}
    canon = _canonical(claims, alias_map, context)
    by_prop: dict[tuple[str, str | None], list[Item]] = defaultdict(list)
    for subject, c, outlet in canon:
        by_prop[(c.property, _scope(c)[0])].append((subject, c, outlet))
    groups: list[ClaimGroup] = []
    for (prop, scope), items in by_prop.items():
        rep = _cluster_subjects([s for s, _, _ in items])
        clusters: dict[str, list[tuple[ClaimCandidate, str | None]]] = defaultdict(list)
        for subject, c, outlet in items:
            clusters[rep[subject]].append((c, outlet))
        for subject, members in clusters.items():
            for period, part in _periods(prop, members, context):
                groups.append(_group(subject, prop, scope, part, period))
    groups.sort(key=lambda g: (g.subject, g.property, g.reason, g.id))
    return groups


def _group(
    subject: str, prop: str, scope: str | None, members: list[tuple[ClaimCandidate, str | None]],
    period: str | None = None,
) -> ClaimGroup:
    members = sorted(members, key=lambda m: (m[0].span.doc_id, m[0].span.start))
    values = tuple(
        ClaimValue(
            value=c.value, low=c.low, high=c.high, unit=c.unit, qualifier=c.qualifier,
            span=c.span, outlet=o, speaker=c.speaker,
        )
        for c, o in members
    )  # fmt: skip
    docs = list(dict.fromkeys(c.span.doc_id for c, _ in members))
    status, reason = _judge(members, docs)
    if period:
        reason = f"reported {period}: {reason}"
    gid = content_id(
        subject, prop, scope or "",
        *(f"{c.span.doc_id}:{c.span.start}:{c.span.end}" for c, _ in members),
        prefix="cg",
    )  # fmt: skip
    return ClaimGroup(
        id=gid, subject=subject, property=prop, status=status, reason=reason, values=values
    )


def _judge(members: list[tuple[ClaimCandidate, str | None]], docs: list[str]):
    """(status, one-line reason) for a group's members."""
    quoted = "; ".join(f"{_figure(c)} ({_label(c, o)})" for c, o in members)
    if len(docs) == 1:
        c, o = members[0]
        return "single-source", f"only {o or c.span.doc_id} reports this: {quoted}"
    notes: list[str] = []
    for i, (a, ao) in enumerate(members):
        for b, bo in members[i + 1 :]:
            if a.span.doc_id == b.span.doc_id:
                continue
            ok, note = _consistent(a, b)
            if not ok:
                first, second = f"{_figure(a)} ({_label(a, ao)})", f"{_figure(b)} ({_label(b, bo)})"
                return "disputed", f"{first} vs {second}"
            if note:
                notes.append(note)
    extra = f" ({'; '.join(dict.fromkeys(notes))})" if notes else ""
    return "agreed", f"{len(docs)} sources agree: {quoted}{extra}"
