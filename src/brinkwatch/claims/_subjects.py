"""Subject keys and speakers for claims, read from the parse and the named entities.

Keys are normalised with :func:`~brinkwatch.claims._properties.norm_key` (ASCII, lower case,
no possessives or articles). Forces resolve to a mission key when the reference table knows
one ("NATO-led Kosovo Force (KFor)" -> ``kfor``; "peacekeepers stationed in <country>" -> the
one military mission there), otherwise to owner + group noun ("serbia military drill").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from brinkwatch.analyze.nlp import doc_ents, doc_sents, doc_text, span_ents
from brinkwatch.claims._properties import (
    COMPASS,
    DEICTIC_PLACES,
    EVENT_NOUNS,
    FORCE_NOUNS,
    GROUP_NOUNS,
    HAVE_VERBS,
    KEPT_ADJECTIVES,
    LEAD_ORGS,
    LIVE_VERBS,
    PLACE_NOUNS,
    POPULATION_VERBS,
    SPEECH_VERBS,
    country_key,
    is_country,
    mission_for,
    mission_names,
    norm_key,
)
from brinkwatch.records import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

_PLACE_LABELS = ("GPE", "LOC", "FAC")
_ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_INVOLVE_VERBS = {"involve", "include", "comprise", "number", "total", "consist", "count"}
# a figure inside the speaker's own phrase is not what the speaker says
_NOT_REPORTED = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{1,7}$")


class DocContext:
    """Document-wide facts the subject rules fall back on."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = list(doc_sents(doc))
        counts: Counter[str] = Counter()
        for ent in doc_ents(doc):
            if ent.label_ == "GPE":
                c = country_key(ent.text)
                if c:
                    counts[c] += 1
        self.dominant_country = counts.most_common(1)[0][0] if counts else None
        self.acronyms = _acronyms(doc)

    def sentence_of(self, tok: Token) -> SpacySpan:
        return tok.sent


def _acronyms(doc: Doc) -> dict[str, str]:
    """'Long Name (ACR)' definitions: both keys map to the acronym's key."""
    out: dict[str, str] = {}
    ents = list(doc_ents(doc))
    for a, b in zip(ents, ents[1:]):
        between = doc_text(doc)[a.end_char : b.start_char]
        if between.strip() == "(" and _ACRONYM.match(b.text):
            out[norm_key(a.text)] = norm_key(b.text)
            out[norm_key(b.text)] = norm_key(b.text)
    return out


def _ent_at(tok: Token, doc: Doc) -> SpacySpan | None:
    if not tok.ent_type_:
        return None
    for ent in doc_ents(doc):
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _org_key(ent_text: str, ctx: DocContext) -> str:
    k = norm_key(ent_text)
    names = mission_names()
    if k in names:
        return names[k]
    acr = ctx.acronyms.get(k)
    if acr and acr in names:
        return names[acr]
    return acr or k


def _sentence_mission(ctx: DocContext, sent: SpacySpan) -> str | None:
    """The one mission named in a sentence ("..., KFOR, which numbers ..."), else None."""
    found = set()
    for ent in span_ents(sent):
        if ent.label_ in ("ORG", "GPE", "NORP", "LOC", "FAC", "PERSON"):
            key = _org_key(ent.text, ctx)
            if key in mission_names().values():
                found.add(key)
    return found.pop() if len(found) == 1 else None


def _owner_of_have(ctx: DocContext, noun: Token) -> str | None:
    """The subject for "KFOR has 4,500 troops" / "the force, which numbers 3,800 soldiers":
    a mission key, a group key, or "<country> troops"."""
    verb = noun.head
    if verb.lemma_.lower() not in HAVE_VERBS or noun.dep_ not in ("dobj", "attr", "npadvmod"):
        return None
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subs:
        return None
    sub = subs[0]
    if sub.pos_ == "PRON" and verb.dep_ == "relcl":
        sub = verb.head
    if sub.lemma_.lower() in GROUP_NOUNS and sub.lemma_.lower() not in FORCE_NOUNS:
        return _group_key(ctx, sub)  # "a British battalion usually has 500-650 soldiers"
    doc = ctx.doc
    for t in sub.subtree:
        ent = _ent_at(t, doc)
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP"):
            key = _org_key(ent.text, ctx)
            if key in mission_names().values():
                return key
            if ent.label_ == "ORG" and norm_key(ent.text) in LEAD_ORGS:
                continue
            return f"{country_key(ent.text) or key} troops"
    if sub.lemma_.lower() in GROUP_NOUNS:
        return _group_key(ctx, sub)
    return None


