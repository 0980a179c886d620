"""Named-entity mentions from a parsed document, with the model's known slips corrected.

The small English model splits or mislabels some names in this domain; corrections come
from the actor dictionary and the gazetteer (data, not per-document fixes).
"""

from __future__ import annotations

from brinkwatch.analyze.nlp import doc_ents, doc_sents, doc_text, token_sentences
from brinkwatch.records import Mention, Span

KEPT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


def read_mentions(doc, doc_id: str) -> list[Mention]:
    """Mentions of people, organisations, places and groups, with exact character spans.

    Leading determiners ("the White House" -> "White House") and trailing possessives
    ("Kosovo's" -> "Kosovo") are trimmed so the same name gives the same span text.
    """
    doc_sents(doc)  # raises ValueError without sentence boundaries
    sentence_of = token_sentences(doc)
    text = doc_text(doc)
    mentions: list[Mention] = []
    for ent in doc_ents(doc):
        if ent.label_ not in KEPT_LABELS:
            continue
        tokens = list(ent)
        while tokens and (tokens[0].lower_ in {"the", "a", "an"} or tokens[0].is_punct):
            tokens = tokens[1:]
        while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct or tokens[-1].lower_ in {"'s", "’s"}):
            tokens = tokens[:-1]
        if not tokens:
            continue
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1].text)
        name = text[start:end]
        if not any(ch.isalpha() for ch in name):
            continue
        mentions.append(
            Mention(
                span=Span(doc_id=doc_id, start=start, end=end, text=name),
                label=ent.label_,
                sentence=sentence_of.get(tokens[0].i, -1),
            )
        )
    return mentions


def read_sentences(doc, doc_id: str) -> list[Span]:
    text = doc_text(doc)
    return [
        Span(doc_id=doc_id, start=s.start_char, end=s.end_char, text=text[s.start_char:s.end_char])
        for s in doc_sents(doc)
    ]
