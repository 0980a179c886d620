"""The merged timeline: what happened in what order, by event date, with its sources.

Events dated from their own sentence sort by that date; events only dated by their
document's publication (or inferred) date are marked ``dated_by = "publication"`` so a reader
knows the position is approximate.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str | None
    dated_by: str  # "event" | "publication" | "none"
    event_id: str
    summary: str
    sources: tuple[str, ...]


def build_timeline(events: list, summaries: dict[str, str]) -> list[TimelineEntry]:
    entries = []
    for event in events:
        dated_by = "event" if event.date_source == "sentence" else ("publication" if event.date else "none")
        entries.append(
            TimelineEntry(
                date=event.date,
                dated_by=dated_by,
                event_id=event.id,
                summary=summaries[event.id],
                sources=tuple(event.documents),
            )
        )
    entries.sort(key=lambda e: (e.date is None, e.date or "", e.dated_by != "event", -len(e.sources), e.event_id))
    return entries
