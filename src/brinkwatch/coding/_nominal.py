"""Nominal and light-verb frames: the act is named by a noun, the verb only performs it.

CAMEO codes "issued an appeal for calm" like "appealed for calm", "made a demand that
Serbia withdraw" like "demanded that Serbia withdraw", "reached a consensus to exchange
information" like "agreed to exchange information", and "announced a suspension of air
links" like "suspended air links". Here a *frame noun* (appeal, demand, threat, pledge,
refusal, ...) takes the place of the frame verb, and its complement (a to-infinitive, a
that-clause, a "for"/"of"/"on" object) decides the code through the same frame tables.
Nouns of reduction ("suspension", "cut", "freeze" of ...) map what is reduced to 16x.

Event nouns without a frame ("held a phone conversation with", "launched an attack on")
are coded by the coder's noun pass; this module also names the generic heads whose
modifier carries the event ("a mediation effort", "a round of talks").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brinkwatch.coding._match import match_verb, noun_code

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["NOMINAL_FRAMES", "nominal_frame", "noun_complement", "reduced_code", "reduction_code", "yield_code"]

NOMINAL_FRAMES = {
    "appeal": "appeal", "call": "appeal", "plea": "appeal", "request": "appeal",
    "invitation": "appeal", "urging": "appeal", "proposal": "appeal", "suggestion": "appeal",
    "petition": "appeal", "entreaty": "appeal",
    "demand": "demand", "ultimatum": "demand", "reminder": "demand", "order": "demand",
    "insistence": "demand", "requirement": "demand", "instruction": "demand",
    "threat": "threaten", "warning": "threaten",
    "pledge": "intent", "promise": "intent", "offer": "intent", "commitment": "intent",
    "vow": "intent", "consensus": "intent", "undertaking": "intent", "willingness": "intent",
    "readiness": "intent", "intention": "intent", "assurance": "intent", "guarantee": "intent",
    "refusal": "refuse", "rejection": "refuse", "veto": "refuse",
}
# Verbs that only perform the act named by their object ("issued a warning").
PERFORM_VERBS = {
    "make", "issue", "send", "deliver", "renew", "reiterate", "repeat", "voice", "express",
    "extend", "lodge", "have", "give", "reach", "announce", "put", "present", "submit",
    "launch", "file", "sound", "signal", "convey", "level", "hand", "publish", "release",
    "confirm", "step", "hold", "conduct", "stage", "mount", "carry", "undertake", "begin",
    "start", "resume", "open", "initiate", "pursue", "engage", "take", "wage", "unleash",
    "commit", "perpetrate", "organize", "organise", "intensify", "continue", "reaffirm",
    "restate", "underline", "underscore", "air", "table", "offer", "accept",
}
# Reduction nouns: what they reduce gives the 16x code ("a suspension of air links" 161).
_REDUCTION = {
    "suspension", "cut", "cutoff", "freeze", "severing", "severance", "termination",
    "cancellation", "halt", "downgrade", "downgrading", "end", "curtailment", "reduction",
}
_REDUCED = (("045", "165"), ("046", "164"), ("04", "161"), ("05", "161"), ("06", "161"),
            ("071", "1621"), ("072", "1622"), ("07", "162"), ("08", "160"))
_COMPLEMENT_PREPS = ("for", "of", "on", "to", "about")


def noun_complement(noun: Token, armed: bool) -> tuple[Token | None, str | None]:
    """(token, code) of what a frame noun asks for, promises or refuses: its to-infinitive
    or that-clause ("a pledge to withdraw", "the demand that Israel ease restrictions"),
    else the object of for/of/on ("an appeal for calm", "a call for the release of")."""
    for c in noun.children:
        if c.dep_ in ("acl", "relcl", "ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"):
            if c.dep_ == "relcl" and any(g.dep_ in ("nsubj", "dobj") and g.tag_ in ("WDT", "WP") for g in c.children):
                continue  # "the demand which he rejected": not the content
            pat = match_verb(c, armed=armed)
            code = pat.code if pat else None
            if code is None:
                obj = next((o for o in c.children if o.dep_ == "dobj"), None)
                code = noun_code(obj) if obj is not None else None
            return c, code
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS:
            for p in c.children:
                if p.dep_ == "pcomp" and p.pos_ == "VERB":
                    pat = match_verb(p, armed=armed)
                    return p, pat.code if pat else None
                if p.dep_ == "pobj":
                    code = noun_code(p)
                    if code:
                        return p, code
    return None, None


def nominal_frame(verb: Token) -> tuple[str, Token] | None:
    """(frame, noun) when the verb performs a frame noun as its object ("made an appeal")."""
    if verb.lemma_.lower() not in PERFORM_VERBS:
        return None
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in NOMINAL_FRAMES:
            return NOMINAL_FRAMES[c.lemma_.lower()], c
    return None


def reduction_code(noun: Token) -> str | None:
    """The 16x code of a reduction noun by what it reduces ("suspension of air links")."""
    if noun.lemma_.lower() not in _REDUCTION:
        return None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "to"):
            for p in c.children:
                code = noun_code(p) if p.dep_ == "pobj" else None
                if code and reduced_code(code):
                    return reduced_code(code)
    return None


def reduced_code(code: str) -> str | None:
    """The 16x code of ending or cutting a cooperative act (talks 164, aid 162), else None."""
    for prefix, reduced in _REDUCED:
        if code.startswith(prefix):
            return reduced
    return None


_DEMAND_NOUNS = {"demand", "request", "call", "condition", "pressure", "appeal", "ultimatum"}


def yield_code(verb: Token, armed: bool) -> str:
    """The 08x code of yielding to a demand by what was demanded ("accepted demands that it
    initiate political reforms" 083, "met demands to release prisoners" 0841); else 080."""
    nouns = [c for c in verb.children if c.dep_ == "dobj"]
    nouns += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    for noun in nouns:
        if noun.lemma_.lower() not in _DEMAND_NOUNS:
            continue
        _, code = noun_complement(noun, armed)
        if code and code.startswith("034"):
            return "083" + code[3:]
        if code and code.startswith("08"):
            return code
    return "080"
