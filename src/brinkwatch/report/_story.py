"""The story in a few sentences: plain English assembled from the most-corroborated facts.

1. the main violent or material events (date, place, who, toll, how many sources carry it);
2. the most-reported disputed figure, with who gives which value;
3. the figures the sources agree on;
4. the main reactions (appeals, accusations, threats, talks).

Every sentence is a list of parts, ``{"text": str}`` or ``{"ref": reference}``, so each value
can carry its own footnote. Nothing is added that the export does not hold: an event whose
actors cannot be named and whose code has no agentless wording is skipped.
"""

from __future__ import annotations

from typing import Any

from ._events import event_refs
from ._evidence import Evidence
from ._phrases import date_words, event_clause, event_root, is_material, is_violent, toll_words
from ._scope import Scope
from ._text import capitalize, clean, plural

MAX_SENTENCES = 6
_CASUALTY = {"killed", "injured", "arrested", "casualties"}
_PLAIN_STATEMENT = {"01", "010", "011"}  # "made a statement": not worth a sentence


def support_words(scope: Scope, docs: list[str]) -> str:
    """``Reported by 3 outlets`` when every document names its outlet, else by documents."""
    docs = [d for d in dict.fromkeys(docs) if d in scope.doc_by_id]
    if not docs:
        return ""
    outlets = [clean(scope.doc_by_id[d].get("outlet")) for d in docs]
    if all(outlets):
        n = len(set(outlets))
        if n == len(docs):
            return f"Reported by {plural(n, 'outlet')}"
        return f"Reported by {plural(n, 'outlet')} in {plural(len(docs), 'document')}"
    return f"Reported in {plural(len(docs), 'document')}"


def _text(s: str) -> dict[str, Any]:
    return {"text": s}


def _refs(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"ref": r} for r in refs if r]


def _event_sentence(ev: dict[str, Any], clause: str, scope: Scope, evidence: Evidence,
                    by_publication: bool) -> list[dict[str, Any]]:
    date = clean(ev.get("_date"))
    prep, words = date_words(date)
    if date and by_publication:
        lead = f"As reported on {words}, " if prep == "on" else f"As reported {prep} {words}, "
    elif date:
        lead = f"{capitalize(prep)} {words}, "
    else:
        lead = ""
    text = (lead + clause) if lead else capitalize(clause)
    toll = toll_words(ev)
    if toll:
        text += f"; {toll}"
    support = support_words(scope, ev.get("_docs") or [])
    parts = [_text(text + ".")]
    if support:
        parts.append(_text(f" {support}."))
    return parts + _refs(event_refs(ev, evidence, scope))


def _pick_events(scope: Scope, candidates: list[dict[str, Any]], *, limit: int,
                 min_docs: int, taken: list[dict[str, Any]]) -> list[tuple[dict, str]]:
    entities = {clean(e.get("id")): e for e in scope.entities}
    out: list[tuple[dict, str]] = []
    ranked = sorted(candidates, key=lambda e: (
        -len(e.get("_docs") or []), -(e.get("fatalities") or 0), -(e.get("injuries") or 0),
        not clean(e.get("_date")), -(e.get("confidence") or 0)))
    seen = {(clean(e.get("_date")), event_root(e)) for e in taken}
    for ev in ranked:
        if len(out) >= limit:
            break
        if len(ev.get("_docs") or []) < min_docs and out:
            break
        clause = event_clause(ev, entities, strict=True)
        key = (clean(ev.get("_date")), event_root(ev))
        if not clause or key in seen:
            continue
        seen.add(key)
        out.append((ev, clause))
        taken.append(ev)
    return out


def _disputed_sentence(fig: dict[str, Any]) -> list[dict[str, Any]]:
    parts = [_text(f"Sources differ on {fig['name_lower']}: ")]
    shown: dict[Any, list[dict[str, Any]]] = {}
    for v in fig["values"]:
        shown.setdefault(v["number"] if v["number"] is not None else v["value"], []).append(v)
    for i, vs in enumerate(shown.values()):
        if i:
            parts.append(_text(" against " if i == len(shown) - 1 else ", "))
        whos = "; ".join(dict.fromkeys(
            ", ".join(x for x in (capitalize(v["speaker"]), v["outlet_name"], v["label"]) if x)
            for v in vs))
        parts.append(_text(vs[0]["value"] + (f" ({whos})" if whos else "")))
        parts += _refs([v["ref"] or v["doc"] for v in vs[:3]])
    parts.append(_text("."))
    return parts


def _agreed_sentence(figs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parts = [_text("Sources agree on ")]
    for i, fig in enumerate(figs):
        if i:
            parts.append(_text("; and on " if i == len(figs) - 1 else "; on "))
        parts.append(_text(f"{fig['name_lower']}: {fig['headline']} "
                           f"({plural(fig['n_docs'], 'document')})"))
        parts += _refs([v["ref"] or v["doc"] for v in fig["values"][:3]])
    parts.append(_text("."))
    return parts


def _mentions_place(fig: dict[str, Any], events: list[dict[str, Any]]) -> bool:
    places = {clean((e.get("place") or {}).get("name")).lower() for e in events
              if isinstance(e.get("place"), dict)}
    return fig["property"] in _CASUALTY and fig["subject"].lower() in places


def story_sentences(scope: Scope, evidence: Evidence, figures: list[dict[str, Any]],
                    events: list[dict[str, Any]], dated_by: dict[str, str]) -> list[list[dict]]:
    """3-6 sentences (lists of parts) about the crisis, most-corroborated facts first.

    :param events: the in-scope events of the crisis period, each with ``_date`` set.
    :param dated_by: event id → ``event`` | ``publication`` (how its date was found).
    """
    sentences: list[list[dict[str, Any]]] = []
    taken: list[dict[str, Any]] = []

    def add_event(ev: dict[str, Any], clause: str) -> None:
        by_pub = dated_by.get(clean(ev.get("id"))) == "publication"
        sentences.append(_event_sentence(ev, clause, scope, evidence, by_pub))

    violent = [e for e in events if is_violent(e) and is_material(e)]
    for ev, clause in _pick_events(scope, violent, limit=2, min_docs=2, taken=taken):
        add_event(ev, clause)
    if not sentences:
        material = [e for e in events if is_material(e)]
        for ev, clause in _pick_events(scope, material, limit=1, min_docs=1, taken=taken):
            add_event(ev, clause)

    disputed = [f for f in figures if f["status"] == "disputed"]
    if disputed:
        sentences.append(_disputed_sentence(max(disputed, key=lambda f: f["n_docs"])))
    agreed = [f for f in figures if f["status"] == "agreed" and f["headline"]
              and not _mentions_place(f, taken)]
    agreed.sort(key=lambda f: -f["n_docs"])
    if agreed:
        sentences.append(_agreed_sentence(agreed[:2]))

    room = MAX_SENTENCES - len(sentences)
    reactions = [e for e in events if not is_material(e)
                 and (clean(e.get("cameo"))[:3] or event_root(e)) not in _PLAIN_STATEMENT]
    for ev, clause in _pick_events(scope, reactions, limit=min(3, room), min_docs=2,
                                   taken=taken):
        add_event(ev, clause)
    return sentences
