"""The timeline section: what happened in the crisis period, by event date, with background
history and undated items kept apart and statements set below material events.

1. every timeline item (or every event, when the export has no timeline) gets its date, how
   the date was found (event or publication), a plain-English line and its evidence;
2. the same line on the same date told twice is merged (references joined);
3. items are split: ``crisis`` (dated within, or shortly before, the stories' dates),
   ``background`` (ending :data:`BACKGROUND_DAYS` or more before the period starts) and
   ``undated``; a statement (verbal event) is marked ``statement`` so renderers can mute it;
4. past :data:`MAX_ITEMS`, the items carried by the most documents are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ._events import event_refs, event_tags
from ._evidence import Evidence
from ._phrases import event_clause, is_material, parse_date, toll_words
from ._scope import Scope
from ._text import capitalize, clean

MAX_ITEMS = 250
BACKGROUND_DAYS = 90
_CODED_SUMMARY = re.compile(r"\(\d{2,4}\)|→")  # a machine summary: "X: verb (190) → Y"


def crisis_window(scope: Scope) -> tuple[dt.date, dt.date] | None:
    """The period the stories cover: first story date to last (documents' dates as fallback)."""
    dates: list[dt.date] = []
    for s in scope.stories:
        for key in ("first_date", "last_date"):
            r = parse_date(clean(s.get(key)))
            if r:
                dates += list(r)
    if not dates:
        for d in scope.documents:
            r = parse_date(clean(d.get("published")) or clean(d.get("anchor_date")))
            if r:
                dates += list(r)
    return (min(dates), max(dates)) if dates else None


def is_background(date: str, window: tuple[dt.date, dt.date] | None) -> bool:
    """Does ``date`` end long before the crisis period starts?"""
    r = parse_date(date)
    if not r or not window:
        return False
    return r[1] < window[0] - dt.timedelta(days=BACKGROUND_DAYS)


def _items(scope: Scope) -> list[dict[str, Any]]:
    if scope.timeline:
        return scope.timeline
    # No timeline in the export: fall back to one item per event.
    return [{"date": e.get("date"), "event": e.get("id"), "_sources": e.get("_docs") or []}
            for e in scope.events]


def _support(item: dict[str, Any], ev: dict[str, Any] | None) -> int:
    return max(len(item.get("_sources") or []), len(ev.get("_docs") or []) if ev else 0)


def item_text(item: dict[str, Any], ev: dict[str, Any] | None,
              entities: dict[str, dict[str, Any]]) -> str:
    """One line: the export's summary when a person wrote it, else the event in words."""
    summary = clean(item.get("summary"))
    if summary and not _CODED_SUMMARY.search(summary):
        text = summary.rstrip(".")
        if ev and toll_words(ev):
            text += f"; {toll_words(ev)}"
        return capitalize(text)
    if ev is None:
        return capitalize(summary)
    text = event_clause(ev, entities)
    if text and toll_words(ev):
        text += f"; {toll_words(ev)}"
    return capitalize(text or summary)


def timeline_items(scope: Scope, evidence: Evidence) -> tuple[list[dict[str, Any]], int]:
    """Timeline rows (oldest first, undated last) with ``section`` set, and how many items
    were left out.

    A row is ``by_publication`` when the export says ``dated_by == "publication"``, or, when
    it does not say, when its event carries no date of its own.
    """
    entities = {clean(e.get("id")): e for e in scope.entities}
    window = crisis_window(scope)
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
    picked.sort(key=lambda p: (p[3] == "", p[3], not (p[2] is None or is_material(p[2])),
                               -_support(p[1], p[2]), p[0]))

    rows: list[dict[str, Any]] = []
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for _, item, ev, date in picked:
        dated_by = clean(item.get("dated_by"))
        if dated_by:
            by_publication = dated_by == "publication"
        else:
            by_publication = bool(date) and ev is not None and not clean(ev.get("date"))
        text = item_text(item, ev, entities) or "(no description)"
        refs = event_refs(ev, evidence, scope) if ev else []
        if not refs:
            refs = [r for r in (evidence.doc_ref(d) for d in item.get("_sources") or []) if r][:3]
        key = (date, text.lower())
        if key in merged:  # the same happening told again: one row, references joined
            row = merged[key]
            have = {(r["kind"], r["label"]) for r in row["refs"]}
            row["refs"] += [r for r in refs if (r["kind"], r["label"]) not in have][:3]
            continue
        section = "undated" if not date else ("background" if is_background(date, window)
                                               else "crisis")
        row = {
            "date": date,
            "by_publication": by_publication,
            "text": text,
            "tags": event_tags(ev) if ev else None,
            "refs": refs,
            "statement": ev is not None and not is_material(ev),
            "section": section,
            "n_docs": _support(item, ev),
        }
        merged[key] = row
        rows.append(row)
    return rows, left_out
