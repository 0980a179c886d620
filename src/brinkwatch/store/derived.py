"""Writing the derived tables (stories, entities, events, claims, timeline, escalation)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from brinkwatch.store.db import Store


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class StoryWriter:
    """The stories, written once every window of documents has been clustered: each
    window's document -> story rows wait in a temporary table (:meth:`add`), and the names
    of its entities are kept by name key, so stories list "Antony Blinken", not the
    clusterer's key "antony blinken" (the entity named in most documents wins a shared key,
    the later one on a tie)."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        self.conn.execute("DROP TABLE IF EXISTS temp.story_rows")
        self.conn.execute("CREATE TEMP TABLE story_rows (doc_id TEXT PRIMARY KEY, story_id TEXT)")
        self.names: dict[str, tuple[int, str]] = {}  # name key -> (documents, entity name)

    def add(self, story_of: Mapping[str, str], entities: list) -> None:
        """One window's story assignment and resolved entities."""
        from brinkwatch.resolve._names import name_key

        self.conn.executemany("INSERT INTO temp.story_rows VALUES (?, ?)", story_of.items())
        for entity in sorted(entities, key=lambda e: len(e.documents)):
            weight = len(entity.documents)
            for name in (entity.name, *entity.aliases):
                key = name_key(name)
                if weight >= self.names.get(key, (0, ""))[0]:
                    self.names[key] = (weight, entity.name)

    def story_count(self) -> int:
        return self.conn.execute("SELECT count(DISTINCT story_id) FROM temp.story_rows").fetchone()[0]

    def finish(self, stories: Iterable[dict], threads: list[dict]) -> None:
        """Write the clusterer's stories (``stories``, ``threads``) and their documents."""
        conn = self.conn
        thread_of = {sid: t["id"] for t in threads for sid in t["story_ids"]}
        for story in stories:
            names = (self.names[k][1] if k in self.names else k for k in story.get("key_entities") or [])
            conn.execute(
                "INSERT INTO stories (id, title, first_date, last_date, thread, key_entities) VALUES (?,?,?,?,?,?)",
                (story["id"], story.get("title"), story.get("first_date"), story.get("last_date"),
                 thread_of.get(story["id"]), _json(list(dict.fromkeys(names)))),
            )
        conn.execute(
            """INSERT INTO story_documents (story_id, doc_id)
               SELECT story_id, doc_id FROM temp.story_rows
               WHERE story_id IN (SELECT id FROM stories) ORDER BY doc_id"""
        )
        conn.execute("DROP TABLE temp.story_rows")


def write_anchors_and_entities(
    store: Store, *, anchors: dict, entities: list, mentions: Iterable[tuple] | None = None,
    merge: bool = False,
) -> None:
    """One window's anchor dates and entities with their mentions (inside the caller's
    transaction, after :meth:`Store.clear_derived`). A caller can drop the entities'
    mentions once they are written.

    :param mentions: the mention rows (entity id, doc id, start, end, text, label), entity
        by entity; else each entity's ``mentions``.
    :param merge: an earlier window may have written an entity of the same id (the same
        name and type): its aliases and merge reasons are joined, its name and attributes
        kept."""
    conn = store.conn
    conn.executemany(
        "INSERT INTO document_dates (doc_id, anchor_date, anchor_source, reason) VALUES (?,?,?,?)",
        [(doc_id, a.date, a.source, a.reason) for doc_id, a in sorted(anchors.items())],
    )
    for entity in entities:
        reasons = {"acts_for": entity.acts_for, "code": entity.code, "reasons": entity.merge_reasons}
        known = None
        if merge:
            query = "SELECT aliases, merge_reasons FROM entities WHERE id = ?"
            known = conn.execute(query, (entity.id,)).fetchone()
        if known is None:
            conn.execute(
                "INSERT INTO entities (id, name, type, country, role, aliases, merge_reasons) VALUES (?,?,?,?,?,?,?)",
                (entity.id, entity.name, entity.type, entity.country, entity.role,
                 _json(entity.aliases), _json(reasons)),
            )
            continue
        aliases = sorted(set(json.loads(known[0])) | set(entity.aliases))
        merged = json.loads(known[1])
        merged["reasons"] += [r for r in entity.merge_reasons if r not in merged["reasons"]]
        conn.execute("UPDATE entities SET aliases = ?, merge_reasons = ? WHERE id = ?",
                     (_json(aliases), _json(merged), entity.id))
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
    """Events with their mentions (after :func:`write_anchors_and_entities`, in the same
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
