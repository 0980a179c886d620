"""From per-sentence event candidates to real-world events with all their mentions.

Each candidate gets:

- a **date**: a time expression in the trigger's own clause (chosen by the coder, see
  ``coding/_scope.py``), else the narrative date of the preceding sentences of the same
  paragraph ("On September 24 there was a shootout. ... Three attackers were killed."), else
  the document's anchor date (flagged ``document``). A time elsewhere in the sentence ("the
  worst violence since independence in 2008") does not date the event.
- a **place**: a toponym of its sentence (a village beats a country), else, for material
  acts, the place the paragraph's preceding sentences were about.
- its **actors** linked to resolved entities.

Candidates are then merged across documents when they report the same happening: related
roots (18/19/20 are one "violent incident" family), compatible actors' countries (unknown
sides are wildcards; either direction for material conflict), compatible dates, no
conflicting villages or towns, and evidence they are one happening: the same village or
town, or the same story with a shared actor country, or the same day with the same dyad.
The merged event keeps the most frequent (then most specific) code, the best date (a date
stated in text beats a publication date) and the largest casualty counts, so counts and
escalation are not inflated by repetition.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from brinkwatch.records import ActorRef, ArticleAnalysis, EventCandidate, Place, TimeExpr, content_id
from brinkwatch.resolve import _event_blocks as blocks
from brinkwatch.resolve._event_shared import Shared as _Shared
from brinkwatch.resolve._greedy_merge import GreedyMerger, date_range, last_day
from brinkwatch.resolve._countries import alpha2, alpha3
from brinkwatch.resolve._event_context import (
    DAY,
    DocContext,
    best_place,
    doc_context,
    event_date,
    populated,
    sentence_of,
)
from brinkwatch.resolve.dates import Anchor
from brinkwatch.resolve.entities import ResolvedEntity

_FAMILY = {"18": "violence", "19": "violence", "20": "violence"}
_MATERIAL_QUADS = {2, 4}
_DOC_WINDOW_DAYS = 31  # how long before publication an undated report can refer to


@dataclass(slots=True)
class Actor:
    entity: str | None
    name: str | None
    country: str | None  # ISO alpha-3, CAMEO style (Kosovo XKX)
    code: str | None = None


@dataclass(slots=True)
class EventMention:
    doc_id: str
    start: int
    end: int
    text: str | None  # None: the document's text[start:end] (left out by EventBuilder(keep_texts=False))


@dataclass(slots=True)
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
    date_source: str  # "sentence" (stated in text), "document (...)" or "none"
    fatalities: int | None
    injuries: int | None
    arrests: int | None
    confidence: float
    story: str | None
    mentions: list[EventMention] = field(default_factory=list)
    date_basis: str = "none"  # "clause", "narrative", "document" or "none"
    date_hint: str | None = None  # a partial date ("XXXX-09-24") used for merging only
    stories: set[str] | frozenset[str] = field(default_factory=set)  # never mutated in place
    codes: Counter = field(default_factory=Counter)  # never mutated in place (reports share them)
    background: bool = False  # every mention only names the incident ("after the attack")
    habitual: bool = False  # "they have often clashed": a pattern, not one happening
    reported: int = 0  # day ordinal of the latest anchor date of its reports (0: none known)

    @property
    def documents(self) -> list[str]:
        return sorted({m.doc_id for m in self.mentions})


# --- dates -------------------------------------------------------------------------------

def _compatible_dates(a: MergedEvent, b: MergedEvent) -> bool:
    """Whether two events' dates can be the same happening's."""
    a_doc, b_doc = a.date_basis == "document", b.date_basis == "document"
    ha, hb = a.date_hint, b.date_hint
    if ha and hb and ha.startswith("X") != hb.startswith("X") and DAY.match(ha) and DAY.match(hb):
        return ha[4:] == hb[4:]  # "XXXX-09-24" (no year known) vs "2023-09-24"
    ra = date_range(a.date) if a.date else None
    rb = date_range(b.date) if b.date else None
    if ra is None or rb is None:
        return True
    if a_doc and b_doc:
        return abs((ra[0] - rb[0]).days) <= 14
    if a_doc or b_doc:  # reported by then: on or before publication, not long before
        (pub, _), (first, last) = (ra, rb) if a_doc else (rb, ra)
        return first <= pub + dt.timedelta(days=1) and last >= pub - dt.timedelta(days=_DOC_WINDOW_DAYS)
    if a.date_precision == "day" and b.date_precision == "day":
        return abs((ra[0] - rb[0]).days) <= 1
    return ra[0] <= rb[1] and rb[0] <= ra[1]


# --- actors and merging ------------------------------------------------------------------

def _link_actor(ref: ActorRef | None, mention_entity: dict[str, list], shared: dict | None = None) -> Actor:
    """The actor of a reference, linked to the first entity whose mention it overlaps
    (``mention_entity``: doc id -> flat [start, end, entity, start, end, entity, ...]). With
    ``shared``, equal actors are one object (reports never mutate their actors)."""
    if ref is None:
        return _shared(shared, (None, None, None, None))
    entity = None
    if ref.span is not None:
        spans = mention_entity.get(ref.span.doc_id, ())
        for n in range(0, len(spans), 3):
            if spans[n] < ref.span.end and ref.span.start < spans[n + 1]:
                entity = spans[n + 2]
                break
    country = ref.country or (alpha3(entity.country) if entity and entity.country else None)
    return _shared(shared, (entity.id if entity else None, entity.name if entity else ref.text, country, ref.code))


def _shared(cache: dict | None, fields: tuple) -> Actor:
    if cache is None:
        return Actor(*fields)
    actor = cache.get(fields)
    if actor is None:
        actor = cache[fields] = Actor(*fields)
    return actor


def _family(root: str) -> str:
    return _FAMILY.get(root, root)


def _sides_fit(x: tuple[str | None, str | None], y: tuple[str | None, str | None]) -> bool:
    return all(a is None or b is None or a == b for a, b in zip(x, y))


def _side(actor: Actor) -> str | None:
    """What identifies an actor for merging: its country, else its organisation code."""
    if actor.country:
        return actor.country
    return actor.code[:6] if actor.code and actor.code.startswith("IGO") else None


def _same_dyad(x: MergedEvent, y: MergedEvent) -> bool:
    """Compatible actors' countries (an unknown side fits anything); a fight between two
    sides is told from either side."""
    pair_x = (_side(x.source), _side(x.target))
    pair_y = (_side(y.source), _side(y.target))
    if _sides_fit(pair_x, pair_y):
        return True
    return x.quad_class == 4 and y.quad_class == 4 and _sides_fit(pair_x, pair_y[::-1])


def _countries(e: MergedEvent) -> set[str]:
    return {c for c in (_side(e.source), _side(e.target)) if c}


def _same_place(a: Place | None, b: Place | None) -> bool:
    return a is not None and b is not None and (
        (a.geonameid is not None and a.geonameid == b.geonameid) or a.name == b.name
    )


def _mergeable(a: MergedEvent, b: MergedEvent) -> bool:
    if _family(a.root) != _family(b.root) or not _same_dyad(a, b) or a.habitual or b.habitual:
        return False
    if not _compatible_dates(a, b):
        return False
    if populated(a.place) and populated(b.place) and not _same_place(a.place, b.place):
        return False  # two villages: two incidents
    if populated(a.place) and _same_place(a.place, b.place):
        return True
    shared = bool(_countries(a) & _countries(b))
    same_day = (
        a.date_basis in ("clause", "narrative") and b.date_basis in ("clause", "narrative")
        and a.date_precision == b.date_precision == "day" and a.date == b.date
    )
    if a.stories & b.stories and (shared or same_day):
        return True
    pair_a = (_side(a.source), _side(a.target))
    return same_day and shared and pair_a in (
        (_side(b.source), _side(b.target)), (_side(b.target), _side(b.source)))


def _fill_actor(into: Actor, other: Actor) -> Actor:
    if into.country is None and other.country is not None:
        return other
    return into


def _date_rank(e: MergedEvent) -> tuple[int, int]:
    basis = {"clause": 3, "narrative": 2, "document": 1}.get(e.date_basis, 0)
    precision = {"day": 4, "week": 3, "month": 2, "year": 1}.get(e.date_precision, 0)
    return basis, precision


def _absorb(into: MergedEvent, other: MergedEvent) -> None:
    into.mentions.extend(other.mentions)
    # New objects, not in-place updates: single reports share their stories and codes.
    into.stories = into.stories | other.stories
    into.codes = into.codes + other.codes
    into.background = into.background and other.background
    for attr in ("fatalities", "injuries", "arrests"):
        values = [v for v in (getattr(into, attr), getattr(other, attr)) if v is not None]
        setattr(into, attr, max(values) if values else None)
    if into.place is None or (populated(other.place) and not populated(into.place)):
        into.place = other.place or into.place
    if _date_rank(other) > _date_rank(into) or (
        _date_rank(other) == _date_rank(into) and into.date_basis == "document"
        and other.date and into.date and other.date < into.date
    ):
        into.date, into.date_precision, into.date_source = other.date, other.date_precision, other.date_source
        into.date_basis = other.date_basis
    into.date_hint = into.date_hint if into.date_hint and not into.date_hint.startswith("X") else (other.date_hint or into.date_hint)
    if into.source.country is None and into.target.country is None and (other.source.country or other.target.country):
        into.source, into.target = other.source, other.target
    else:
        into.source, into.target = _fill_actor(into.source, other.source), _fill_actor(into.target, other.target)
    into.confidence = min(0.99, max(into.confidence, other.confidence) + 0.05)
    into.reported = max(into.reported, other.reported)


def _settle_code(event: MergedEvent) -> None:
    """The merged code: the most frequent among the mentions, then the most specific."""
    from brinkwatch.coding import tables

    code = max(event.codes.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
    if code != event.cameo:
        event.cameo, event.root = code, tables.root_of(code)
        event.quad_class = tables.quad_class(event.root) or event.quad_class
        event.goldstein = tables.goldstein(code) or 0.0


def _single(
    candidate: EventCandidate, ctx: DocContext, story: str | None, mention_entity, shared: _Shared,
) -> MergedEvent:
    """One candidate as a single report (a cluster of one). Its actors, stories, codes,
    sentence text and date source are objects shared with equal reports' (``shared``)."""
    analysis = ctx.analysis
    sentence = sentence_of(analysis, candidate.trigger.start)
    date, precision, basis, hint = event_date(candidate, ctx, sentence)
    actor_spans = [r.span for r in (candidate.source, candidate.target, candidate.speaker) if r is not None and r.span]
    place = candidate.place or best_place([  # "accused Belgrade": an actor, not a place
        p for p in ctx.places.get(sentence, [])
        if not any(a.start < p.span.end and p.span.start < a.end for a in actor_spans)
    ])
    if place is None and candidate.quad_class in _MATERIAL_QUADS and sentence > 0 and (
        ctx.paragraphs[sentence] == ctx.paragraphs[sentence - 1]
    ):
        place = ctx.narrative_places[sentence - 1]
    weight = 1 if candidate.salience == "background" else 2  # named acts outvote references
    date_source = shared.value("sentence" if basis in ("clause", "narrative") else (
        f"document ({ctx.anchor.source})" if basis == "document" else "none"))
    own = candidate.sentence
    return MergedEvent(
        id="", cameo=candidate.cameo, root=candidate.root, quad_class=candidate.quad_class,
        goldstein=candidate.goldstein,
        source=_link_actor(candidate.source, mention_entity, shared.actors),
        target=_link_actor(candidate.target, mention_entity, shared.actors),
        place=place, date=date, date_precision=precision, date_source=date_source,
        fatalities=candidate.fatalities, injuries=candidate.injuries, arrests=candidate.arrests,
        confidence=candidate.confidence, story=story,
        mentions=[EventMention(own.doc_id, own.start, own.end, shared.text(own.text, own.start, own.end))],
        date_basis=basis, date_hint=hint,
        stories=shared.value(frozenset((story,)) if story else frozenset()),
        codes=shared.codes(candidate.cameo, weight), background=candidate.salience == "background",
        habitual=candidate.modality == "habitual",
        reported=last_day(ctx.anchor.date) or 0,
    )