def troop_subject(ctx: DocContext, q, noun: Token | None) -> str | None:
    """The force a troop figure is about: a mission key, owner + unit noun, or troops in X.

    None when nothing in the sentence says whose troops they are (a bare "troops" or "NATO
    troops" with no mission or country is no subject an analyst can compare).
    """
    if noun is None:
        return None
    doc = ctx.doc
    sent = noun.sent
    num_start = doc.char_span(q.span.start, q.span.end, alignment_mode="expand")
    lo = num_start.start if num_start is not None else noun.i
    hi = noun.i + 1
    if hi < sent.end and doc[hi].text == "(":  # "personnel (KFOR)"
        close = next((t.i for t in doc[hi : min(hi + 6, sent.end)] if t.text == ")"), None)
        hi = close + 1 if close else hi
    mods = [e for e in doc_ents(doc) if e.start < hi and e.end > lo]
    lead = None
    owner = None
    for ent in mods:
        if ent.label_ == "ORG":
            key = _org_key(ent.text, ctx)
            if key in mission_names().values():
                return key
            if norm_key(ent.text) in LEAD_ORGS:
                lead = LEAD_ORGS[norm_key(ent.text)]
            else:
                owner = key
        elif ent.label_ in ("NORP", "GPE") and owner is None:
            owner = country_key(ent.text) or norm_key(ent.text)
    if owner is None:
        have = _owner_of_have(ctx, noun)
        if have is not None:
            return have
    group = _group_noun(noun)
    if group is not None:
        return _group_key(ctx, group)
    if owner:
        return f"{owner} troops"
    named = _sentence_mission(ctx, sent)
    if named:
        return named
    if lead is None:
        for ent in span_ents(sent):
            if ent.label_ == "ORG" and norm_key(ent.text) in LEAD_ORGS:
                lead = LEAD_ORGS[norm_key(ent.text)]
                break
    country = _location_country(ctx, noun)
    mission = mission_for(country, lead) or (mission_for(country, None) if lead is None else None)
    if mission:
        return mission
    if country is None:
        return None
    parts = [p for p in (lead, "troops") if p]
    return " ".join(parts) + f" in {country}"


def actor_key(ctx: DocContext, tok: Token) -> str | None:
    """The subject key for an actor token: a mission, "<country> troops", a lead
    organisation's mission where it has one, or None ("it" resolved to the last named
    organisation or country)."""
    doc = ctx.doc
    ent = _ent_at(tok, doc)
    text = ent.text if ent is not None else None
    if ent is None and tok.pos_ == "PRON":
        found = _resolve_pronoun(ctx, tok)
        text = found[0] if found else None
    if not text:
        return None
    key = _org_key(text, ctx)
    if key in mission_names().values():
        return key
    if norm_key(text) in LEAD_ORGS:
        lead = LEAD_ORGS[norm_key(text)]
        country = _location_country(ctx, tok) or ctx.dominant_country
        return mission_for(country, lead) or lead
    country = country_key(text)
    return f"{country} troops" if country else None


def _group_noun(noun: Token) -> Token | None:
    """The unit or event noun owning a troop figure ("a battalion (600 troops)")."""
    head = noun.head
    if noun.dep_ == "appos" and head.lemma_.lower() in GROUP_NOUNS:
        return head
    if head.lemma_.lower() in _INVOLVE_VERBS | HAVE_VERBS:
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in GROUP_NOUNS:
                return c
    if head.lemma_.lower() in _INVOLVE_VERBS:
        if head.head.lemma_.lower() in GROUP_NOUNS:
            return head.head
        for t in reversed(list(noun.sent)[: head.i - noun.sent.start]):
            if t.pos_ == "NOUN" and t.lemma_.lower() in GROUP_NOUNS:
                return t
    if head.pos_ == "ADP" and head.lower_ == "of" and head.head.lemma_.lower() in GROUP_NOUNS:
        return head.head
    return None


def _group_key(ctx: DocContext, group: Token) -> str:
    doc = ctx.doc
    if group.lemma_.lower() in FORCE_NOUNS:  # "a mission that counts 4,500 troops" + KFOR named
        named = _sentence_mission(ctx, group.sent)
        if named:
            return named
    owner = None
    for child in group.children:
        ent = _ent_at(child, doc)
        if child.dep_ in ("poss", "compound", "amod", "nmod") and ent is not None:
            owner = country_key(ent.text) or _org_key(ent.text, ctx)
    if owner is None:
        labels = ("GPE", "NORP", "ORG")
        before = [e for e in span_ents(group.sent) if e.end <= group.i and e.label_ in labels]
        countries = [e for e in before if country_key(e.text)]
        pick = countries[-1] if countries else (before[-1] if before else None)
        if pick is not None:
            owner = country_key(pick.text) or _org_key(pick.text, ctx)
    adjs = [c.lower_ for c in group.children if c.dep_ == "amod" and c.lower_ in KEPT_ADJECTIVES]
    return " ".join(p for p in (owner, *adjs, group.lemma_.lower()) if p)


