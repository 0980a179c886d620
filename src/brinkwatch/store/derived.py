"""Writing the derived tables (stories, entities, events, claims, timeline, escalation)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from brinkwatch.store.db import Store


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _entity_names(entities: list) -> dict[str, str]:
    """Name key -> resolved entity name, so stories list "Antony Blinken", not the
    clusterer's key "antony blinken" (entities named in more documents win a shared key)."""
    from brinkwatch.resolve._names import name_key

    names: dict[str, str] = {}
    for entity in sorted(entities, key=lambda e: len(e.documents)):
        for name in (entity.name, *entity.aliases):
            names[name_key(name)] = entity.name
    return names


def write_documents_and_entities(
    store: Store,
    *,
    stories: list[dict],
    threads: list[dict],
    story_of: dict[str, str],
    anchors: dict,
    entities: list,
    mentions: Iterable[tuple] | None = None,
) -> None:
    """First half of replacing the derived tables: empty them, then write stories, anchor
    dates and entities with their mentions (inside the caller's transaction, which
    :func:`write_events_and_claims` completes). A caller can drop the entities' mentions
    once they are written.

    :param mentions: the mention rows (entity id, doc id, start, end, text, label), entity
        by entity; else each entity's ``mentions``."""
    conn = store.conn
    store.clear_derived()
    thread_of = {sid: t["id"] for t in threads for sid in t["story_ids"]}
    entity_name = _entity_names(entities)
    for story in stories:
        conn.execute(
            "INSERT INTO stories (id, title, first_date, last_date, thread, key_entities) VALUES (?,?,?,?,?,?)",
            (story["id"], story.get("title"), story.get("first_date"), story.get("last_date"),
             thread_of.get(story["id"]),
             _json(list(dict.fromkeys(entity_name.get(k, k) for k in story.get("key_entities") or [])))),
        )
    known_stories = {s["id"] for s in stories}
    conn.executemany(
        "INSERT INTO story_documents (story_id, doc_id) VALUES (?, ?)",
        [(sid, did) for did, sid in sorted(story_of.items()) if sid in known_stories],
    )
    conn.executemany(
        "INSERT INTO document_dates (doc_id, anchor_date, anchor_source, reason) VALUES (?,?,?,?)",
        [(doc_id, a.date, a.source, a.reason) for doc_id, a in sorted(anchors.items())],
    )
    for entity in entities:
        conn.execute(
            "INSERT INTO entities (id, name, type, country, role, aliases, merge_reasons) VALUES (?,?,?,?,?,?,?)",
            (entity.id, entity.name, entity.type, entity.country, entity.role,
             _json(entity.aliases), _json({"acts_for": entity.acts_for, "code": entity.code, "reasons": entity.merge_reasons})),
        )
    if mentions is None:
        mentions = (
            (entity.id, m.span.doc_id, m.span.start, m.span.end, m.span.text, m.label)
            for entity in entities for m in entity.mentions
        )
    conn.executemany(
        "INSERT OR IGNORE INTO mentions (entity_id, doc_id, start, end, text, label) VALUES (?,?,?,?,?,?)",
        mentions,
    )


