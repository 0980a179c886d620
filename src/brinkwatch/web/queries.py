"""Read-only queries behind the JSON API and the pages: parameterised SQL only.

Each list is a :class:`ListSpec`: a base ``SELECT``, the filters it accepts (SQL fragments with
``?`` placeholders; values are always bound, never formatted in), its sort keys (a fixed map
from key to column, with the primary key as the tie-break, so pages are stable) and a function
that turns a row into the item the API returns.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from brinkwatch.web._params import iso_week

Filter = tuple[str, Callable[[Any], tuple]]
Runner = Callable[[sqlite3.Connection, dict[str, Any]], tuple[int, list[dict[str, Any]]]]


def source_name(outlet: str | None, source_path: str | None) -> str:
    """What to call a document's source: its outlet, else its file name."""
    if outlet:
        return outlet
    return PurePath(source_path or "").name or "unknown source"


def _loads(text: str | None, default: Any) -> Any:
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default


def _same(v: Any) -> tuple:
    return (v,)


def _dyad(v: str) -> tuple:
    a, b = v.split(",", 1)
    return (a, b, b, a)


@dataclass(frozen=True)
class ListSpec:
    """One list endpoint: ``/api/{name}``."""

    name: str
    summary: str
    select: str
    key: str
    sorts: dict[str, str]
    default_sort: str
    filters: dict[str, Filter | None]
    to_item: Callable[[sqlite3.Row], dict[str, Any]] | None
    enrich: Callable[[sqlite3.Connection, list[dict[str, Any]]], None] | None = None
    run: Runner | None = None
    """A list that is not one SELECT (the merged timeline): it gets the validated parameters
    and answers ``(total, items)`` itself; its ``filters`` only name the parameters."""
    light_from: str | None = None
    fetch: Callable[[sqlite3.Connection, list[str]], list[sqlite3.Row]] | None = None
    """With ``light_from``, filters and sorting touch only small tables/indexes (``SELECT key
    {light_from} WHERE ... ORDER BY ... LIMIT``) and ``fetch`` reads the page's full rows."""


# -- row -> item ---------------------------------------------------------------------------
def document_item(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"], "title": r["title"], "outlet": r["outlet"],
        "source": source_name(r["outlet"], r["source_path"]), "url": r["url"],
        "published": r["published"], "published_source": r["published_source"],
        "anchor_date": r["anchor_date"], "language": r["language"],
        "source_path": r["source_path"], "story": r["story"], "chars": r["chars"],
    }


def story_item(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"], "title": r["title"], "first_date": r["first_date"],
        "last_date": r["last_date"], "thread": r["thread"],
        "key_entities": [str(x) for x in _loads(r["key_entities"], [])],
        "n_documents": r["n_documents"],
    }


def entity_item(r: sqlite3.Row) -> dict[str, Any]:
    extra = _loads(r["merge_reasons"], {})
    return {
        "id": r["id"], "name": r["name"], "type": r["type"], "country": r["country"],
        "role": r["role"], "aliases": [str(x) for x in _loads(r["aliases"], [])],
        "acts_for": extra.get("acts_for") if isinstance(extra, dict) else None,
    }


def event_item(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"], "date": r["date"], "date_precision": r["date_precision"],
        "cameo": r["cameo"], "cameo_name": r["cameo_name"], "root": r["root"],
        "quad_class": r["quad_class"], "goldstein": r["goldstein"], "plover": r["plover"],
        "acled_type": r["acled_type"], "acled_subtype": r["acled_subtype"],
        "source": {"entity": r["source_entity"], "name": r["source_name"],
                   "country": r["source_country"]},
        "target": {"entity": r["target_entity"], "name": r["target_name"],
                   "country": r["target_country"]},
        "place": {"name": r["place_name"], "lat": r["place_lat"], "lon": r["place_lon"],
                  "country": r["place_country"]},
        "fatalities": r["fatalities"], "injuries": r["injuries"], "arrests": r["arrests"],
        "confidence": r["confidence"], "summary": r["summary"],
    }


def claim_item(r: sqlite3.Row) -> dict[str, Any]:
    return {"id": r["id"], "subject": r["subject"], "property": r["property"],
            "status": r["status"], "reason": r["reason"]}


