"""One timeline and one event list over our coded events and the imported datasets.

Our timeline (table ``timeline``, built by :mod:`brinkwatch.signals.timeline`) and the imported
events (table ``imported_events``: GDELT, ACLED, JSONL) are read by two bounded queries, each
in date order from its own index, and merged in Python. A page never sorts the whole union,
so a store holding ten million GDELT rows answers the first page as fast as an empty one.

Order: by date (``None`` last; "2023" and "2023-09" sort before the days in them, as strings
do), our entries before imported ones on the same date, then our timeline position or the
imported id. Descending reverses all of it.

Filters a dataset cannot answer exclude it: imported events have no story or entity, so a
``story`` or ``entity`` filter leaves only our entries.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

OURS = "brinkwatch"


@dataclass(frozen=True)
class MergedQuery:
    """What to list. ``datasets`` empty means every dataset in the store."""

    datasets: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    dyad: tuple[str, str] | None = None
    root: str | None = None
    quad_class: int | None = None
    story: str | None = None
    entity: str | None = None
    descending: bool = False

    def wants(self, dataset: str) -> bool:
        return not self.datasets or dataset in self.datasets

    @property
    def imported_possible(self) -> bool:
        return self.story is None and self.entity is None and (
            not self.datasets or any(d != OURS for d in self.datasets))


# -- SQL pieces ----------------------------------------------------------------------------
def _range(column: str, q: MergedQuery, *, plain_dates: bool = False) -> tuple[list[str], list[Any]]:
    """Date bounds; imported dates are always ``YYYY-MM-DD``, so they compare bare (and use
    the date index), while ours may be a year, a month or carry a time."""
    expr = column if plain_dates else f"substr({column}, 1, 10)"
    where, args = [], []
    if q.date_from:
        where.append(f"{expr} >= ?")
        args.append(q.date_from)
    if q.date_to:
        where.append(f"{expr} <= ?")
        args.append(q.date_to)
    return where, args


def _imported_where(q: MergedQuery) -> tuple[str, list[Any]]:
    where, args = _range("i.date", q, plain_dates=True)
    if q.datasets:
        names = [d for d in q.datasets if d != OURS]
        where.append(f"i.dataset IN ({','.join('?' * len(names))})")
        args.extend(names)
    if q.dyad:
        a, b = q.dyad
        where.append("((i.source_country = ? AND i.target_country = ?) OR "
                     "(i.source_country = ? AND i.target_country = ?))")
        args.extend([a, b, b, a])
    if q.root:
        where.append("i.root = ?")
        args.append(q.root)
    if q.quad_class is not None:
        where.append("i.quad_class = ?")
        args.append(q.quad_class)
    return _clause(where), args


def _event_conditions(q: MergedQuery) -> tuple[list[str], list[Any]]:
    """The filters on our ``events e`` rows (dyad, root, QuadClass, entity), for the event list
    directly and for the timeline through its entries' event ids."""
    where: list[str] = []
    args: list[Any] = []
    if q.dyad:
        a, b = q.dyad
        where.append("((e.source_country = ? AND e.target_country = ?) OR "
                     "(e.source_country = ? AND e.target_country = ?))")
        args.extend([a, b, b, a])
    for column, value in (("e.root", q.root), ("e.quad_class", q.quad_class)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if q.entity:
        where.append("(e.source_entity = ? OR e.target_entity = ?)")
        args.extend([q.entity, q.entity])
    return where, args


def _clause(where: list[str]) -> str:
    return (" WHERE " + " AND ".join(where)) if where else ""


def _timeline_where(q: MergedQuery) -> tuple[str, list[Any]]:
    where, args = _range("t.date", q)
    conditions, condition_args = _event_conditions(q)
    if conditions:
        where.append(f"t.event_id IN (SELECT e.id FROM events e WHERE {' AND '.join(conditions)})")
        args.extend(condition_args)
    if q.story:
        where.append(
            "(t.event_id IN (SELECT event_id FROM event_mentions WHERE doc_id IN "
            "(SELECT doc_id FROM story_documents WHERE story_id = ?)) OR (t.event_id IS NULL AND "
            "EXISTS (SELECT 1 FROM json_each(t.sources) j JOIN story_documents sd ON "
            "sd.doc_id = j.value WHERE sd.story_id = ?)))")
        args.extend([q.story, q.story])
    return _clause(where), args


def _events_where(q: MergedQuery) -> tuple[str, list[Any]]:
    where, args = _range("e.date", q)
    conditions, condition_args = _event_conditions(q)
    where += conditions
    args += condition_args
    if q.story:
        where.append("e.id IN (SELECT event_id FROM event_mentions WHERE doc_id IN "
                     "(SELECT doc_id FROM story_documents WHERE story_id = ?))")
        args.append(q.story)
    return _clause(where), args


def _has_imported_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'imported_events'").fetchone() is not None


# -- rows -> items -------------------------------------------------------------------------
def imported_summary(row: sqlite3.Row | dict[str, Any]) -> str:
    """A one-line reading of an imported event, in the shape of our own summaries."""
    from brinkwatch.coding import tables

    who = row["source_name"] or row["source_country"] or "unknown actor"
    if row["cameo"]:
        what = f"{(tables.cameo_name(row['cameo']) or 'CAMEO ' + row['cameo']).lower()} ({row['cameo']})"
    else:
        what = (row["sub_event_type"] or row["event_type"] or "event").lower()
    parts = [f"{who}: {what}"]
    target = row["target_name"] or row["target_country"]
    if target:
        parts.append(f"→ {target}")
    if row["place_name"]:
        parts.append(f"at {row['place_name']}")
    if row["fatalities"]:
        parts.append(f"{row['fatalities']} killed")
    return " ".join(parts) + f" [{row['dataset']}]"


def imported_item(row: sqlite3.Row) -> dict[str, Any]:
    """An imported event as the API and the CLI give it."""
    return {
        "id": row["id"], "dataset": row["dataset"], "native_id": row["native_id"],
        "source_file": row["source_file"], "date": row["date"], "cameo": row["cameo"],
        "root": row["root"], "quad_class": row["quad_class"], "goldstein": row["goldstein"],
        "event_type": row["event_type"], "sub_event_type": row["sub_event_type"],
        "source": {"name": row["source_name"], "country": row["source_country"],
                   "role": row["source_role"]},
        "target": {"name": row["target_name"], "country": row["target_country"],
                   "role": row["target_role"]},
        "place": {"name": row["place_name"], "lat": row["place_lat"], "lon": row["place_lon"],
                  "country": row["place_country"]},
        "fatalities": row["fatalities"], "sources": row["sources"], "url": row["url"],
        "summary": imported_summary(row),
    }


def _our_entry(row: sqlite3.Row) -> dict[str, Any]:
    try:
        sources = [str(x) for x in json.loads(row["sources"] or "[]")]
    except ValueError:
        sources = []
    return {"dataset": OURS, "position": row["position"], "date": row["date"],
            "dated_by": row["dated_by"], "event": row["event_id"], "imported_event": None,
            "summary": row["summary"], "sources": sources}


def _imported_entry(row: sqlite3.Row) -> dict[str, Any]:
    return {"dataset": row["dataset"], "position": None, "date": row["date"],
            "dated_by": "dataset", "event": None, "imported_event": row["id"],
            "summary": imported_summary(row), "sources": [row["url"] or row["source_file"]]}


def _imported_rows(conn: sqlite3.Connection, q: MergedQuery, *, count: bool, limit: int,
                   offset: int = 0) -> tuple[int, list[sqlite3.Row]]:
    """Imported rows in ``q``'s date order (and how many match, when ``count``)."""
    where, args = _imported_where(q)
    direction = "DESC" if q.descending else "ASC"
    total = (conn.execute(f"SELECT count(*) FROM imported_events i{where}", args).fetchone()[0]
             if count else 0)
    rows = conn.execute(f"SELECT i.* FROM imported_events i{where} ORDER BY i.date {direction}, "
                        f"i.id {direction} LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
    return total, rows


# -- the merged timeline -------------------------------------------------------------------
def _merge(streams: Iterable[Iterator[tuple[tuple, dict[str, Any]]]], descending: bool,
           offset: int, limit: int) -> list[dict[str, Any]]:
    merged = heapq.merge(*streams, key=lambda pair: pair[0], reverse=descending)
    out = []
    for i, (_, item) in enumerate(merged):
        if i >= offset + limit:
            break
        if i >= offset:
            out.append(item)
    return out


def _key(date: str | None, arm: int, tie: Any) -> tuple:
    return (date is None, date or "", arm, tie)


def _two_arms(conn: sqlite3.Connection, q: MergedQuery, ours: tuple[str, Any, str, str, Any],
              imported_entry: Any, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Count and read both arms, then merge the two date-ordered streams. ``ours`` is
    ``(table, where_function, select, order with a {dir} placeholder, row -> (key, entry))``."""
    direction = "DESC" if q.descending else "ASC"
    need = offset + limit
    total = 0
    streams = []
    if q.wants(OURS):
        table, where_of, select, order, to_entry = ours
        where, args = where_of(q)
        total += conn.execute(f"SELECT count(*) FROM {table}{where}", args).fetchone()[0]
        rows = conn.execute(f"{select} FROM {table}{where} ORDER BY {order.format(dir=direction)} "
                            "LIMIT ?", [*args, need])
        streams.append((to_entry(r) for r in rows))
    if q.imported_possible and _has_imported_table(conn):
        count, rows = _imported_rows(conn, q, count=True, limit=need)
        total += count
        streams.append(((_key(r["date"], 1, r["id"]), imported_entry(r)) for r in rows))
    return total, _merge(streams, q.descending, offset, limit)


def timeline_page(conn: sqlite3.Connection, q: MergedQuery, *, limit: int, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    """``(total, entries)``: one page of the merged timeline."""
    ours = ("timeline t", _timeline_where, "SELECT t.*", "t.position {dir}",
            lambda r: (_key(r["date"], 0, r["position"]), _our_entry(r)))
    return _two_arms(conn, q, ours, _imported_entry, limit, offset)


def _our_event(row: sqlite3.Row) -> dict[str, Any]:
    return {"dataset": OURS, "id": row["id"], "date": row["date"], "cameo": row["cameo"],
            "event_type": row["acled_subtype"] or row["acled_type"],
            "source": row["source_name"] or row["source_country"],
            "target": row["target_name"] or row["target_country"], "place": row["place_name"],
            "fatalities": row["fatalities"], "documents": row["n_docs"], "summary": row["summary"]}


def _imported_event(row: sqlite3.Row) -> dict[str, Any]:
    return {"dataset": row["dataset"], "id": row["id"], "date": row["date"],
            "cameo": row["cameo"], "event_type": row["sub_event_type"] or row["event_type"],
            "source": row["source_name"] or row["source_country"],
            "target": row["target_name"] or row["target_country"], "place": row["place_name"],
            "fatalities": row["fatalities"], "documents": row["sources"],
            "summary": imported_summary(row)}


def events_page(conn: sqlite3.Connection, q: MergedQuery, *, limit: int, offset: int = 0
                ) -> tuple[int, list[dict[str, Any]]]:
    """``(total, rows)``: our coded events and the imported ones in one date order (for the CLI)."""
    ours = ("events e", _events_where, "SELECT e.*, (SELECT count(DISTINCT m.doc_id) FROM event_mentions m "
            "WHERE m.event_id = e.id) AS n_docs", "e.date IS NULL {dir}, e.date {dir}, e.id {dir}",
            lambda r: (_key(r["date"], 0, r["id"]), _our_event(r)))
    return _two_arms(conn, q, ours, _imported_event, limit, offset)


def imported_page(conn: sqlite3.Connection, q: MergedQuery, *, limit: int, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    """``(total, items)``: one page of imported events in date order."""
    if not q.imported_possible or not _has_imported_table(conn):
        return 0, []
    total, rows = _imported_rows(conn, q, count=True, limit=limit, offset=offset)
    return total, [imported_item(r) for r in rows]


def latest_imported(conn: sqlite3.Connection, limit: int) -> list[dict[str, Any]]:
    """The newest imported events (no count: the dashboard takes totals from
    :func:`dataset_counts`)."""
    if not _has_imported_table(conn):
        return []
    return [imported_item(r) for r in
            _imported_rows(conn, MergedQuery(descending=True), count=False, limit=limit)[1]]


def dataset_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Dataset -> events in the store (ours first)."""
    out = {OURS: conn.execute("SELECT count(*) FROM events").fetchone()[0]}
    if _has_imported_table(conn):
        for name, n in conn.execute("SELECT dataset, count(*) FROM imported_events GROUP BY dataset "
                                    "ORDER BY dataset"):
            out[name] = n
    return out
