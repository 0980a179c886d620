"""Dependency-tree helpers for the coder: actor phrases, subjects, objects, negation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brinkwatch.analyze.nlp import doc_text
from brinkwatch.coding.actors import Tok, make_ref
from brinkwatch.records import ActorRef, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "actor_ref",
    "conjuncts",
    "is_negated",
    "is_passive",
    "object_heads",
    "subject_heads",
]

_PHRASE_DEPS = {"compound", "amod", "poss", "nmod", "case", "appos", "det", "nummod", "quantmod", "npadvmod"}
_PRONOUNS = {"it", "they", "he", "she", "we", "i", "you", "who", "which", "that", "this", "these", "those", "them"}
_TARGET_PREPS = ("on", "against", "with", "to", "toward", "towards", "at", "into", "upon", "from", "over", "in")
_QUANTITY_NOUNS = {
    "hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "scores", "score", "ten",
    "tens", "group", "number", "crowd", "some", "many", "most", "all", "several", "members",
    "member", "couple", "handful", "million", "millions", "one", "two", "three", "four", "five",
}
# Titles written as proper nouns whose "of" names the office's country ("President of Serbia").
_TITLES = {
    "president", "minister", "secretary", "chancellor", "king", "queen", "emir", "prince",
    "premier", "speaker", "chief", "head", "governor", "ambassador", "envoy", "commander",
    "mayor", "leader", "foreign", "defence", "defense", "prime",
}
_NEG_WORDS = {"not", "n't", "never", "no"}


def _phrase(head: Token) -> list[Token]:
    out = [head]
    for child in head.children:
        if child.dep_ in _PHRASE_DEPS:
            out.extend(_phrase(child))
        elif child.dep_ == "prep" and child.lower_ in ("of", "in", "from") and (
            head.pos_ != "PROPN" or head.lower_ in _TITLES
        ):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.append(child)
                    out.extend(_phrase(pobj))
    return out


def _antecedent(pron: Token) -> Token | None:
    """A same-sentence antecedent for a personal pronoun: the non-pronoun subject of the
    nearest governing clause ("Serbia said it would ..." → Serbia)."""
    if pron.lower_ not in ("he", "she", "it", "they", "we", "its", "their", "his", "her"):
        return None
    cur = pron.head
    for _ in range(12):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" and c.i < pron.i:
                return c
    for tok in pron.sent:  # else the first nominal subject before it
        if tok.i >= pron.i:
            break
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN"):
            return tok
    return None


def actor_ref(head: Token, doc_id: str, *, allow_uncoded: bool = False, _depth: int = 0) -> ActorRef | None:
    """The coded actor whose phrase is headed by ``head`` (None for pronouns and unknowns,
    or an uncoded :class:`ActorRef` for a named but unknown actor when ``allow_uncoded``).
    A personal pronoun is coded as its in-sentence antecedent, if it has one."""
    if head.lemma_.lower() in _QUANTITY_NOUNS or head.like_num:
        # "hundreds of Serbs", "a group of protesters": the actor is what is counted
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return actor_ref(pobj, doc_id, allow_uncoded=allow_uncoded, _depth=_depth)
    if head.lower_ in _PRONOUNS or head.pos_ == "PRON":
        ante = _antecedent(head) if _depth < 2 else None
        if ante is None or ante.i == head.i:
            return None
        ref = actor_ref(ante, doc_id, allow_uncoded=allow_uncoded, _depth=_depth + 1)
        if ref is None:
            return None
        span = Span(doc_id=doc_id, start=head.idx, end=head.idx + len(head.text), text=head.text)
        return ActorRef(text=head.text, span=span, country=ref.country, role=ref.role,
                        code=ref.code, entity_key=ref.entity_key)
    tokens = sorted(set(_phrase(head)), key=lambda t: t.i)
    tokens = [t for t in tokens if t.pos_ != "PUNCT" and t.dep_ != "det" or t.i == head.i]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(head.doc)[start:end]
    span = Span(doc_id=doc_id, start=start, end=end, text=text)
    toks = [Tok(t.text, t.lemma_, t.pos_, t.i) for t in tokens]
    ref = make_ref(text, span, toks, tokens.index(head))
    if ref is not None and ref.country is None and ref.role and not ref.code.startswith(("IGO", "NGO")) and _depth < 2:
        poss = next((t for t in tokens if t.dep_ == "poss" and t.pos_ == "PRON"), None)
        ante = _antecedent(poss) if poss is not None else None
        owner = actor_ref(ante, doc_id, _depth=_depth + 1) if ante is not None and ante not in tokens else None
        if owner is not None and owner.country:
            ref = ActorRef(text=text, span=span, country=owner.country, role=ref.role,
                           code=owner.country + ref.role, entity_key=ref.entity_key)
    if ref is None and allow_uncoded and head.pos_ == "PROPN":
        ref = ActorRef(text=text, span=span)
    return ref


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the words coordinated with it ("Serbia and Russia")."""
    return [tok, *[c for c in tok.conjuncts if c.pos_ in ("NOUN", "PROPN", "ADJ") or c.pos_ == tok.pos_]]


