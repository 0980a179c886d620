"""The reduce/derive stages over the stored documents and analyses.

1. stories: the incremental clusterer (its state persists in the store) takes new documents;
2. anchor dates: published, else inferred from the story, else default, else unknown;
3. entities across documents; 4. per document (a second pass over the stored analyses, one
at a time, in anchor-date order): time expressions re-read when its anchor changed (cheap:
rules, no parse), event candidates dated, placed and linked, then merged across documents
batch by batch; 5. claims reconciled; 6. timeline; 7. escalation series (in SQL, with
imported events).
The first pass reads the analyses one at a time and keeps only what the cross-document
steps read: each mention as a compact row of the entity resolver (tens of bytes, not a
record), the story keys of documents the clusterer has not seen, the claims and each
document's main place. Documents are held without their texts (each read from the store
when a step needs it), the clusterer gets the new documents a slice at a time, the
entities' mentions are written before pass 2 and the event builder reads each document's
entity links from the resolver's rows as it goes. Once ``event_batch`` reports are pending
the builder merges them and hands back the events no later document is likely to join,
which are written at once (their places kept for the claims, their timeline rows in a
temporary table the timeline is merged from, in date order, at the end), so the events
held follow the reports of a few weeks, not the corpus. Derived tables are replaced in one
transaction, so readers never see half a derivation.

A store of more than ``Settings.derive_window`` documents is derived window by window
(:meth:`~brinkwatch.store.db.Store.document_windows`: in date order, no day split), steps 2-5
per window, so what derive holds follows the window, not the store: the clusterer carries its
stories across windows, an undated document takes its date from story mates in any window,
an entity named in two windows is one row (same name and type), the claims are gathered with
their documents' context and reconciled once, and the timeline and escalation are made once
from everything written. What a window boundary costs: entities are resolved and events
merged within a window, so two reports of one event on either side of it stay two events."""

from __future__ import annotations

import gc
import json
import logging
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from brinkwatch.analyze.headline import STORY_NAME_LABELS
from brinkwatch.derive_inputs import DERIVED_FROM_KEY, fingerprint
from brinkwatch.records import ArticleAnalysis, Document, TimeExpr
from brinkwatch.resolve.entities import EntityResolver
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store

log = logging.getLogger(__name__)

STORY_STATE_KEY = "story_clusterer"


def load_clusterer(store: Store):
    """The story clusterer as the store last saved it (a new one when none is saved, or when
    the saved one cannot be read: every document is then clustered again, and a one-line
    warning names the store and the reason; documents and analyses are untouched).

    Its retired stories (``resolve._story_archive``) are in the store's archive tables; a new
    clusterer starts with them emptied (in the caller's next transaction)."""
    from brinkwatch.resolve.stories import StoryClusterer
    from brinkwatch.store.story_archive import SqliteStoryArchive

    archive = SqliteStoryArchive(store.conn)
    saved = store.get_state(STORY_STATE_KEY)
    try:
        if saved:
            clusterer = StoryClusterer.from_state_json(saved)
            bad = archive.first_unreadable()
            if bad is not None:
                raise ValueError(f"retired story {bad} is damaged")
            clusterer.archive = archive
            return clusterer
    except ValueError as exc:
        reason = " ".join(str(exc).split())
        log.warning("%s: saved stories unreadable (%s); clustering every document again", store.path, reason)
    archive.clear()
    return StoryClusterer(archive=archive)


# (entity name keys, place names, the headline's name keys)
StoryKeys = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def story_keys(analysis: ArticleAnalysis) -> StoryKeys:
    """What the story clusterer reads of an analysis: its entity name keys (the body's and
    the headline's), place names, and the headline's name keys alone (each sorted, each
    string interned, so a corpus's keys are held once each)."""
    from brinkwatch.resolve._names import name_key

    headline = {name_key(name) for name in analysis.headline_names} - {""}
    entities = {name_key(m.span.text) for m in analysis.mentions if m.label in STORY_NAME_LABELS}
    entities = (entities | headline) - {""}
    places = {p.name for p in analysis.places}
    return tuple(tuple(sys.intern(k) for k in sorted(keys)) for keys in (entities, places, headline))


def story_item(doc: Document, keys: StoryKeys, text: str):
    """A document as the story clusterer reads it (``keys``: its :func:`story_keys`)."""
    from brinkwatch.resolve.stories import StoryItem

    entities, places, headline = keys
    return StoryItem(doc_id=doc.id, title=doc.title or "", text=text, date=doc.published,
                     entities=entities, places=places, outlet=doc.outlet,
                     headline_names=headline)


