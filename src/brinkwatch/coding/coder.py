"""The CAMEO event coder over spaCy's dependency parse.

For each sentence:

1. Verbs are visited from the root down. A verb is matched against ``data/verbs.tsv``
   (lemma + object/particle/preposition conditions); a *frame* verb (urge, agree, demand,
   refuse, threaten, ...) is coded from its complement via ``data/frames.tsv``
   ("threatened to impose sanctions" → 1312; "called for the release of" → 0253). The
   complement is consumed so it is not coded again as an asserted act.
2. Negation: a negated promise/agreement becomes a rejection (12x); any other negated act is
   kept with ``negated=True`` (consumers should not count it as having happened). Denials
   (016) consume what is denied: "Serbia denied arming them" is a denial, not arming.
3. Event nouns in event positions are coded too: objects of light verbs ("staged a
   protest"), subjects of happening verbs ("clashes erupted between police and
   protesters", "the attack on police killed two").
4. Actors: the source is the subject (the agent of a passive, the noun a relative clause
   hangs on, the object of an object-control verb for its complement), the target is the
   object or a prepositional object; coordinated actors give one event each, and
   reciprocal verbs with a plural subject and no target ("Serbia and Kosovo agreed") give
   both directions.
5. Reported speech: a saying verb gives a statement (010) by the speaker, and the acts
   reported in its clause get ``speaker`` and ``modality="reported"``.
6. Fatalities, injuries and arrests stated in the sentence are put on its first violent
   (or, for arrests, coercive) event.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brinkwatch.coding import tables
from brinkwatch.coding._counts import sentence_counts
from brinkwatch.coding._match import match_verb, noun_code
from brinkwatch.coding._patterns import frame_code, frame_of
from brinkwatch.coding._syntax import (
    actor_ref,
    conjuncts,
    is_negated,
    object_heads,
    split_modifiers,
    subject_heads,
)
from brinkwatch.coding.actors import is_armed, lookup_actor
from brinkwatch.records import ActorRef, EventCandidate, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

log = logging.getLogger(__name__)

__all__ = ["code_doc", "code_sentence"]

SAY_VERBS = {
    "say", "tell", "announce", "state", "declare", "add", "report", "note", "stress", "write",
    "confirm", "explain", "insist", "assert", "claim", "reiterate", "emphasize", "emphasise",
    "argue", "reveal", "disclose", "quote", "brief", "acknowledge",
}
# Frame verbs that code even without a complement ("Serbia refused", "Russia threatened").
_STRONG_FRAME = {
    "urge", "appeal", "plead", "implore", "demand", "refuse", "reject", "decline", "rebuff",
    "spurn", "veto", "threaten", "agree", "pledge", "promise", "vow", "offer",
}
_LIGHT = {
    "launch", "carry", "conduct", "stage", "hold", "mount", "begin", "start", "resume", "step",
    "intensify", "escalate", "wage", "commit", "perpetrate", "organize", "organise", "make",
    "unleash", "lead", "continue", "order", "announce", "impose", "open", "call", "join", "end",
    "complete", "finish", "undertake", "renew", "declare", "initiate", "pursue",
}
_HAPPEN = {
    "happen", "occur", "erupt", "break", "take", "flare", "kill", "leave", "injure", "wound",
    "claim", "hit", "target", "rock", "shake", "continue", "escalate", "intensify", "spread",
    "destroy", "damage", "left", "begin", "start", "resume", "follow", "come",
}
_RECIPROCAL = {
    "agree", "meet", "talk", "negotiate", "sign", "clash", "fight", "cooperate", "discuss",
    "consult", "confer", "trade", "exchange", "hold", "reach", "conclude", "battle", "skirmish",
}
_REQUEST_NOUNS = {
    "call", "appeal", "demand", "request", "proposal", "plan", "offer", "idea", "bid",
    "suggestion", "plea", "proposition", "initiative", "ultimatum",
}
_CONFLICT_ROOTS = {f"{r:02d}" for r in range(9, 21)}
_VIOLENT_ROOTS = {"18", "19", "20", "14", "15", "17"}


@dataclass
class _Draft:
    trigger: Token
    code: str
    sources: list[ActorRef | None]
    targets: list[ActorRef | None]
    negated: bool = False
    modality: str | None = None
    speaker: ActorRef | None = None
    reciprocal: bool = False
    specific: bool = False
    obligation: str | None = None  # "demand" ("X must ...") or "appeal" ("X should ...")
    main: bool = True


def _refs(heads: list[Token], doc_id: str, *, uncoded: bool) -> list[ActorRef | None]:
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


def _first_coded(heads: list[Token], doc_id: str) -> list[ActorRef | None]:
    """The first candidate head that codes to an actor, with its coordinated actors."""
    for head in heads:
        refs = [r for r in _refs([head], doc_id, uncoded=False) if r is not None]
        if refs:
            return refs
    return []


def _complement(verb: Token, frame: str, armed: bool) -> tuple[Token | None, str | None, str]:
    """(token, code, kind) of a frame verb's complement; kind is "clause", "noun" or ""."""
    for dep in ("xcomp", "ccomp"):
        for c in verb.children:
            if c.dep_ == dep and c.pos_ in ("VERB", "AUX"):
                if dep == "ccomp" and frame == "appeal" and verb.lemma_ not in ("urge", "appeal", "propose", "suggest", "recommend"):
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
    for cand in list(candidates):
        if cand.lemma_.lower() in _REQUEST_NOUNS:  # "rejected a call for talks"
            for c in cand.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "to", "of", "on"):
                    candidates += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
                elif c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                    candidates.append(c)
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


