"""The brief as plain data: every section computed once, then rendered as Markdown or HTML.

Strings in the model are raw (unescaped) text; each renderer escapes for its own format.
References to evidence are dicts ``{"kind": "note"|"doc", "label", "anchor"}``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from . import charts
from ._evidence import Evidence
from ._scope import Scope, select
from ._events import MAX_REFS, event_refs, event_text
from ._text import (
    QUAD_NAMES,
    STATUS_LABELS,
    anchor,
    capitalize,
    clean,
    fmt_number,
    fmt_signed,
    fmt_value,
    humanize,
    plural,
    quad_int,
    safe_url,
)
from ._timeline import timeline_items

MAX_FACT_EVENTS = 5
MAX_FACT_CLAIMS = 3
MAX_FIGURES = 150
MAX_ACTORS = 15
MAX_CHARTS = 4
STATUS_ORDER = {"disputed": 0, "agreed": 1, "single-source": 2}


def _outlets(scope: Scope, doc_ids: list[str]) -> list[str]:
    return sorted({clean(scope.doc_by_id[d].get("outlet")) for d in doc_ids
                   if d in scope.doc_by_id and clean(scope.doc_by_id[d].get("outlet"))})


def _event_facts(scope: Scope, evidence: Evidence) -> list[dict[str, Any]]:
    """The most-corroborated events (carried by most documents) as dated sentences, in date
    order (undated last)."""
    facts = []
    ranked = sorted(
        scope.events,
        key=lambda e: (
            -len(e.get("_docs") or []), -(e.get("confidence") or 0), clean(e.get("date"))
        ),
    )
    chosen = ranked[:MAX_FACT_EVENTS]
    chosen.sort(key=lambda e: (not clean(e.get("date")), clean(e.get("date"))))
    for ev in chosen:
        docs = ev.get("_docs") or []
        outlets = _outlets(scope, docs)
        date = clean(ev.get("date"))
        text = (f"{date}: " if date else "") + event_text(ev) + "."
        if docs:
            text += f" Reported in {plural(len(docs), 'document')}"
            text += f" from {plural(len(outlets), 'outlet')}." if outlets else "."
        facts.append({"text": text, "refs": event_refs(ev, evidence, scope)})
    return facts


def _value_refs(fig: dict[str, Any]) -> list[dict[str, Any]]:
    return [v["ref"] for v in fig["values"][:MAX_REFS] if v["ref"]]


def _claim_facts(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Agreed figures (most sources first), then a pointer to the disputed ones."""
    facts = []
    agreed = [f for f in figures if f["status"] == "agreed"]
    agreed.sort(key=lambda f: -f["n_docs"])
    for fig in agreed[:MAX_FACT_CLAIMS]:
        values = sorted({v["value"] for v in fig["values"]})
        text = (
            f"Sources agree on {fig['subject']} – {fig['property']}: {' / '.join(values)}"
            f" ({plural(fig['n_docs'], 'document')})."
        )
        facts.append({"text": text, "refs": _value_refs(fig)})
    disputed = [f for f in figures if f["status"] == "disputed"]
    if disputed:
        fig = disputed[0]
        versions = "; ".join(f"{v['outlet'] or 'unknown outlet'} says "
                             f"{(v['qualifier'] + ' ') if v['qualifier'] else ''}{v['value']}"
                             for v in fig["values"][:MAX_REFS])
        text = (
            f"{plural(len(disputed), 'figure is', 'figures are')} disputed between sources,"
            f" e.g. {fig['subject']} – {fig['property']}: {versions}."
        )
        facts.append({"text": text, "refs": _value_refs(fig)})
    return facts


def _status(claim: dict[str, Any]) -> str:
    return clean(claim.get("status")) or "single-source"


def _n_docs(claim: dict[str, Any]) -> int:
    return len({str(v.get("document")) for v in claim.get("values") or []})