def escalation_item(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "dyad": [r["actor_a"], r["actor_b"]], "period": r["period"], "events": r["events"],
        "goldstein_sum": r["goldstein_sum"],
        "quad_counts": {"1": r["q1"], "2": r["q2"], "3": r["q3"], "4": r["q4"]},
        "index": r["idx"], "band": r["band"], "fatalities": r["fatalities"],
        "sources": r["sources"], "goldstein_mean": r["goldstein_mean"],
        "conflict": r["conflict"], "baseline_4": r["baseline_4"],
        "baseline_52": r["baseline_52"], "band_52": r["band_52"],
        "datasets": [str(x) for x in _loads(r["datasets"], [])],
    }


# -- enrichment (one extra query per page, bounded by the page size) -------------------------
def _marks(ids: list[str]) -> str:
    return ",".join("?" * len(ids))


def enrich_events(conn: sqlite3.Connection, items: list[dict[str, Any]]) -> None:
    ids = [i["id"] for i in items]
    docs: dict[str, list[str]] = {}
    if ids:
        rows = conn.execute(
            f"SELECT DISTINCT event_id, doc_id FROM event_mentions WHERE event_id IN ({_marks(ids)}) "
            "ORDER BY event_id, doc_id", ids)
        for r in rows:
            docs.setdefault(r[0], []).append(r[1])
    for item in items:
        item["documents"] = docs.get(item["id"], [])


def claim_values(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if not ids:
        return out
    rows = conn.execute(
        "SELECT v.*, d.outlet AS doc_outlet, d.source_path, d.title AS doc_title "
        f"FROM claim_values v JOIN documents d ON d.id = v.doc_id WHERE v.claim_id IN ({_marks(ids)}) "
        "ORDER BY v.claim_id, v.position", ids)
    for r in rows:
        out.setdefault(r["claim_id"], []).append({
            "value": r["value"], "low": r["low"], "high": r["high"], "unit": r["unit"],
            "qualifier": r["qualifier"], "document": r["doc_id"],
            "source": source_name(r["doc_outlet"], r["source_path"]),
            "speaker": r["speaker"], "start": r["start"], "end": r["end"], "text": r["text"],
        })
    return out


def enrich_claims(conn: sqlite3.Connection, items: list[dict[str, Any]]) -> None:
    values = claim_values(conn, [i["id"] for i in items])
    for item in items:
        item["values"] = values.get(item["id"], [])


# -- the list specs -------------------------------------------------------------------------
_STORY_DOCS = "SELECT doc_id FROM story_documents WHERE story_id = ?"
_DOC_DATE = "substr(dd.anchor_date, 1, 10)"
DOCUMENT_COLUMNS = ("d.rowid AS rowid_, d.id, d.title, d.outlet, d.url, d.published, "
                    "d.published_source, d.language, d.source_path, length(d.text) AS chars, "
                    "dd.anchor_date")


def _outlet_args(v: str) -> tuple:
    return (v, "/" + v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))


_OUTLET = "(d.outlet = ? OR (d.outlet IS NULL AND d.source_path LIKE '%' || ? ESCAPE '\\'))"


