"""What each dashboard page shows, gathered from the store (bounded queries only)."""

from __future__ import annotations

import sqlite3
from typing import Any

from markupsafe import Markup

from brinkwatch.report.charts import escalation_chart_svg
from brinkwatch.signals.merged import OURS, dataset_counts, latest_imported
from brinkwatch.web import details
from brinkwatch.web._highlight import in_context
from brinkwatch.web.mapsvg import event_points, map_svg
from brinkwatch.web.queries import (
    ESCALATION,
    EVENTS,
    STORIES,
    TIMELINE,
    claim_item,
    claim_values,
    escalation_item,
    run_list,
)

ALERT_BANDS = ("surge", "increase")
STATUS_ORDER = ("disputed", "agreed", "single-source")


def _page(limit: int, **filters: Any) -> dict[str, Any]:
    return {"limit": limit, "offset": 0, **filters}


# The overview reads escalation through aggregates, never row by row: a store with a year of
# GDELT holds hundreds of thousands of weekly dyad rows.
_LATEST_PER_DYAD = (
    "SELECT x.* FROM escalation x JOIN (SELECT actor_a, actor_b, max(period) AS period "
    "FROM escalation GROUP BY actor_a, actor_b) m "
    "ON m.actor_a = x.actor_a AND m.actor_b = x.actor_b AND m.period = x.period")
# One row per period and band, summed over dyads; the chart sums them per period again. The
# index is the event-weighted mean (the plain mean where no row has events), which the
# chart's own weighting reproduces.
_PERIOD_BAND_TOTALS = (
    "SELECT period, band, sum(events) AS events, sum(goldstein_sum) AS goldstein_sum, "
    "sum(q1) AS q1, sum(q2) AS q2, sum(q3) AS q3, sum(q4) AS q4, "
    "CASE WHEN sum(events) > 0 THEN sum(idx * events) / sum(events) ELSE avg(idx) END AS idx "
    "FROM escalation GROUP BY period, band ORDER BY period, band")


def overview(conn: sqlite3.Connection) -> dict[str, Any]:
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("documents", "stories", "entities", "events", "claims")}
    latest = [escalation_item(r) for r in conn.execute(_LATEST_PER_DYAD)]
    alerts = sorted((r for r in latest if r["band"] in ALERT_BANDS),
                    key=lambda r: (-r["index"], r["dyad"]))
    dyads = sorted(latest, key=lambda r: (-r["events"], r["dyad"]))[:15]
    escalation = [{"period": r["period"], "band": r["band"], "events": r["events"],
                   "goldstein_sum": r["goldstein_sum"], "index": r["idx"],
                   "quad_counts": {"1": r["q1"], "2": r["q2"], "3": r["q3"], "4": r["q4"]}}
                  for r in conn.execute(_PERIOD_BAND_TOTALS)]
    _, stories = run_list(conn, STORIES, _page(10, sort="-last_date"))
    _, recent = run_list(conn, EVENTS, _page(12, sort="-date"))
    mapped = [{"id": r["id"], "summary": r["summary"], "quad_class": r["quad_class"],
               "place": {"lat": r["place_lat"], "lon": r["place_lon"]}}
              for r in conn.execute(
                  "SELECT id, summary, quad_class, place_lat, place_lon FROM events "
                  "WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL "
                  "ORDER BY date IS NULL, date DESC, id LIMIT 500")]
    datasets = {name: n for name, n in dataset_counts(conn).items() if name != OURS}
    imported = latest_imported(conn, 500) if datasets else []
    if datasets:
        counts["imported events"] = sum(datasets.values())
        mapped += [{"id": None, "summary": r["summary"], "quad_class": r["quad_class"],
                    "place": r["place"]}
                   for r in imported if r["place"]["lat"] is not None and r["place"]["lon"] is not None]
    return {
        "counts": counts, "chart": Markup(escalation_chart_svg(escalation)), "alerts": alerts,
        "dyads": dyads, "stories": stories, "events": recent, "imported": imported[:12],
        "datasets": datasets,
        "map": map_svg(event_points(mapped), title="Events with a known place"),
    }


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    found = details.story(conn, story_id)
    if found is None:
        return None
    docs = details.documents_by_id(conn, found["documents"][:60])
    doc_ids = [d["id"] for d in docs]
    marks = ",".join("?" * len(doc_ids))
    reported: dict[str, list[dict[str, Any]]] = {d: [] for d in doc_ids}
    event_ids: list[str] = []
    if doc_ids:
        for r in conn.execute(
                f"SELECT event_id, doc_id, start, end, text FROM event_mentions "
                f"WHERE doc_id IN ({marks}) ORDER BY doc_id, start", doc_ids):
            reported[r["doc_id"]].append({"event": r["event_id"], "start": r["start"],
                                          "end": r["end"], "text": r["text"]})
            if r["event_id"] not in event_ids:
                event_ids.append(r["event_id"])
    events = details.events_by_id(conn, event_ids[:500])
    by_id = {e["id"]: e for e in events}
    for items in reported.values():
        for item in items:
            item["summary"] = (by_id.get(item["event"]) or {}).get("summary")
    claims = []
    if doc_ids:
        rows = conn.execute(f"SELECT DISTINCT c.* FROM claims c JOIN claim_values v ON "
                            f"v.claim_id = c.id WHERE v.doc_id IN ({marks}) ORDER BY c.id", doc_ids)
        claims = [claim_item(r) for r in rows]
    values = claim_values(conn, [c["id"] for c in claims])
    figures: dict[str, list[dict[str, Any]]] = {d: [] for d in doc_ids}
    for c in claims:
        c["values"] = values.get(c["id"], [])
        for v in c["values"]:
            if v["document"] in figures:
                figures[v["document"]].append({**v, "claim": c})
    claims.sort(key=lambda c: (STATUS_ORDER.index(c["status"]) if c["status"] in STATUS_ORDER
                               else 9, c["subject"], c["property"]))
    _, timeline = run_list(conn, TIMELINE, _page(200, story=story_id))
    columns = [{"doc": d, "events": reported[d["id"]], "figures": figures[d["id"]]} for d in docs]
    return {
        "story": found, "columns": columns, "claims": claims, "timeline": timeline,
        "events": events,
        "map": map_svg(event_points(events), title="Where this story's events happened"),
    }


