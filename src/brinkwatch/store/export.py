"""Exports of the store: the JSON contract of ARCHITECTURE.md, JSONL, CSV per table, Parquet.

The JSON keys listed in ARCHITECTURE.md are a contract (documented by
``docs/export.schema.json``); extra keys are additive. Country codes: entities and places
use ISO alpha-2 (Kosovo XK); event actors use CAMEO-style alpha-3 (Kosovo XKX).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from brinkwatch.store.db import Store

TABLES = ("documents", "copies", "stories", "story_documents", "entities", "mentions", "events",
          "event_mentions", "claims", "claim_values", "timeline", "escalation", "problems", "document_dates")


def export_dict(store: Store) -> dict:
    """The whole store as one JSON-ready dict (the export contract plus extra keys)."""
    story_of = {r["doc_id"]: r["story_id"] for r in store.rows("SELECT * FROM story_documents")}
    anchors = {r["doc_id"]: r for r in store.rows("SELECT * FROM document_dates")}
    copies: dict[str, list[dict]] = {}
    for r in store.rows("SELECT * FROM copies ORDER BY doc_id, kind != 'original', source_path"):
        copies.setdefault(r["doc_id"], []).append(
            {"source_path": r["source_path"], "outlet": r["outlet"], "url": r["url"],
             "published": r["published"], "kind": r["kind"], "similarity": r["similarity"]}
        )
    documents = []
    for r in store.rows("SELECT * FROM documents ORDER BY source_path, id"):
        anchor = anchors.get(r["id"])
        documents.append({
            "id": r["id"], "title": r["title"], "outlet": r["outlet"], "published": r["published"],
            "published_source": r["published_source"], "story": story_of.get(r["id"]),
            "source_path": r["source_path"], "url": r["url"], "language": r["language"],
            "published_evidence": r["published_evidence"],
            "anchor_date": anchor["anchor_date"] if anchor else None,
            "anchor_source": anchor["anchor_source"] if anchor else "unknown",
            "anchor_reason": anchor["reason"] if anchor else None,
            "copies": copies.get(r["id"], []),
        })
    members: dict[str, list[str]] = {}
    for doc_id, story_id in sorted(story_of.items()):
        members.setdefault(story_id, []).append(doc_id)
    stories = [
        {"id": r["id"], "title": r["title"], "documents": members.get(r["id"], []),
         "first_date": r["first_date"], "last_date": r["last_date"], "thread": r["thread"],
         "key_entities": json.loads(r["key_entities"] or "[]")}
        for r in store.rows("SELECT * FROM stories ORDER BY first_date IS NULL, first_date, id")
    ]
    entity_docs: dict[str, list[str]] = {}
    for r in store.rows("SELECT DISTINCT entity_id, doc_id FROM mentions ORDER BY entity_id, doc_id"):
        entity_docs.setdefault(r["entity_id"], []).append(r["doc_id"])
    entities = []
    for r in store.rows("SELECT * FROM entities"):
        extra = json.loads(r["merge_reasons"] or "{}")
        entities.append({
            "id": r["id"], "name": r["name"], "type": r["type"], "country": r["country"],
            "aliases": json.loads(r["aliases"]), "documents": entity_docs.get(r["id"], []),
            "role": r["role"], "acts_for": extra.get("acts_for"), "code": extra.get("code"),
            "merge_reasons": extra.get("reasons", []),
        })
    entities.sort(key=lambda e: (-len(e["documents"]), e["name"]))
    mentions_of: dict[str, list[dict]] = {}
    for r in store.rows("SELECT * FROM event_mentions ORDER BY event_id, doc_id, start"):
        mentions_of.setdefault(r["event_id"], []).append(
            {"document": r["doc_id"], "start": r["start"], "end": r["end"], "text": r["text"]})
    events = []
    for r in store.rows("SELECT * FROM events ORDER BY date IS NULL, date, id"):
        ms = mentions_of.get(r["id"], [])
        events.append({
            "id": r["id"], "date": r["date"], "date_precision": r["date_precision"], "cameo": r["cameo"],
            "cameo_name": r["cameo_name"], "root": r["root"], "quad_class": r["quad_class"],
            "goldstein": r["goldstein"], "plover": r["plover"],
            "acled": [r["acled_type"], r["acled_subtype"]] if r["acled_type"] else None,
            "source": {"entity": r["source_entity"], "name": r["source_name"], "country": r["source_country"]},
            "target": {"entity": r["target_entity"], "name": r["target_name"], "country": r["target_country"]},
            "place": {"name": r["place_name"], "lat": r["place_lat"], "lon": r["place_lon"], "country": r["place_country"]},
            "fatalities": r["fatalities"], "injuries": r["injuries"], "arrests": r["arrests"],
            "documents": sorted({m["document"] for m in ms}), "mentions": ms,
            "confidence": r["confidence"], "summary": r["summary"],
        })
    values_of: dict[str, list[dict]] = {}
    for r in store.rows("SELECT * FROM claim_values ORDER BY claim_id, position"):
        values_of.setdefault(r["claim_id"], []).append({
            "value": r["value"], "low": r["low"], "high": r["high"], "unit": r["unit"],
            "qualifier": r["qualifier"], "document": r["doc_id"], "outlet": r["outlet"],
            "speaker": r["speaker"], "start": r["start"], "end": r["end"], "text": r["text"]})
    claims = [
        {"id": r["id"], "subject": r["subject"], "property": r["property"], "status": r["status"],
         "reason": r["reason"], "values": values_of.get(r["id"], [])}
        for r in store.rows("SELECT * FROM claims ORDER BY status, subject, property")
    ]
    timeline = [
        {"date": r["date"], "event": r["event_id"], "summary": r["summary"],
         "dated_by": r["dated_by"], "sources": json.loads(r["sources"])}
        for r in store.rows("SELECT * FROM timeline ORDER BY position")
    ]
    escalation = [
        {"dyad": [r["actor_a"], r["actor_b"]], "period": r["period"], "events": r["events"],
         "goldstein_sum": r["goldstein_sum"],
         "quad_counts": {"1": r["q1"], "2": r["q2"], "3": r["q3"], "4": r["q4"]},
         "index": r["idx"], "band": r["band"], "fatalities": r["fatalities"], "sources": r["sources"],
         **({"goldstein_mean": r["goldstein_mean"], "conflict": r["conflict"], "baseline_4": r["baseline_4"],
             "baseline_52": r["baseline_52"], "band_52": r["band_52"],
             "datasets": [d for d in (r["datasets"] or "").split(",") if d]}
            if "band_52" in r.keys() else {})}
        for r in store.rows("SELECT * FROM escalation ORDER BY actor_a, actor_b, period")
    ]
    problems = [
        {"source_path": r["source_path"], "stage": r["stage"], "reason": r["reason"]}
        for r in store.rows("SELECT * FROM problems ORDER BY source_path")
    ]
    return {
        "documents": documents, "stories": stories, "entities": entities, "events": events,
        "claims": claims, "timeline": timeline, "escalation": escalation, "problems": problems,
    }


def document_texts(store: Store) -> dict[str, str]:
    return {r["id"]: r["text"] for r in store.rows("SELECT id, text FROM documents")}


def write_json(store: Store, out) -> None:
    json.dump(export_dict(store), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(store: Store, out) -> None:
    """One JSON object per line: {"kind": "document"|"story"|..., ...record}."""
    data = export_dict(store)
    for kind, rows in data.items():
        for row in rows:
            out.write(json.dumps({"kind": kind.rstrip("s") if kind != "escalation" else kind, **row}, ensure_ascii=False))
            out.write("\n")


def write_csv(store: Store, folder: Path) -> list[Path]:
    """One CSV file per table (document text included) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        cursor = store.conn.execute(f"SELECT * FROM {table}")
        columns = [c[0] for c in cursor.description if c[0] != "signature"]
        path = folder / f"{table}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in cursor:
                writer.writerow([row[c] for c in columns])
        written.append(path)
    return written


def write_parquet(store: Store, folder: Path) -> list[Path]:
    """One Parquet file per table in ``folder``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        cursor = store.conn.execute(f"SELECT * FROM {table}")
        columns = [c[0] for c in cursor.description if c[0] != "signature"]
        rows = [dict(zip([c[0] for c in cursor.description], r)) for r in cursor]
        data = {c: [r[c] for r in rows] for c in columns}
        path = folder / f"{table}.parquet"
        pq.write_table(pa.table(data) if rows else pa.table({c: pa.array([], pa.string()) for c in columns}), path)
        written.append(path)
    return written