def assign_stories(
    store: Store, documents: dict[str, Document],
    keys: Mapping[str, StoryKeys],
    texts: Mapping[str, str] | None = None, clusterer=None,
):
    """Add documents the clusterer has not seen; return (clusterer, doc id -> story id).
    The caller saves the clusterer's state (derive does, inside its one transaction).

    :param keys: each new document's :func:`story_keys` (none: no entities or places).
    :param texts: document texts by id (read per document, e.g. :meth:`Store.texts`);
        else each document's own ``text``.
    :param clusterer: the store's clusterer, already loaded (:func:`load_clusterer`).

    The new documents go to the clusterer in its own order (date, then id) in slices of its
    ``max_batch``, which it clusters one at a time whatever the size of one ``add`` call, so
    only one slice's texts are held at a time and the stories are those of a single call.
    """
    from brinkwatch.resolve._story_state import arrival_key

    clusterer = clusterer if clusterer is not None else load_clusterer(store)
    new_docs = [doc for doc_id, doc in documents.items() if clusterer.story_of(doc_id) is None]
    new_docs.sort(key=lambda d: arrival_key(d.published, d.id))
    step = max(1, clusterer.settings.max_batch)
    for first in range(0, len(new_docs), step):
        clusterer.add([story_item(doc, keys.get(doc.id, ((), (), ())),
                                  texts[doc.id] if texts is not None else doc.text)
                       for doc in new_docs[first : first + step]])
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


def derive(
    store: Store, settings: Settings, timings: dict[str, float] | None = None, *, force: bool = False,
    event_batch: int | None = None, window: int | None = None,
) -> dict:
    """Re-derive every derived table from the stored documents and analyses, unless they
    were derived from exactly these inputs already (see :mod:`brinkwatch.derive_inputs`).

    :param timings: if given, filled with the seconds each step took (for benchmarks).
    :param force: re-derive even when the inputs are unchanged.
    :param event_batch: event reports merged at a time (see
        :class:`~brinkwatch.resolve.events.EventBuilder`; default its ``DEFAULT_BATCH``).
    :param window: documents derived at a time (default ``settings.derive_window``; see
        :meth:`~brinkwatch.store.db.Store.document_windows`).
    :returns: counts of documents, stories, events, claims and disputed claims, and
        ``derived``: False when the stored tables were kept.
    """
    from brinkwatch.resolve.events import DEFAULT_BATCH

    inputs = fingerprint(store, settings)
    if not force and store.get_state(DERIVED_FROM_KEY) == inputs:
        log.info("derive: nothing changed since the last derivation; derived tables kept")
        return _stored_summary(store)
    return _derive(store, settings, timings, inputs, event_batch or DEFAULT_BATCH,
                   window or settings.derive_window)


def _stored_summary(store: Store) -> dict:
    one = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "stories": one("SELECT count(DISTINCT story_id) FROM story_documents"),
        "events": one("SELECT count(*) FROM events"),
        "claims": one("SELECT count(*) FROM claims"),
        "disputed_claims": one("SELECT count(*) FROM claims WHERE status = 'disputed'"),
        "derived": False,
    }


def _derive(
    store: Store, settings: Settings, timings: dict[str, float] | None, inputs: str, event_batch: int,
    window: int,
) -> dict:
    from brinkwatch.claims.context import ClaimGatherer
    from brinkwatch.signals.escalation import write_escalation
    from brinkwatch.store.derived import StoryWriter, TimelineWriter, write_claims

    clock = _Clock(timings)
    counts = {"documents": 0, "stories": 0, "events": 0, "claims": 0, "disputed_claims": 0}
    gc.freeze()  # the loaded records live long (no cycles): spare the collector re-scanning them
    try:
        clusterer = load_clusterer(store)
        clusterer.settings = replace(clusterer.settings, memory_docs=settings.story_memory_docs)
        if settings.story_distinct_names is not None:
            clusterer.settings = replace(clusterer.settings,
                                         distinct_names_factor=settings.story_distinct_names)
        seen = clusterer.document_count()
        # One transaction: readers see the old derivation until the new one is complete.
        with store.transaction():
            store.clear_derived()
            stories, timeline, claims = StoryWriter(store), TimelineWriter(store), ClaimGatherer()
            for number, ids in enumerate(store.document_windows(window)):
                done = _derive_window(store, settings, ids, clusterer, stories, timeline, claims, clock,
                                      event_batch=event_batch, first=number == 0)
                for key, value in done.items():
                    counts[key] += value
                gc.unfreeze()  # the window's records are garbage now, cycles included
                gc.collect()
                gc.freeze()
            if clusterer.document_count() != seen:
                store.set_state_parts(STORY_STATE_KEY, clusterer.state_parts())
            counts["stories"] = stories.story_count()
            stories.finish(clusterer.iter_stories(), clusterer.threads())
            del clusterer
            clock.lap("write")
            timeline.finish(event_batch)
            clock.lap("timeline")
            claim_groups = claims.reconcile()
            write_claims(store, claim_groups)
            counts["claims"] = len(claim_groups)
            counts["disputed_claims"] = sum(1 for g in claim_groups if g.status == "disputed")
            del claims
            write_escalation(store.conn)  # in SQL, from the events just written and the imported ones
            store.set_state(DERIVED_FROM_KEY, inputs)
        clock.lap("claims and escalation")
    finally:
        gc.unfreeze()
    return {**counts, "derived": True}


