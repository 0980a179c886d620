"""JSON Schemas of the API's items (OpenAPI 3.1 components), checked against real answers in tests."""

from __future__ import annotations

from typing import Any

S: dict[str, Any] = {"type": ["string", "null"]}
I: dict[str, Any] = {"type": ["integer", "null"]}
N: dict[str, Any] = {"type": ["number", "null"]}
STR_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props,
            "required": required if required is not None else list(props)}


ACTOR = _obj({"entity": S, "name": S, "country": S})
PLACE = _obj({"name": S, "lat": N, "lon": N, "country": S})

DOCUMENT = _obj({
    "id": {"type": "string"}, "title": S, "outlet": S, "source": {"type": "string"}, "url": S,
    "published": S, "published_source": {"type": "string"}, "anchor_date": S, "language": S,
    "source_path": {"type": "string"}, "story": S, "chars": {"type": "integer"},
})
DOCUMENT_DETAIL = {**DOCUMENT, "properties": {**DOCUMENT["properties"], "text": {"type": "string"},
                                              "events": STR_LIST, "entities": STR_LIST},
                   "required": DOCUMENT["required"] + ["text", "events", "entities"]}

STORY = _obj({
    "id": {"type": "string"}, "title": S, "first_date": S, "last_date": S, "thread": S,
    "key_entities": STR_LIST, "n_documents": {"type": "integer"},
})
STORY_DETAIL = {**STORY, "properties": {**STORY["properties"], "documents": STR_LIST},
                "required": STORY["required"] + ["documents"]}

ENTITY = _obj({
    "id": {"type": "string"}, "name": {"type": "string"}, "type": {"type": "string"},
    "country": S, "role": S, "aliases": STR_LIST, "acts_for": S,
})
ENTITY_DETAIL = {**ENTITY, "properties": {**ENTITY["properties"], "documents": STR_LIST,
                                          "mention_count": {"type": "integer"}},
                 "required": ENTITY["required"] + ["documents", "mention_count"]}

EVENT = _obj({
    "id": {"type": "string"}, "date": S, "date_precision": S, "cameo": {"type": "string"},
    "cameo_name": S, "root": {"type": "string"}, "quad_class": {"type": "integer"},
    "goldstein": {"type": "number"}, "plover": S, "acled_type": S, "acled_subtype": S,
    "source": ACTOR, "target": ACTOR, "place": PLACE, "fatalities": I, "injuries": I,
    "arrests": I, "confidence": N, "summary": S, "documents": STR_LIST,
})
SPAN = _obj({"document": {"type": "string"}, "start": {"type": "integer"},
             "end": {"type": "integer"}, "text": {"type": "string"}})
EVENT_DETAIL = {**EVENT, "properties": {**EVENT["properties"],
                                        "mentions": {"type": "array", "items": SPAN}},
                "required": EVENT["required"] + ["mentions"]}

CLAIM_VALUE = _obj({
    "value": N, "low": N, "high": N, "unit": S, "qualifier": S, "document": {"type": "string"},
    "source": {"type": "string"}, "speaker": S, "start": {"type": "integer"},
    "end": {"type": "integer"}, "text": {"type": "string"},
})
CLAIM = _obj({
    "id": {"type": "string"}, "subject": {"type": "string"}, "property": {"type": "string"},
    "status": {"type": "string"}, "reason": {"type": "string"},
    "values": {"type": "array", "items": CLAIM_VALUE},
})

TIMELINE = _obj({
    "dataset": {"type": "string"}, "position": I, "date": S, "dated_by": {"type": "string"},
    "event": S, "imported_event": S, "summary": {"type": "string"}, "sources": STR_LIST,
})

IMPORTED_ACTOR = _obj({"name": S, "country": S, "role": S})
IMPORTED_EVENT = _obj({
    "id": {"type": "string"}, "dataset": {"type": "string"}, "native_id": S,
    "source_file": {"type": "string"}, "date": {"type": "string"}, "cameo": S, "root": S,
    "quad_class": I, "goldstein": N, "event_type": S, "sub_event_type": S,
    "source": IMPORTED_ACTOR, "target": IMPORTED_ACTOR, "place": PLACE, "fatalities": I,
    "sources": I, "url": S, "summary": {"type": "string"},
})

ESCALATION = _obj({
    "dyad": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
    "period": {"type": "string"}, "events": {"type": "integer"},
    "goldstein_sum": {"type": "number"},
    "quad_counts": _obj({k: {"type": "integer"} for k in "1234"}),
    "index": {"type": "number"}, "band": {"type": "string"}, "fatalities": {"type": "integer"},
    "sources": {"type": "integer"}, "goldstein_mean": N, "conflict": N, "baseline_4": N,
    "baseline_52": N, "band_52": S, "datasets": STR_LIST,
})

SEARCH_HIT = _obj({
    "id": {"type": "string"}, "title": S, "outlet": S, "source": {"type": "string"},
    "published": S, "anchor_date": S, "rank": {"type": "number"},
    "snippet": {"type": "string"},
    "snippet_marks": {"type": "array", "items": {"type": "array", "items": {"type": "integer"},
                                                 "minItems": 2, "maxItems": 2}},
})

ITEMS: dict[str, dict[str, Any]] = {
    "documents": DOCUMENT, "stories": STORY, "entities": ENTITY, "events": EVENT,
    "claims": CLAIM, "timeline": TIMELINE, "imported_events": IMPORTED_EVENT,
    "escalation": ESCALATION, "search": SEARCH_HIT,
}
DETAILS: dict[str, dict[str, Any]] = {
    "documents": DOCUMENT_DETAIL, "stories": STORY_DETAIL, "entities": ENTITY_DETAIL,
    "events": EVENT_DETAIL, "claims": CLAIM,
}


def page_schema(item_ref: str) -> dict[str, Any]:
    """A page of a list: ``{total, limit, offset, items}``."""
    return _obj({"total": {"type": "integer", "minimum": 0}, "limit": {"type": "integer"},
                 "offset": {"type": "integer"},
                 "items": {"type": "array", "items": {"$ref": item_ref}}})