def entity(conn: sqlite3.Connection, entity_id: str) -> dict[str, Any] | None:
    found = details.entity(conn, entity_id)
    if found is None:
        return None
    docs = details.documents_by_id(conn, found["documents"][:100])
    total_events, events = run_list(conn, EVENTS, _page(100, entity=entity_id))
    mentions = details.entity_mentions(conn, entity_id, limit=15)
    texts: dict[str, str] = {}
    for m in mentions:
        if m["document"] not in texts:
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (m["document"],)).fetchone()
            texts[m["document"]] = row[0] if row else ""
        m["context"] = in_context(texts[m["document"]], m["start"], m["end"], width=120)
    titles = {d["id"]: d for d in docs}
    _, stories = run_list(conn, STORIES, _page(50, entity=entity_id))
    return {"entity": found, "documents": docs, "events": events, "events_total": total_events,
            "mentions": mentions, "docs_by_id": titles, "stories": stories,
            "map": map_svg(event_points(events), title=f"Events involving {found['name']}")}


def event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    found = details.event(conn, event_id)
    if found is None:
        return None
    docs = {d["id"]: d for d in details.documents_by_id(conn, found["documents"])}
    texts = {r[0]: r[1] for r in conn.execute(
        f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(docs))})", list(docs))
    } if docs else {}
    spans = []
    for i, m in enumerate(found["mentions"]):
        spans.append({**m, "doc": docs.get(m["document"]),
                      "context": in_context(texts.get(m["document"], ""), m["start"], m["end"],
                                            element_id=f"span-{i}")})
    return {"event": found, "spans": spans,
            "map": map_svg(event_points([found]), width=480, height=300, title="Where it happened")}


def document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    found = details.document(conn, doc_id)
    if found is None:
        return None
    rows = conn.execute("SELECT event_id, start, end, text FROM event_mentions WHERE doc_id = ? "
                        "ORDER BY start", (doc_id,)).fetchall()
    events = {e["id"]: e for e in details.events_by_id(conn, found["events"][:500])}
    return {"document": found, "mentions": [dict(r) for r in rows], "events": events}


def escalation_rows(conn: sqlite3.Connection, dyad: str | None) -> list[dict[str, Any]]:
    params = _page(1000, sort="period")
    if dyad:
        params["dyad"] = dyad
    return run_list(conn, ESCALATION, params)[1]