def split_modifiers(head: Token, doc_id: str) -> list[ActorRef] | None:
    """One actor per coordinated nationality: "Hungarian and Romanian officials" gives
    HUNGOV and ROUGOV. None when the phrase has no coordinated modifiers."""
    mods = [c for c in head.children if c.dep_ in ("amod", "compound") and c.conjuncts]
    if not mods:
        return None
    base = actor_ref(head, doc_id)
    if base is None or not base.role:
        return None
    out = []
    for mod in (mods[0], *mods[0].conjuncts):
        country = make_ref(mod.text, None, [Tok(mod.text, mod.lemma_, "")], 0)
        if country is None or not country.country:
            return None
        out.append(ActorRef(text=base.text, span=base.span, country=country.country, role=base.role,
                            code=country.country + base.role, entity_key=base.entity_key))
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def is_negated(verb: Token) -> bool:
    """Whether the verb is negated ("did not attack", "never agreed")."""
    return any(c.dep_ == "neg" or (c.lower_ in _NEG_WORDS and c.dep_ in ("advmod", "det")) for c in verb.children)


def subject_heads(verb: Token) -> list[Token]:
    """The heads of the acting subject: nsubj, the passive agent, or one inherited from the
    governing verb (xcomp, conj) or from the noun a relative clause/participle hangs on."""
    children = list(verb.children)
    if is_passive(verb):
        for c in children:
            if c.dep_ == "agent":
                return [p for p in c.children if p.dep_ == "pobj"]
        return []
    subj = [c for c in children if c.dep_ in ("nsubj", "csubj", "expl") and c.dep_ != "expl"]
    if subj:
        if subj[0].lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
            return [verb.head]
        return subj
    if verb.dep_ == "relcl":
        return [verb.head]
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [verb.head]
    if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
        # "are guilty of violating the ceasefire": the subject of the clause the PP hangs on
        return subject_heads(verb.head.head)
    if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") and verb.head.i != verb.i:
        gov = verb.head
        if verb.dep_ == "xcomp":
            # object control: "urged Serbia to withdraw" → Serbia withdraws
            for c in gov.children:
                if c.dep_ in ("dobj", "dative"):
                    return [c]
            for c in gov.children:
                if c.dep_ == "prep" and c.lower_ == "on":
                    return [p for p in c.children if p.dep_ == "pobj"]
        return subject_heads(gov)
    return []


def object_heads(verb: Token) -> list[Token]:
    """Candidate target heads in order of preference: passive subject, direct object, dative,
    prepositional objects, and the objects of prepositions attached to the direct object."""
    out: list[Token] = []
    children = list(verb.children)
    if is_passive(verb):
        out += [c for c in children if c.dep_ == "nsubjpass"]
    elif verb.dep_ == "acl" and verb.tag_ == "VBN":
        out.append(verb.head)
    out += [c for c in children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
    for prep in _TARGET_PREPS:
        for c in children:
            if c.dep_ == "prep" and c.lower_ == prep:
                out += [p for p in c.children if p.dep_ == "pobj"]
    for obj in [c for c in children if c.dep_ == "dobj"]:
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "of", "by", "with", "to"):
                out += [p for p in c.children if p.dep_ == "pobj"]
    return out
