"""Anchor dates: the day each document's relative time expressions are read against.

1. the document's own publication date (metadata or a text cue);
2. else inferred from the other articles of its story whose dates are known (their median),
   flagged ``inferred`` with the reason; the document's ``published`` stays unknown;
3. else the run's ``--default-date`` if the user gave one;
4. else none: relative dates stay unresolved rather than invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from brinkwatch.records import Document


@dataclass(frozen=True, slots=True)
class Anchor:
    date: str | None
    source: str  # published | inferred | default | unknown
    reason: str | None = None


def anchor_dates(
    documents: dict[str, Document], story_of: dict[str, str], *, default_date: str | None = None
) -> dict[str, Anchor]:
    members: dict[str, list[str]] = {}
    for doc_id, story in story_of.items():
        members.setdefault(story, []).append(doc_id)
    anchors: dict[str, Anchor] = {}
    for doc_id, doc in documents.items():
        if doc.published:
            anchors[doc_id] = Anchor(doc.published, "published", f"published ({doc.published_source})")
            continue
        mates = [
            documents[d] for d in members.get(story_of.get(doc_id, ""), [])
            if d != doc_id and d in documents and documents[d].published
        ]
        if mates:
            days = sorted(dt.date.fromisoformat(m.published) for m in mates)
            median = days[len(days) // 2]
            names = ", ".join(sorted(f"{m.id} ({m.published})" for m in mates))
            anchors[doc_id] = Anchor(
                median.isoformat(), "inferred",
                f"same story as {names}: anchored on their publication date",
            )
        elif default_date:
            anchors[doc_id] = Anchor(default_date, "default", "the run's --default-date")
        else:
            anchors[doc_id] = Anchor(None, "unknown", "no publication date and no dated story-mates")
    return anchors
