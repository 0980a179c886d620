"""Claims: which figure a document states about what, and who it attributes it to.

For each :class:`~brinkwatch.records.Quantity` with a counted noun:

1. the *property* comes from the counted noun and the predicate over it
   (troops/peacekeepers/personnel -> ``troop_count``; inhabitants, "a country of N people",
   "N Serbs live in ..." -> ``population``; killed/died/lost their lives -> ``killed``;
   injured/wounded -> ``injured``; arrested/detained -> ``arrested``; "casualties";
   vehicles -> ``vehicle_count``); an "additional N troops" is ``troop_increase``;
2. the *subject* key comes from the parse and the named entities around it
   (see :mod:`brinkwatch.claims._subjects`);
3. the *speaker* from "according to X", "X said ...", "..., said X";
4. coordinated groups under one outcome predicate are summed into one claim
   ("one officer and three gunmen were killed" -> killed = 4, unit ``people``); a single group
   keeps its own noun as unit ("three gunmen were killed" -> killed = 3, unit ``gunman``);
5. a figure in a sentence that also states an increase ("after 1,000 more arrived, more than
   4,500 ...") gets ``time_scope="after_increase:+1000"`` so that reconciliation can read it
   as a later state rather than a contradiction.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from brinkwatch.analyze.nlp import doc_text
from brinkwatch.claims import _subjects as subj
from brinkwatch.claims._properties import (
    CASUALTY_PROPERTIES,
    INCREASE_WORDS,
    PLANNED_SEND_VERBS,
    SEND_VERBS,
    OUTCOME_NOUNS,
    OUTCOME_PREDICATES,
    PEOPLE_NOUNS,
    POPULATION_NOUNS,
    TROOP_NOUNS,
    VEHICLE_NOUNS,
)
from brinkwatch.records import ClaimCandidate, Quantity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

__all__ = ["extract_claims"]

_CLAUSE_END = {",", ";", ":", ".", "\u2014", "\u2013", "(", ")"}
_INCLUDE_VERBS = {"include", "including", "among"}


def _unit_token(doc: Doc, q: Quantity) -> Token | None:
    if q.unit_span is None:
        return None
    span = doc.char_span(q.unit_span.start, q.unit_span.end, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def _number_token(doc: Doc, q: Quantity) -> Token | None:
    span = doc.char_span(q.span.start, q.span.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    return nums[-1] if nums else span[-1]


def _outcome(tok: Token) -> tuple[str, Token] | None:
    """The casualty property a noun is the argument of, and the predicate token."""
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    for child in tok.children:  # "four people dead", "gunmen killed"
        p = OUTCOME_PREDICATES.get(child.lemma_.lower()) or OUTCOME_PREDICATES.get(child.lower_)
        if p and child.dep_ in ("amod", "acl"):
            return p, child
    head = first.head
    for _ in range(2):
        lemma = head.lemma_.lower()
        if lemma == "lose" and any(c.lemma_.lower() == "life" for c in head.children):
            return "killed", head
        p = OUTCOME_PREDICATES.get(lemma) or OUTCOME_PREDICATES.get(head.lower_)
        if p and head.pos_ in ("VERB", "ADJ", "AUX"):
            return p, head
        if lemma in _INCLUDE_VERBS:  # "dozens of injuries, including 20 soldiers"
            for t in reversed(list(tok.sent)[: head.i - tok.sent.start]):
                if t.lemma_.lower() in OUTCOME_NOUNS:
                    return OUTCOME_NOUNS[t.lemma_.lower()], t
            break
        if head.pos_ != "ADP" or head.head.i == head.i:
            break
        head = head.head
    # fallback for misparsed coordination: an outcome word closing the same clause
    doc = tok.doc
    for t in doc[tok.i + 1 : min(tok.i + 12, tok.sent.end)]:
        if t.text in _CLAUSE_END:
            break
        if t.lemma_.lower() == "lose" and any(c.lemma_.lower() == "life" for c in t.children):
            return "killed", t
        p = OUTCOME_PREDICATES.get(t.lemma_.lower()) or OUTCOME_PREDICATES.get(t.lower_)
        if p and t.pos_ in ("VERB", "ADJ"):
            return p, t
    return None


def _property(doc: Doc, q: Quantity, noun: Token | None) -> tuple[str | None, Token | None]:
    """(property, outcome predicate token or None) for one quantity."""
    unit = q.unit or ""
    head_word = unit.split()[-1] if unit else ""
    if head_word in OUTCOME_NOUNS:
        return OUTCOME_NOUNS[head_word], None
    anchor = noun if noun is not None else _number_token(doc, q)
    if anchor is not None:
        found = _outcome(anchor)
        if found is not None:
            return found
    if head_word in TROOP_NOUNS or unit in TROOP_NOUNS:
        increase = q.qualifier == "additional" or _is_increase(doc, q, noun)
        return ("troop_increase" if increase else "troop_count"), None
    if head_word in VEHICLE_NOUNS or unit in VEHICLE_NOUNS:
        return "vehicle_count", None
    if noun is None:
        return None, None
    if head_word in POPULATION_NOUNS:
        return "population", None
    if head_word in PEOPLE_NOUNS and subj.place_of_population(noun) is not None:
        return "population", None
    if subj.is_group_noun(noun) and subj.group_location(noun) is not None:
        return "population", None
    return None, None


_FUTURE_AUX = {"will", "would", "shall", "to", "'ll", "going", "plan", "plans"}


def _send_verb(noun: Token) -> Token | None:
    """The verb that sends these troops ("send 700 troops", "200 soldiers would reinforce")."""
    verb = noun.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    if lemma in SEND_VERBS and noun.dep_ in ("dobj", "nsubj", "nsubjpass"):
        return verb
    if lemma in PLANNED_SEND_VERBS:
        planned = any(c.lower_ in _FUTURE_AUX for c in verb.children if c.dep_ in ("aux", "mark"))
        role_ok = noun.dep_ == ("nsubj" if lemma == "join" else "dobj")
        if planned and role_ok:
            return verb
    return None


def _is_increase(doc: Doc, q: Quantity, noun: Token | None) -> bool:
    """A reinforcement rather than a force's strength: "700 more troops", "an extra 200",
    "will send about 200 soldiers", "100 soldiers would reinforce the mission"."""
    if noun is None:
        return False
    num = _number_token(doc, q)
    if num is not None and num.i < noun.i:
        between = doc[num.i + 1 : noun.i]
        before = doc[max(num.sent.start, num.i - 3) : num.i]
        words = {t.lower_ for t in (*between, *before)}
        if words & INCREASE_WORDS - {"more"} or "more" in {t.lower_ for t in between}:
            return True
    if any(c.dep_ == "amod" and c.lower_ in INCREASE_WORDS for c in noun.children):
        return True
    return _send_verb(noun) is not None


def _contributor(ctx, noun: Token | None, doc_id: str) -> str | None:
    """Who sends a reinforcement: the subject of the send verb, else the speaker's country."""
    if noun is None:
        return None
    verb = _send_verb(noun)
    if verb is not None:
        for c in verb.children:
            if c.dep_ == "nsubj" and c.i != noun.i:
                who = subj.actor_key(ctx, c)
                if who:
                    return who
    name, _ = subj.speaker(ctx, noun, doc_id)
    if name:
        country = subj.country_key(name)
        if country:
            return f"{country} troops"
    return None