def _keep(event: MergedEvent) -> bool:
    """Drop a lone reference to an incident that says nothing of its own (no date stated in
    its clause, no place, no counts): it adds a count without adding a fact."""
    if not event.background:
        return True
    return event.date_basis in ("clause", "narrative") or event.place is not None or bool(event.fatalities)


# Reports of documents published this long after a merged event's last day can still
# join it (a stated date up to _DOC_WINDOW_DAYS before publication, with slack); after
# that the event is closed and written (see EventBuilder.flush).
MERGE_HORIZON_DAYS = 2 * _DOC_WINDOW_DAYS
DEFAULT_BATCH = 100_000  # reports merged at a time by a flushing builder (~50 MB of them)


class EventBuilder:
    """Builds the merged events one document at a time, so a caller can stream analyses
    from the store instead of holding them all: :meth:`add` each document's analysis (each
    document once), then :meth:`finish`. Only the per-candidate reports are kept, compactly:
    equal actors, story sets, code counts and date sources are shared between reports.

    A caller that adds documents in anchor-date order may also call :meth:`flush` between
    two dates: once ``batch_size`` reports are pending it merges them into the events made
    so far and hands back the events no later document is likely to join (dated, and
    neither their date nor their latest report within ``MERGE_HORIZON_DAYS`` of the next
    document), so memory follows the reports of a few weeks, not of the corpus. A corpus
    whose reports fit one batch is merged exactly as by one greedy pass over all of them (in
    rank, then document-id order); beyond that the batches are merged in date order, and a
    report of a closed event (a document recalling an incident no report has named for
    weeks) becomes an event of its own."""

    def __init__(
        self, entities: list[ResolvedEntity], *, keep_texts: bool = True,
        links: Callable[[str], list] | None = None, batch_size: int = DEFAULT_BATCH,
        id_taken: Callable[[str], bool] | None = None, ids_taken: bool = False,
    ) -> None:
        """:param keep_texts: False: an event mention whose sentence text is its
            document's ``text[start:end]`` gets ``text=None`` (the caller reads it from the
            document when it needs it), so the events do not hold the sentences.
        :param links: document id -> its entity mentions as a flat ``[start, end, entity,
            ...]`` list (e.g. :meth:`~brinkwatch.resolve.entities.EntityResolver.links`);
            else read from the entities' ``mentions``.
        :param batch_size: reports pending before :meth:`flush` merges them.
        :param id_taken: whether an event id was handed out already by an earlier flush
            (e.g. is in the store), so two events never share one.
        :param ids_taken: events were handed out before this builder (by an earlier one), so
            ``id_taken`` is asked from the first event on."""
        # doc id -> [start, end, entity, ...] flat (a third of the memory of triples); a
        # document's entry is dropped once the document is added.
        self.mention_entity: dict[str, list] = {}
        if links is None:
            for e in entities:
                for m in e.mentions:
                    spans = self.mention_entity.setdefault(m.span.doc_id, [])
                    spans += (m.span.start, m.span.end, e)
        self.links = links or (lambda doc_id: self.mention_entity.pop(doc_id, []))
        self.pending: list[tuple[tuple, MergedEvent]] = []  # (merge order key, report)
        self.shared = _Shared()
        self.keep_texts = keep_texts
        self.batch_size = batch_size
        self.id_taken = id_taken
        self.handed_out = ids_taken  # whether events were returned (whose ids are taken)
        self.merger = _merger()

    def add(
        self, analysis: ArticleAnalysis, anchor: Anchor, story: str | None,
        times: list[TimeExpr], text: str | None,
    ) -> None:
        """One document's candidates, dated against ``times`` (its time expressions read
        against ``anchor``); ``text`` gives paragraph breaks."""
        ctx = doc_context(analysis, times, anchor, text)
        self.shared.texts.clear()  # sentence texts repeat within a document only
        self.shared.doc_text = None if self.keep_texts else text
        links = {analysis.doc_id: self.links(analysis.doc_id)}
        for n, candidate in enumerate(analysis.events):
            if candidate.negated:
                continue  # "Serbia denied arming them": no arming happened
            single = _single(candidate, ctx, story, links, self.shared)
            self.pending.append((_merge_order(single, (analysis.doc_id, n)), single))

    def flush(self, next_date: str | None) -> list[MergedEvent]:
        """With ``batch_size`` reports pending, merge them and return the finished events
        (by date, then id) that a document dated ``next_date`` or later cannot join; else
        nothing. Call between two documents of different dates (``next_date``: the next
        one's anchor date; None: undated, nothing closes)."""
        next_day = last_day(next_date)
        if len(self.pending) < self.batch_size or next_day is None:
            return []
        self._merge_pending()
        horizon = next_day - MERGE_HORIZON_DAYS

        def done(event: MergedEvent) -> bool:  # dated, and neither it nor a report recent
            day = last_day(event.date)
            return day is not None and max(day, event.reported) < horizon

        return self._finished(self.merger.close(done))

    def finish(self) -> list[MergedEvent]:
        """The merged events not yet returned by :meth:`flush`, by date then id."""
        self._merge_pending()
        return self._finished(self.merger.finish())

    def _merge_pending(self) -> None:
        self.pending.sort(key=lambda pair: pair[0])
        self.merger.add(single for _, single in self.pending)
        self.pending = []

    def _finished(self, merged: list[MergedEvent]) -> list[MergedEvent]:
        out = _settled(merged)
        # Until events are handed out no id is taken: a one-batch corpus asks nothing.
        _assign_ids(out, self.id_taken if self.handed_out and self.id_taken else _nothing_taken)
        self.handed_out = self.handed_out or bool(out)
        out.sort(key=lambda e: (e.date or "9999", e.id))
        return out


