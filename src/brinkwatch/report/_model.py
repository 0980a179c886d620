"""The brief as plain data: every section computed once, then rendered as Markdown or HTML.

Strings in the model are raw (unescaped) text; each renderer escapes for its own format.
References to evidence are dicts ``{"kind": "note"|"doc", "label", "anchor"}``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from . import charts
from ._evidence import Evidence
from ._figures import STATUS_ORDER, build_figures, status_of
from ._phrases import Recaser
from ._scope import Scope, select
from ._story import story_sentences
from ._text import (
    QUAD_NAMES,
    anchor,
    clean,
    fmt_number,
    fmt_signed,
    quad_int,
    safe_url,
)
from ._timeline import is_background, timeline_items

MAX_ACTORS = 15
MAX_CHARTS = 4
MAX_SINGLE = 8  # single-source figures shown before the rest are folded away
MAX_BACKGROUND = 8
MAX_UNDATED = 10


def _stories(scope: Scope) -> list[dict[str, Any]]:
    out = []
    for s in scope.stories:
        docs = [str(d) for d in s.get("documents") or []]
        docs += [i for i, d in scope.doc_by_id.items() if str(d.get("story")) == str(s.get("id"))
                 and i not in docs]
        carried: dict[str, bool] = {}
        for d in docs:
            doc = scope.doc_by_id.get(d)
            if doc is None:
                continue
            if clean(doc.get("outlet")):
                carried[clean(doc.get("outlet"))] = False
            for c in doc.get("copies") or []:
                name = clean(c.get("outlet")) if isinstance(c, dict) else ""
                if name and name not in carried:
                    carried[name] = c.get("kind") in ("exact", "near")
        out.append({
            "id": clean(s.get("id")),
            "anchor": anchor("story", s.get("id")),
            "title": clean(s.get("title")) or "(untitled story)",
            "first": clean(s.get("first_date")),
            "last": clean(s.get("last_date")),
            "n_docs": len(docs),
            "outlets": [{"name": k, "is_copy": v} for k, v in sorted(carried.items())],
            "thread": clean(s.get("thread")) if " " in clean(s.get("thread")) else "",
            "key_entities": [clean(k.get("name") if isinstance(k, dict) else k)
                             for k in s.get("key_entities") or []][:8],
        })
    return out


def _actors(scope: Scope) -> list[dict[str, Any]]:
    ranked = sorted(scope.entities, key=lambda e: (-len(e["_docs"]), clean(e.get("name")).lower()))
    return [{
        "name": clean(e.get("name")) or clean(e.get("id")) or "(unnamed)",
        "type": clean(e.get("type")),
        "country": clean(e.get("country")),
        "n_docs": len(e["_docs"]),
        "aliases": [clean(a) for a in e.get("aliases") or []
                    if clean(a) and clean(a) != clean(e.get("name"))][:4],
    } for e in ranked[:MAX_ACTORS]]


def _escalation(scope: Scope) -> dict[str, Any] | None:
    rows = [r for r in scope.escalation
            if isinstance(r.get("dyad"), (list, tuple)) and len(r["dyad"]) == 2]
    if not rows:
        return None
    by_dyad: Counter[tuple[str, str]] = Counter()
    for r in rows:
        dyad = r.get("dyad")
        if isinstance(dyad, (list, tuple)) and len(dyad) == 2:
            by_dyad[(clean(dyad[0]), clean(dyad[1]))] += int(charts.as_number(r.get("events")) or 0)
    dyads = [d for d, _ in sorted(by_dyad.items(), key=lambda kv: (-kv[1], kv[0]))]
    chart_list = [{"dyad": f"{a} – {b}", "svg": charts.escalation_chart_svg(rows, (a, b))}
                  for a, b in dyads[:MAX_CHARTS]]
    table = []
    for r in sorted(rows, key=lambda r: ([clean(x) for x in r.get("dyad") or []],
                                         clean(r.get("period")))):
        quads = charts.quad_tally(r.get("quad_counts"))
        table.append({
            "dyad": " – ".join(clean(x) for x in r.get("dyad") or []),
            "period": clean(r.get("period")) or "?",
            "events": fmt_number(r.get("events")),
            "quads": [quads[q] for q in QUAD_NAMES],
            "goldstein": fmt_signed(r.get("goldstein_sum")),
            "index": fmt_signed(round(r["index"], 2)) if isinstance(r.get("index"), (int, float))
            else clean(r.get("index")),
            "band": clean(r.get("band")),
        })
    return {"charts": chart_list, "rows": table, "more_dyads": max(0, len(dyads) - MAX_CHARTS)}


def _sources(scope: Scope) -> list[dict[str, Any]]:
    out = []
    for d in scope.documents:
        doc_id = str(d.get("id"))
        story = scope.story_by_id.get(str(d.get("story"))) if d.get("story") is not None else None
        out.append({
            "label": scope.labels[doc_id],
            "anchor": anchor("doc", doc_id),
            "id": doc_id,
            "title": clean(d.get("title")) or "(untitled)",
            "url": safe_url(d.get("url")),
            "outlet": clean(d.get("outlet")) or "unknown outlet",
            "published": clean(d.get("published")),
            "published_source": clean(d.get("published_source")) or "unknown",
            "evidence": clean(d.get("published_evidence")),
            "anchor_date": clean(d.get("anchor_date")),
            "anchor_source": clean(d.get("anchor_source")),
            "anchor_reason": clean(d.get("anchor_reason")),
            "language": clean(d.get("language")),
            "path": clean(d.get("source_path")),
            "story": clean(story.get("title")) if story else "",
            "copies": [{"outlet": clean(c.get("outlet")), "kind": clean(c.get("kind")),
                        "path": clean(c.get("source_path"))}
                       for c in d.get("copies") or [] if isinstance(c, dict)
                       and c.get("kind") != "original"],
        })
    return out


def _story_events(scope: Scope) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """In-scope events of the crisis period with ``_date`` set (their own date, else the
    timeline's publication date), and event id → how the date was found."""
    from ._timeline import crisis_window

    dated_by: dict[str, str] = {}
    tl_date: dict[str, str] = {}
    for item in scope.timeline:
        if item.get("event") is not None:
            key = clean(item.get("event"))
            dated_by.setdefault(key, clean(item.get("dated_by")) or "event")
            tl_date.setdefault(key, clean(item.get("date")))
    window = crisis_window(scope)
    out = []
    for ev in scope.events:
        eid = clean(ev.get("id"))
        date = clean(ev.get("date")) or tl_date.get(eid, "")
        if not clean(ev.get("date")) and date:
            dated_by[eid] = "publication"
        if date and is_background(date, window):
            continue
        out.append(dict(ev, _date=date))
    return out, dated_by


def build_brief(
    export: dict[str, Any], *, story: str | None = None, texts: dict[str, str] | None = None
) -> dict[str, Any]:
    """Compute every section of the brief from an export dict (see ARCHITECTURE.md, Export).

    :raises StoryNotFound: when ``story`` is not an id in ``export["stories"]``.
    """
    scope = select(export or {}, story)
    evidence = Evidence(scope, texts)
    recase = Recaser(scope.entities)
    figures, figures_left_out = build_figures(scope, evidence, recase)
    events, dated_by = _story_events(scope)
    sentences = story_sentences(scope, evidence, figures, events, dated_by)
    rows, timeline_left_out = timeline_items(scope, evidence)
    unattributed = [r for r in rows if r["statement"] and r["text"].startswith("An unidentified")]
    rows = [r for r in rows if not (r["statement"] and r["text"].startswith("An unidentified"))]
    background = [r for r in rows if r["section"] == "background"]
    background.sort(key=lambda r: (-r["n_docs"], r["date"]))
    background = sorted(background[:MAX_BACKGROUND], key=lambda r: r["date"])
    undated = [r for r in rows if r["section"] == "undated"]
    outlets = {clean(d.get("outlet")) for d in scope.documents if clean(d.get("outlet"))}
    for d in scope.documents:
        outlets |= {clean(c.get("outlet")) for c in d.get("copies") or []
                    if isinstance(c, dict) and clean(c.get("outlet"))}
    quad_counts = Counter(q for q in (quad_int(e.get("quad_class")) for e in scope.events) if q)
    status_counts = Counter(status_of(c) for c in scope.claims)
    title = clean(scope.story.get("title")) if scope.story else "Crisis brief"
    dates = sorted(clean(d.get("published")) for d in scope.documents if d.get("published"))
    period = ""
    if dates:
        period = dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"
    single = [f for f in figures if f["status"] not in ("disputed", "agreed")]
    crisis = [r for r in rows if r["section"] == "crisis"]
    order = [p.get("ref") for s in sentences for p in s]
    order += [v["ref"] for f in figures for v in f["values"]]
    order += [r for row in crisis + background + undated for r in row["refs"]]
    evidence.renumber(order)
    return {
        "title": title or "(untitled story)",
        "kind": "Story brief" if scope.story else "Crisis overview",
        "story": _stories(scope)[0] if scope.story else None,
        "period": period,
        "counts": [
            ("documents", len(scope.documents)),
            ("outlets", len(outlets)),
            ("stories", len(scope.stories)),
            ("events", len(scope.events)),
            ("disputed claims", status_counts.get("disputed", 0)),
        ],
        "empty": not scope.events and not scope.claims,
        "sentences": sentences,
        "stories": _stories(scope),
        "figures": figures,
        "disputed": [f for f in figures if f["status"] == "disputed"],
        "agreed": [f for f in figures if f["status"] == "agreed"],
        "single": single[:MAX_SINGLE],
        "single_more": single[MAX_SINGLE:],
        "figure_counts": {s: status_counts.get(s, 0) for s in STATUS_ORDER},
        "figures_left_out": figures_left_out,
        "timeline": crisis,
        "background": background,
        "background_more": len([r for r in rows if r["section"] == "background"])
        - len(background),
        "undated": undated[:MAX_UNDATED],
        "undated_more": undated[MAX_UNDATED:],
        "timeline_left_out": timeline_left_out,
        "unattributed": len(unattributed),
        "actors": _actors(scope),
        "n_entities": len(scope.entities),
        "quad_counts": {q: quad_counts.get(q, 0) for q in QUAD_NAMES},
        "quad_svg": charts.quad_bars_svg(quad_counts) if quad_counts else "",
        "escalation": _escalation(scope),
        "sources": _sources(scope),
        "notes": evidence.notes,
        "has_texts": bool(texts),
    }
