"""Violent incidents named by a noun anywhere in a sentence ("after the attack", "this fight
in Banjska", "there was a shootout", "a violent episode at a monastery").

News retells an incident by naming it, often outside any event verb. Such a mention is
coded as a *background* event: it is not a new act, but it carries the incident's date,
place and casualty counts, so cross-document merging can join the reports of one incident.
Only nouns that name a concrete incident qualify (not "war", "violence" or "operation",
which name situations), and not when the sentence says the incident did not or may not
happen ("to prevent attacks", "could spark clashes", "no clashes").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["incident_code", "is_incident_word"]

_INCIDENT_NOUNS = {
    "attack": "190", "assault": "190", "clash": "190", "fighting": "190", "fight": "190",
    "battle": "190", "raid": "190", "ambush": "190", "skirmish": "190", "confrontation": "190",
    "gunbattle": "190", "firefight": "193", "shootout": "193", "gunfight": "193",
    "shooting": "193", "gunfire": "193", "exchange": "193", "bombing": "183", "blast": "183",
    "explosion": "183", "airstrike": "195", "shelling": "194", "massacre": "202",
    "incident": "190", "episode": "190", "standoff": "190",
}
# Nouns that name an incident only with a violent modifier ("a violent episode").
_NEEDS_VIOLENT_MOD = {"incident", "episode", "standoff", "exchange"}
_VIOLENT_MODS = {
    "violent", "armed", "deadly", "bloody", "fatal", "lethal", "gun", "fire", "militant",
    "terrorist", "terror",
}
_HYPOTHETICAL_HEADS = {
    "prevent", "avoid", "risk", "stop", "deter", "fear", "threaten", "warn", "plan", "plot",
    "avert", "forestall", "preempt", "urge", "call", "condemn", "spark",
}
_MODAL = {"could", "might", "may", "would", "will", "should", "must", "'ll"}
_NOT_ATTACK_PREPS = {"against", "for", "on"}  # "the fight against corruption", "attack on democracy"


def _mods(noun: Token) -> set[str]:
    out = {c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    for c in noun.children:  # "exchange of fire"
        if c.dep_ == "prep" and c.lower_ == "of":
            out |= {p.lemma_.lower() for p in c.children if p.dep_ == "pobj"}
    return out


def is_incident_word(noun: Token) -> bool:
    """Whether a noun's lemma can name a violent incident."""
    return noun.lemma_.lower() in _INCIDENT_NOUNS


def _hypothetical(noun: Token) -> bool:
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True
    cur = noun
    for _ in range(4):  # climb through prepositions to the governing verb
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            break
        if cur.head.i == cur.i:
            return False
    if cur.pos_ not in ("VERB", "AUX"):
        return False
    if cur.lemma_.lower() in _HYPOTHETICAL_HEADS:
        return True
    if any(c.dep_ == "aux" and c.lower_ in _MODAL for c in cur.children):
        return True
    return any(c.dep_ == "neg" for c in cur.children)


def incident_code(noun: Token, code: str | None) -> str | None:
    """The CAMEO code of a noun naming a past violent incident, or None."""
    lemma = noun.lemma_.lower()
    if lemma not in _INCIDENT_NOUNS or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    mods = _mods(noun)
    if lemma in _NEEDS_VIOLENT_MOD and not mods & _VIOLENT_MODS:
        return None
    if lemma in ("fight", "battle") and any(
        c.dep_ == "prep" and c.lower_ in _NOT_ATTACK_PREPS for c in noun.children
    ):
        return None
    if lemma == "exchange" and "fire" not in mods:
        return None
    if _hypothetical(noun):
        return None
    if code is not None and code[:2] in ("18", "19", "20"):
        return code
    return _INCIDENT_NOUNS[lemma]
