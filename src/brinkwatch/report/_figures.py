"""Figures (reconciled claims) for the brief: a readable name, the headline value, and who
said what, grouped disputed → agreed → single source."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ._evidence import Evidence
from ._phrases import Recaser, value_words
from ._scope import Scope
from ._text import STATUS_LABELS, capitalize, clean, humanize

STATUS_ORDER = {"disputed": 0, "agreed": 1, "single-source": 2}
MAX_FIGURES = 150

# property -> how to name the figure ("{s}" is the subject as resolved)
_PROPERTY_NAMES = {
    "population": "the population of {s}",
    "troop_count": "{s}'s troop strength",
    "troop_increase": "reinforcements for {s}",
    "killed": "the death toll in {s}",
    "injured": "the number injured in {s}",
    "arrested": "the number arrested in {s}",
    "casualties": "casualties in {s}",
    "vehicle_count": "vehicles in {s}",
}
_DEFAULT_UNIT = {"troop_count": "troops", "troop_increase": "troops"}


def status_of(claim: dict[str, Any]) -> str:
    """The claim group's status, ``single-source`` when the export leaves it out."""
    return clean(claim.get("status")) or "single-source"


def n_docs(claim: dict[str, Any]) -> int:
    """How many documents give a value for this claim group."""
    return len({str(v.get("document")) for v in claim.get("values") or []})


def figure_name(subject: str, prop: str) -> str:
    """``the population of Kosovo``; ``KFOR's troop strength``; else ``Subject – property``."""
    if not subject:
        return humanize(prop) or "(unspecified)"
    template = _PROPERTY_NAMES.get(prop)
    if prop == "population" and subject.lower().endswith(("s", "people")):
        template = "the number of {s}"
    if template is None:
        return f"{subject} – {humanize(prop) or '(unspecified)'}"
    if "{s}'s" in template and (len(subject.split()) > 2 or re.search(r" (at|in|of|on) ", subject)):
        template = "the " + template.replace("{s}'s ", "") + " of {s}"
    elif "{s}'s" in template and subject.endswith("s"):
        template = template.replace("{s}'s", "{s}'")
    return template.format(s=subject)


def _number(v: dict[str, Any]) -> float | None:
    for key in ("value", "high", "low"):
        x = v.get(key)
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            return float(x)
    return None


def headline(claim: dict[str, Any], prop: str) -> dict[str, Any] | None:
    """The value a reader should take away from an agreed group: the total when the parts are
    counted separately (the reason says so), else the value most documents give."""
    values = [v for v in claim.get("values") or [] if _number(v) is not None]
    if not values:
        return None
    if "part of the total" in clean(claim.get("reason")).lower():
        best = max(values, key=lambda v: _number(v) or 0)
        same = [v for v in values if _number(v) == _number(best)]
    else:
        counts = Counter(_number(v) for v in values)
        top = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        same = [v for v in values if _number(v) == top]
    qualifiers = Counter(clean(v.get("qualifier")) for v in same)
    qualifier = max(qualifiers.items(), key=lambda kv: (kv[1], kv[0] != ""))[0]
    units = Counter(clean(v.get("unit")) for v in same)
    unit = _DEFAULT_UNIT.get(prop) or units.most_common(1)[0][0]
    return dict(same[0], qualifier=qualifier, unit=unit)


def _who(v: dict[str, Any], doc: dict[str, Any], recase: Recaser) -> str:
    """Who gives a value: ``Kirby (Balkan Wire)``, ``Balkan Wire``, or ""."""
    speaker = recase(clean(v.get("speaker")))
    outlet = clean(doc.get("outlet"))
    if speaker and outlet:
        return f"{capitalize(speaker)} ({outlet})"
    return capitalize(speaker) or outlet


def build_figures(scope: Scope, evidence: Evidence,
                  recase: Recaser) -> tuple[list[dict[str, Any]], int]:
    """Figure groups, disputed first (then agreed, then single source; more documents first),
    and how many were left out past :data:`MAX_FIGURES`."""
    claims = sorted(scope.claims, key=lambda c: (STATUS_ORDER.get(status_of(c), 3), -n_docs(c)))
    left_out = max(0, len(claims) - MAX_FIGURES)
    figures = []
    for claim in claims[:MAX_FIGURES]:
        status = status_of(claim)
        prop = clean(claim.get("property"))
        subject = capitalize(recase(humanize(claim.get("subject"))))
        values = []
        for v in claim.get("values") or []:
            doc_id = str(v.get("document"))
            doc = scope.doc_by_id.get(doc_id, {})
            values.append({
                "value": recase(value_words(v)),
                "number": _number(v),
                "outlet": clean(doc.get("outlet")) or clean(v.get("outlet")),
                "outlet_name": clean(doc.get("outlet")),
                "speaker": recase(clean(v.get("speaker"))),
                "qualifier": clean(v.get("qualifier")),
                "who": _who(v, doc, recase),
                "label": scope.labels.get(doc_id, ""),
                "ref": evidence.cite(doc_id, v.get("start"), v.get("end"), v.get("text")),
                "doc": evidence.doc_ref(doc_id),
            })
        top = headline(claim, prop)
        figures.append({
            "id": clean(claim.get("id")),
            "status": status,
            "status_label": STATUS_LABELS.get(status, status),
            "name": capitalize(figure_name(subject, prop)),
            "name_lower": figure_name(subject, prop),
            "subject": subject or "(unspecified)",
            "property": prop,
            "reason": clean(claim.get("reason")),
            "headline": recase(value_words(top)) if top else "",
            "values": values,
            "n_docs": n_docs(claim),
        })
    return figures, left_out
