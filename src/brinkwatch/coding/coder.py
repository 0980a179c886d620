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

from brinkwatch.analyze.nlp import doc_sents, doc_text
from brinkwatch.coding import tables
from brinkwatch.coding._clauses import (
    READY_WORDS,
    accusation_code,
    complement,
    consume_clause,
    means_code,
    reframe_by_modality,
)
from brinkwatch.coding._context import first_coded, refs, sentence_countries, with_country
from brinkwatch.coding._counts import sentence_counts
from brinkwatch.coding._match import match_verb, noun_code, verb_lemma
from brinkwatch.coding._nominal import nominal_frame, noun_complement, reduced_code, reduction_code, yield_code
from brinkwatch.coding._patterns import frame_code, frame_of
from brinkwatch.coding._scope import time_spans
from brinkwatch.coding._incidents import incident_code, is_incident_word
from brinkwatch.coding._syntax import actor_ref, is_negated, object_heads, subject_heads
from brinkwatch.coding.actors import is_armed
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
    "complete", "finish", "undertake", "renew", "declare", "initiate", "pursue", "have", "issue",
    "give", "reach", "engage", "arrange", "convene", "suspend", "halt", "abandon", "stop", "freeze",
    "cancel", "break",
}
_HAPPEN = {
    "happen", "occur", "erupt", "break", "take", "flare", "kill", "leave", "injure", "wound",
    "claim", "hit", "target", "rock", "shake", "continue", "escalate", "intensify", "spread",
    "destroy", "damage", "left", "begin", "start", "resume", "follow", "come",
}
_ENGAGE = {"engage", "involve", "participate", "join", "take"}
_HARM = {"kill", "wound", "injure", "hurt", "hit", "damage", "destroy", "claim", "leave"}
_RECIPROCAL = {
    "agree", "meet", "talk", "negotiate", "sign", "clash", "fight", "cooperate", "discuss",
    "consult", "confer", "trade", "exchange", "hold", "reach", "conclude", "battle", "skirmish",
}
_ENDING = {"end", "halt", "suspend", "abandon", "stop", "freeze", "cancel", "break"}
_HABITUAL = {"often", "frequently", "regularly", "repeatedly", "routinely", "sometimes", "usually", "occasionally"}
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
    background: bool = False  # a noun referring to an incident ("after the attack")


