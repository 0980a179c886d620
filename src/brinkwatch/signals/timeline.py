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
from typing import Any

from brinkwatch.resolve import _event_blocks as blocks

__all__ = ["PUBLICATION_SLACK_DAYS", "TimelineEntry", "build_timeline"]

PUBLICATION_SLACK_DAYS = 3
_RANK = {"event": 0, "publication": 1, "none": 2}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str | None
    dated_by: str  # "event" | "publication" | "none"
    event_id: str
    summary: str
    sources: tuple[str, ...]


@dataclass(slots=True)
class _Item:
    events: list[Any]
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
    place_x, place_y = _place_key(x), _place_key(y)
    if x.quad_class == 4 and place_x and place_x == place_y:
        return True
    actor_x, actor_y = _actor_key(x), _actor_key(y)
    return bool(actor_x and actor_x == actor_y and (place_x == place_y or not place_x or not place_y))


def _block_keys(event: Any) -> list[tuple]:
    keys: list[tuple] = []
    place = _place_key(event)
    if event.quad_class == 4 and place:
        keys.append(("place", event.root, place))
    actor = _actor_key(event)
    if actor:
        keys.append(("actor", event.root, actor))
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


def build_timeline(events: list, summaries: dict[str, str]) -> list[TimelineEntry]:
    """One entry per happening, merged across outlets, in event-date order.

    :param events: merged events (``id``, ``root``, ``quad_class``, ``date``, ``date_source``,
        ``place``, ``source``, ``documents``).
    :param summaries: event id -> one-line summary.
    """
    items: list[_Item] = []
    # Blocking: a happening is matched on its first event's scene (material conflict) or
    # actor (see _same_happening) and on agreeing dates (see _dates_agree), so only items
    # sharing one of those keys and a date bucket are candidates. An item's date can change
    # as it absorbs others; it is filed again under the new date (buckets only accumulate).
    index: blocks.Index = {}
    ordered = sorted(events, key=lambda e: (_RANK[_dated_by(e)], -len(e.documents), e.id))
    for event in ordered:
        item = _Item([event], event.date, _dated_by(event), tuple(event.documents))
        keys = _block_keys(event)
        found = blocks.candidates(index, keys, _date_buckets(item, query=True))
        position = next((n for n in found if _same_happening(items[n], item)), None)
        if position is None:
            position = len(items)
            items.append(item)
            item_keys = keys
        else:
            _absorb(items[position], item)
            item_keys = _block_keys(items[position].events[0])
        blocks.file_under(index, item_keys, _date_buckets(items[position], query=False), position)
    entries = []
    for item in items:
        lead = max(item.events, key=lambda e: (_dated_by(e) == item.dated_by, len(e.documents)))
        entries.append(
            TimelineEntry(
                date=item.date,
                dated_by=item.dated_by,
                event_id=lead.id,
                summary=summaries[lead.id],
                sources=item.sources,
            )
        )
    entries.sort(key=lambda e: (e.date is None, e.date or "", _RANK[e.dated_by], -len(e.sources), e.event_id))
    return entries
