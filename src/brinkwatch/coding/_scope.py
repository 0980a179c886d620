"""Which time expressions date an event: those of the trigger's own clause.

A sentence often holds several times ("the worst violence since Kosovo gained independence
in 2008" next to "on Sept. 24"); only the time in the trigger's own clause dates it. A
subordinate clause without a time of its own (an adverbial, participial or relative clause,
or a coordinated verb) takes the time of the clause it hangs on ("clashes on Sunday when
gunmen ambushed a patrol, killing an officer"); a clause reported by a saying verb does not
("Kirby said on Friday that Serbia had deployed troops" dates the statement, not the act).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brinkwatch.analyze.nlp import doc_ents
from brinkwatch.records import Span

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["clause_head", "clause_tokens", "time_spans"]

# Dependents that open a clause of their own (when headed by a verb).
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "csubj", "csubjpass", "conj", "pcomp"}
# Clauses that share the time of the clause they hang on when they state none.
_INHERITING = {"advcl", "relcl", "acl", "xcomp", "conj", "pcomp"}
_TIME_LABELS = {"DATE", "TIME"}
_TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "yesterday", "today", "tonight", "tomorrow",
}


def clause_head(tok: Token) -> Token:
    """The verb heading the clause a trigger belongs to (a noun's nearest verb ancestor)."""
    cur = tok
    for _ in range(30):
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def _opens_clause(tok: Token) -> bool:
    return tok.dep_ in _CLAUSE_DEPS and tok.pos_ in ("VERB", "AUX")


def clause_tokens(head: Token) -> list[Token]:
    """The tokens of ``head``'s clause, without the clauses embedded in it."""
    out = [head]
    stack = list(head.children)
    while stack:
        tok = stack.pop()
        if _opens_clause(tok):
            continue
        out.append(tok)
        stack.extend(tok.children)
    return out


def _is_time(tok: Token) -> bool:
    return tok.ent_type_ in _TIME_LABELS or tok.lower_ in _TIME_WORDS


def _spans(tokens: list[Token], doc_id: str) -> list[Span]:
    """Char spans of the time entities (or time words) among ``tokens``."""
    out: list[Span] = []
    seen: set[int] = set()
    for tok in sorted(tokens, key=lambda t: t.i):
        if tok.i in seen or not _is_time(tok):
            continue
        ent = next((e for e in doc_ents(tok.doc) if e.start <= tok.i < e.end), None) if tok.ent_type_ else None
        if ent is not None:
            seen.update(range(ent.start, ent.end))
            out.append(Span(doc_id=doc_id, start=ent.start_char, end=ent.end_char, text=ent.text))
        else:
            seen.add(tok.i)
            out.append(Span(doc_id=doc_id, start=tok.idx, end=tok.idx + len(tok.text), text=tok.text))
    return out


def time_spans(trigger: Token, doc_id: str) -> tuple[Span, ...]:
    """Time expressions of the trigger's own clause, else of the nearest governing clause it
    inherits its time from; empty when neither states one."""
    head = clause_head(trigger)
    for _ in range(6):
        found = _spans(clause_tokens(head), doc_id)
        if found:
            return tuple(found)
        if head.dep_ not in _INHERITING or head.head.i == head.i:
            return ()
        head = clause_head(head.head)
    return ()
