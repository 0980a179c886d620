"""Fatality, injury and arrest counts a sentence states ("one police officer and three gunmen
were killed" → 4 fatalities).

Vague quantities follow ACLED's conservative convention: "several", "many", "a few" → 10 is
ACLED's reading of *unknown but plural*; we use 3 for "a few"/"several" and 10 for "many"/
"numerous", "dozens" → 12, "scores" → 20, "hundreds" → 100, "thousands" → 1000.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["number_value", "sentence_counts"]

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "dozen": 12, "both": 2, "couple": 2, "pair": 2,
}
_VAGUE = {
    "few": 3, "several": 3, "some": 3, "many": 10, "numerous": 10, "dozens": 12, "scores": 20,
    "hundreds": 100, "thousands": 1000, "tens": 10,
}
_KILL = {"kill", "slay", "murder", "execute", "behead", "massacre", "assassinate", "shoot"}
_DIE = {"die", "perish"}
_DEAD = {"dead", "death", "fatality", "casualty", "body"}
_INJURE = {"injure", "wound", "hurt", "maim"}
_INJURED = {"injured", "wounded", "injury"}
_ARREST = {"arrest", "detain", "apprehend", "jail", "imprison", "capture", "round"}


def number_value(tok: Token) -> int | None:
    """The integer a number token states ("12", "three", "1,200", "dozens"), or None."""
    text = tok.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    try:
        return int(float(text))
    except ValueError:
        pass
    if text in _VAGUE:
        return _VAGUE[text]
    if "-" in text:  # twenty-five
        parts = [_UNITS.get(p) for p in text.split("-")]
        if all(p is not None for p in parts):
            return sum(parts)  # type: ignore[arg-type]
    return _UNITS.get(text)


def _count_of(noun: Token) -> int | None:
    """How many a casualty noun phrase counts ("three gunmen" 3, "a police officer" 1)."""
    if noun.like_num or noun.lower_ in _VAGUE:
        value = number_value(noun)
        if value is not None:
            return value
    nums = [c for c in noun.children if c.dep_ in ("nummod", "quantmod") or (c.dep_ == "amod" and c.lower_ in _VAGUE)]
    for num in nums:
        value = number_value(num)
        if value is not None:
            # "1.2 thousand", "two hundred"
            for mod in num.children:
                if mod.dep_ in ("compound", "quantmod", "nummod") and number_value(mod):
                    value = value * number_value(mod) if value in (100, 1000) else value
            return value
    if noun.pos_ == "PRON":
        return None
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in noun.children):
        return 1
    if noun.tag_ in ("NN", "NNP") and noun.pos_ in ("NOUN", "PROPN"):
        return 1
    for c in noun.children:  # "dozens of people"
        if c.dep_ == "prep" and c.lower_ == "of" and noun.lower_ in _VAGUE:
            return _VAGUE[noun.lower_]
    return None


def _sum(nouns: list[Token]) -> int | None:
    counts = [_count_of(n) for n in nouns]
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


def _with_conj(tokens: list[Token]) -> list[Token]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.pos_ in ("NOUN", "PROPN", "NUM", "PRON"))
    return out


def _left_coordinate(noun: Token) -> Token | None:
    """The noun coordinated just before ``noun`` when the parser split the coordination
    ("resulted in [one officer] and [three gunmen being killed]")."""
    left = noun.left_edge.i
    doc = noun.doc
    if left < 2 or doc[left - 1].lower_ not in ("and", "&"):
        return None
    prev = doc[left - 2]
    if prev.pos_ in ("NOUN", "PROPN") and prev.dep_ in ("pobj", "dobj", "nsubj", "conj") and _count_of(prev) is not None:
        return prev
    return None


def _victims(verb: Token, *, transitive: bool) -> list[Token]:
    kids = list(verb.children)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) or verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):
        subj = [c for c in kids if c.dep_ == "nsubjpass"]
        if not subj and verb.dep_ in ("acl", "amod"):
            subj = [verb.head]
        victims = _with_conj(subj)
        if subj:
            extra = _left_coordinate(subj[0])
            if extra is not None and extra not in victims:
                victims.append(extra)
        return victims
    if transitive:
        return _with_conj([c for c in kids if c.dep_ == "dobj"])
    return _with_conj([c for c in kids if c.dep_ == "nsubj"])


def _adjective_counts(sent: SpacySpan, words: set[str]) -> int | None:
    """"three dead", "left five people dead", "two were wounded" style mentions."""
    total = None
    for tok in sent:
        if tok.lower_ not in words:
            continue
        nums = [c for c in tok.children if c.dep_ == "nummod"]
        if nums:
            value = number_value(nums[0])
        elif tok.dep_ in ("amod",) and tok.head.pos_ in ("NOUN", "PROPN"):
            value = _count_of(tok.head)
        elif tok.dep_ in ("acomp", "oprd", "ccomp", "xcomp"):
            subj = [c for c in tok.head.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")]
            value = _sum(_with_conj(subj)) if subj else None
        else:
            value = None
        if value is not None:
            total = (total or 0) + value
    return total


def sentence_counts(sent: SpacySpan) -> tuple[int | None, int | None, int | None]:
    """(fatalities, injuries, arrests) stated in a sentence, None where it states none."""
    fatalities = injuries = arrests = None
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") and not (tok.tag_ == "VBN"):
            if lemma == "toll" or (lemma in _DEAD and tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "dobj", "pobj")):
                if lemma in _DEAD:
                    value = _count_of(tok) if any(c.dep_ in ("nummod",) for c in tok.children) else None
                else:
                    nums = [t for t in tok.head.subtree if t.like_num and t.i > tok.i]
                    value = number_value(nums[0]) if nums else None
                if value is not None:
                    fatalities = max(fatalities or 0, value)
            continue
        if lemma in _KILL and not (lemma == "shoot" and not any(c.lower_ == "dead" for c in tok.children)):
            value = _sum(_victims(tok, transitive=True))
            if value is not None:
                fatalities = (fatalities or 0) + value
        elif lemma in _DIE or (lemma == "lose" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in ("life", "live") for c in tok.children
        )):  # "three gunmen lost their lives"
            value = _sum(_victims(tok, transitive=False))
            if value is not None:
                fatalities = (fatalities or 0) + value
        elif lemma in _INJURE:
            value = _sum(_victims(tok, transitive=True))
            if value is not None:
                injuries = (injuries or 0) + value
        elif lemma in _ARREST:
            value = _sum(_victims(tok, transitive=True))
            if value is not None:
                arrests = (arrests or 0) + value
    if fatalities is None:
        fatalities = _adjective_counts(sent, {"dead"})
    if injuries is None:
        injuries = _adjective_counts(sent, {"injured", "wounded"})
    return fatalities, injuries, arrests