def _location_country(ctx: DocContext, noun: Token) -> str | None:
    """The country a force is stationed in: a GPE in the clause, or 'there' -> the doc's country."""
    sent = noun.sent
    for ent in span_ents(sent):
        if ent.label_ in ("GPE", "LOC") and ent.start > noun.i and ent.root.head.pos_ == "ADP":
            c = country_key(ent.text)
            if c:
                return c
    text = sent.text.lower()
    deictic = any(re.search(rf"\b{re.escape(d)}\b", text) for d in DEICTIC_PLACES)
    if deictic or noun.lemma_.lower() == "peacekeeper":
        return ctx.dominant_country
    return None


def place_of_population(noun: Token) -> SpacySpan | None:
    """The place a people/inhabitants figure is the population of, or None."""
    doc = noun.doc
    tok = noun
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return None
        ent = _ent_at(head, doc)
        if ent is not None and ent.label_ in _PLACE_LABELS:
            return ent
        lemma = head.lemma_.lower()
        if lemma in PLACE_NOUNS and head.dep_ == "appos":
            ent = _ent_at(head.head, doc)
            if ent is not None and ent.label_ in _PLACE_LABELS:
                return ent
        if lemma in POPULATION_VERBS and head.pos_ in ("VERB", "AUX"):
            for c in head.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    ent = _ent_at(c, doc)
                    if ent is not None and ent.label_ in _PLACE_LABELS:
                        return ent
            if head.dep_ == "relcl":
                ent = _ent_at(head.head, doc)
                if ent is not None and ent.label_ in _PLACE_LABELS:
                    return ent
            return None
        if head.pos_ not in ("ADP", "NOUN"):
            return None
        tok = head
    return None


def is_group_noun(noun: Token) -> bool:
    """An ethnic/national group counted as people ("50,000 Serbs", "2,000 Kurds")."""
    if noun.ent_type_ == "NORP" and noun.tag_ in ("NNPS", "NNS", "NNP"):
        return True
    # plural proper noun the NER left unlabelled ("Serbs" tagged NNPS but no entity)
    return noun.pos_ == "PROPN" and noun.tag_ == "NNPS" and noun.ent_type_ in ("", "NORP")


def group_location(noun: Token, country: str | None = None) -> str | None:
    """Where a counted group lives: 'in the north (of X)' on the noun or on its verb;
    ``country`` (the document's) completes a bare or town-level "north"."""
    holders = [noun]
    if noun.head.lemma_.lower() in LIVE_VERBS:
        holders.append(noun.head)
    for h in holders:
        for prep in h.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "across", "throughout"):
                return _location_key(prep, country)
    return None


def _location_key(prep: Token, country: str | None = None) -> str:
    """'the north of kosovo' for "in northern Kosovo"; a compass word inside a place name
    ("North Mitrovica") is part of the name, and "the northern municipalities of <town>, ..."
    is the north of the document's country when one is known."""
    compass = None
    place = None
    place_is_country = False
    for t in prep.subtree:
        if compass is None and t.lower_ in COMPASS and not t.ent_type_:
            compass = COMPASS[t.lower_]
        if place is None and t.ent_type_ in ("GPE", "LOC"):
            ent = _ent_at(t, t.doc)
            place = norm_key(ent.text) if ent is not None else norm_key(t.text)
            place_is_country = country_key(ent.text if ent is not None else t.text) is not None
    if compass and place and not place_is_country and country:
        place = country
    if compass and not place and country:
        place = country
    if compass and place:
        return f"the {compass} of {place}"
    if compass:
        return f"the {compass}"
    return place or norm_key(" ".join(t.text for t in prep.subtree if t.i != prep.i))


def population_subject(ctx: DocContext, noun: Token | None) -> str:
    """'kosovo' for 'Kosovo, a country of N people'; 'serbs in the north' for a group."""
    if noun is None:
        return ctx.dominant_country or "unknown"
    if is_group_noun(noun):
        loc = group_location(noun, ctx.dominant_country)
        group = norm_key(noun.text)
        return f"{group} in {loc}" if loc else group
    place = place_of_population(noun)
    if place is not None:
        return country_key(place.text) or norm_key(place.text)
    return ctx.dominant_country or "unknown"