def _means_code(verb: Token, sources: list[ActorRef | None], code: str) -> str:
    """Refine a violent act by its means: "killed ... in a bomb attack" (183), "suicide
    bombers killed" (1831), "killed in an air strike" (195)."""
    if any(s is not None and "suicide" in s.text.lower() for s in sources):
        return "1831"
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "with", "during", "by", "using"):
            for p in prep.children:
                means = noun_code(p) if p.dep_ == "pobj" else None
                if means and means[:2] in ("18", "19", "20") and means != "190":
                    return means
    return code


def _accusation_code(verb: Token, armed: bool) -> tuple[str, Token | None]:
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
_READY = {"ready", "willing", "prepared", "determined", "committed", "set", "poised", "eager", "keen", "going"}
_COOP_ROOTS = {"04", "05", "06", "07", "08"}


def _reframe_by_modality(verb: Token, code: str, negated: bool) -> tuple[str, bool, str | None]:
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
        verb.dep_ == "xcomp" and head.lemma_.lower() in _READY and head is not verb
    )
    if not future:
        return code, negated, None
    root = code[:2]
    if root in _COOP_ROOTS:
        return frame_code("refuse" if negated else "intent", code), False, None
    if root in {"14", "15", "16", "17", "18", "19", "20"} and not negated:
        return frame_code("threaten", code), False, None
    return code, negated, None


def _consume_clause(tok: Token, consumed: set[int]) -> None:
    """Mark a complement clause (and its coordinated verbs) as coded by its frame verb."""
    for t in tok.subtree:
        if t.pos_ in ("NOUN", "PROPN") or t is tok:
            consumed.add(t.i)
    for c in tok.children:
        if c.dep_ in ("conj", "xcomp") and c.pos_ == "VERB":
            _consume_clause(c, consumed)


def _code_verb(verb: Token, doc_id: str, consumed: set[int]) -> _Draft | None:
    lemma = verb.lemma_.lower()
    sources = _refs(subject_heads(verb), doc_id, uncoded=True)
    armed = any(r is not None and is_armed(r) for r in sources)
    frame = frame_of(lemma)
    pat = match_verb(verb, armed=armed)
    code: str | None = None
    modality = None
    comp = None
    comp_tok, comp_code, kind = (None, None, "")
    if frame:
        comp_tok, comp_code, kind = _complement(verb, frame, armed)
    negated = is_negated(verb)
    if frame == "intent" and comp_code and comp_code[:2] in _CONFLICT_ROOTS:
        frame = "threaten"  # "vowed to retaliate", "promised to strike back"
    if frame and kind == "clause" and (comp_code or lemma in _STRONG_FRAME or frame == "threaten"):
        code, comp = frame_code(frame, comp_code), comp_tok
    elif pat is not None and pat.specificity > 0:
        code = pat.code
    elif frame and kind == "noun":
        code, comp = frame_code(frame, comp_code), comp_tok
    elif pat is not None:
        code = pat.code
    elif frame and lemma in _STRONG_FRAME:
        code = frame_code(frame, None)
    if code is None:
        return None
    if code == "112":
        code, comp = _accusation_code(verb, armed)
    if code[:2] in ("18", "19") and code not in ("181", "1821", "1822", "186"):
        code = _means_code(verb, sources, code)
    if comp is not None and comp.pos_ in ("VERB", "AUX"):
        _consume_clause(comp, consumed)
    elif comp is not None:
        consumed.add(comp.i)
    obligation = None
    if not frame:
        code, negated, obligation = _reframe_by_modality(verb, code, negated)
    if code[:2] == "03" and negated:  # "did not agree to meet" is a rejection
        code, negated = frame_code("refuse", comp_code), False
    if code == "016":  # a denial consumes what is denied
        for t in verb.subtree:
            if t is not verb and t.pos_ == "VERB":
                consumed.add(t.i)
    if code[:2] == "13":
        modality = "threat"
    elif any(c.dep_ == "aux" and c.lower_ in ("may", "might", "could") for c in verb.children):
        modality = "possible"
    target_heads = object_heads(verb)
    if comp is not None and comp.pos_ in ("VERB", "AUX"):
        target_heads += object_heads(comp)
    targets = _first_coded(target_heads, doc_id)
    reciprocal = lemma in _RECIPROCAL or (comp is not None and comp.lemma_.lower() in _RECIPROCAL)
    return _Draft(
        trigger=verb, code=code, sources=sources, targets=targets, negated=negated,
        modality=modality, reciprocal=reciprocal, specific=bool(frame or (pat and pat.specificity)),
        obligation=obligation,
    )