def build_events(
    analyses: dict[str, ArticleAnalysis],
    anchors: dict[str, Anchor],
    story_of: dict[str, str],
    entities: list[ResolvedEntity],
    times_of: dict[str, list[TimeExpr]],
    texts: dict[str, str] | None = None,
) -> list[MergedEvent]:
    """Dated, placed, actor-linked events, merged across documents. ``texts`` (document
    text by id) gives paragraph breaks, which bound narrative dates and places."""
    builder = EventBuilder(entities)
    for doc_id in sorted(analyses):
        analysis = analyses[doc_id]
        builder.add(
            analysis, anchors.get(doc_id, Anchor(None, "unknown")), story_of.get(doc_id),
            times_of.get(doc_id, list(analysis.times)), (texts or {}).get(doc_id),
        )
    return builder.finish()


def _merge_order(single: MergedEvent, tie: tuple) -> tuple:
    """Strong reports (stated date, both actors) seed clusters; ties in ``tie`` order."""
    return (-_date_rank(single)[0], -len(_countries(single)), single.background, tie)


def _merger() -> GreedyMerger[MergedEvent]:
    """A report joins the first compatible event (see _mergeable) in creation order, among
    those sharing a blocking key and a date bucket with it."""
    return GreedyMerger(
        keys=lambda e, query: _block_keys(e, query=query),
        buckets=lambda e, query: _date_buckets(e, query=query),
        fits=_mergeable, absorb=_absorb,
    )


