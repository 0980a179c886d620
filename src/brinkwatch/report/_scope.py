"""Cut an export dict down to what one brief covers: the whole crisis, or one story.

The export is read defensively (any key may be missing or None) and never mutated: records
that survive are shallow copies carrying their in-scope document ids under ``_docs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._text import clean


class StoryNotFound(LookupError):
    """The requested story id is not in the export."""


@dataclass
class Scope:
    """The records one brief is about, with the lookups every section needs."""

    story: dict[str, Any] | None
    documents: list[dict[str, Any]]
    doc_by_id: dict[str, dict[str, Any]]
    stories: list[dict[str, Any]]
    story_by_id: dict[str, dict[str, Any]]
    events: list[dict[str, Any]]
    event_by_id: dict[str, dict[str, Any]]
    claims: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    escalation: list[dict[str, Any]]
    labels: dict[str, str] = field(default_factory=dict)  # doc id → "S1"

    @property
    def doc_ids(self) -> set[str]:
        return set(self.doc_by_id)


def _list(export: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = export.get(key) or []
    return [x for x in value if isinstance(x, dict)]


def _ids(values: Any) -> list[str]:
    return [str(v) for v in (values or []) if v is not None]


def _doc_sort_key(doc: dict[str, Any]) -> tuple:
    published = clean(doc.get("published"))
    return (published == "", published, clean(doc.get("outlet")).lower(), clean(doc.get("title")))


def _event_docs(event: dict[str, Any]) -> list[str]:
    docs = _ids(event.get("documents"))
    for m in event.get("mentions") or []:
        if isinstance(m, dict) and m.get("document") is not None and str(m["document"]) not in docs:
            docs.append(str(m["document"]))
    return docs


def _actor_keys(side: Any) -> set[str]:
    if not isinstance(side, dict):
        return set()
    return {clean(side.get(k)).lower() for k in ("entity", "name", "country") if side.get(k)}


def _dyad_matches(dyad: Any, events: list[dict[str, Any]]) -> bool:
    if not isinstance(dyad, (list, tuple)) or len(dyad) != 2:
        return False
    a, b = (clean(x).lower() for x in dyad)
    for ev in events:
        src, tgt = _actor_keys(ev.get("source")), _actor_keys(ev.get("target"))
        if (a in src and b in tgt) or (b in src and a in tgt):
            return True
    return False


def _scoped_claim(claim: dict[str, Any], doc_ids: set[str], whole: bool) -> dict[str, Any] | None:
    values = [v for v in claim.get("values") or [] if isinstance(v, dict)]
    kept = values if whole else [v for v in values if str(v.get("document")) in doc_ids]
    if not kept:
        return None
    out = dict(claim, values=kept)
    # Reconciliation ran over every source; inside one story a figure may rest on one document.
    if len({str(v.get("document")) for v in kept}) == 1 and len(kept) < len(values):
        out["status"] = "single-source"
        out["reason"] = "only one document in this story gives this figure"
    return out


def select(export: dict[str, Any], story: str | None = None) -> Scope:
    """The part of ``export`` a brief covers: everything, or story ``story``.

    :raises StoryNotFound: when ``story`` is given and no story has that id.
    """
    all_docs = _list(export, "documents")
    all_stories = _list(export, "stories")
    story_by_id = {str(s.get("id")): s for s in all_stories}
    chosen: dict[str, Any] | None = None
    if story is not None:
        chosen = story_by_id.get(str(story))
        if chosen is None:
            raise StoryNotFound(f"no story with id {story!r} in this export")
        wanted = set(_ids(chosen.get("documents")))
        wanted |= {str(d.get("id")) for d in all_docs if str(d.get("story")) == str(story)}
        docs = [d for d in all_docs if str(d.get("id")) in wanted]
    else:
        docs = list(all_docs)
    docs.sort(key=_doc_sort_key)
    doc_by_id = {str(d.get("id")): d for d in docs}
    doc_ids = set(doc_by_id)
    whole = story is None

    events: list[dict[str, Any]] = []
    for ev in _list(export, "events"):
        in_scope = [d for d in _event_docs(ev) if whole or d in doc_ids]
        if whole or in_scope:
            events.append(dict(ev, _docs=in_scope))
    event_by_id = {str(e.get("id")): e for e in events}

    claims = [c for c in (_scoped_claim(c, doc_ids, whole) for c in _list(export, "claims")) if c]

    entities = []
    for ent in _list(export, "entities"):
        in_scope = [d for d in _ids(ent.get("documents")) if whole or d in doc_ids]
        if whole or in_scope:
            entities.append(dict(ent, _docs=in_scope))

    timeline = []
    for item in _list(export, "timeline"):
        sources = [d for d in _ids(item.get("sources")) if whole or d in doc_ids]
        linked = str(item.get("event")) in event_by_id if item.get("event") is not None else False
        if whole or linked or sources:
            timeline.append(dict(item, _sources=sources))

    escalation = _list(export, "escalation")
    if not whole:
        escalation = [r for r in escalation if _dyad_matches(r.get("dyad"), events)]

    if whole:
        stories = list(all_stories)
    else:
        stories = [chosen] if chosen is not None else []
    stories.sort(key=lambda s: (clean(s.get("first_date")) == "", clean(s.get("first_date"))))

    scope = Scope(
        story=chosen,
        documents=docs,
        doc_by_id=doc_by_id,
        stories=stories,
        story_by_id=story_by_id,
        events=events,
        event_by_id=event_by_id,
        claims=claims,
        entities=entities,
        timeline=timeline,
        escalation=escalation,
    )
    scope.labels = {str(d.get("id")): f"S{i}" for i, d in enumerate(docs, 1)}
    return scope
