"""Clause-level rules of the coder: frame complements, accusations, means of violence,
and future/obligation modality."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brinkwatch.coding._match import match_verb, noun_code
from brinkwatch.coding._patterns import frame_code
from brinkwatch.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["READY_WORDS", "accusation_code", "complement", "consume_clause", "means_code", "reframe_by_modality"]

_REQUEST_NOUNS = {
    "call", "appeal", "demand", "request", "proposal", "plan", "offer", "idea", "bid",
    "suggestion", "plea", "proposition", "initiative", "ultimatum",
}

def complement(verb: Token, frame: str, armed: bool) -> tuple[Token | None, str | None, str]:
    """(token, code, kind) of a frame verb's complement; kind is "clause", "noun" or ""."""
    for dep in ("xcomp", "ccomp"):
        for c in verb.children:
            if c.dep_ == dep and c.pos_ in ("VERB", "AUX"):
                if dep == "ccomp" and frame == "appeal" and verb.lemma_ not in (
                    "urge", "appeal", "propose", "suggest", "recommend"
                ) and not any(a.dep_ == "aux" and a.lower_ in ("should", "ought") for a in c.children):
                    continue
                pat = match_verb(c, armed=armed)
                code = pat.code if pat else None
                if code is None:
                    obj = next((o for o in c.children if o.dep_ == "dobj"), None)
                    code = noun_code(obj) if obj is not None else None
                return c, code, "clause"
    candidates = [c for c in verb.children if c.dep_ == "dobj"]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "to", "on"):
            candidates += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
    ordered: list[Token] = []
    for cand in candidates:
        if cand.lemma_.lower() in _REQUEST_NOUNS:
            # "rejected a call for talks": what is asked for decides the code, before the
            # request noun itself
            for c in cand.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "to", "of", "on"):
                    ordered += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
                elif c.dep_ in ("acl", "relcl", "xcomp") and c.pos_ == "VERB":
                    ordered.append(c)
        ordered.append(cand)
    candidates = ordered
    for cand in candidates:
        if cand.pos_ == "VERB":
            pat = match_verb(cand, armed=armed)
            if pat:
                return cand, pat.code, "clause"
            continue
        code = noun_code(cand)
        if code:
            return cand, code, "noun"
    return None, None, ""


_AIRCRAFT = {
    "aircraft", "airplane", "airplanes", "plane", "planes", "jet", "jets", "warplane", "warplanes",
    "helicopter", "helicopters", "gunship", "gunships", "fighter-bomber",
}
_DRONES = {"drone", "drones", "uav", "uavs", "predator", "predators", "reaper", "reapers"}


def means_code(verb: Token, sources: list[ActorRef | None], code: str) -> str:
    """Refine a violent act by its means: "killed ... in a bomb attack" (183), "suicide
    bombers killed" (1831), "killed in an air strike" (195)."""
    if any(s is not None and "suicide" in s.text.lower() for s in sources):
        return "1831"
    words = {w for s in sources if s is not None for w in s.text.lower().replace("-", " ").split()}
    if words & _DRONES:
        return "1952"
    if words & _AIRCRAFT:  # "Russian aircraft killed ...", "helicopter gunships shelled ..."
        return "195"
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "with", "during", "by", "using"):
            for p in prep.children:
                means = noun_code(p) if p.dep_ == "pobj" else None
                if means and means[:2] in ("18", "19", "20") and means != "190":
                    return means
    return code


def accusation_code(verb: Token, armed: bool) -> tuple[str, Token | None]:
    """The 112x code of an accusation from what is alleged ("accused X of violating the
    ceasefire" → 1123, "blamed X for the bombing" → 1123)."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "over"):
            continue
        for c in prep.children:
            if c.dep_ == "pcomp" and c.pos_ == "VERB":
                pat = match_verb(c, armed=True)
                code = pat.code if pat else None
            elif c.dep_ == "pobj":
                code = noun_code(c)
            else:
                continue
            if not code:
                continue
            if code[:2] in ("15", "18", "19", "20") or code in ("196", "145", "175"):
                return "1123", c
            if code in ("1822", "092", "1821"):
                return "1122", c
            if code[:2] in ("17",):
                return "1121", c
    return "112", None


_FUTURE_AUX = {"will", "'ll", "would", "shall"}
READY_WORDS = {"ready", "willing", "prepared", "determined", "committed", "set", "poised", "eager", "keen", "going"}
_COOP_ROOTS = {"04", "05", "06", "07", "08"}


def reframe_by_modality(verb: Token, code: str, negated: bool) -> tuple[str, bool, str | None]:
    """CAMEO codes announced future acts as intents or threats: "will provide aid" is 033,
    "is ready to host talks" 036, "would blockade the city" 1381, "will not release" 1243.
    "X must ..." and "X should ..." are demands and appeals, decided once the speaker is known.
    """
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if "must" in auxes:
        return code, negated, "demand"
    if "should" in auxes:
        return code, negated, "appeal"
    head = verb.head
    future = bool(auxes & _FUTURE_AUX) or (
        verb.dep_ == "xcomp" and head.lemma_.lower() in READY_WORDS and head.i != verb.i
    )
    if not future:
        return code, negated, None
    root = code[:2]
    if root in _COOP_ROOTS:
        return frame_code("refuse" if negated else "intent", code), False, None
    if root in {"14", "16", "17", "18", "19", "20"} and not negated:
        return frame_code("threaten", code), False, None
    return code, negated, None


def consume_clause(tok: Token, consumed: set[int]) -> None:
    """Mark a complement clause (and its coordinated verbs) as coded by its frame verb."""
    for t in tok.subtree:
        if t.pos_ in ("NOUN", "PROPN") or t.i == tok.i:
            consumed.add(t.i)
    for c in tok.children:
        if c.dep_ in ("conj", "xcomp") and c.pos_ == "VERB":
            consume_clause(c, consumed)