def _derive_window(
    store: Store, settings: Settings, ids: list[str], clusterer, stories, timeline, claims, clock: _Clock, *,
    event_batch: int, first: bool,
) -> dict[str, int]:
    """Stories, anchors, entities and events of one window of documents (see
    :meth:`Store.document_windows`); events and timeline rows are written as they are made,
    the stories' rows kept by ``stories`` (a :class:`StoryWriter`), the claims with their
    documents' context by ``claims`` (a :class:`~brinkwatch.claims.context.ClaimGatherer`),
    reconciled once every window is derived. ``first``: nothing derived is in the store yet
    (later windows join entities and event ids with those written before)."""
    from brinkwatch.claims.context import claim_context
    from brinkwatch.resolve.events import EventBuilder
    from brinkwatch.store.derived import event_written, write_anchors_and_entities

    # Metadata only: each text is read from the store when a step needs it.
    documents = {d.id: d for d in store.iter_documents(ids, texts=False)}
    texts = store.texts(documents)
    pass_one = _pass_one(store, documents, texts, clusterer)
    gc.freeze()
    clock.lap("load")
    clusterer, story_of = assign_stories(store, documents, pass_one.story_keys, texts, clusterer)
    pass_one.story_keys = {}
    clock.lap("stories")
    anchors = _anchors(store, documents, story_of, clusterer, settings.default_date)
    clock.lap("anchors")
    resolver = pass_one.entities
    entities = resolver.resolve(texts, story_of)
    clock.lap("entities")
    stories.add(story_of, entities)
    write_anchors_and_entities(store, anchors=anchors, entities=entities,
                               mentions=resolver.mention_records(), merge=not first)
    clock.lap("write")
    builder = EventBuilder(
        entities, keep_texts=False, links=resolver.links, batch_size=event_batch,
        id_taken=lambda event_id: event_written(store, event_id), ids_taken=not first,
    )
    sink = _EventSink(store, texts, timeline, clock)
    _events(store, builder, pass_one.analysed, documents, texts, anchors, story_of, sink)
    del builder, resolver  # the mention rows: written and linked
    claims.add(pass_one.claims, claim_context((), story_of, anchors, entities, main_place=pass_one.main_place,
                                              places=sink.places))
    clock.lap("claims and escalation")
    return {"documents": len(documents), "events": sink.events}


def _anchors(store: Store, documents: dict[str, Document], story_of: dict[str, str], clusterer,
             default_date: str | None) -> dict:
    """The window's anchor dates; an undated document's story mates in other windows are
    read from the store (their metadata only) to infer its date."""
    from brinkwatch.resolve.dates import anchor_dates

    mates = {
        mate for doc_id, doc in documents.items() if not doc.published and doc_id in story_of
        for mate in clusterer.members(story_of[doc_id]) if mate not in documents
    }
    if not mates:
        return anchor_dates(documents, story_of, default_date=default_date)
    found = [d for d in store.iter_documents(sorted(mates), texts=False) if d.published]
    everyone = {**documents, **{d.id: d for d in found}}
    mates_story = {**story_of, **{d.id: clusterer.story_of(d.id) for d in found}}
    anchors = anchor_dates(everyone, mates_story, default_date=default_date)
    return {doc_id: anchors[doc_id] for doc_id in documents}