def _merge(singles: list[MergedEvent]) -> list[MergedEvent]:
    """One greedy pass over ``singles`` (ties in list order): the merged events kept."""
    merger = _merger()
    order = sorted(range(len(singles)), key=lambda i: _merge_order(singles[i], (i,)))
    merger.add(singles[i] for i in order)
    return _settled(merger.finish())


def _settled(merged: list[MergedEvent]) -> list[MergedEvent]:
    """The events worth keeping, their mentions in document order, their codes settled."""
    out = [e for e in merged if _keep(e)]
    for event in out:
        event.mentions.sort(key=lambda m: (m.doc_id, m.start))
        _settle_code(event)
    return out


def _block_keys(event: MergedEvent, *, query: bool) -> list[tuple]:
    """The keys one of which a cluster and a report it can merge with share (see _mergeable):
    the same populated place; the same story and an actor country ("shared"); the same story
    and a cluster at a populated place of the report's place name (a report's unpopulated
    place of the same name still matches it); the same stated day. ``query``: the keys a
    report looks up rather than those a cluster is filed under."""
    family = _family(event.root)
    keys: list[tuple] = [
        ("story", family, story, country) for story in event.stories for country in _countries(event)
    ]
    place = event.place
    if populated(place):
        keys.append(("place", family, place.name))
        if place.geonameid is not None:
            keys.append(("gid", family, place.geonameid))
    if place is not None and (query or populated(place)):
        for story in event.stories:
            keys.append(("story-place", family, story, place.name))
            if place.geonameid is not None:
                keys.append(("story-gid", family, story, place.geonameid))
    if event.date_basis in ("clause", "narrative") and event.date_precision == "day" and event.date:
        keys.append(("day", family, event.date))
    return keys


