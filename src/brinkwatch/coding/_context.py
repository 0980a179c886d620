"""Actor context for the coder: coding argument heads, and giving role-only actors a country."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brinkwatch.analyze.nlp import span_ents
from brinkwatch.coding._syntax import actor_ref, conjuncts, split_modifiers
from brinkwatch.coding.actors import lookup_actor
from brinkwatch.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["first_coded", "refs", "sentence_countries", "with_country"]


def refs(heads: list[Token], doc_id: str, *, uncoded: bool) -> list[ActorRef | None]:
    out: list[ActorRef | None] = []
    for head in heads:
        split = split_modifiers(head, doc_id)
        if split:
            out.extend(split)
            continue
        for tok in conjuncts(head):
            ref = actor_ref(tok, doc_id, allow_uncoded=uncoded)
            if ref is not None:
                out.append(ref)
    return out


def first_coded(heads: list[Token], doc_id: str) -> list[ActorRef | None]:
    """The first candidate head that codes to an actor, with its coordinated actors."""
    for head in heads:
        coded = [r for r in refs([head], doc_id, uncoded=False) if r is not None]
        if coded:
            return coded
    return []



# Role-only actors take the country the sentence is about, as CAMEO-coded data sets code
# unnamed actors by where they act ("protesters" in a Serbian town are SRBOPP).
_LOCAL_ROLES = {"GOV", "MIL", "POL", "JUD", "LEG", "OPP", "CVL", "REB", "UAF", "PTY", "MED", "BUS", "CRM"}


def sentence_countries(sent: SpacySpan) -> list[str]:
    """Countries named in the sentence (places, nationalities, capitals), in order."""
    out: list[str] = []
    for ent in span_ents(sent):
        if ent.label_ in ("GPE", "NORP", "LOC", "ORG"):
            ref = lookup_actor(ent.text)
            if ref is not None and ref.country and ref.country not in out:
                out.append(ref.country)
    return out


def with_country(actor: ActorRef | None, other: ActorRef | None, countries: list[str]) -> ActorRef | None:
    """Give a role-only actor ("police", "the president") the sentence's country: the first
    one named that is not the other actor's (news names the country of local actors once)."""
    if actor is None or actor.country or not actor.role or actor.role not in _LOCAL_ROLES:
        return actor
    other_country = other.country if other is not None else None
    country = next((c for c in countries if c != other_country), None)
    if country is None:
        return actor
    return ActorRef(text=actor.text, span=actor.span, country=country, role=actor.role,
                    code=country + actor.role, entity_key=actor.entity_key)