# What pass 1 leaves undecoded (read by pass 2 only): the story keys never see these fields.
PASS_ONE_SKIPS = ("sentences", "times", "quantities", "events")


@dataclass
class _PassOne:
    """What pass 1 keeps of the analyses: the ids of the analysed documents, the entity
    resolver's compact mentions, the new documents' story keys, the claims with their
    outlets, each document's main place."""

    analysed: list[str]
    entities: EntityResolver
    story_keys: dict[str, StoryKeys] = field(default_factory=dict)
    claims: list[tuple] = field(default_factory=list)
    main_place: dict[str, str] = field(default_factory=dict)


def _pass_one(store: Store, documents: dict[str, Document], texts: Mapping[str, str], clusterer) -> _PassOne:
    """One pass over the stored analyses (document-id order, one held at a time) for the
    cross-document steps: their mentions go to the entity resolver, the story keys of
    documents the clusterer has not seen, the claims and the main places are kept."""
    from brinkwatch.claims.context import main_place_of
    from brinkwatch.resolve._entity_fixes import common_words

    analysed = store.analysed_ids(list(documents))
    kept = _PassOne(analysed, EntityResolver(common_words(texts[d] for d in analysed)))
    # Nothing of the records outlives the pass (the resolver keeps compact rows), so the
    # analyses are decoded without sharing their values.
    for doc_id, analysis in store.iter_analyses(without=PASS_ONE_SKIPS, ids=analysed, share=False):
        document = documents[doc_id]
        kept.entities.add(doc_id, analysis, texts[doc_id])
        if clusterer.story_of(doc_id) is None:
            kept.story_keys[doc_id] = story_keys(analysis)
        kept.claims += ((claim, outlet_label(document)) for claim in analysis.claims)
        place = main_place_of(analysis)
        if place:
            kept.main_place[doc_id] = place
    return kept


def _events(
    store: Store, builder, analysed: list[str], documents: dict[str, Document], texts: Mapping[str, str],
    anchors: dict, story_of: dict[str, str], sink: _EventSink,
) -> None:
    """Pass 2: the analyses of ``analysed`` (document ids) one at a time, in anchor-date
    order (undated last, then by id): its times re-read against its anchor when that
    changed, its event candidates dated, placed and linked (by ``builder``, an
    :class:`~brinkwatch.resolve.events.EventBuilder`).
    Between two dates the builder may hand back events no later document can join; they go
    to ``sink`` at once, the rest when the pass ends."""
    from brinkwatch.resolve.dates import Anchor

    unknown = Anchor(None, "unknown")

    def day(doc_id: str) -> str:
        return (anchors.get(doc_id, unknown).date or "9999")[:10]

    order = sorted(analysed, key=lambda d: (day(d), d))
    analyses = store.iter_analyses(without=("mentions", "quantities", "claims"), ids=order)
    position = 0
    for doc_id, analysis in analyses:
        while order[position] != doc_id:  # an analysis gone since the ids were read is skipped
            position += 1
        document = documents[doc_id]
        anchor = anchors.get(doc_id, unknown)
        text = texts[doc_id]
        times = document_times(document, analysis, anchor, text)
        builder.add(analysis, anchor, story_of.get(doc_id), times, text)
        following = order[position + 1] if position + 1 < len(order) else None
        if following is not None and day(following) != day(doc_id):
            next_date = anchors.get(following, unknown).date
            closed = builder.flush(next_date)
            if closed:
                sink.add(closed)
    sink.add(builder.finish())


class _EventSink:
    """Where finished events go: written with their summaries, their places kept for the
    claims' context, their timeline rows kept for the timeline."""

    def __init__(self, store: Store, texts: Mapping[str, str], timeline, clock: _Clock) -> None:
        from brinkwatch.claims.context import EventPlaces

        self.store, self.texts, self.timeline, self.clock = store, texts, timeline, clock
        self.places = EventPlaces()
        self.events = 0

    def add(self, events: list) -> None:
        """Finished events (each once)."""
        from brinkwatch.resolve.events import summarize_event
        from brinkwatch.store.derived import write_events

        self.clock.lap("times and reports")
        shared: dict[str, str] = {}  # equal summaries are one string
        summaries = {}
        for event in events:
            summary = summarize_event(event)
            summaries[event.id] = shared.setdefault(summary, summary)
        write_events(self.store, events, summaries, self.texts)
        self.places.add(events)
        self.events += len(events)
        self.timeline.add(events, summaries)
        self.clock.lap("events")


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