def _code_verb(verb: Token, doc_id: str, consumed: set[int]) -> _Draft | None:
    lemma = verb_lemma(verb)
    subj_heads = subject_heads(verb)
    if lemma in _HARM and any(h.pos_ == "NOUN" and noun_code(h) for h in subj_heads):
        return None  # "a roadside bombing killed two": the bombing is the event (noun pass)
    sources = refs(subj_heads, doc_id, uncoded=True)
    armed = any(r is not None and is_armed(r) for r in sources)
    state = any(r is not None and (r.role in ("GOV", "IGO") or (r.code and r.code == r.country)) for r in sources)
    frame = frame_of(lemma)
    pat = match_verb(verb, armed=armed, state=state)
    code: str | None = None
    modality = None
    comp = None
    comp_tok, comp_code, kind = (None, None, "")
    if frame:
        comp_tok, comp_code, kind = complement(verb, frame, armed)
    elif lemma in SAY_VERBS:
        obligation = _reported_obligation(verb)
        if obligation:  # "declared that China must drop barriers": a demand of China
            frame = obligation
            comp_tok, comp_code, kind = complement(verb, frame, armed)
    noun = None
    if not frame and (pat is None or pat.code == "010"):
        nominal = nominal_frame(verb)
        if nominal:  # "issued an appeal for calm", "reached a consensus to share data"
            frame, noun = nominal
            comp_tok, comp_code = noun_complement(noun, armed)
            kind = "nominal"
    negated = is_negated(verb)
    if frame == "intent" and comp_code and comp_code[:2] in _CONFLICT_ROOTS:
        frame = "threaten"  # "vowed to retaliate", "promised to strike back"
    controlled = any(c.dep_ in ("dobj", "dative") for c in verb.children)
    if frame and kind == "clause" and (
        comp_code or lemma in _STRONG_FRAME or frame in ("threaten", "demand") or (frame == "appeal" and controlled)
    ):
        code, comp = frame_code(frame, comp_code), comp_tok
    elif noun is not None and frame:
        code, comp = frame_code(frame, comp_code), comp_tok
    elif frame and kind == "noun" and comp_code and comp_tok is not None and verb not in (
        comp_tok.head, comp_tok.head.head
    ):  # "rejected a proposal for a ceasefire": what is proposed decides (1246, not 127)
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
    if frame == "intent" and kind == "noun" and comp_code == "045":
        code = "038"  # "agreed to US mediation": accepting mediation, not mediating
    if code == "186" and verb.dep_ in ("xcomp", "acl") and verb.head.lemma_.lower() in ("attempt", "try", "plot", "seek"):
        code = "185"  # "attempted to assassinate"
    if code == "010" and any(
        c.dep_ == "dobj" and (noun_code(c) or reduction_code(c)) and c.lemma_.lower() not in ("support", "help")
        for c in verb.children
    ):
        return None  # "announced a suspension of air links": the noun is the act (noun pass)
    if code == "080":
        code = yield_code(verb, armed)
    if code == "112":
        code, comp = accusation_code(verb, armed)
    if code[:2] in ("18", "19") and code not in ("181", "1821", "1822", "186"):
        code = means_code(verb, sources, code)
    if comp is not None and comp.pos_ in ("VERB", "AUX"):
        consume_clause(comp, consumed)
    elif comp is not None:
        consumed.add(comp.i)
    if noun is not None:
        consumed.add(noun.i)
    obligation = None
    if not frame:
        code, negated, obligation = reframe_by_modality(verb, code, negated)
    if code[:2] == "03" and negated:  # "did not agree to meet" is a rejection
        code, negated = frame_code("refuse", comp_code), False
    if code == "016":  # a denial consumes what is denied
        for t in verb.subtree:
            if t.i != verb.i and t.pos_ == "VERB":
                consumed.add(t.i)
    if code[:2] == "13":
        modality = "threat"
    elif any(c.dep_ == "aux" and c.lower_ in ("may", "might", "could") for c in verb.children):
        modality = "possible"
    elif any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in verb.children):
        modality = "habitual"  # "they have often clashed with police"
    target_heads = [h for h in object_heads(verb) if h is not noun and not (h.dep_ == "dobj" and _object_is_thing(verb))]
    if noun is not None:  # "a warning to Serbia", "a call on Kosovo"
        target_heads = [
            p for c in noun.children if c.dep_ == "prep" and c.lower_ in ("to", "on", "against", "with")
            for p in c.children if p.dep_ == "pobj"
        ] + target_heads
    if comp is not None and comp.pos_ in ("VERB", "AUX"):
        if comp.dep_ in ("ccomp", "acl"):  # "demanded that Serbia withdraw": Serbia is the target
            target_heads += [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
        target_heads += [h for h in object_heads(comp) if not (h.dep_ == "dobj" and _object_is_thing(comp))]
    if code[:2] == "15" or code in ("087", "0872", "074"):
        # "deployed troops to the border": the troops are the source's own, not a target
        target_heads = [h for h in target_heads if h.dep_ != "dobj"]
    targets = first_coded(target_heads, doc_id)
    code = _by_victim(code, sources, targets)
    reciprocal = lemma in _RECIPROCAL or (comp is not None and comp.lemma_.lower() in _RECIPROCAL)
    return _Draft(
        trigger=verb, code=code, sources=sources, targets=targets, negated=negated,
        modality=modality, reciprocal=reciprocal, specific=bool(frame or (pat and pat.specificity)),
        obligation=obligation,
    )


def _object_is_thing(verb: Token) -> bool:
    """Whether the verb's pattern is defined by its object ("share intelligence", "provide
    aid"): that object is what is acted on, not a target actor."""
    pat = match_verb(verb)
    return pat is not None and any(kind == "obj" for kind, _ in pat.conditions) and pat.code[:2] in _THING_ROOTS


_THING_ROOTS = {"03", "05", "06", "07"}
_OBLIGATION_AUX = {"must": "demand", "should": "appeal", "ought": "appeal"}


def _reported_obligation(verb: Token) -> str | None:
    """"demand"/"appeal" when a saying verb reports what another actor must/should do."""
    for c in verb.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            for a in c.children:
                if a.dep_ in ("aux", "auxpass") and a.lower_ in _OBLIGATION_AUX:
                    return _OBLIGATION_AUX[a.lower_]
    return None


def _by_victim(code: str, sources: list[ActorRef | None], targets: list[ActorRef | None]) -> str:
    """Violence by state forces against protesters is repression (175); armed violence
    against civilians is unconventional violence (18x), not battle (19x)."""
    if code[:2] not in ("18", "19") or not targets:
        return code
    src_roles = {s.role for s in sources if s is not None}
    if any(s is not None and (s.code or "").startswith("IGOWSTNAT") for s in sources):
        src_roles.add("MIL")
    tgt_roles = {t.role for t in targets if t is not None}
    if src_roles & {"POL", "MIL", "GOV"} and tgt_roles & {"OPP"}:
        return "175"
    if code == "190" and tgt_roles and tgt_roles <= {"CVL", "REF"}:
        return "180"
    return code


def _code_noun(noun: Token, doc_id: str, verb_triggers: set[int]) -> _Draft | None:
    code = reduction_code(noun) or noun_code(noun)
    if code is None and not is_incident_word(noun):
        return None
    head = noun.head
    light = noun.dep_ == "dobj" and head.lemma_.lower() in _LIGHT and head.i not in verb_triggers
    if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in _ENGAGE:
        head, light = head.head, head.head.i not in verb_triggers  # "were engaged in ethnic cleansing"
    if light and code and (head.lemma_.lower() in _ENDING or any(c.dep_ == "prt" and c.lower_ == "off" for c in head.children)):
        code = reduced_code(code)  # "ended mediation efforts" 165, "suspended talks" 164
        if code is None:
            return None
    happen = noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _HAPPEN
    background = False
    if code is None or not (light or happen):
        code = incident_code(noun, code)
        if code is None:
            return None
        background = True
    sources: list[ActorRef | None] = []
    targets: list[ActorRef | None] = []
    reciprocal = False
    preps = list(noun.children) + [c for c in head.children if c.dep_ == "prep" and c.lower_ == "between"]
    for c in noun.children:  # "a suspension of air links with Serbia"
        if c.dep_ == "prep" and c.lower_ == "of":
            preps += [g for p in c.children if p.dep_ == "pobj" for g in p.children if g.dep_ == "prep"]
    for c in preps:
        if c.dep_ == "prep":
            pobjs = [p for p in c.children if p.dep_ == "pobj"]
            if c.lower_ == "by":
                sources = refs(pobjs, doc_id, uncoded=True)
            elif c.lower_ in ("on", "against", "with") + (() if background else ("at",)) and not targets:
                targets = first_coded(pobjs, doc_id)
            elif c.lower_ == "between" and code in ("045", "039", "165"):  # mediation between A and B
                targets = refs(pobjs, doc_id, uncoded=False)
            elif c.lower_ == "between":
                sources = refs(pobjs, doc_id, uncoded=False)
                reciprocal = True
        elif c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ", "NOUN")):
            ref = actor_ref(c, doc_id)
            if ref is not None and not sources:
                sources = [ref]
    if not sources and light:
        sources = refs(subject_heads(head), doc_id, uncoded=True)
    if not targets and light:
        targets = first_coded([h for h in object_heads(head) if h.i != noun.i], doc_id)
    if happen and not targets and head.lemma_.lower() in ("kill", "injure", "wound", "hit", "target", "leave"):
        targets = first_coded([c for c in head.children if c.dep_ == "dobj"], doc_id)
    return _Draft(trigger=noun, code=code, sources=sources, targets=targets,
                  negated=is_negated(head), reciprocal=reciprocal, specific=True,
                  background=background)


def _say_verb_speaker(tok: Token, doc_id: str) -> ActorRef | None:
    """The speaker of the saying verb that reports ``tok``'s clause, if any."""
    cur = tok
    for _ in range(8):
        for c in cur.children:  # "Serbia deployed troops, officials said"
            if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in SAY_VERBS:
                found = refs(subject_heads(c), doc_id, uncoded=True)
                if found:
                    return found[0]
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SAY_VERBS:
            found = refs(subject_heads(cur.head), doc_id, uncoded=True)
            return found[0] if found else ActorRef(text=cur.head.text)
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
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
    _protest_purposes(drafts)
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


def _protest_purposes(drafts: list[_Draft]) -> None:
    """CAMEO sub-codes protests by what they demand: a demonstration "to demand the
    president's resignation" is 1411, "for more rights" 1413, "for a referendum" 1414."""
    for d in drafts:
        if d.code not in ("141", "142", "143", "144", "145"):
            continue
        subtree = {t.i for t in d.trigger.subtree} | {t.i for t in d.trigger.head.subtree if t.dep_ != "nsubj"}
        for other in drafts:
            if other is d or other.trigger.i not in subtree:
                continue
            if other.code[:2] in ("10", "02") and len(other.code) == 4 and other.code[2] == "4":
                d.code += other.code[3]
                break
            if other.code in ("104", "024"):
                d.code += "4"
                break


def _is_main(tok: Token) -> bool:
    """Whether an event's trigger is in the sentence's main assertion (the root clause, a
    coordinated main clause, or the clause reported by a saying verb), not in a purpose,
    adverbial or relative clause."""
    cur = tok
    if cur.pos_ in ("NOUN", "PROPN"):
        cur = cur.head
    for _ in range(20):
        if cur.dep_ == "ROOT" or cur.head.i == cur.i:
            return True
        if cur.dep_ == "conj" or (cur.dep_ in ("ccomp", "parataxis") and (
            cur.head.lemma_.lower() in SAY_VERBS or cur.head.dep_ == "ROOT"
        )) or cur.dep_ in ("xcomp",) and cur.head.lemma_.lower() in READY_WORDS:
            cur = cur.head
            continue
        if cur.dep_ in ("aux", "auxpass", "prep", "pobj", "dobj", "nsubj", "nsubjpass", "pcomp"):
            cur = cur.head
            continue
        return False
    return False


def _build(sent: SpacySpan, doc_id: str, drafts: list[_Draft]) -> list[tuple[EventCandidate, bool]]:
    if not drafts:
        return []
    start, end = sent.start_char, sent.end_char
    sent_span = Span(doc_id=doc_id, start=start, end=end, text=doc_text(sent.doc)[start:end])
    fatalities, injuries, arrests = sentence_counts(sent)
    countries = sentence_countries(sent)
    out: list[tuple[EventCandidate, bool]] = []
    counted_violence = counted_arrests = False
    for d in drafts:
        root = tables.root_of(d.code)
        trig = d.trigger
        trigger = Span(doc_id=doc_id, start=trig.idx, end=trig.idx + len(trig.text), text=trig.text)
        spans = time_spans(trig, doc_id)
        counts: dict[str, int | None] = {}
        if not d.negated and not counted_violence and root in _VIOLENT_ROOTS and (fatalities or injuries):
            counts.update(fatalities=fatalities, injuries=injuries)
            counted_violence = True
        if not d.negated and not counted_arrests and d.code == "173" and arrests:
            counts["arrests"] = arrests
            counted_arrests = True
        for source, target in _pairs(d):
            source, target = with_country(source, target, countries), with_country(target, source, countries)
            out.append((EventCandidate(
                sentence=sent_span, trigger=trigger, cameo=d.code, root=root,
                quad_class=tables.quad_class(root) or 0, goldstein=tables.goldstein(d.code) or 0.0,
                source=source, target=target, negated=d.negated, modality=d.modality,
                speaker=d.speaker, confidence=_confidence(d, source, target),
                salience="background" if d.background else ("main" if d.main else "secondary"),
                time_spans=spans, **counts,
            ), d.main and not d.background))
            counts = {}  # the counts belong to the incident, not to every actor pair
    return out


def code_doc(doc: Doc, doc_id: str) -> list[EventCandidate]:
    """Event candidates of every sentence of a parsed document."""
    events: list[EventCandidate] = []
    for sent in doc_sents(doc):
        events.extend(code_sentence(sent, doc_id))
    return events
