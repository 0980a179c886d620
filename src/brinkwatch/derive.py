"""The reduce/derive stages over the stored documents and analyses.

1. stories: the incremental clusterer (its state persists in the store) takes new documents;
2. anchor dates: published, else inferred from the story, else default, else unknown;
3. entities across documents; 4. per document (a second pass over the stored analyses, one
at a time): time expressions re-read when its anchor changed (cheap: rules, no parse), event
candidates dated, placed and linked; then events merged across documents;
5. claims reconciled; 6. timeline; 7. escalation series (in SQL, with imported events).
The first pass keeps only what the cross-document steps read (mentions, places, claims), so
memory grows with those, not with whole analyses; documents are held without their texts
(each read from the store when a step needs it), the clusterer gets the new documents a
slice at a time, the pass-1 analyses are dropped before pass 2, the entities' mentions are
written before pass 2 and dropped, and the event builder keeps compact reports (shared
values, sentence texts left in the documents). Derived tables are replaced in one
transaction, so readers never see half a derivation."""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Mapping

from brinkwatch.records import ArticleAnalysis, Document, TimeExpr
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store

log = logging.getLogger(__name__)

STORY_STATE_KEY = "story_clusterer"
ENTITY_LABELS_FOR_STORIES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


def assign_stories(
    store: Store, documents: dict[str, Document], analyses: dict[str, ArticleAnalysis],
    texts: Mapping[str, str] | None = None,
):
    """Add documents the clusterer has not seen; return (clusterer, doc id -> story id).

    :param texts: document texts by id (read per document, e.g. :meth:`Store.texts`);
        else each document's own ``text``.

    The new documents go to the clusterer in its own order (date, then id) in slices of its
    ``max_batch``, which it clusters one at a time whatever the size of one ``add`` call, so
    only one slice's texts are held at a time and the stories are those of a single call.
    """
    from brinkwatch.resolve._names import name_key
    from brinkwatch.resolve._story_state import arrival_key
    from brinkwatch.resolve.stories import StoryClusterer, StoryItem

    saved = store.get_state(STORY_STATE_KEY)
    clusterer = StoryClusterer.from_state_json(saved) if saved else StoryClusterer()
    new_docs = [doc for doc_id, doc in documents.items() if clusterer.story_of(doc_id) is None]
    new_docs.sort(key=lambda d: arrival_key(d.published, d.id))
    step = max(1, clusterer.settings.max_batch)
    for first in range(0, len(new_docs), step):
        items = []
        for doc in new_docs[first : first + step]:
            analysis = analyses.get(doc.id)
            mentions = analysis.mentions if analysis else ()
            places = analysis.places if analysis else ()
            items.append(
                StoryItem(
                    doc_id=doc.id,
                    title=doc.title or "",
                    text=texts[doc.id] if texts is not None else doc.text,
                    date=doc.published,
                    entities=tuple(sorted({name_key(m.span.text) for m in mentions if m.label in ENTITY_LABELS_FOR_STORIES})),
                    places=tuple(sorted({p.name for p in places})),
                    outlet=doc.outlet,
                )
            )
        clusterer.add(items)
    if new_docs:
        with store.transaction():
            store.set_state(STORY_STATE_KEY, clusterer.state_to_json())
    story_of = {doc_id: clusterer.story_of(doc_id) for doc_id in documents}
    return clusterer, {k: v for k, v in story_of.items() if v is not None}


