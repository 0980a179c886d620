"""The timeline section: items ordered by event date, publication-dated items marked."""

from __future__ import annotations

from typing import Any

from ._events import event_refs, event_tags, event_text
from ._evidence import Evidence
from ._scope import Scope
from ._text import clean

MAX_ITEMS = 250


def _items(scope: Scope) -> list[dict[str, Any]]:
    if scope.timeline:
        return scope.timeline
    # No timeline in the export: fall back to one item per event.
    return [{"date": e.get("date"), "event": e.get("id"), "_sources": e.get("_docs") or []}
            for e in scope.events]


def _support(item: dict[str, Any], ev: dict[str, Any] | None) -> int:
    return max(len(item.get("_sources") or []), len(ev.get("_docs") or []) if ev else 0)


def timeline_items(scope: Scope, evidence: Evidence) -> tuple[list[dict[str, Any]], int]:
    """Timeline rows, oldest first, undated last, and how many items were left out.

    An item is marked ``by_publication`` when the export says ``dated_by == "publication"``,
    or, when it does not say, when its event carries no date of its own (so the date shown
    can only be the publication date of a report). Past :data:`MAX_ITEMS`, the items carried
    by the most documents are kept.
    """
    picked = []
    for i, item in enumerate(_items(scope)):
        has_event = item.get("event") is not None
        ev = scope.event_by_id.get(str(item["event"])) if has_event else None
        date = clean(item.get("date")) or (clean(ev.get("date")) if ev else "")
        picked.append((i, item, ev, date))
    left_out = max(0, len(picked) - MAX_ITEMS)
    if left_out:
        picked.sort(key=lambda p: (-_support(p[1], p[2]), p[0]))
        picked = picked[:MAX_ITEMS]
    picked.sort(key=lambda p: (p[3] == "", p[3], p[0]))

    rows = []
    for _, item, ev, date in picked:
        dated_by = clean(item.get("dated_by"))
        if dated_by:
            by_publication = dated_by == "publication"
        else:
            by_publication = bool(date) and ev is not None and not clean(ev.get("date"))
        summary = clean(item.get("summary"))
        text = summary if summary else (event_text(ev) if ev else "")
        refs = event_refs(ev, evidence, scope) if ev else []
        if not refs:
            refs = [r for r in (evidence.doc_ref(d) for d in item.get("_sources") or []) if r][:3]
        rows.append({
            "date": date,
            "by_publication": by_publication,
            "text": text or "(no description)",
            "tags": event_tags(ev) if ev else None,
            "refs": refs,
        })
    return rows, left_out
