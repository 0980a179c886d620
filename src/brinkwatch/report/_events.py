"""Events in words: actor names, the action, a one-line text, coded tags and evidence links."""

from __future__ import annotations

from typing import Any

from ._evidence import Evidence
from ._scope import Scope
from ._text import (
    CAMEO_ROOTS,
    QUAD_NAMES,
    acled_label,
    capitalize,
    clean,
    fmt_number,
    fmt_signed,
    quad_int,
)

MAX_REFS = 3


def actor_name(side: Any) -> str:
    """An event side as ``Name (CC)``; empty when unknown."""
    if not isinstance(side, dict):
        return ""
    name = clean(side.get("name") or side.get("entity"))
    country = clean(side.get("country"))
    if name and country and country.lower() not in name.lower():
        return f"{name} ({country})"
    return name or country


def event_action(ev: dict[str, Any]) -> str:
    """What the event is, in words: the CAMEO name, else the root category, else the code."""
    name = clean(ev.get("cameo_name"))
    if name:
        return name[:1].lower() + name[1:]
    root = clean(ev.get("root")).zfill(2) if ev.get("root") is not None else ""
    if root in CAMEO_ROOTS:
        return CAMEO_ROOTS[root]
    code = clean(ev.get("cameo"))
    return f"CAMEO {code}" if code else "an event"


def event_text(ev: dict[str, Any]) -> str:
    """One readable line for an event: its summary, or actors, action, place and toll."""
    summary = clean(ev.get("summary"))
    if summary:
        text = summary.rstrip(".")
    else:
        src, tgt = actor_name(ev.get("source")), actor_name(ev.get("target"))
        text = f"{src or 'An unidentified actor'}"
        text += f" → {tgt}" if tgt else ""
        text += f": {event_action(ev)}"
        place = ev.get("place") if isinstance(ev.get("place"), dict) else {}
        if clean(place.get("name")):
            text += f", in {clean(place['name'])}"
    toll = []
    for key, word in (("fatalities", "killed"), ("injuries", "injured"), ("arrests", "arrested")):
        n = ev.get(key)
        if isinstance(n, (int, float)) and not isinstance(n, bool) and n > 0:
            toll.append(f"{fmt_number(n)} {word}")
    if toll:
        text += f" ({', '.join(toll)})"
    return capitalize(text)


def event_refs(ev: dict[str, Any], evidence: Evidence, scope: Scope) -> list[dict[str, Any]]:
    """Up to three references for an event: quoted mentions (one per document) first, then
    links to the Sources entries of reporting documents that have no usable mention."""
    refs, seen = [], set()
    for m in ev.get("mentions") or []:
        if not isinstance(m, dict) or str(m.get("document")) not in scope.doc_by_id:
            continue
        doc = str(m.get("document"))
        if doc in seen:
            continue
        ref = evidence.cite(doc, m.get("start"), m.get("end"), m.get("text"))
        if ref:
            seen.add(doc)
            refs.append(ref)
        if len(refs) >= MAX_REFS:
            return refs
    for doc in ev.get("_docs") or []:
        if doc not in seen and len(refs) < MAX_REFS:
            ref = evidence.doc_ref(doc)
            if ref:
                seen.add(doc)
                refs.append(ref)
    return refs


def event_tags(ev: dict[str, Any]) -> dict[str, Any]:
    """The coded labels of an event, for the timeline's small print."""
    q = quad_int(ev.get("quad_class"))
    gold = ev.get("goldstein")
    return {
        "quad": q,
        "quad_name": QUAD_NAMES.get(q, "") if q else "",
        "cameo": clean(ev.get("cameo")),
        "goldstein": fmt_signed(gold) if isinstance(gold, (int, float)) else "",
        "plover": clean(ev.get("plover")),
        "acled": acled_label(ev.get("acled")),
        "precision": clean(ev.get("date_precision")),
    }
