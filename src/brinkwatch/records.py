"""Typed records that cross stage boundaries.

Every fact keeps provenance: a :class:`Span` names the document and the character offsets
into ``Document.text`` it was read from. Records are frozen, slotted dataclasses so they
are cheap, hashable and safe to pass between worker processes; ``to_dict``/``from_dict``
give the JSON form that the store keeps.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

PublishedSource = Literal["metadata", "text", "inferred", "unknown"]

record = dataclass(frozen=True, slots=True, kw_only=True)


def content_id(*parts: object, prefix: str = "", length: int = 16) -> str:
    """A stable id from the given parts (a content hash, so re-runs give the same id)."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:length]}"


@record
class Span:
    """Characters ``start:end`` of document ``doc_id``'s text."""

    doc_id: str
    start: int
    end: int
    text: str


@record
class Copy:
    """One place a document was seen: the kept copy itself or a duplicate of it."""

    source_path: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    kind: Literal["original", "exact", "near"] = "original"
    similarity: float = 1.0


@record
class RawDocument:
    """What a reader produced from one input, before ids and dedup."""

    text: str
    source_path: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    published_source: PublishedSource = "unknown"
    published_evidence: str | None = None  # the words or field the date came from
    language: str | None = None
    external_id: str | None = None


@record
class Document:
    id: str
    text: str
    source_path: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: PublishedSource = "unknown"
    published_evidence: str | None = None
    language: str | None = None
    external_id: str | None = None
    copies: tuple[Copy, ...] = ()


@record
class Mention:
    """A named-entity mention; ``label`` is spaCy's (PERSON, ORG, GPE, NORP, LOC, ...)."""

    span: Span
    label: str
    sentence: int = -1


@record
class TimeExpr:
    """A time expression, TIMEX3-style.

    ``value`` is e.g. ``2023-09-24``, ``2023-W39``, ``P3D``, ``PRESENT_REF``; ``date`` is the
    calendar day it pins (None for durations, sets and vague references).
    """

    span: Span
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    date: str | None = None
    anchor: str | None = None  # the date it was resolved against
    sentence: int = -1


@record
class Quantity:
    """A number read from text: ``value`` or the interval ``low..high`` with a qualifier."""

    span: Span
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None = None  # about, more than, at least, up to, nearly, ...
    unit: str | None = None  # the counted noun or unit, lemmatised: troop, people, vehicle, %
    unit_span: Span | None = None
    sentence: int = -1


@record
class Place:
    """A toponym with its gazetteer reading."""

    span: Span
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO alpha-2 (Kosovo XK)
    feature: str | None = None  # GeoNames feature class/code, e.g. "A.PCLI", "P.PPL"
    sentence: int = -1


@record
class ActorRef:
    """An actor as coded: the words, and what the actor dictionary made of them."""

    text: str
    span: Span | None = None
    country: str | None = None  # ISO alpha-3 (Kosovo XKX), or None
    role: str | None = None  # GOV, MIL, POL, REB, CVL, IGO, MED, ...
    code: str | None = None  # CAMEO-style actor code, e.g. SRBGOV, NATO
    entity_key: str | None = None  # normalised key to join with resolved entities


@record
class EventCandidate:
    """One coded event as read from one sentence of one document."""

    sentence: Span
    trigger: Span
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    source: ActorRef | None = None
    target: ActorRef | None = None
    place: Place | None = None
    date: str | None = None
    date_precision: Literal["day", "week", "month", "year", "unknown"] = "unknown"
    date_source: str | None = None  # "sentence" (a time expression) or "document"
    fatalities: int | None = None
    injuries: int | None = None
    arrests: int | None = None
    negated: bool = False
    modality: str | None = None  # None (asserted), "threat", "possible", "reported"
    speaker: ActorRef | None = None
    confidence: float = 0.5
    # "main" (asserted in the main clause), "secondary" (purpose/adverbial/relative clause),
    # "background" (a noun referring to an incident told elsewhere: "after the attack").
    salience: str = "main"
    # Time expressions (char spans) in the trigger's own clause, else its governing clause.
    time_spans: tuple[Span, ...] = ()