def _figures(scope: Scope, evidence: Evidence) -> tuple[list[dict[str, Any]], int]:
    """Figure groups (disputed first), and how many were left out past :data:`MAX_FIGURES`
    (the ones carried by fewest documents, within each status)."""
    claims = sorted(scope.claims, key=lambda c: (STATUS_ORDER.get(_status(c), 3), -_n_docs(c)))
    left_out = max(0, len(claims) - MAX_FIGURES)
    figures = []
    for claim in claims[:MAX_FIGURES]:
        status = _status(claim)
        values = []
        for v in claim.get("values") or []:
            doc_id = str(v.get("document"))
            doc = scope.doc_by_id.get(doc_id, {})
            values.append({
                "value": fmt_value(v),
                "outlet": clean(doc.get("outlet")),
                "speaker": clean(v.get("speaker")),
                "qualifier": clean(v.get("qualifier")),
                "ref": evidence.cite(doc_id, v.get("start"), v.get("end"), v.get("text")),
                "doc": evidence.doc_ref(doc_id),
            })
        figures.append({
            "status": status,
            "status_label": STATUS_LABELS.get(status, status),
            "subject": capitalize(humanize(claim.get("subject"))) or "(unspecified)",
            "property": humanize(claim.get("property")) or "(unspecified)",
            "reason": clean(claim.get("reason")),
            "values": values,
            "n_docs": _n_docs(claim),
        })
    figures.sort(key=lambda f: (STATUS_ORDER.get(f["status"], 3), f["subject"], f["property"]))
    return figures, left_out


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
            "thread": clean(s.get("thread")),
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
            "language": clean(d.get("language")),
            "path": clean(d.get("source_path")),
            "story": clean(story.get("title")) if story else "",
            "copies": [{"outlet": clean(c.get("outlet")), "kind": clean(c.get("kind")),
                        "path": clean(c.get("source_path"))}
                       for c in d.get("copies") or [] if isinstance(c, dict)
                       and c.get("kind") != "original"],
        })
    return out


def build_brief(
    export: dict[str, Any], *, story: str | None = None, texts: dict[str, str] | None = None
) -> dict[str, Any]:
    """Compute every section of the brief from an export dict (see ARCHITECTURE.md, Export).

    :raises StoryNotFound: when ``story`` is not an id in ``export["stories"]``.
    """
    scope = select(export or {}, story)
    evidence = Evidence(scope, texts)
    facts = _event_facts(scope, evidence)  # cited first, so notes number in reading order
    figures, figures_left_out = _figures(scope, evidence)
    facts += _claim_facts(figures)
    timeline, timeline_left_out = timeline_items(scope, evidence)
    outlets = {clean(d.get("outlet")) for d in scope.documents if clean(d.get("outlet"))}
    for d in scope.documents:
        outlets |= {clean(c.get("outlet")) for c in d.get("copies") or []
                    if isinstance(c, dict) and clean(c.get("outlet"))}
    quad_counts = Counter(q for q in (quad_int(e.get("quad_class")) for e in scope.events) if q)
    status_counts = Counter(_status(c) for c in scope.claims)
    title = clean(scope.story.get("title")) if scope.story else "Crisis brief"
    dates = sorted(clean(d.get("published")) for d in scope.documents if d.get("published"))
    period = ""
    if dates:
        period = dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"
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
        "facts": facts,
        "stories": _stories(scope),
        "figures": figures,
        "figure_counts": {s: status_counts.get(s, 0) for s in STATUS_ORDER},
        "figures_left_out": figures_left_out,
        "timeline": timeline,
        "timeline_left_out": timeline_left_out,
        "actors": _actors(scope),
        "n_entities": len(scope.entities),
        "quad_counts": {q: quad_counts.get(q, 0) for q in QUAD_NAMES},
        "quad_svg": charts.quad_bars_svg(quad_counts) if quad_counts else "",
        "escalation": _escalation(scope),
        "sources": _sources(scope),
        "notes": evidence.notes,
        "has_texts": bool(texts),
    }
