"""From per-sentence event candidates to real-world events with all their mentions.

Each candidate gets a date (the time expression of its own sentence, else the document's
anchor date, flagged), a place (a toponym of its sentence), and its actors linked to
resolved entities. Candidates are then merged across documents when they report the same
happening: same CAMEO root, same actors' countries (in either direction for material
conflict), compatible dates, and the same story or place. Counts and escalation are then
not inflated by repetition.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from brinkwatch.records import ActorRef, ArticleAnalysis, EventCandidate, Place, TimeExpr, content_id
from brinkwatch.resolve._countries import alpha2, alpha3
from brinkwatch.resolve.dates import Anchor
from brinkwatch.resolve.entities import ResolvedEntity

_PRECISION = {10: "day", 7: "month", 4: "year"}
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CALENDAR_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")


@dataclass
class Actor:
    entity: str | None
    name: str | None
    country: str | None  # ISO alpha-3, CAMEO style (Kosovo XKX)
    code: str | None = None


@dataclass
class EventMention:
    doc_id: str
    start: int
    end: int
    text: str


@dataclass
class MergedEvent:
    id: str
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    source: Actor
    target: Actor
    place: Place | None
    date: str | None
    date_precision: str
    date_source: str
    fatalities: int | None
    injuries: int | None
    arrests: int | None
    confidence: float
    story: str | None
    mentions: list[EventMention] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return sorted({m.doc_id for m in self.mentions})


def _sentence_of(analysis: ArticleAnalysis, offset: int) -> int:
    starts = [s.start for s in analysis.sentences]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _event_date(candidate: EventCandidate, times: list[TimeExpr], sentence: int, anchor: Anchor) -> tuple[str | None, str, str]:
    if candidate.date:
        return candidate.date, candidate.date_precision, candidate.date_source or "sentence"
    in_sentence = [
        t for t in times
        if t.sentence == sentence and t.type == "DATE" and (t.date or _CALENDAR_VALUE.match(t.value))
    ]
    if in_sentence:
        best = min(in_sentence, key=lambda t: abs(t.span.start - candidate.trigger.start))
        value = best.date or best.value
        precision = _PRECISION.get(len(value), "week" if "-W" in value else "unknown")
        if best.date:
            value, precision = best.date, "day"
        return value, precision, "sentence"
    if anchor.date:
        return anchor.date, "unknown", f"document ({anchor.source})"
    return None, "unknown", "none"


def _event_place(places: list[Place], sentence: int) -> Place | None:
    in_sentence = [p for p in places if p.sentence == sentence and p.lat is not None]
    if not in_sentence:
        return None
    # A village or town pins an event better than a country or region named beside it.
    return min(in_sentence, key=lambda p: (not (p.feature or "").startswith("P"), p.span.start))


def _link_actor(ref: ActorRef | None, mention_entity: dict[tuple[str, int, int], ResolvedEntity]) -> Actor:
    if ref is None:
        return Actor(None, None, None)
    entity = None
    if ref.span is not None:
        for (doc_id, start, end), candidate in mention_entity.items():
            if doc_id == ref.span.doc_id and start < ref.span.end and ref.span.start < end:
                entity = candidate
                break
    country = ref.country or (alpha3(entity.country) if entity and entity.country else None)
    return Actor(entity.id if entity else None, entity.name if entity else ref.text, country, ref.code)


def _compatible_dates(a: str | None, b: str | None, a_src: str, b_src: str) -> bool:
    if a is None or b is None or not a_src.startswith("sentence") or not b_src.startswith("sentence"):
        return True
    if _FULL_DATE.match(a) and _FULL_DATE.match(b):
        import datetime as dt

        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days) <= 1
    return a.startswith(b) or b.startswith(a)


def _same_dyad(x: MergedEvent, y: MergedEvent) -> bool:
    pair_x = (x.source.country, x.target.country)
    pair_y = (y.source.country, y.target.country)
    if pair_x == pair_y:
        return True
    if x.quad_class == 4 and pair_x == pair_y[::-1]:
        return True  # a fight between two sides is told from either side
    return False


def build_events(
    analyses: dict[str, ArticleAnalysis],
    anchors: dict[str, Anchor],
    story_of: dict[str, str],
    entities: list[ResolvedEntity],
    times_of: dict[str, list[TimeExpr]],
) -> list[MergedEvent]:
    """Dated, placed, actor-linked events, merged across documents."""
    mention_entity = {
        (m.span.doc_id, m.span.start, m.span.end): e for e in entities for m in e.mentions
    }
    singles: list[MergedEvent] = []
    for doc_id in sorted(analyses):
        analysis = analyses[doc_id]
        for candidate in analysis.events:
            if candidate.negated:
                continue
            sentence = _sentence_of(analysis, candidate.trigger.start)
            date, precision, date_source = _event_date(
                candidate, times_of.get(doc_id, list(analysis.times)), sentence,
                anchors.get(doc_id, Anchor(None, "unknown")),
            )
            singles.append(
                MergedEvent(
                    id="",
                    cameo=candidate.cameo, root=candidate.root, quad_class=candidate.quad_class,
                    goldstein=candidate.goldstein,
                    source=_link_actor(candidate.source, mention_entity),
                    target=_link_actor(candidate.target, mention_entity),
                    place=candidate.place or _event_place(list(analysis.places), sentence),
                    date=date, date_precision=precision, date_source=date_source,
                    fatalities=candidate.fatalities, injuries=candidate.injuries,
                    arrests=candidate.arrests, confidence=candidate.confidence,
                    story=story_of.get(doc_id),
                    mentions=[EventMention(doc_id, candidate.sentence.start, candidate.sentence.end, candidate.sentence.text)],
                )
            )
    merged: list[MergedEvent] = []
    by_root: dict[str, list[MergedEvent]] = {}
    for event in singles:
        bucket = by_root.setdefault(event.root, [])
        target = next((m for m in bucket if _mergeable(m, event)), None)
        if target is None:
            bucket.append(event)
            merged.append(event)
        else:
            _absorb(target, event)
    seen: set[str] = set()
    for event in merged:
        first = min(event.mentions, key=lambda m: (m.doc_id, m.start))
        base = content_id("event", event.cameo, first.doc_id, first.start, event.source.name,
                          event.target.name, prefix="v")
        event.id, n = base, 1
        while event.id in seen:  # two events of one kind coded from one sentence
            n += 1
            event.id = f"{base}-{n}"
        seen.add(event.id)
    merged.sort(key=lambda e: (e.date or "9999", e.id))
    return merged


def _mergeable(a: MergedEvent, b: MergedEvent) -> bool:
    if a.root != b.root or not _same_dyad(a, b):
        return False
    if not _compatible_dates(a.date, b.date, a.date_source, b.date_source):
        return False
    if a.source.country is None and a.target.country is None:
        return False  # nothing to say the two are about the same actors
    same_story = a.story is not None and a.story == b.story
    same_place = a.place is not None and b.place is not None and (
        a.place.geonameid == b.place.geonameid or a.place.name == b.place.name
    )
    return same_story or same_place


def _absorb(into: MergedEvent, other: MergedEvent) -> None:
    into.mentions.extend(other.mentions)
    for attr in ("fatalities", "injuries", "arrests"):
        values = [v for v in (getattr(into, attr), getattr(other, attr)) if v is not None]
        setattr(into, attr, max(values) if values else None)
    if into.place is None or (other.place and (other.place.feature or "").startswith("P") and not (into.place.feature or "").startswith("P")):
        into.place = other.place or into.place
    if into.date_source != "sentence" and other.date_source == "sentence":
        into.date, into.date_precision, into.date_source = other.date, other.date_precision, other.date_source
    if len(other.cameo) > len(into.cameo):
        into.cameo, into.goldstein = other.cameo, other.goldstein
    into.confidence = min(0.99, max(into.confidence, other.confidence) + 0.05)


def summarize_event(event: MergedEvent) -> str:
    """A one-line reading of the event: "Serbia — fight (190) — Kosovo, at Banjska, 4 killed"."""
    from brinkwatch.coding import tables

    name = tables.cameo_name(event.cameo) or f"CAMEO {event.cameo}"
    who = event.source.name or event.source.country or "unknown actor"
    parts = [f"{who}: {name.lower()} ({event.cameo})"]
    if event.target.name or event.target.country:
        parts.append(f"→ {event.target.name or event.target.country}")
    if event.place is not None:
        parts.append(f"at {event.place.name}")
    if event.fatalities:
        parts.append(f"{event.fatalities} killed")
    return " ".join(parts)


__all__ = ["Actor", "EventMention", "MergedEvent", "alpha2", "build_events", "summarize_event"]