def _date_buckets(event: MergedEvent, *, query: bool) -> list | None:
    """Date buckets such that two events with compatible dates (see _compatible_dates) share
    one. An event dated by its document is filed under the bucket of that day ("P"), any
    other under the buckets its date range spans, a day either side ("R"); a report looks in
    the buckets the rules of _compatible_dates allow (two publication dates within 14 days;
    a stated date on or before publication, at most _DOC_WINDOW_DAYS before). A day-precise
    hint ("XXXX-09-24" or "2023-09-24") is also filed under its month and day and looks up
    the hint of the other kind. None when the date range is unknown (compatible with every
    date); a report always looks in the unknown-date bucket too."""
    window = date_range(event.date) if event.date else None
    if window is None:
        return None
    first, last = window
    day = dt.timedelta(days=1)
    if event.date_basis == "document":
        if query:
            buckets = blocks.spread("P", first - 14 * day, first + 14 * day)
            buckets += blocks.spread("R", first - _DOC_WINDOW_DAYS * day, first + day)
        else:
            buckets = blocks.spread("P", first, first)
    else:
        buckets = blocks.spread("R", first - day, last + day)
        if query:
            buckets += blocks.spread("P", first - day, last + _DOC_WINDOW_DAYS * day)
    found: list = list(buckets)
    hint = event.date_hint
    if hint and DAY.match(hint):
        unknown_year = hint.startswith("X")
        found.append(("md", unknown_year != query, hint[4:]))
    if query:
        found.append(blocks.ANY_DATE)
    return found


def _nothing_taken(event_id: str) -> bool:
    return False


def _assign_ids(events: list[MergedEvent], taken: Callable[[str], bool] = _nothing_taken) -> None:
    seen: set[str] = set()
    for event in sorted(events, key=lambda e: (e.mentions[0].doc_id, e.mentions[0].start, e.cameo)):
        first = event.mentions[0]
        base = content_id("event", event.cameo, first.doc_id, first.start, event.source.name,
                          event.target.name, prefix="v")
        event.id, n = base, 1
        while event.id in seen or taken(event.id):  # two events of one kind coded from one sentence
            n += 1
            event.id = f"{base}-{n}"
        seen.add(event.id)


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


__all__ = [
    "Actor", "EventBuilder", "EventMention", "MergedEvent", "alpha2", "build_events", "summarize_event",
]