@record
class ClaimCandidate:
    """A figure or statement one document makes, with who it attributes it to."""

    span: Span
    subject: str  # normalised subject key, e.g. "kosovo", "kfor", "banjska attack"
    property: str  # e.g. "population", "troop_count", "killed"
    value: float | None
    low: float | None
    high: float | None
    unit: str | None = None
    qualifier: str | None = None
    speaker: str | None = None
    speaker_span: Span | None = None
    time_scope: str | None = None
    sentence: int = -1


@record
class ClaimValue:
    """One source's reading of a claimed figure, quoted exactly (``span``)."""

    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    qualifier: str | None
    span: Span
    outlet: str | None = None
    speaker: str | None = None


@record
class ClaimGroup:
    """Claims about one subject and property, reconciled across sources."""

    id: str
    subject: str
    property: str
    status: Literal["agreed", "disputed", "single-source"]
    reason: str
    values: tuple[ClaimValue, ...] = ()


@record
class ArticleAnalysis:
    """Everything the per-article map stage found in one document."""

    doc_id: str
    analyzer_version: str
    anchor_date: str | None
    sentences: tuple[Span, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[EventCandidate, ...] = ()
    claims: tuple[ClaimCandidate, ...] = ()
    # names in the headline (casing restored from the body), as written; they key the story
    # clusterer only, so they carry no span (analyze.headline)
    headline_names: tuple[str, ...] = ()


@record
class Problem:
    """An input that was rejected, with the reason a user can act on."""

    source_path: str
    reason: str
    stage: str = "ingest"
    detail: str | None = None


def to_dict(obj: Any) -> Any:
    """The JSON form of a record (nested records and tuples become dicts and lists)."""
    if dataclasses.is_dataclass(obj):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    return obj


def _build(cls: type, data: Any) -> Any:
    if data is None:
        return None
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _convert(_FIELD_TYPES[cls].get(f.name), data[f.name])
    return cls(**kwargs)


def _convert(kind: Any, value: Any) -> Any:
    if kind is None or value is None:
        return value
    if kind is str:  # a tuple of plain strings
        return tuple(value)
    if isinstance(kind, tuple):  # ("tuple", cls)
        return tuple(_build(kind[1], v) for v in value)
    return _build(kind, value)


# Which fields hold nested records, for from_dict (kept explicit: no typing introspection).
_FIELD_TYPES: dict[type, dict[str, Any]] = {
    Span: {},
    Copy: {},
    RawDocument: {},
    Document: {"copies": ("tuple", Copy)},
    Mention: {"span": Span},
    TimeExpr: {"span": Span},
    Quantity: {"span": Span, "unit_span": Span},
    Place: {"span": Span},
    ActorRef: {"span": Span},
    EventCandidate: {
        "sentence": Span,
        "trigger": Span,
        "source": ActorRef,
        "target": ActorRef,
        "place": Place,
        "speaker": ActorRef,
        "time_spans": ("tuple", Span),
    },
    ClaimCandidate: {"span": Span, "speaker_span": Span},
    ArticleAnalysis: {
        "sentences": ("tuple", Span),
        "mentions": ("tuple", Mention),
        "times": ("tuple", TimeExpr),
        "quantities": ("tuple", Quantity),
        "places": ("tuple", Place),
        "events": ("tuple", EventCandidate),
        "claims": ("tuple", ClaimCandidate),
        "headline_names": str,
    },
    Problem: {},
    ClaimValue: {"span": Span},
    ClaimGroup: {"values": ("tuple", ClaimValue)},
}


def from_dict(cls: type, data: dict) -> Any:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output."""
    return _build(cls, data)


__all__ = [
    "ActorRef",
    "ArticleAnalysis",
    "ClaimCandidate",
    "ClaimGroup",
    "ClaimValue",
    "Copy",
    "Document",
    "EventCandidate",
    "Mention",
    "Place",
    "Problem",
    "PublishedSource",
    "Quantity",
    "RawDocument",
    "Span",
    "TimeExpr",
    "content_id",
    "from_dict",
    "field",
    "to_dict",
]