def fetch_documents(conn: sqlite3.Connection, ids: list[str]) -> list[sqlite3.Row]:
    """Full document rows (without text) for ``ids``, with ``story``, in the order of ``ids``."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    stories = dict(conn.execute(f"SELECT doc_id, min(story_id) FROM story_documents "
                                f"WHERE doc_id IN ({marks}) GROUP BY doc_id", ids).fetchall())
    rows = {r["id"]: r for r in conn.execute(
        f"SELECT {DOCUMENT_COLUMNS} FROM documents d LEFT JOIN document_dates dd "
        f"ON dd.doc_id = d.id WHERE d.id IN ({marks})", ids)}
    return [_with_story(rows[i], stories.get(i)) for i in ids if i in rows]


def _with_story(row: sqlite3.Row, story: str | None) -> dict[str, Any]:
    out = dict(zip(row.keys(), tuple(row)))
    out["story"] = story
    return out


DOCUMENTS = ListSpec(
    name="documents", summary="Documents (articles), without their text.",
    select="",
    light_from="FROM documents d LEFT JOIN document_dates dd ON dd.doc_id = d.id",
    fetch=fetch_documents,
    key="d.id",
    sorts={"date": _DOC_DATE, "title": "d.title", "outlet": "d.outlet", "id": "d.id"},
    default_sort="-date",
    filters={
        "from": (f"{_DOC_DATE} >= ?", _same),
        "to": (f"{_DOC_DATE} <= ?", _same),
        "outlet": (_OUTLET, _outlet_args),
        "story": (f"d.id IN ({_STORY_DOCS})", _same),
        "entity": ("d.id IN (SELECT doc_id FROM mentions WHERE entity_id = ?)", _same),
    },
    to_item=document_item,
)

STORIES = ListSpec(
    name="stories", summary="Stories: clusters of documents about one development.",
    select=("SELECT s.*, (SELECT count(*) FROM story_documents sd WHERE sd.story_id = s.id) "
            "AS n_documents FROM stories s"),
    key="s.id",
    sorts={"first_date": "s.first_date", "last_date": "s.last_date", "title": "s.title",
           "id": "s.id"},
    default_sort="-last_date",
    filters={
        "from": ("COALESCE(s.last_date, s.first_date) >= ?", _same),
        "to": ("COALESCE(s.first_date, s.last_date) <= ?", _same),
        "entity": ("s.id IN (SELECT story_id FROM story_documents WHERE doc_id IN "
                   "(SELECT doc_id FROM mentions WHERE entity_id = ?))", _same),
        "document": ("s.id IN (SELECT story_id FROM story_documents WHERE doc_id = ?)", _same),
    },
    to_item=story_item,
)

ENTITIES = ListSpec(
    name="entities", summary="Entities resolved across documents.",
    select="SELECT e.* FROM entities e",
    key="e.id",
    sorts={"name": "e.name", "type": "e.type", "country": "e.country", "id": "e.id"},
    default_sort="name",
    filters={
        "type": ("e.type = ?", _same),
        "country": ("upper(e.country) = upper(?)", _same),
        "story": (f"e.id IN (SELECT entity_id FROM mentions WHERE doc_id IN ({_STORY_DOCS}))",
                  _same),
        "document": ("e.id IN (SELECT entity_id FROM mentions WHERE doc_id = ?)", _same),
    },
    to_item=entity_item,
)

EVENTS = ListSpec(
    name="events", summary="Coded events (CAMEO, QuadClass, Goldstein) with their actors and place.",
    select="SELECT e.* FROM events e",
    key="e.id",
    sorts={"date": "e.date", "goldstein": "e.goldstein", "cameo": "e.cameo",
           "confidence": "e.confidence", "id": "e.id"},
    default_sort="date",
    filters={
        "from": ("substr(e.date, 1, 10) >= ?", _same),
        "to": ("substr(e.date, 1, 10) <= ?", _same),
        "dyad": ("((e.source_country = ? AND e.target_country = ?) OR "
                 "(e.source_country = ? AND e.target_country = ?))", _dyad),
        "root": ("e.root = ?", _same),
        "quad_class": ("e.quad_class = ?", _same),
        "outlet": (f"e.id IN (SELECT event_id FROM event_mentions WHERE doc_id IN "
                   f"(SELECT d.id FROM documents d WHERE {_OUTLET}))", _outlet_args),
        "story": (f"e.id IN (SELECT event_id FROM event_mentions WHERE doc_id IN ({_STORY_DOCS}))",
                  _same),
        "entity": ("(e.source_entity = ? OR e.target_entity = ?)", lambda v: (v, v)),
        "document": ("e.id IN (SELECT event_id FROM event_mentions WHERE doc_id = ?)", _same),
    },
    to_item=event_item,
    enrich=enrich_events,
)

CLAIMS = ListSpec(
    name="claims", summary="Claims reconciled across sources (agreed, disputed, single-source).",
    select="SELECT c.* FROM claims c",
    key="c.id",
    sorts={"status": "c.status", "subject": "c.subject", "property": "c.property", "id": "c.id"},
    default_sort="status",
    filters={
        "status": ("c.status = ?", _same),
        "property": ("c.property = ?", _same),
        "story": (f"c.id IN (SELECT claim_id FROM claim_values WHERE doc_id IN ({_STORY_DOCS}))",
                  _same),
        "outlet": ("c.id IN (SELECT claim_id FROM claim_values WHERE outlet = ?)", _same),
        "document": ("c.id IN (SELECT claim_id FROM claim_values WHERE doc_id = ?)", _same),
    },
    to_item=claim_item,
    enrich=enrich_claims,
)

def _merged_query(params: dict[str, Any]) -> Any:
    from brinkwatch.signals.merged import MergedQuery

    dyad = params.get("dyad")
    return MergedQuery(
        datasets=(params["dataset"],) if params.get("dataset") else (),
        date_from=params.get("from"), date_to=params.get("to"),
        dyad=tuple(dyad.split(",", 1)) if dyad else None, root=params.get("root"),
        quad_class=params.get("quad_class"), story=params.get("story"),
        entity=params.get("entity"), descending=(params.get("sort") or "").startswith("-"))


def _run_timeline(conn: sqlite3.Connection, params: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    from brinkwatch.signals.merged import timeline_page

    return timeline_page(conn, _merged_query(params), limit=params["limit"], offset=params["offset"])


def _run_imported(conn: sqlite3.Connection, params: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    from brinkwatch.signals.merged import imported_page

    return imported_page(conn, _merged_query(params), limit=params["limit"], offset=params["offset"])


TIMELINE = ListSpec(
    name="timeline",
    summary=("The dated timeline: our merged events and the imported datasets' events (GDELT, "
             "ACLED, JSONL) in one date order, with the sources behind each entry."),
    select="", key="", to_item=None, run=_run_timeline,
    sorts={"date": "", "position": ""},
    default_sort="date",
    filters=dict.fromkeys(("from", "to", "dataset", "dyad", "story", "entity", "root",
                           "quad_class")),
)

IMPORTED_EVENTS = ListSpec(
    name="imported_events",
    summary="Events imported from public datasets (GDELT 1.0/2.0, ACLED) or our JSONL schema.",
    select="", key="", to_item=None, run=_run_imported,
    sorts={"date": ""},
    default_sort="date",
    filters=dict.fromkeys(("from", "to", "dataset", "dyad", "root", "quad_class")),
)

ESCALATION = ListSpec(
    name="escalation", summary="Escalation series: one row per dyad and ISO week.",
    select="SELECT x.* FROM escalation x",
    key="x.actor_a || ' ' || x.actor_b || ' ' || x.period",
    sorts={"period": "x.period", "index": "x.idx", "events": "x.events",
           "dyad": "x.actor_a || ' ' || x.actor_b"},
    default_sort="period",
    filters={
        "dyad": ("((x.actor_a = ? AND x.actor_b = ?) OR (x.actor_a = ? AND x.actor_b = ?))", _dyad),
        "from": ("x.period >= ?", lambda v: (iso_week(v),)),
        "to": ("x.period <= ?", lambda v: (iso_week(v),)),
        "band": ("x.band = ?", _same),
    },
    to_item=escalation_item,
)

LISTS: dict[str, ListSpec] = {s.name: s for s in
                              (DOCUMENTS, STORIES, ENTITIES, EVENTS, CLAIMS, TIMELINE,
                               IMPORTED_EVENTS, ESCALATION)}


def run_list(conn: sqlite3.Connection, spec: ListSpec, params: dict[str, Any]
             ) -> tuple[int, list[dict[str, Any]]]:
    """``(total, items)`` for one page of ``spec`` under validated ``params``."""
    if spec.run is not None:
        return spec.run(conn, params)
    where, args = [], []
    for name, spec_filter in spec.filters.items():
        value = params.get(name)
        if value is not None and spec_filter is not None:
            sql, to_args = spec_filter
            where.append(sql)
            args.extend(to_args(value))
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    sort = params.get("sort") or spec.default_sort
    desc = sort.startswith("-")
    expr = spec.sorts[sort.lstrip("-")]
    order = f" ORDER BY ({expr}) IS NULL, {expr} {'DESC' if desc else 'ASC'}, {spec.key} ASC"
    page = [params["limit"], params["offset"]]
    if spec.light_from and spec.fetch:
        total = conn.execute(f"SELECT count(*) {spec.light_from}{clause}", args).fetchone()[0]
        ids = [r[0] for r in conn.execute(
            f"SELECT {spec.key} {spec.light_from}{clause}{order} LIMIT ? OFFSET ?", [*args, *page])]
        rows = spec.fetch(conn, ids)
    else:
        total = conn.execute(f"SELECT count(*) FROM ({spec.select}{clause})", args).fetchone()[0]
        rows = conn.execute(f"{spec.select}{clause}{order} LIMIT ? OFFSET ?",
                            [*args, *page]).fetchall()
    assert spec.to_item is not None
    items = [spec.to_item(r) for r in rows]
    if spec.enrich:
        spec.enrich(conn, items)
    return total, items
