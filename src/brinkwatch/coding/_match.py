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
    if tok.lemma_.lower() in _CONTAINERS:
        for c in tok.children:  # "a state of emergency", "a series of bombs"
            if c.dep_ == "prep" and c.lower_ == "of":
                out |= {p.lemma_.lower() for p in c.children if p.dep_ == "pobj"}
    return out


# Heads that name an amount or a kind of what follows "of" ("70 million dollars of aid",
# "a mission of observers", "a state of emergency").
_CONTAINERS = {
    "state", "part", "number", "kind", "type", "series", "wave", "ton", "tonne", "million",
    "billion", "thousand", "dollar", "euro", "worth", "amount", "batch", "shipment",
    "consignment", "lot", "load", "package", "team", "mission", "delegation", "group",
    "contingent", "convoy", "unit", "round", "supply", "quantity", "kilogram", "kg", "pound",
    "return", "entry", "presence", "arrival", "deployment",
}


def _mods(tok: Token) -> set[str]:
    """Modifier words of a noun, with the compounds of its compounds ("car bomb explosion")."""
    out = set()
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod"):
            out |= {c.lemma_.lower(), c.lower_}
            out |= {g.lemma_.lower() for g in c.children if g.dep_ in ("compound", "amod")}
    return out


def _about(noun: Token) -> set[str]:
    """Words of what a noun is about: modifiers and into/of/on/over objects ("an
    investigation into alleged war crimes")."""
    out = _mods(noun)
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("into", "of", "on", "over", "against", "for"):
            for p in c.children:
                if p.dep_ == "pobj":
                    out |= {p.lemma_.lower()} | _mods(p)
    return out


_INVESTIGATED = (
    ({"war", "genocide", "atrocity"}, "094"),
    ({"corruption", "fraud", "bribery", "embezzlement", "laundering", "graft", "crime", "murder", "theft", "tax"}, "091"),
    ({"abuse", "violation", "torture", "right", "mistreatment", "interrogation", "legality"}, "092"),
    ({"attack", "incident", "shooting", "killing", "bombing", "explosion", "death", "clash", "crash", "raid",
      "allegation", "takeover", "violence"}, "093"),
)


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
        elif kind == "civil":
            if armed:
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
    if lemma in ("strike", "attack", "raid") and mods & {"air", "aerial", "drone", "predator", "reaper", "uav"}:
        return "1952" if mods & {"drone", "predator", "reaper", "uav"} else "195"
    if lemma in ("investigation", "probe", "inquiry", "inquest", "hearing"):
        about = _about(noun)
        for words, code in _INVESTIGATED:
            if about & words:
                return "094" if code == "091" and "war" in about else code
        return "090" if lemma != "hearing" else None
    if lemma in ("exercise", "drill", "maneuver", "manoeuvre", "game") and (lemma != "game" or "war" in mods):
        return "062" if mods & {"joint", "combined", "bilateral", "multinational"} else "150"
    if lemma in ("attempt", "plot", "bid") and any(
        c.dep_ in ("acl", "xcomp") and c.lemma_.lower() in ("assassinate", "kill", "murder") for c in noun.children
    ) or lemma == "attempt" and "assassination" in mods:
        return "185"
    if lemma in ("activity", "act", "campaign", "operation") and mods & {"terrorist", "terror"}:
        return "180"
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
    if lemma in ("conversation", "call", "talk", "discussion", "contact", "conference") and mods & {
        "phone", "telephone", "video", "telephonic",
    }:
        return "041"
    if lemma in _GENERIC_HEADS:
        # "a mediation effort", "a round of talks", "efforts to mediate"
        for c in noun.children:
            if c.dep_ == "compound" and c.pos_ == "NOUN" and nominal_code(c.lemma_.lower()):
                return noun_code(c)
            if c.dep_ == "prep" and c.lower_ in ("of", "at"):
                for p in c.children:
                    if p.dep_ == "pobj" and nominal_code(p.lemma_.lower()):
                        return noun_code(p)
            if c.dep_ == "acl" and c.pos_ == "VERB":
                pat = match_verb(c)
                if pat is not None:
                    return pat.code
        return None
    code = nominal_code(lemma)
    if code in ("060", "070", "050", "057") and mods:  # "military cooperation" 062, "food aid" 073
        for domain, digit in _DOMAINS:
            if mods & domain:
                return ("06" if code in ("050", "057") else code[:2]) + digit
    return code


_GENERIC_HEADS = {
    "effort", "mission", "bid", "attempt", "initiative", "process", "campaign", "drive", "round",
    "session", "wave", "series", "spate", "string",
}
_DOMAINS = (
    ({"economic", "trade", "financial", "business", "energy", "investment", "budget"}, "1"),
    ({"military", "defense", "defence", "security", "army", "arm", "weapon"}, "2"),
    ({"judicial", "legal", "law", "police", "extradition"}, "3"),
    ({"intelligence", "information"}, "4"),
    ({"humanitarian", "food", "medical", "emergency", "relief"}, "3"),
)