def write_events(
    store: Store, events: Iterable, summaries: Mapping[str, str], texts: Mapping[str, str] | None = None,
) -> None:
    """Events with their mentions (after :func:`write_documents_and_entities`, in the same
    transaction; a caller may write them batch by batch).

    :param texts: document texts by id, for event mentions whose ``text`` is None (the
        builder left out a sentence text equal to its document's ``text[start:end]``).
    """
    conn = store.conn
    from brinkwatch.coding import tables

    for event in events:
        acled = tables.acled(event.cameo) or (None, None)
        place = event.place
        conn.execute(
            """INSERT INTO events (id, date, date_precision, cameo, cameo_name, root, quad_class, goldstein,
                 plover, acled_type, acled_subtype, source_entity, source_name, source_country,
                 target_entity, target_name, target_country, place_name, place_lat, place_lon,
                 place_country, fatalities, injuries, arrests, confidence, summary)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (event.id, event.date, event.date_precision, event.cameo, tables.cameo_name(event.cameo),
             event.root, event.quad_class, event.goldstein, tables.plover(event.cameo), acled[0], acled[1],
             event.source.entity, event.source.name, event.source.country,
             event.target.entity, event.target.name, event.target.country,
             place.name if place else None, place.lat if place else None, place.lon if place else None,
             place.country if place else None, event.fatalities, event.injuries, event.arrests,
             round(event.confidence, 3), summaries[event.id]),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO event_mentions (event_id, doc_id, start, end, text) VALUES (?,?,?,?,?)",
            [(event.id, m.doc_id, m.start, m.end, m.text if m.text is not None else texts[m.doc_id][m.start : m.end])
             for m in event.mentions],
        )


def event_written(store: Store, event_id: str) -> bool:
    """Whether an event of this id is in the store."""
    return store.conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is not None


class TimelineWriter:
    """The timeline, from events written batch by batch: each event's timeline row goes to a
    temporary table (:meth:`add`); :meth:`finish` reads them back in date order, merges
    them (:func:`brinkwatch.signals.timeline.stream_timeline`) and numbers the entries in
    timeline order into ``timeline``."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        for table, columns in (
            ("timeline_rows", "date, dated_by, event_id, root, quad_class, place, actor, summary, sources"),
            ("timeline_entries", "date, dated_by, rank, event_id, summary, sources, n_sources"),
        ):
            self.conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
            self.conn.execute(f"CREATE TEMP TABLE {table} ({columns})")

    def add(self, events: Iterable, summaries: Mapping[str, str]) -> None:
        from brinkwatch.signals.timeline import timeline_row

        self.conn.executemany(
            "INSERT INTO temp.timeline_rows VALUES (?,?,?,?,?,?,?,?,?)",
            ((*row[:-1], _json(row.sources)) for row in (timeline_row(e, summaries[e.id]) for e in events)),
        )

    def finish(self, batch_size: int) -> None:
        from brinkwatch.signals.timeline import TimelineRow, dated_by_rank, stream_timeline

        cursor = self.conn.cursor()  # its own: entries are written while the rows are read
        cursor.execute("SELECT * FROM temp.timeline_rows ORDER BY date IS NULL, date, event_id")
        rows = (TimelineRow(*r[:-1], tuple(json.loads(r[-1]))) for r in cursor)
        self.conn.executemany(
            "INSERT INTO temp.timeline_entries VALUES (?,?,?,?,?,?,?)",
            ((t.date, t.dated_by, dated_by_rank(t.dated_by), t.event_id, t.summary, _json(list(t.sources)),
              len(t.sources)) for t in stream_timeline(rows, batch_size)),
        )
        # The order of signals.timeline.entry_order, in SQL so the entries need not be held.
        self.conn.execute(
            """INSERT INTO timeline (position, date, dated_by, event_id, summary, sources)
               SELECT row_number() OVER (ORDER BY date IS NULL, coalesce(date, ''), rank, -n_sources,
                                         event_id) - 1,
                      date, dated_by, event_id, summary, sources
               FROM temp.timeline_entries"""
        )
        self.conn.execute("DROP TABLE temp.timeline_rows")
        self.conn.execute("DROP TABLE temp.timeline_entries")


def write_claims(store: Store, claim_groups: Iterable) -> None:
    """The reconciled claims with their values."""
    conn = store.conn
    for group in claim_groups:
        conn.execute(
            "INSERT INTO claims (id, subject, property, status, reason) VALUES (?,?,?,?,?)",
            (group.id, group.subject, group.property, group.status, group.reason),
        )
        conn.executemany(
            """INSERT INTO claim_values (claim_id, position, value, low, high, unit, qualifier, doc_id,
                 outlet, speaker, start, end, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [(group.id, i, v.value, v.low, v.high, v.unit, v.qualifier, v.span.doc_id, v.outlet,
              v.speaker, v.span.start, v.span.end, v.span.text) for i, v in enumerate(group.values)],
        )