def document_times(
    document: Document, analysis: ArticleAnalysis, anchor, text: str | None = None
) -> list[TimeExpr]:
    """The analysis's time expressions, re-read (rules only, no parse) when the document's
    anchor date is not the one they were read against (``text``: the document's text when
    ``document`` was read without it)."""
    from brinkwatch.analyze.timex import tag_times

    date = anchor.date if anchor is not None else None
    if date == analysis.anchor_date:
        return list(analysis.times)
    bounds = [(s.start, s.end) for s in analysis.sentences]
    return tag_times(document.text if text is None else text, date, document.id, sentences=bounds)


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
    from brinkwatch.claims.context import claim_context, main_places
    from brinkwatch.claims.reconcile import reconcile
    from brinkwatch.resolve.dates import anchor_dates
    from brinkwatch.resolve.entities import resolve_entities
    from brinkwatch.resolve.events import EventBuilder, summarize_event
    from brinkwatch.signals.timeline import build_timeline
    from brinkwatch.store.derived import write_documents_and_entities, write_events_and_claims

    clock = _Clock(timings)
    # Metadata only: each text is read from the store when a step needs it.
    documents = {d.id: d for d in store.documents(texts=False)}
    texts = store.texts(documents)
    # Pass 1 holds what the cross-document steps read of every analysis (mentions, places,
    # claims); sentences, times and event candidates are read per document in pass 2.
    analyses = {
        k: v for k, v in store.iter_analyses(without=_PASS_TWO_FIELDS) if k in documents
    }
    gc.freeze()  # the loaded records live long (no cycles): spare the collector re-scanning them
    try:
        clock.lap("load")
        clusterer, story_of = assign_stories(store, documents, analyses, texts)
        clock.lap("stories")
        anchors = anchor_dates(documents, story_of, default_date=settings.default_date)
        clock.lap("anchors")
        entities = resolve_entities(texts, analyses, story_of)
        # What the claims step reads of pass 1; then the analyses go (the entities keep
        # the mentions), so pass 2 reuses their memory.
        claim_inputs = [
            (claim, outlet_label(documents[doc_id]))
            for doc_id in sorted(analyses)
            for claim in analyses[doc_id].claims
        ]
        main_place = main_places(analyses)
        del analyses
        clock.lap("entities")
        # One transaction from here to the end: the stories, dates and entities are
        # written first, so the entities' mentions need not be held through the events.
        with store.transaction():
            write_documents_and_entities(
                store, stories=clusterer.stories(), threads=clusterer.threads(),
                story_of=story_of, anchors=anchors, entities=entities,
            )
            del clusterer  # its state is stored; the stories are written
            builder = EventBuilder(entities, keep_texts=False)
            for entity in entities:
                entity.mentions = []  # written, and indexed by the builder
            clock.lap("write")
            events = _events(store, builder, documents, texts, anchors, story_of, clock)
            clock.lap("events")
            claim_ctx = claim_context(events, story_of, anchors, entities, main_place=main_place)
            claim_groups = reconcile(claim_inputs, context=claim_ctx)
            clock.lap("claims")
            shared: dict[str, str] = {}  # equal summaries are one string
            summaries: dict[str, str] = {}
            for event in events:
                summary = summarize_event(event)
                summaries[event.id] = shared.setdefault(summary, summary)
            timeline = build_timeline(events, summaries)
            clock.lap("timeline")
            write_events_and_claims(
                store, events=events, summaries=summaries, claim_groups=claim_groups,
                timeline=timeline, texts=texts,
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
    store: Store, builder, documents: dict[str, Document], texts: Mapping[str, str], anchors: dict,
    story_of: dict[str, str], clock: _Clock,
) -> list:
    """Pass 2: each analysis in turn (document-id order): its times re-read against its
    anchor when that changed, its event candidates dated, placed and linked (by ``builder``,
    an :class:`~brinkwatch.resolve.events.EventBuilder`); then merged."""
    from brinkwatch.resolve.dates import Anchor

    unknown = Anchor(None, "unknown")
    for doc_id, analysis in store.iter_analyses(without=("mentions", "quantities", "claims"), by_id=True):
        document = documents.get(doc_id)
        if document is None:
            continue
        anchor = anchors.get(doc_id, unknown)
        text = texts[doc_id]
        times = document_times(document, analysis, anchor, text)
        builder.add(analysis, anchor, story_of.get(doc_id), times, text)
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
