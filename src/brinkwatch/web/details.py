"""One record with what hangs off it (documents, mentions, values), and full-text search.

Every function takes a read-only connection and returns plain JSON-ready dicts, or None when
the id is unknown. The pages and the JSON API share them.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from brinkwatch.web.queries import (
    DOCUMENTS,
    claim_item,
    claim_values,
    document_item,
    entity_item,
    enrich_events,
    event_item,
    fetch_documents,
    source_name,
    story_item,
)

_MARK_ON, _MARK_OFF = "\x02", "\x03"


def document(conn: sqlite3.Connection, doc_id: str, *, text: bool = True) -> dict[str, Any] | None:
    rows = fetch_documents(conn, [doc_id])
    if not rows:
        return None
    out = document_item(rows[0])
    if text:
        out["text"] = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    out["events"] = [r[0] for r in conn.execute(
        "SELECT DISTINCT event_id FROM event_mentions WHERE doc_id = ? ORDER BY event_id", (doc_id,))]
    out["entities"] = [r[0] for r in conn.execute(
        "SELECT DISTINCT entity_id FROM mentions WHERE doc_id = ? ORDER BY entity_id", (doc_id,))]
    return out


def documents_by_id(conn: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    return [document_item(r) for r in fetch_documents(conn, ids)]


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT s.*, (SELECT count(*) FROM story_documents sd WHERE sd.story_id = s.id) "
        "AS n_documents FROM stories s WHERE s.id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    out = story_item(row)
    out["documents"] = [r[0] for r in conn.execute(
        "SELECT sd.doc_id FROM story_documents sd JOIN documents d ON d.id = sd.doc_id "
        "LEFT JOIN document_dates dd ON dd.doc_id = d.id WHERE sd.story_id = ? "
        "ORDER BY COALESCE(d.published, dd.anchor_date) IS NULL, "
        "COALESCE(d.published, dd.anchor_date), d.id", (story_id,))]
    return out


def entity(conn: sqlite3.Connection, entity_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    out = entity_item(row)
    out["documents"] = [r[0] for r in conn.execute(
        "SELECT DISTINCT doc_id FROM mentions WHERE entity_id = ? ORDER BY doc_id", (entity_id,))]
    out["mention_count"] = conn.execute(
        "SELECT count(*) FROM mentions WHERE entity_id = ?", (entity_id,)).fetchone()[0]
    return out


def entity_mentions(conn: sqlite3.Connection, entity_id: str, limit: int = 20) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT doc_id, start, end, text, label FROM mentions WHERE entity_id = ? "
        "ORDER BY doc_id, start LIMIT ?", (entity_id, limit))
    return [{"document": r[0], "start": r[1], "end": r[2], "text": r[3], "label": r[4]} for r in rows]


def event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    out = event_item(row)
    enrich_events(conn, [out])
    out["mentions"] = [
        {"document": r[0], "start": r[1], "end": r[2], "text": r[3]}
        for r in conn.execute("SELECT doc_id, start, end, text FROM event_mentions "
                              "WHERE event_id = ? ORDER BY doc_id, start", (event_id,))
    ]
    return out


def events_by_id(conn: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = conn.execute(f"SELECT * FROM events WHERE id IN ({','.join('?' * len(ids))}) "
                        "ORDER BY date IS NULL, date, id", ids)
    return [event_item(r) for r in rows]


def claim(conn: sqlite3.Connection, claim_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM claims WHERE id = ?", (claim_id,)).fetchone()
    if row is None:
        return None
    out = claim_item(row)
    out["values"] = claim_values(conn, [claim_id]).get(claim_id, [])
    return out


# -- full-text search -----------------------------------------------------------------------
def fts_query(text: str) -> str | None:
    """A safe FTS5 query: every word quoted (AND), a trailing ``*`` kept as a prefix match.

    FTS5 operators typed by a user (NEAR, quotes, column filters) are not interpreted, so no
    input can make the MATCH fail. None when ``text`` has no word at all.
    """
    terms = []
    for word, star in re.findall(r"(\w+)(\*?)", text):
        terms.append('"' + word.replace('"', '""') + '"' + ("*" if star else ""))
    return " ".join(terms[:32]) or None


def _split_marks(snippet: str) -> tuple[str, list[list[int]]]:
    """Remove the highlight markers from ``snippet``; return the text and [start, end] pairs."""
    out, marks, start = [], [], None
    pos = 0
    for ch in snippet:
        if ch == _MARK_ON:
            start = pos
        elif ch == _MARK_OFF:
            if start is not None:
                marks.append([start, pos])
            start = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), marks


def search(conn: sqlite3.Connection, q: str, params: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    """``(total, items)``: documents matching ``q``, best first (BM25), ties by rowid.

    Ranks first, then makes snippets and reads metadata for the page only."""
    match = fts_query(q)
    if match is None:
        return 0, []
    where, args = ["documents_fts MATCH ?"], [match]
    for name in ("from", "to", "outlet", "story"):
        if params.get(name) is not None:
            sql, to_args = DOCUMENTS.filters[name]
            where.append(sql)
            args.extend(to_args(params[name]))
    base = "FROM documents_fts"
    if len(where) > 1:
        base += (" JOIN documents d ON d.rowid = documents_fts.rowid "
                 "LEFT JOIN document_dates dd ON dd.doc_id = d.id")
    base += " WHERE " + " AND ".join(where)
    total = conn.execute(f"SELECT count(*) {base}", args).fetchone()[0]
    ranked = conn.execute(
        f"SELECT documents_fts.rowid, bm25(documents_fts) AS rank {base} "
        "ORDER BY rank, documents_fts.rowid LIMIT ? OFFSET ?",
        [*args, params["limit"], params["offset"]]).fetchall()
    if not ranked:
        return total, []
    rowids = [r[0] for r in ranked]
    marks = ",".join("?" * len(rowids))
    snippets = dict(conn.execute(
        f"SELECT rowid, snippet(documents_fts, 1, '{_MARK_ON}', '{_MARK_OFF}', '…', 24) "
        f"FROM documents_fts WHERE documents_fts MATCH ? AND rowid IN ({marks})",
        [match, *rowids]).fetchall())
    docs = {r["rowid_"]: r for r in conn.execute(
        "SELECT d.rowid AS rowid_, d.id, d.title, d.outlet, d.source_path, d.published, "
        "dd.anchor_date FROM documents d LEFT JOIN document_dates dd ON dd.doc_id = d.id "
        f"WHERE d.rowid IN ({marks})", rowids)}
    items = []
    for rowid, rank in ranked:
        r = docs.get(rowid)
        if r is None:
            continue
        text, marks_at = _split_marks(snippets.get(rowid) or "")
        items.append({
            "id": r["id"], "title": r["title"], "outlet": r["outlet"],
            "source": source_name(r["outlet"], r["source_path"]),
            "published": r["published"], "anchor_date": r["anchor_date"],
            "rank": round(float(rank), 6), "snippet": text, "snippet_marks": marks_at,
        })
    return total, items
