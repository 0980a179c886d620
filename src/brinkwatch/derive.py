"""The reduce/derive stages over the stored documents and analyses.

1. stories: the incremental clusterer (its state persists in the store) takes new documents;
2. anchor dates: published, else inferred from the story, else default, else unknown;
3. time expressions re-read for documents whose anchor changed (cheap: rules, no parse);
4. entities across documents; 5. events dated, placed, linked and merged;
6. claims reconciled; 7. timeline; 8. escalation series (in SQL, with imported events).
Derived tables are replaced in one transaction, so readers never see half a derivation.
"""

from __future__ import annotations

import json
import logging

from brinkwatch.records import ArticleAnalysis, Document, TimeExpr
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store

log = logging.getLogger(__name__)

STORY_STATE_KEY = "story_clusterer"
ENTITY_LABELS_FOR_STORIES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


def assign_stories(store: Store, documents: dict[str, Document], analyses: dict[str, ArticleAnalysis]):
    """Add documents the clusterer has not seen; return (clusterer, doc id -> story id)."""
    from brinkwatch.resolve._names import name_key
    from brinkwatch.resolve.stories import StoryClusterer, StoryItem

    saved = store.get_state(STORY_STATE_KEY)
    clusterer = StoryClusterer.from_state_json(saved) if saved else StoryClusterer()
    new_items = []
    for doc_id, doc in documents.items():
        if clusterer.story_of(doc_id) is not None:
            continue
        analysis = analyses.get(doc_id)
        mentions = analysis.mentions if analysis else ()
        places = analysis.places if analysis else ()
        new_items.append(
            StoryItem(
                doc_id=doc_id,
                title=doc.title or "",
                text=doc.text,
                date=doc.published,
                entities=tuple(sorted({name_key(m.span.text) for m in mentions if m.label in ENTITY_LABELS_FOR_STORIES})),
                places=tuple(sorted({p.name for p in places})),
                outlet=doc.outlet,
            )
        )
    if new_items:
        new_items.sort(key=lambda item: (item.date or "", item.doc_id))
        clusterer.add(new_items)
        with store.transaction():
            store.set_state(STORY_STATE_KEY, clusterer.state_to_json())
    story_of = {doc_id: clusterer.story_of(doc_id) for doc_id in documents}
    return clusterer, {k: v for k, v in story_of.items() if v is not None}


def effective_times(
    documents: dict[str, Document], analyses: dict[str, ArticleAnalysis], anchors: dict
) -> dict[str, list[TimeExpr]]:
    from brinkwatch.analyze.timex import tag_times

    out: dict[str, list[TimeExpr]] = {}
    for doc_id, analysis in analyses.items():
        anchor = anchors[doc_id].date if doc_id in anchors else None
        if anchor == analysis.anchor_date:
            out[doc_id] = list(analysis.times)
        else:
            bounds = [(s.start, s.end) for s in analysis.sentences]
            out[doc_id] = tag_times(documents[doc_id].text, anchor, doc_id, sentences=bounds)
    return out


def outlet_label(doc: Document) -> str:
    """Who published a document, for attribution: the outlet, else its file name."""
    if doc.outlet:
        return doc.outlet
    name = doc.source_path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.split("#", 1)[0]


def derive(store: Store, settings: Settings) -> dict:
    from brinkwatch.claims.reconcile import reconcile
    from brinkwatch.resolve.dates import anchor_dates
    from brinkwatch.resolve.entities import resolve_entities
    from brinkwatch.resolve.events import build_events, summarize_event
    from brinkwatch.signals.timeline import build_timeline
    from brinkwatch.store.derived import write_derived

    documents = {d.id: d for d in store.documents()}
    analyses = {k: v for k, v in store.analyses().items() if k in documents}
    clusterer, story_of = assign_stories(store, documents, analyses)
    anchors = anchor_dates(documents, story_of, default_date=settings.default_date)
    times_of = effective_times(documents, analyses, anchors)
    entities = resolve_entities({k: d.text for k, d in documents.items()}, analyses, story_of)
    events = build_events(analyses, anchors, story_of, entities, times_of, {k: d.text for k, d in documents.items()})
    claim_inputs = [
        (claim, outlet_label(documents[doc_id]))
        for doc_id in sorted(analyses)
        for claim in analyses[doc_id].claims
    ]
    from brinkwatch.claims.context import claim_context

    claim_ctx = claim_context(events, story_of, anchors, entities, analyses=analyses)
    claim_groups = reconcile(claim_inputs, context=claim_ctx)
    summaries = {e.id: summarize_event(e) for e in events}
    timeline = build_timeline(events, summaries)
    with store.transaction():
        write_derived(
            store,
            stories=clusterer.stories(),
            threads=clusterer.threads(),
            story_of=story_of,
            anchors=anchors,
            entities=entities,
            events=events,
            summaries=summaries,
            claim_groups=claim_groups,
            timeline=timeline,
        )
    return {
        "documents": len(documents),
        "stories": len({s for s in story_of.values()}),
        "events": len(events),
        "claims": len(claim_groups),
        "disputed_claims": sum(1 for g in claim_groups if g.status == "disputed"),
    }


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