def _code_noun(noun: Token, doc_id: str, verb_triggers: set[int]) -> _Draft | None:
    code = noun_code(noun)
    if code is None:
        return None
    head = noun.head
    light = noun.dep_ == "dobj" and head.lemma_.lower() in _LIGHT and head.i not in verb_triggers
    happen = noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _HAPPEN
    if not (light or happen):
        return None
    sources: list[ActorRef | None] = []
    targets: list[ActorRef | None] = []
    reciprocal = False
    preps = list(noun.children) + [c for c in head.children if c.dep_ == "prep" and c.lower_ == "between"]
    for c in preps:
        if c.dep_ == "prep":
            pobjs = [p for p in c.children if p.dep_ == "pobj"]
            if c.lower_ == "by":
                sources = _refs(pobjs, doc_id, uncoded=True)
            elif c.lower_ in ("on", "against", "at", "with") and not targets:
                targets = _first_coded(pobjs, doc_id)
            elif c.lower_ == "between":
                sources = _refs(pobjs, doc_id, uncoded=False)
                reciprocal = True
        elif c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ", "NOUN")):
            ref = actor_ref(c, doc_id)
            if ref is not None and not sources:
                sources = [ref]
    if not sources and light:
        sources = _refs(subject_heads(head), doc_id, uncoded=True)
    if not targets and light:
        targets = _first_coded([h for h in object_heads(head) if h is not noun], doc_id)
    if happen and not targets and head.lemma_.lower() in ("kill", "injure", "wound", "hit", "target", "leave"):
        targets = _first_coded([c for c in head.children if c.dep_ == "dobj"], doc_id)
    return _Draft(trigger=noun, code=code, sources=sources, targets=targets,
                  negated=is_negated(head), reciprocal=reciprocal, specific=True)


def _say_verb_speaker(tok: Token, doc_id: str) -> ActorRef | None:
    """The speaker of the saying verb that reports ``tok``'s clause, if any."""
    cur = tok
    for _ in range(8):
        for c in cur.children:  # "Serbia deployed troops, officials said"
            if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in SAY_VERBS:
                refs = _refs(subject_heads(c), doc_id, uncoded=True)
                if refs:
                    return refs[0]
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SAY_VERBS:
            refs = _refs(subject_heads(cur.head), doc_id, uncoded=True)
            return refs[0] if refs else ActorRef(text=cur.head.text)
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head is not tok and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def _pairs(d: _Draft) -> list[tuple[ActorRef | None, ActorRef | None]]:
    sources = d.sources or [None]
    targets = d.targets or [None]
    coded_sources = [s for s in sources if s is not None and s.code]
    if d.reciprocal and not d.targets and len(coded_sources) >= 2:
        return [(a, b) for a in coded_sources for b in coded_sources if a is not b]
    return [(s, t) for s in sources for t in targets]


def _confidence(d: _Draft, source: ActorRef | None, target: ActorRef | None) -> float:
    conf = 0.4
    conf += 0.2 if source is not None and source.code else 0.0
    conf += 0.1 if target is not None and target.code else 0.0
    conf += 0.1 if d.specific else 0.0
    conf -= 0.3 if d.negated else 0.0
    conf -= 0.1 if d.modality in ("possible", "reported") else 0.0
    conf -= 0.1 if not d.main else 0.0
    return round(max(0.05, min(conf, 0.95)), 2)


def code_sentence(sent: SpacySpan, doc_id: str) -> list[EventCandidate]:
    """CAMEO-coded event candidates of one parsed sentence (offsets into ``sent.doc.text``)."""
    return [e for e, _ in code_sentence_detailed(sent, doc_id)]


def code_sentence_detailed(sent: SpacySpan, doc_id: str) -> list[tuple[EventCandidate, bool]]:
    """Like :func:`code_sentence`, with a flag per event: True when it is asserted in the
    sentence's main clause (False for purpose, adverbial and relative clauses)."""
    drafts = _drafts(sent, doc_id)
    return _build(sent, doc_id, drafts)


