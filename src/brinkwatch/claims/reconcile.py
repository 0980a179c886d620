"""Reconciling claims across sources into :class:`~brinkwatch.records.ClaimGroup` records.

1. Subjects are mapped through ``aliases`` and matched fuzzily: same key, or the same head
   word with one key's words a subset of the other's ("serbs in the north" ~ "serbs in the
   north of kosovo"), or a near-identical spelling.
2. Claims are grouped by (subject, property, time scope). A time scope
   ``after_increase:+N`` (set by the extractor when the sentence states an increase) belongs
   to the same group as the unscoped figures: it is a later state of the same quantity.
3. Each claim is an interval (qualifiers already applied: "about 4,500" = 4,275..4,725).
   Two sources agree when their intervals overlap, or when a later-state figure minus its
   stated increase overlaps the other. Casualty counts of different groups ("3 gunmen" vs
   "4 people") agree when the part does not exceed the whole.
4. Status: ``single-source`` (one document, however many times it states the figure),
   ``agreed`` (every pair of documents consistent) or ``disputed`` (the reason names the
   first conflicting pair and who said which figure).
"""

from __future__ import annotations

import difflib
import logging
from collections import Counter, defaultdict

from brinkwatch.claims._properties import CASUALTY_PROPERTIES, norm_key
from brinkwatch.records import ClaimCandidate, ClaimGroup, ClaimValue, content_id

log = logging.getLogger(__name__)

__all__ = ["reconcile"]

_INCREASE_PREFIX = "after_increase:"
_GENERIC_UNITS = {"people", "person", None}
_FUZZY_RATIO = 0.92


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


def _overlap(lo1, hi1, lo2, hi2) -> bool:
    lo = max(x for x in (lo1, lo2, float("-inf")) if x is not None)
    hi = min(x for x in (hi1, hi2, float("inf")) if x is not None)
    return lo <= hi


def _interval(c: ClaimCandidate) -> tuple[float | None, float | None]:
    low = c.low if c.low is not None or c.high is not None else c.value
    high = c.high if c.low is not None or c.high is not None else c.value
    return low, high


def _consistent(a: ClaimCandidate, b: ClaimCandidate) -> tuple[bool, str | None]:
    """Whether two sources' figures can both be true, and the note explaining why if special."""
    (alo, ahi), (blo, bhi) = _interval(a), _interval(b)
    if a.property in CASUALTY_PROPERTIES and a.unit != b.unit:
        if a.unit in _GENERIC_UNITS and b.unit not in _GENERIC_UNITS:
            return (blo is None or ahi is None or blo <= ahi), "counts a part of the total"
        if b.unit in _GENERIC_UNITS and a.unit not in _GENERIC_UNITS:
            return (alo is None or bhi is None or alo <= bhi), "counts a part of the total"
        return True, "counts different groups"
    if _overlap(alo, ahi, blo, bhi):
        return True, None
    for x, (xlo, xhi), (ylo, yhi) in ((a, (alo, ahi), (blo, bhi)), (b, (blo, bhi), (alo, ahi))):
        inc = _scope(x)[1]
        if inc and _overlap(
            None if xlo is None else xlo - inc, None if xhi is None else xhi - inc, ylo, yhi
        ):
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


def reconcile(
    claims: list[tuple[ClaimCandidate, str | None]],
    aliases: dict[str, str] | None = None,
) -> list[ClaimGroup]:
    """Group claims by subject, property and time scope, and say whether sources agree.

    :param claims: each claim with the outlet of its document (None: the document id is used).
    :param aliases: subject key -> canonical key (e.g. ``{"kosovo force": "kfor"}``); keys are
        normalised like subject keys.
    :returns: one :class:`ClaimGroup` per (subject, property, time scope), sorted by subject.
    """
    alias_map = {norm_key(k): norm_key(v) for k, v in (aliases or {}).items()}
    canon = [(alias_map.get(c.subject, c.subject), c, o) for c, o in claims]
    by_prop: dict[tuple[str, str | None], list[tuple[str, ClaimCandidate, str | None]]]
    by_prop = defaultdict(list)
    for subject, c, outlet in canon:
        by_prop[(c.property, _scope(c)[0])].append((subject, c, outlet))
    groups: list[ClaimGroup] = []
    for (prop, scope), items in by_prop.items():
        rep = _cluster_subjects([s for s, _, _ in items])
        clusters: dict[str, list[tuple[ClaimCandidate, str | None]]] = defaultdict(list)
        for subject, c, outlet in items:
            clusters[rep[subject]].append((c, outlet))
        for subject, members in clusters.items():
            groups.append(_group(subject, prop, scope, members))
    groups.sort(key=lambda g: (g.subject, g.property, g.id))
    return groups


def _group(
    subject: str, prop: str, scope: str | None, members: list[tuple[ClaimCandidate, str | None]]
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
