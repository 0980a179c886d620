"""Quantities: numbers with their qualifier, interval and counted noun, read from a parsed Doc.

The reader walks each sentence's tokens:

1. find a number phrase (digits, number words, scale words, vague amounts like "dozens");
2. widen it to a range ("500-650", "between 500 and 650") and a percentage ("5%", "5 percent");
3. read the qualifier just before it ("about", "more than", "up to", ...) and turn the
   stated number into an interval (conventions in :mod:`brinkwatch.analyze._numbers`);
4. find the counted noun through the dependency parse (falling back to the next noun);
5. drop what is not a count: dates, years, clock times, ordinals, durations
   ("18-hour shifts"), phone numbers, partitive "one of the ...".

Spans are character offsets into ``doc.text``; ``doc.text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING

from brinkwatch.analyze._numbers import (
    QUALIFIERS,
    SCALE_WORDS,
    TENS,
    UNITS,
    VAGUE,
    parse_digits,
    parse_number,
    parse_number_interval,
    qualify,
    rounded,
)
from brinkwatch.analyze.nlp import doc_sents, doc_text
from brinkwatch.records import Quantity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

__all__ = ["parse_number", "read_quantities"]

TIME_UNITS = {
    "second", "minute", "hour", "day", "night", "week", "weekend", "month", "year", "decade",
    "century", "fortnight", "am", "pm", "a.m.", "p.m.", "o'clock",
}  # fmt: skip
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
PERCENT_WORDS = {"%", "percent", "per cent", "pct"}
RANGE_LINKS = {"-", "\u2013", "\u2014", "to"}
INCREMENT_WORDS = {"more", "additional", "extra", "further", "new"}
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
_PHONE = re.compile(r"^\+?\(?\d[\d\s().-]{6,}\d$")
_PHONE_RUN = re.compile(r"\+?\(?\d{2,4}\)?[-. ]\d{2,4}[-. ]\d{3,4}\b")
_MAX_QUALIFIER_WORDS = 3
_VAGUE_STARTS = sorted(
    (k for k in VAGUE if k not in ("few", "dozen")), key=lambda k: -len(k.split())
)
# Most tokens start no number phrase: a set lookup on the first word rules them out before
# the phrase tables are tried.
_VAGUE_FIRST_WORDS = frozenset(k.split()[0] for k in _VAGUE_STARTS)


def _lower(tok: Token) -> str:
    return tok.lower_.replace("\u2013", "-").replace("\u2014", "-")


def _is_number_token(tok: Token) -> bool:
    return _is_number_text(_lower(tok))


@functools.lru_cache(maxsize=65536)
def _is_number_text(t: str) -> bool:
    """Whether a lowered token text is a number (digits or number words)."""
    if parse_digits(t) is not None:
        return True
    if t in UNITS or t in TENS or t in SCALE_WORDS:
        return True
    return "-" in t and all(p in UNITS or p in TENS for p in t.split("-"))


_JOINERS = frozenset(TENS) | SCALE_WORDS | {"and", "-"}


def _is_continuation(tokens: list[Token], j: int) -> bool:
    """Token j continues a number phrase ("hundred", "and" + number word, "-" in twenty-five)."""
    t = _lower(tokens[j])
    if t in SCALE_WORDS or t in ("k", "bn", "m", "mn"):
        return True
    if t in UNITS or t in TENS:
        return _lower(tokens[j - 1]) in _JOINERS
    if t in ("and", "-") and j + 1 < len(tokens):
        prev, nxt = _lower(tokens[j - 1]), _lower(tokens[j + 1])
        if t == "-" and prev in TENS and nxt in UNITS:
            return True
        return t == "and" and prev in SCALE_WORDS and (nxt in UNITS or nxt in TENS)
    return False


def _number_phrase(tokens: list[Token], i: int) -> tuple[int, str] | None:
    """The end (exclusive) and kind ("vague"/"number") of a number phrase starting at i."""
    first = _lower(tokens[i])
    if first not in _VAGUE_FIRST_WORDS and first not in ("a", "an") and not _is_number_token(tokens[i]):
        return None
    lowers = [first] + [_lower(t) for t in tokens[i + 1 : i + 4]]
    for key in _VAGUE_STARTS:
        n = len(key.split())
        if " ".join(lowers[:n]) == key:
            return i + n, "vague"
    if lowers[0] in ("a", "an") and len(lowers) > 1 and lowers[1] in SCALE_WORDS:
        j = i + 2
    elif _is_number_token(tokens[i]):
        j = i + 1
    else:
        return None
    while j < len(tokens) and _is_continuation(tokens, j):
        j += 1
    if j < len(tokens) and _lower(tokens[j]) == "dozen":
        j += 1
    return j, "number"


def _qualifier_before(tokens: list[Token], start: int, floor: int) -> tuple[int, str] | None:
    for n in range(_MAX_QUALIFIER_WORDS, 0, -1):
        if start - n < floor:
            continue
        words = " ".join(_lower(t) for t in tokens[start - n : start])
        if words in QUALIFIERS:
            return start - n, words
    return None


def _is_year(tokens: list[Token], i: int, end: int) -> bool:
    text = tokens[i].text
    if end - i != 1 or not re.fullmatch(r"\d{4}", text) or not 1500 <= int(text) <= 2100:
        return False
    nxt = tokens[end] if end < len(tokens) else None
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.lemma_.lower() not in TIME_UNITS:
        return tokens[i].ent_type_ == "DATE"
    return True


def _skip(tokens: list[Token], i: int, end: int, kind: str) -> str | None:
    """Why the phrase tokens[i:end] is not a count, or None when it is one."""
    first = tokens[i]
    if any(t.ent_type_ in ("DATE", "TIME", "ORDINAL") for t in tokens[i:end]) and kind != "vague":
        has_comma = any("," in t.text or t.lower_ in SCALE_WORDS for t in tokens[i:end])
        if not has_comma:
            return "date or time"
    if _ORDINAL.match(first.text):
        return "ordinal"
    if _PHONE.match(first.text) and first.text.count("-") + first.text.count(" ") >= 2:
        return "phone number"
    if ":" in first.text:
        return "clock time"
    if _is_year(tokens, i, end):
        return "year"
    if i > 0 and tokens[i - 1].lower_.rstrip(".") in MONTHS:
        return "date"
    if end < len(tokens) and tokens[end].lower_.rstrip(".") in MONTHS:
        return "date"
    partitive = end < len(tokens) and tokens[end].lower_ == "of"
    if kind == "number" and _lower(first) == "one" and partitive:
        return "partitive one"
    return None


def _phrase_root(tokens: list[Token], start: int, end: int) -> Token:
    """The token of tokens[start:end] whose head lies outside it (its syntactic root)."""
    ids = {t.i for t in tokens[start:end]}
    for t in reversed(tokens[start:end]):
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[end - 1]


def _counted_noun(tokens: list[Token], start: int, end: int) -> Token | None:
    """The noun a number counts: via the parse first, then the next noun after the number."""
    root = _phrase_root(tokens, start, end)
    last = tokens[end - 1]
    if end < len(tokens) and tokens[end].lower_ == "of":
        for j in range(end + 1, min(end + 6, len(tokens))):
            if tokens[j].pos_ in ("NOUN", "PROPN") and tokens[j].dep_ in ("pobj", "conj"):
                return tokens[j]
    cand = root.head
    attached = root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "appos", "conj")
    if attached and cand.i > last.i:
        while (
            cand.pos_ in ("PROPN", "ADJ", "NUM", "VERB")
            and cand.dep_ in ("compound", "nmod", "amod", "nummod")
            and cand.head.i > cand.i
        ):
            cand = cand.head
        if cand.pos_ in ("NOUN", "PROPN") and cand.i - last.i <= 12:
            return cand
    for j in range(end, min(end + 6, len(tokens))):
        t = tokens[j]
        if t.pos_ == "NOUN":
            return t
        if t.pos_ in ("VERB", "AUX", "ADP", "PRON", "DET", "CCONJ", "SCONJ") or t.text in ",.;:":
            if t.pos_ == "VERB" and t.dep_ == "amod":
                continue
            break
    if end < len(tokens) and tokens[end].pos_ == "PROPN" and tokens[end].ent_type_ == "NORP":
        return tokens[end]
    return None


def _unit_start(noun: Token) -> int:
    """Include compound nouns to the left ("police officer")."""
    start = noun.i
    for child in reversed(list(noun.lefts)):
        if child.dep_ == "compound" and child.pos_ == "NOUN" and child.i == start - 1:
            start = child.i
    return start


def read_quantities(doc: Doc, doc_id: str) -> list[Quantity]:
    """Every count, percentage and range in ``doc``, with qualifier interval and counted noun.

    :param doc: a parsed spaCy Doc (tagger, parser, NER and lemmatizer used when present).
    :param doc_id: the document id written into every span.
    """
    out: list[Quantity] = []
    for s_idx, sent in enumerate(doc_sents(doc)):
        tokens = list(sent)
        lowers = [_lower(t) for t in tokens]
        i = 0
        last_unit: tuple[str, Span | None] | None = None
        while i < len(tokens):
            first = lowers[i]
            digit = tokens[i].text[:1].isdigit()
            phone = _PHONE_RUN.match(doc_text(doc), tokens[i].idx) if digit else None
            if phone is not None and not re.fullmatch(r"[\d,]+ \d[\d,]*", phone.group()):
                while i < len(tokens) and tokens[i].idx < phone.end():
                    i += 1
                continue
            # the test _number_phrase starts with, on the lowered texts read once
            if first not in _VAGUE_FIRST_WORDS and first not in ("a", "an") and not _is_number_text(first):
                i += 1
                continue
            found = _number_phrase(tokens, i)
            if found is None:
                i += 1
                continue
            end, kind = found
            reason = _skip(tokens, i, end, kind)
            if reason:
                log.debug("skip %r: %s", doc[tokens[i].i : tokens[end - 1].i + 1].text, reason)
                i = end
                continue
            q, next_i, last_unit = _build(doc, doc_id, tokens, i, end, kind, s_idx, last_unit)
            if q is not None:
                out.append(q)
            i = next_i
    return out


def _build(doc, doc_id, tokens, i, end, kind, s_idx, last_unit):
    """One Quantity from the number phrase tokens[i:end]; returns (q, next index, last unit)."""
    phrase = doc_text(doc)[tokens[i].idx : tokens[end - 1].idx + len(tokens[end - 1])]
    parsed = parse_number_interval(phrase)
    if parsed is None:
        return None, end, last_unit
    value, low, high = parsed
    span_start, span_end = i, end
    qualifier = None
    qual = _qualifier_before(tokens, i, 0)
    if qual is not None and not (qual[1] == "some" and kind == "vague"):
        span_start, qualifier = qual[0], QUALIFIERS[qual[1]]
    # ranges: "500-650", "500 to 650", "between 500 and 650"
    between = i > 0 and _lower(tokens[i - 1]) in ("between", "from")
    links = RANGE_LINKS | ({"and"} if between else set())
    if end + 1 < len(tokens) and _lower(tokens[end]) in links:
        second = _number_phrase(tokens, end + 1)
        if second is not None and second[1] == "number":
            stop = tokens[second[0] - 1]
            other = doc_text(doc)[tokens[end + 1].idx : stop.idx + len(stop)]
            hi = parse_number(other)
            if hi is not None and hi > value:
                high, end = hi, second[0]
                span_end = end
                if between:
                    span_start, qualifier = i - 1, "between"
                elif qualifier is None:
                    qualifier = "range"
    unit = None
    unit_tok = None
    if end < len(tokens) and _lower(tokens[end]) in PERCENT_WORDS:
        unit, span_end, end = "%", end + 1, end + 1
    elif end + 1 < len(tokens) and f"{_lower(tokens[end])} {_lower(tokens[end + 1])}" == "per cent":
        unit, span_end, end = "%", end + 2, end + 2
    if unit is None:
        unit_tok = _counted_noun(tokens, i, end)
        if unit_tok is not None:
            lemma = unit_tok.lemma_.lower()
            if lemma in TIME_UNITS or unit_tok.text.lower().rstrip(".") in MONTHS:
                return None, end, last_unit
            unit = lemma
    if qualifier is None and end < len(tokens) and _lower(tokens[end]) in INCREMENT_WORDS:
        if tokens[end].lower_ == "more" and unit_tok is not None and unit_tok.i > tokens[end].i:
            qualifier = "additional"
        elif tokens[end].lower_ == "more" and unit_tok is None:
            qualifier = "additional"
    unit_span = None
    if unit_tok is not None:
        u0 = doc[_unit_start(unit_tok)]
        unit_span = _span(doc, doc_id, u0.idx, unit_tok.idx + len(unit_tok))
        if unit != "%":
            unit = doc_text(doc)[u0.idx : unit_tok.idx].lower().strip()
            unit = f"{unit} {unit_tok.lemma_.lower()}".strip() if unit else unit_tok.lemma_.lower()
    elif unit is None and kind == "number" and _lower(tokens[i]) != "one" and last_unit:
        root = _phrase_root(tokens, i, end)
        if root.dep_ in ("nsubj", "nsubjpass", "dobj", "conj"):
            unit = last_unit[0]  # ellipsis: "three gunmen were killed and three arrested"
    if unit is None and kind == "number" and _lower(tokens[i]) == "one":
        return None, end, last_unit
    if qualifier is not None and qualifier not in ("between", "range", "additional"):
        low, high = qualify(value, low, high, qualifier)
    if unit is not None and unit != "%":
        last_unit = (unit, unit_span)
    start_char = tokens[span_start].idx
    end_char = tokens[span_end - 1].idx + len(tokens[span_end - 1])
    q = Quantity(
        span=_span(doc, doc_id, start_char, end_char),
        value=value,
        low=rounded(low),
        high=rounded(high),
        qualifier=qualifier,
        unit=unit,
        unit_span=unit_span,
        sentence=s_idx,
    )
    return q, end, last_unit


def _span(doc: Doc, doc_id: str, start: int, end: int) -> Span:
    return Span(doc_id=doc_id, start=start, end=end, text=doc_text(doc)[start:end])