def event_subject(ctx: DocContext, anchor: Token | None) -> str:
    """An incident's key: the most specific place named (this or the two previous sentences),
    else the event noun of the sentence, else the document's main country."""
    if anchor is None:
        return ctx.dominant_country or "unknown"
    sent = anchor.sent
    idx = next((i for i, s in enumerate(ctx.sents) if s.start == sent.start), 0)
    earlier = []
    for s in reversed(ctx.sents[max(0, idx - 4) : idx]):  # same paragraph only
        words = [t for t in s if not t.is_space]
        gap_end = (earlier[-1] if earlier else sent).start_char
        if not words or "\n" in doc_text(ctx.doc)[words[-1].idx + len(words[-1]) : gap_end]:
            break
        earlier.append(s)
    for s in [sent, *earlier]:
        places = [e for e in span_ents(s) if e.label_ in _PLACE_LABELS and not is_country(e.text)]
        places = [e for e in places if not country_key(e.text)]
        if places:
            best = min(places, key=lambda e: abs(e.start - anchor.i)) if s is sent else places[-1]
            return norm_key(best.text)
    named = _place_after_preposition(sent)
    if named:
        return named
    events = [t for t in sent if t.pos_ == "NOUN" and t.lemma_.lower() in EVENT_NOUNS]
    if events:
        best = min(events, key=lambda t: abs(t.i - anchor.i))
        return best.lemma_.lower()
    return ctx.dominant_country or "unknown"


def _place_after_preposition(sent: SpacySpan) -> str | None:
    """A proper-noun place the parser did not label: "killed at Banjska monastery"."""
    for prep in sent:
        if prep.dep_ != "prep" or prep.lower_ not in ("at", "near", "in", "outside"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            names = [t for t in obj.subtree if t.pos_ == "PROPN" and t.i <= obj.i]
            if names and not any(t.ent_type_ in ("ORG", "PERSON", "NORP") for t in names):
                text = " ".join(t.text for t in names)
                if country_key(text) is None:
                    return norm_key(text)
    return None


def _entity_or_chunk(tokens: list[Token], doc: Doc) -> tuple[str, int, int] | None:
    """The best name in ``tokens``: a PERSON, ORG, GPE or NORP entity, else the words."""
    if not tokens:
        return None
    lo, hi = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    ents = [e for e in doc_ents(doc) if e.start >= lo and e.end <= hi and e.label_ in _ACTOR_LABELS]
    for label in _ACTOR_LABELS:
        for e in ents:
            if e.label_ == label:
                return e.text, e.start_char, e.end_char
    span = doc[lo:hi]
    return span.text, span.start_char, span.end_char


def _resolve_pronoun(ctx: DocContext, tok: Token) -> tuple[str, int, int] | None:
    doc = ctx.doc
    labels = ("PERSON",) if tok.lower_ in ("he", "she") else ("ORG", "GPE", "PERSON")
    for ent in reversed([e for e in doc_ents(doc) if e.end <= tok.i and e.label_ in labels]):
        if tok.sent.start - ent.sent.start <= 200:
            return ent.text, ent.start_char, ent.end_char
    return None


def speaker(ctx: DocContext, anchor: Token | None, doc_id: str) -> tuple[str | None, Span | None]:
    """Who a figure is attributed to: 'according to X', 'X said ...', '..., said X'."""
    if anchor is None:
        return None, None
    doc = ctx.doc
    sent = anchor.sent
    found = None
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                found = _entity_or_chunk(list(objs[0].subtree), doc)
                break
    if found is None:
        path = [anchor, *anchor.ancestors]
        for below, verb in zip(path, path[1:]):
            if below.dep_ in _NOT_REPORTED:
                continue  # "Kosovo, a country of N people, declared ...": the figure is the speaker
            if verb.lemma_.lower() in SPEECH_VERBS and verb.pos_ == "VERB":
                subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subs:
                    s = subs[0]
                    if s.pos_ == "PRON":
                        found = _resolve_pronoun(ctx, s)
                    else:
                        found = _entity_or_chunk(list(s.subtree), doc)
                    break
    if found is None:
        return None, None
    text, start, end = found
    if text.lower().startswith("the "):
        text, start = text[4:], start + 4
    return norm_key(text), Span(doc_id=doc_id, start=start, end=end, text=doc_text(doc)[start:end])
