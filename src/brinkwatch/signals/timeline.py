"""The merged timeline: what happened in what order, by event date, with its sources.

1. Each merged event is an entry; its date is the event's own date when a time expression
   in its sentence gave it (``dated_by = "event"``), else its document's publication (or
   inferred) date (``dated_by = "publication"``, so a reader knows the position is
   approximate), else none (``"none"``, listed last).
2. Entries that tell the same happening from several outlets are merged once more, across
   what the event merger kept apart: the same CAMEO root at the same specific place for a
   material conflict ("a shootout in Banjska" and "gunfire erupted in Banjska"), or the same
   root by the same named actor ("Kirby said on Friday" and "Kirby stated"), when their
   dates agree (same day, or one only dated by publication within ``PUBLICATION_SLACK_DAYS``
   after the other, or one undated). The merged entry keeps the best-dated event's date and
   summary and the union of sources.
3. Entries sort by date (a year or month sorts before the days in it), event-dated before
   publication-dated on the same date, then by the number of sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from brinkwatch.resolve import _event_blocks as blocks
from brinkwatch.resolve._greedy_merge import GreedyMerger, date_range, last_day

__all__ = [
    "PUBLICATION_SLACK_DAYS", "TimelineBuilder", "TimelineEntry", "TimelineRow", "build_timeline", "dated_by_rank",
    "entry_order", "stream_timeline", "timeline_row",
]

PUBLICATION_SLACK_DAYS = 3
_RANK = {"event": 0, "publication": 1, "none": 2}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str | None
    dated_by: str  # "event" | "publication" | "none"
    event_id: str
    summary: str
    sources: tuple[str, ...]


class TimelineRow(NamedTuple):
    """What the timeline reads of a merged event (see :func:`timeline_row`)."""

    date: str | None
    dated_by: str
    event_id: str
    root: str
    quad_class: int
    place: str | None  # _place_key: a scene, not a country
    actor: str | None  # _actor_key: the source's entity, else its name
    summary: str
    sources: tuple[str, ...]  # sorted document ids


@dataclass(slots=True)
class _Item:
    events: list[TimelineRow]
    date: str | None
    dated_by: str
    sources: tuple[str, ...]  # sorted document ids (a tuple: most items never merge, and a
    # set would cost four times the memory over a corpus's events)


def _dated_by(event: Any) -> str:
    if event.date_source == "sentence" and event.date:
        return "event"
    return "publication" if event.date else "none"


def _day(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((date or "")[:10]) if date and len(date) >= 10 else None
    except ValueError:
        return None


def _place_key(event: Any) -> str | None:
    place = getattr(event, "place", None)
    if place is None or not place.name:
        return None
    if (place.feature or "").startswith("A.PCL"):
        return None  # a country is no scene
    return place.name.lower()


def _actor_key(event: Any) -> str | None:
    src = getattr(event, "source", None)
    return (getattr(src, "entity", None) or (getattr(src, "name", None) or "").lower()) or None


def _dates_agree(a: _Item, b: _Item) -> bool:
    if a.dated_by == "none" or b.dated_by == "none":
        return True
    if a.dated_by == "event" and b.dated_by == "event":
        return a.date == b.date
    da, db = _day(a.date), _day(b.date)
    if da is None or db is None:
        return False
    if a.dated_by == "publication" and b.dated_by == "publication":
        return da == db
    event_day, pub_day = (da, db) if a.dated_by == "event" else (db, da)
    return 0 <= (pub_day - event_day).days <= PUBLICATION_SLACK_DAYS


def _same_happening(a: _Item, b: _Item) -> bool:
    x, y = a.events[0], b.events[0]
    if x.root != y.root or not _dates_agree(a, b):
        return False
    if a.sources == b.sources:
        return False  # one outlet's two sentences may be two happenings; keep them apart
    place_x, place_y = x.place, y.place
    if x.quad_class == 4 and place_x and place_x == place_y:
        return True
    actor_x, actor_y = x.actor, y.actor
    return bool(actor_x and actor_x == actor_y and (place_x == place_y or not place_x or not place_y))


def _block_keys(item: _Item) -> list[tuple]:
    lead = item.events[0]
    keys: list[tuple] = []
    if lead.quad_class == 4 and lead.place:
        keys.append(("place", lead.root, lead.place))
    if lead.actor:
        keys.append(("actor", lead.root, lead.actor))
    return keys


def _date_buckets(item: _Item, *, query: bool) -> list | None:
    """Buckets two items whose dates agree (see _dates_agree) share: the exact event date;
    the day of a publication date; an event day for the publication days up to
    ``PUBLICATION_SLACK_DAYS`` after it. None for an undated item (it agrees with any);
    ``query``: the buckets to look in (always with the undated bucket), else to file under."""
    if item.dated_by == "none":
        return None
    day = _day(item.date)
    found: list = []
    if item.dated_by == "event":
        found.append(("event", item.date))
        if day is not None:
            base = day.toordinal()
            if query:
                found += [("publication", base + k) for k in range(PUBLICATION_SLACK_DAYS + 1)]
            else:
                found.append(("event day", base))
    elif day is not None:
        base = day.toordinal()
        found.append(("publication", base))
        if query:
            found += [("event day", base - k) for k in range(PUBLICATION_SLACK_DAYS + 1)]
    if query:
        found.append(blocks.ANY_DATE)
    elif not found:
        found.append(("undated publication",))  # agrees only with undated items
    return found


def _absorb(into: _Item, other: _Item) -> None:
    into.events.extend(other.events)
    into.sources = tuple(sorted({*into.sources, *other.sources}))
    if _RANK[other.dated_by] < _RANK[into.dated_by]:
        into.date, into.dated_by = other.date, other.dated_by


def timeline_row(event: Any, summary: str) -> TimelineRow:
    """A merged event (``id``, ``root``, ``quad_class``, ``date``, ``date_source``,
    ``place``, ``source``, ``documents``) as the timeline reads it, with its summary."""
    return TimelineRow(event.date, _dated_by(event), event.id, event.root, event.quad_class, _place_key(event),
                       _actor_key(event), summary, tuple(event.documents))


class TimelineBuilder:
    """The timeline built from batches of :class:`TimelineRow` (:meth:`add`), so a caller
    need not hold every event: :meth:`close` returns the entries no later row can join, and
    :meth:`finish` the rest. One batch gives exactly :func:`build_timeline`'s entries."""

    def __init__(self) -> None:
        # Blocking: a happening is matched on its first event's scene (material conflict)
        # or actor (see _same_happening) and on agreeing dates (see _dates_agree), so only
        # items sharing one of those keys and a date bucket are candidates.
        self.merger: GreedyMerger[_Item] = GreedyMerger(
            keys=lambda item, query: _block_keys(item),
            buckets=lambda item, query: _date_buckets(item, query=query),
            fits=_same_happening, absorb=_absorb,
        )

    def add(self, rows: Iterable[TimelineRow]) -> None:
        """Merge a batch of rows (taken best-dated first, then by sources) into the items."""
        items = [_Item([r], r.date, r.dated_by, r.sources) for r in rows]
        items.sort(key=lambda i: (_RANK[i.dated_by], -len(i.sources), i.events[0].event_id))
        self.merger.add(items)

    def close(self, before: int) -> list[TimelineEntry]:
        """The entries (unsorted) of dated happenings whose last day is more than
        ``PUBLICATION_SLACK_DAYS`` before day ordinal ``before``: an event dated ``before``
        or later cannot join them."""
        def done(item: _Item) -> bool:
            day = last_day(item.date) if item.dated_by != "none" else None
            return day is not None and day + PUBLICATION_SLACK_DAYS < before

        return [_entry(item) for item in self.merger.close(done)]

    def finish(self) -> list[TimelineEntry]:
        """The entries not yet closed (unsorted)."""
        return [_entry(item) for item in self.merger.finish()]


