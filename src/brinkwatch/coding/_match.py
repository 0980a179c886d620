"""Matching a verb (or event noun) against the CAMEO pattern tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brinkwatch.coding._patterns import Pattern, nominal_code, verb_patterns

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["match_verb", "noun_code", "verb_lemma"]


def verb_lemma(tok: Token) -> str:
    """The verb's lemma, repaired when the statistical lemmatizer misses ("staged" → "stag"):
    the first of the usual inflection-stripped forms that the pattern tables know."""
    from brinkwatch.coding._patterns import frame_of

    lemma = tok.lemma_.lower()
    known = verb_patterns()
    if lemma in known or frame_of(lemma):
        return lemma
    text = tok.lower_
    candidates = [text]
    if text.endswith("ied"):
        candidates.append(text[:-3] + "y")
    if text.endswith("ed"):
        candidates += [text[:-1], text[:-2], text[:-3] if text[-3:-2] == text[-4:-3] else text[:-2]]
    if text.endswith("ing"):
        candidates += [text[:-3], text[:-3] + "e", text[:-4]]
    if text.endswith("s"):
        candidates += [text[:-1], text[:-2]]
    for cand in candidates:
        if cand in known or frame_of(cand):
            return cand
    return lemma


def _words(tok: Token) -> set[str]:
    """Lemmas naming a noun: its own and its compounds' ("hunger strike", "tear gas")."""
    out = {tok.lemma_.lower(), tok.lower_}
    for c in tok.children:
        if c.dep_ in ("compound",):
            out |= {c.lemma_.lower(), c.lower_}
    if "-" in tok.lower_:
        out |= set(tok.lower_.split("-"))
    if tok.lemma_.lower() in ("state", "part", "number", "kind", "type", "series", "wave"):
        for c in tok.children:  # "a state of emergency", "a series of bombs"
            if c.dep_ == "prep" and c.lower_ == "of":
                out |= {p.lemma_.lower() for p in c.children if p.dep_ == "pobj"}
    return out


def _mods(tok: Token) -> set[str]:
    out = set()
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod"):
            out |= {c.lemma_.lower(), c.lower_}
    return out


def _objects(verb: Token) -> list[Token]:
    objs = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd", "nsubjpass")]
    return [o2 for o in objs for o2 in (o, *o.conjuncts)]


def _holds(verb: Token, pat: Pattern, armed: bool, state: bool) -> bool:
    children = list(verb.children)
    for kind, values in pat.conditions:
        if kind == "armed":
            if not armed:
                return False
        elif kind == "state":
            if not state:
                return False
        elif kind == "obj":
            if not any(_words(o) & values for o in _objects(verb)):
                return False
        elif kind == "hasobj":
            if not _objects(verb):
                return False
        elif kind == "mod":
            if not any(_mods(o) & values for o in _objects(verb)) and not any(
                _mods(p) & values for prep in children if prep.dep_ == "prep" for p in prep.children
            ):
                return False
        elif kind == "pobj":
            pobjs = [p for c in children if c.dep_ in ("prep", "agent") for p in c.children if p.dep_ == "pobj"]
            if not any(_words(p) & values for p in pobjs):
                return False
        elif kind == "prep":
            if not any(c.dep_ == "prep" and c.lower_ in values for c in children):
                return False
        elif kind == "prt":
            if not any(c.dep_ == "prt" and c.lower_ in values for c in children):
                return False
        elif kind == "x":
            if not any(c.dep_ == "xcomp" and c.lemma_.lower() in values for c in children):
                return False
    return True


def match_verb(verb: Token, *, armed: bool = False, state: bool = False) -> Pattern | None:
    """The most specific pattern the verb meets, or None. ``armed``/``state``: whether the
    source is an armed actor / a state or government (patterns may require either)."""
    for pat in verb_patterns().get(verb_lemma(verb), ()):
        if _holds(verb, pat, armed, state):
            return pat
    return None


def noun_code(noun: Token) -> str | None:
    """The code of an event noun, using its modifiers ("suicide bombing" 1831, "air strike" 195)."""
    mods = _mods(noun)
    lemma = noun.lemma_.lower()
    if lemma in ("strike", "attack", "raid") and mods & {"air", "aerial", "drone"}:
        return "1952" if "drone" in mods else "195"
    if lemma in ("bombing", "attack", "bomb", "blast", "explosion"):
        if "suicide" in mods:
            return "1831"
        if "car" in mods:
            return "1832"
        if "roadside" in mods:
            return "1833"
    if lemma == "strike" and mods & {"hunger"}:
        return "142"
    if lemma in ("attack", "weapon") and mods & {"chemical"}:
        return "2041"
    if lemma == "gas" and not mods & {"tear"}:
        return None
    if lemma == "rocket" or lemma == "mortar":
        return "194"
    code = nominal_code(lemma)
    if code in ("060", "070", "050") and mods:  # "military cooperation" 062, "food aid" 073
        for domain, digit in _DOMAINS:
            if mods & domain:
                return ("06" if code == "050" else code[:2]) + digit
    return code


_DOMAINS = (
    ({"economic", "trade", "financial", "business", "energy", "investment", "budget"}, "1"),
    ({"military", "defense", "defence", "security", "army", "arm", "weapon"}, "2"),
    ({"judicial", "legal", "law", "police", "extradition"}, "3"),
    ({"intelligence", "information"}, "4"),
    ({"humanitarian", "food", "medical", "emergency", "relief"}, "3"),
)