def _increase_in_sentence(qs: list[Quantity], q: Quantity) -> float | None:
    for other in qs:
        if other is not q and other.qualifier == "additional" and other.value:
            if (other.unit or "").split()[-1:] == (q.unit or "").split()[-1:] or (
                (other.unit or "").split()[-1:] and (q.unit or "").split()[-1] in TROOP_NOUNS
                and (other.unit or "").split()[-1] in TROOP_NOUNS
            ):
                return other.value
    return None


def _claim_span(doc: Doc, doc_id: str, q: Quantity, noun: Token | None) -> Span:
    end = q.span.end
    if q.unit_span is not None and q.unit_span.end > end and q.unit_span.start - end < 60:
        end = q.unit_span.end
    return Span(doc_id=doc_id, start=q.span.start, end=end, text=doc_text(doc)[q.span.start : end])


def extract_claims(doc: Doc, doc_id: str, quantities: list[Quantity]) -> list[ClaimCandidate]:
    """Claims (subject, property, value, speaker) for the figures in ``quantities``.

    :param doc: the parsed spaCy Doc the quantities were read from.
    :param doc_id: the document id for spans.
    :param quantities: :func:`brinkwatch.analyze.quantities.read_quantities` output for ``doc``.
    """
    ctx = subj.DocContext(doc)
    by_sentence: dict[int, list[Quantity]] = {}
    for q in quantities:
        by_sentence.setdefault(q.sentence, []).append(q)
    claims: list[ClaimCandidate] = []
    pending: dict[tuple[int, int, str], list[tuple[Quantity, Token | None]]] = {}
    for q in quantities:
        if q.unit in (None, "%") or q.value is None:
            continue
        noun = _unit_token(doc, q)
        prop, pred = _property(doc, q, noun)
        if prop is None:
            continue
        if prop in CASUALTY_PROPERTIES and pred is not None:
            pending.setdefault((q.sentence, pred.i, prop), []).append((q, noun))
            continue
        claim = _make(doc, doc_id, ctx, q, noun, prop, by_sentence.get(q.sentence, []))
        if claim is not None:
            claims.append(claim)
    for (_, _, prop), members in pending.items():
        claims.append(_make_casualty(doc, doc_id, ctx, members, prop))
    claims.sort(key=lambda c: (c.span.start, c.property))
    return claims