def stream_timeline(rows: Iterable[TimelineRow], batch_size: int) -> Iterator[TimelineEntry]:
    """The entries (unsorted) of rows read in date order (undated last), merged
    ``batch_size`` rows at a time, so memory follows a batch and the happenings still open,
    not the corpus. Up to ``batch_size`` rows the entries are exactly
    :func:`build_timeline`'s; beyond, a batch's rows are merged after the earlier batches'
    (a batch ends between two dates, and an item closes once no later date can agree with
    it), and an undated row can join only the items still open."""
    builder = TimelineBuilder()
    batch: list[TimelineRow] = []
    for row in rows:
        if len(batch) >= batch_size and row.date != batch[-1].date:
            builder.add(batch)
            batch = []
            span = date_range(row.date) if row.date else None
            if span is not None:  # no row to come is dated before this one's first day
                yield from builder.close(span[0].toordinal())
        batch.append(row)
    builder.add(batch)
    yield from builder.finish()


def _entry(item: _Item) -> TimelineEntry:
    lead = max(item.events, key=lambda e: (e.dated_by == item.dated_by, len(e.sources)))
    return TimelineEntry(date=item.date, dated_by=item.dated_by, event_id=lead.event_id, summary=lead.summary,
                         sources=item.sources)


def dated_by_rank(dated_by: str) -> int:
    """Event-dated entries sort before publication-dated ones of the same date, undated last."""
    return _RANK[dated_by]


def entry_order(entry: TimelineEntry) -> tuple:
    """Timeline order: by date (a year or month sorts before the days in it; undated last),
    event-dated before publication-dated, then by the number of sources."""
    return (entry.date is None, entry.date or "", _RANK[entry.dated_by], -len(entry.sources), entry.event_id)


def build_timeline(events: list, summaries: dict[str, str]) -> list[TimelineEntry]:
    """One entry per happening, merged across outlets, in event-date order.

    :param events: merged events (``id``, ``root``, ``quad_class``, ``date``, ``date_source``,
        ``place``, ``source``, ``documents``).
    :param summaries: event id -> one-line summary.
    """
    builder = TimelineBuilder()
    builder.add(timeline_row(event, summaries[event.id]) for event in events)
    return sorted(builder.finish(), key=entry_order)