def _drafts(sent: SpacySpan, doc_id: str) -> list[_Draft]:
    consumed: set[int] = set()
    drafts: list[_Draft] = []
    verbs = [t for t in sent if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound")]
    for verb in sorted(verbs, key=_depth):
        if verb.i in consumed:
            continue
        draft = _code_verb(verb, doc_id, consumed)
        if draft is not None:
            drafts.append(draft)
    triggers = {d.trigger.i for d in drafts}
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in consumed:
            draft = _code_noun(tok, doc_id, triggers)
            if draft is not None:
                drafts.append(draft)
    drafts.sort(key=lambda d: d.trigger.i)
    for d in drafts:
        if d.code != "010" or d.trigger.lemma_.lower() not in SAY_VERBS:
            speaker = _say_verb_speaker(d.trigger, doc_id)
            if speaker is not None:
                d.speaker, d.modality = speaker, d.modality or "reported"
        if d.obligation:
            # "Russia said Sudan must return the helicopter": Russia demands, of Sudan
            d.code = frame_code(d.obligation, d.code)
            d.targets = [t for t in d.sources if t is not None and t.code][:1]
            d.sources = [d.speaker] if d.speaker is not None else []
            d.modality = None
        d.main = _is_main(d.trigger)
    return drafts


def _is_main(tok: Token) -> bool:
    """Whether an event's trigger is in the sentence's main assertion (the root clause, a
    coordinated main clause, or the clause reported by a saying verb), not in a purpose,
    adverbial or relative clause."""
    cur = tok
    if cur.pos_ in ("NOUN", "PROPN"):
        cur = cur.head
    for _ in range(20):
        if cur.dep_ == "ROOT" or cur.head is cur:
            return True
        if cur.dep_ == "conj" or (cur.dep_ in ("ccomp", "parataxis") and (
            cur.head.lemma_.lower() in SAY_VERBS or cur.head.dep_ == "ROOT"
        )) or cur.dep_ in ("xcomp",) and cur.head.lemma_.lower() in _READY:
            cur = cur.head
            continue
        if cur.dep_ in ("aux", "auxpass", "prep", "pobj", "dobj", "nsubj", "nsubjpass", "pcomp"):
            cur = cur.head
            continue
        return False
    return False


def _build(sent: SpacySpan, doc_id: str, drafts: list[_Draft]) -> list[tuple[EventCandidate, bool]]:
    sent_span = Span(doc_id=doc_id, start=sent.start_char, end=sent.end_char, text=sent.text)
    fatalities, injuries, arrests = sentence_counts(sent) if drafts else (None, None, None)
    countries = _sentence_countries(sent) if drafts else []
    out: list[tuple[EventCandidate, bool]] = []
    counted_violence = counted_arrests = False
    for d in drafts:
        root = tables.root_of(d.code)
        trig = d.trigger
        trigger = Span(doc_id=doc_id, start=trig.idx, end=trig.idx + len(trig.text), text=trig.text)
        counts: dict[str, int | None] = {}
        if not d.negated and not counted_violence and root in _VIOLENT_ROOTS and (fatalities or injuries):
            counts.update(fatalities=fatalities, injuries=injuries)
            counted_violence = True
        if not d.negated and not counted_arrests and d.code == "173" and arrests:
            counts["arrests"] = arrests
            counted_arrests = True
        for source, target in _pairs(d):
            source, target = _with_country(source, target, countries), _with_country(target, source, countries)
            out.append((EventCandidate(
                sentence=sent_span, trigger=trigger, cameo=d.code, root=root,
                quad_class=tables.quad_class(root) or 0, goldstein=tables.goldstein(d.code) or 0.0,
                source=source, target=target, negated=d.negated, modality=d.modality,
                speaker=d.speaker, confidence=_confidence(d, source, target), **counts,
            ), d.main))
            counts = {}  # the counts belong to the incident, not to every actor pair
    return out


_LOCAL_ROLES = {"GOV", "MIL", "POL", "JUD", "LEG", "OPP", "CVL", "REB", "UAF", "PTY", "MED", "BUS", "CRM"}


def _sentence_countries(sent: SpacySpan) -> list[str]:
    """Countries named in the sentence (places, nationalities, capitals), in order."""
    out: list[str] = []
    for ent in sent.ents:
        if ent.label_ in ("GPE", "NORP", "LOC", "ORG"):
            ref = lookup_actor(ent.text)
            if ref is not None and ref.country and ref.country not in out:
                out.append(ref.country)
    return out


def _with_country(actor: ActorRef | None, other: ActorRef | None, countries: list[str]) -> ActorRef | None:
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


def code_doc(doc: Doc, doc_id: str) -> list[EventCandidate]:
    """Event candidates of every sentence of a parsed document."""
    events: list[EventCandidate] = []
    for sent in doc.sents:
        events.extend(code_sentence(sent, doc_id))
    return events