def _make(doc, doc_id, ctx, q, noun, prop, sentence_qs) -> ClaimCandidate | None:
    anchor = noun if noun is not None else _number_token(doc, q)
    if prop == "troop_increase":
        subject = _contributor(ctx, noun, doc_id) or subj.troop_subject(ctx, q, anchor)
    elif prop == "troop_count":
        subject = subj.troop_subject(ctx, q, anchor)
    elif prop == "population":
        subject = subj.population_subject(ctx, anchor)
    else:
        subject = subj.event_subject(ctx, anchor)
    if subject is None:
        log.debug("no subject for %r in %s", q.span.text, doc_id)
        return None
    speaker, speaker_span = subj.speaker(ctx, anchor, doc_id)
    scope = None
    if prop == "troop_count" and q.qualifier in ("more than", "at least"):
        inc = _increase_in_sentence(sentence_qs, q)
        if inc is not None:
            scope = f"after_increase:+{int(inc) if float(inc).is_integer() else inc}"
    return ClaimCandidate(
        span=_claim_span(doc, doc_id, q, noun),
        subject=subject,
        property=prop,
        value=q.value,
        low=q.low,
        high=q.high,
        unit=q.unit,
        qualifier=q.qualifier,
        speaker=speaker,
        speaker_span=speaker_span,
        time_scope=scope,
        sentence=q.sentence,
    )


def _singular_conjuncts(members: list[tuple[Quantity, Token | None]]) -> list[Token]:
    """Nouns coordinated with a counted casualty noun that carry "a"/"an" and no number."""
    nouns = {n.i for _, n in members if n is not None}
    out = []
    for _, noun in members:
        if noun is None:
            continue
        for other in noun.conjuncts:
            if other.i in nouns or other.pos_ != "NOUN" or other.i in {t.i for t in out}:
                continue
            kids = list(other.children)
            if any(k.dep_ == "det" and k.lower_ in ("a", "an") for k in kids) and not any(
                k.dep_ == "nummod" for k in kids
            ):
                out.append(other)
    return out


def _make_casualty(doc, doc_id, ctx, members, prop) -> ClaimCandidate:
    """One claim for the groups under one outcome predicate (summed when coordinated)."""
    members.sort(key=lambda m: m[0].span.start)
    first_q, first_noun = members[0]
    last_q, last_noun = members[-1]
    anchor = first_noun if first_noun is not None else _number_token(doc, first_q)
    singles = _singular_conjuncts(members)
    if singles:  # "a police officer and three gunmen were killed": the "a" counts as one
        start_tok = min(t.left_edge.i for t in singles)
        q0 = first_q
        extra = Quantity(
            span=Span(doc_id=doc_id, start=doc[start_tok].idx,
                      end=doc[start_tok].idx + len(doc[start_tok]), text=doc[start_tok].text),
            value=1.0 * len(singles), low=1.0 * len(singles), high=1.0 * len(singles),
            unit=singles[0].lemma_.lower(), sentence=q0.sentence,
        )  # fmt: skip
        members = sorted([*members, (extra, singles[0])], key=lambda m: m[0].span.start)
        first_q, first_noun = members[0]
    if len(members) == 1:
        value, low, high = first_q.value, first_q.low, first_q.high
        unit, qualifier = first_q.unit, first_q.qualifier
    else:
        value = sum(m[0].value or 0 for m in members)
        lows = [m[0].low for m in members]
        highs = [m[0].high for m in members]
        low = None if any(x is None for x in lows) else sum(lows)
        high = None if any(x is None for x in highs) else sum(highs)
        quals = {m[0].qualifier for m in members} - {None}
        unit, qualifier = "people", (quals.pop() if len(quals) == 1 else None)
    start = first_q.span.start
    end = _claim_span(doc, doc_id, last_q, last_noun).end
    speaker, speaker_span = subj.speaker(ctx, anchor, doc_id)
    return ClaimCandidate(
        span=Span(doc_id=doc_id, start=start, end=end, text=doc_text(doc)[start:end]),
        subject=subj.event_subject(ctx, anchor),
        property=prop,
        value=value,
        low=low,
        high=high,
        unit=unit,
        qualifier=qualifier,
        speaker=speaker,
        speaker_span=speaker_span,
        sentence=first_q.sentence,
    )
