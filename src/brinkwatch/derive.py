"""The reduce/derive stages over the stored documents and analyses.

1. stories: the incremental clusterer (its state persists in the store) takes new documents;
2. anchor dates: published, else inferred from the story, else default, else unknown;
3. entities across documents; 4. per document (a second pass over the stored analyses, one
at a time): time expressions re-read when its anchor changed (cheap: rules, no parse), event
candidates dated, placed and linked; then events merged across documents;
5. claims reconciled; 6. timeline; 7. escalation series (in SQL, with imported events).
The first pass keeps only what the cross-document steps read (mentions, places, claims), so
memory grows with those, not with whole analyses. Derived tables are replaced in one
transaction, so readers never see half a derivation."""

from __future__ import annotations

import gc
import json
import logging
import time

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


def document_times(document: Document, analysis: ArticleAnalysis, anchor) -> list[TimeExpr]:
    """The analysis's time expressions, re-read (rules only, no parse) when the document's
    anchor date is not the one they were read against."""
    from brinkwatch.analyze.timex import tag_times

    date = anchor.date if anchor is not None else None
    if date == analysis.anchor_date:
        return list(analysis.times)
    bounds = [(s.start, s.end) for s in analysis.sentences]
    return tag_times(document.text, date, document.id, sentences=bounds)


def outlet_label(doc: Document) -> str:
    """Who published a document, for attribution: the outlet, else its file name."""
    if doc.outlet:
        return doc.outlet
    name = doc.source_path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.split("#", 1)[0]


def derive(store: Store, settings: Settings, timings: dict[str, float] | None = None) -> dict:
    """Re-derive every derived table from the stored documents and analyses.

    :param timings: if given, filled with the seconds each step took (for benchmarks).
    """
    from brinkwatch.claims.context import claim_context
    from brinkwatch.claims.reconcile import reconcile
    from brinkwatch.resolve.dates import anchor_dates
    from brinkwatch.resolve.entities import resolve_entities
    from brinkwatch.resolve.events import summarize_event
    from brinkwatch.signals.timeline import build_timeline
    from brinkwatch.store.derived import write_derived

    clock = _Clock(timings)
    documents = {d.id: d for d in store.documents()}
    # Pass 1 holds what the cross-document steps read of every analysis (mentions, places,
    # claims); sentences, times and event candidates are read per document in pass 2.
    analyses = {
        k: v for k, v in store.iter_analyses(without=_PASS_TWO_FIELDS) if k in documents
    }
    gc.freeze()  # the loaded records live to the end: spare the collector re-scanning them
    try:
        clock.lap("load")
        clusterer, story_of = assign_stories(store, documents, analyses)
        clock.lap("stories")
        anchors = anchor_dates(documents, story_of, default_date=settings.default_date)
        clock.lap("anchors")
        entities = resolve_entities({k: d.text for k, d in documents.items()}, analyses, story_of)
        clock.lap("entities")
        events = _events(store, documents, anchors, story_of, entities, clock)
        clock.lap("events")
        claim_inputs = [
            (claim, outlet_label(documents[doc_id]))
            for doc_id in sorted(analyses)
            for claim in analyses[doc_id].claims
        ]
        claim_ctx = claim_context(events, story_of, anchors, entities, analyses=analyses)
        claim_groups = reconcile(claim_inputs, context=claim_ctx)
        clock.lap("claims")
        summaries = {e.id: summarize_event(e) for e in events}
        timeline = build_timeline(events, summaries)
        clock.lap("timeline")
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
        clock.lap("write")
    finally:
        gc.unfreeze()
    return {
        "documents": len(documents),
        "stories": len({s for s in story_of.values()}),
        "events": len(events),
        "claims": len(claim_groups),
        "disputed_claims": sum(1 for g in claim_groups if g.status == "disputed"),
    }


_PASS_TWO_FIELDS = ("sentences", "times", "quantities", "events")


def _events(
    store: Store, documents: dict[str, Document], anchors: dict, story_of: dict[str, str],
    entities: list, clock: _Clock,
) -> list:
    """Pass 2: each analysis in turn (document-id order): its times re-read against its
    anchor when that changed, its event candidates dated, placed and linked; then merged."""
    from brinkwatch.resolve.dates import Anchor
    from brinkwatch.resolve.events import EventBuilder

    builder = EventBuilder(entities)
    unknown = Anchor(None, "unknown")
    for doc_id, analysis in store.iter_analyses(without=("mentions", "quantities", "claims"), by_id=True):
        document = documents.get(doc_id)
        if document is None:
            continue
        anchor = anchors.get(doc_id, unknown)
        times = document_times(document, analysis, anchor)
        builder.add(analysis, anchor, story_of.get(doc_id), times, document.text)
    clock.lap("times and reports")
    return builder.finish()


class _Clock:
    """Seconds per step into ``timings`` (when given) and the debug log."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        seconds, self.last = now - self.last, now
        log.debug("derive: %s %.2f s", step, seconds)
        if self.timings is not None:
            self.timings[step] = round(self.timings.get(step, 0.0) + seconds, 3)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
