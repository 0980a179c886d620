"""The per-article map stage: one document in, one :class:`ArticleAnalysis` out.

It is a pure function of the document (and its anchor date), so it runs in worker
processes; its output is stored, and re-runs skip documents whose analysis is current.
Each extractor runs over the same parsed ``Doc`` (one parse per article).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from brinkwatch.records import ArticleAnalysis, Document, Problem
from brinkwatch.settings import Settings

log = logging.getLogger(__name__)

# Bump when any extractor's output changes, so stored analyses are recomputed.
ANALYZER_VERSION = "11"


@dataclass(frozen=True, slots=True)
class AnalyzeFailure:
    doc_id: str
    source_path: str
    reason: str


def analyze_parsed(doc, document: Document, anchor: str | None,
                   headline_names: tuple[str, ...] = ()) -> ArticleAnalysis:
    """Run every extractor over one parsed document (``headline_names``: the names of its
    title, :func:`brinkwatch.analyze.headline.parse_headlines`, parsed apart)."""
    from brinkwatch.analyze.mentions import read_mentions, read_sentences
    from brinkwatch.analyze.places import get_geocoder
    from brinkwatch.analyze.quantities import read_quantities
    from brinkwatch.analyze.timex import tag_times
    from brinkwatch.claims.extract import extract_claims
    from brinkwatch.coding.coder import code_doc

    doc_id = document.id
    sentences = read_sentences(doc, doc_id)
    bounds = [(s.start, s.end) for s in sentences]
    quantities = read_quantities(doc, doc_id)
    return ArticleAnalysis(
        doc_id=doc_id,
        analyzer_version=ANALYZER_VERSION,
        anchor_date=anchor,
        sentences=tuple(sentences),
        mentions=tuple(read_mentions(doc, doc_id)),
        times=tuple(tag_times(document.text, anchor, doc_id, sentences=bounds)),
        quantities=tuple(quantities),
        places=tuple(get_geocoder().resolve_doc(doc, doc_id)),
        events=tuple(code_doc(doc, doc_id)),
        claims=tuple(extract_claims(doc, doc_id, quantities)),
        headline_names=headline_names,
    )


def _analyze_batch(
    items: list[tuple[Document, str | None]], model: str, batch_size: int
) -> list[ArticleAnalysis | AnalyzeFailure]:
    from brinkwatch.analyze.headline import parse_headlines
    from brinkwatch.analyze.nlp import load_nlp

    nlp = load_nlp(model)
    out: list[ArticleAnalysis | AnalyzeFailure] = []
    headlines = parse_headlines(nlp, [(document.title, document.text) for document, _ in items],
                                batch_size)
    texts = (document.text for document, _ in items)
    for (document, anchor), doc, names in zip(items, nlp.pipe(texts, batch_size=batch_size),
                                              headlines):
        try:
            out.append(analyze_parsed(doc, document, anchor, names))
        except Exception as exc:  # a bug in an extractor: report it with the document id
            log.exception("analysis failed for document %s", document.id)
            out.append(
                AnalyzeFailure(
                    doc_id=document.id,
                    source_path=document.source_path,
                    reason=f"internal error while analysing document {document.id}: "
                    f"{type(exc).__name__}: {exc} (this is a bug; please report it)",
                )
            )
    return out


# A short text of our own: run once per worker at start-up so the model, the extractors'
# compiled patterns and data tables and the gazetteer index are loaded before real work.
_WARM_UP_TEXT = (
    "On Monday, officials in the capital said two police officers were injured in clashes "
    "near the border, and the government threatened to impose sanctions by March 3."
)


def _warm_up(model: str) -> None:
    """Load everything a worker needs (the result is thrown away)."""
    from brinkwatch.analyze.nlp import load_nlp

    nlp = load_nlp(model)
    document = Document(id="warm-up", text=_WARM_UP_TEXT, source_path="<warm-up>")
    analyze_parsed(nlp(_WARM_UP_TEXT), document, "2000-01-03")


def start_workers(settings: Settings) -> ProcessPoolExecutor | None:
    """Start the local worker processes now, each loading the model and the extractors.

    The pipeline calls this when ingest stores the first new document, so the workers'
    start-up (seconds: importing spaCy, loading the model, compiling the extractors' patterns)
    overlaps with the rest of the serial ingest in this process instead of delaying the first
    parse. Returns None when the analysis does not
    run in local worker processes (one worker, or the Ray engine). The caller shuts it down.
    """
    if settings.workers <= 1 or settings.engine != "local":
        return None
    pool = ProcessPoolExecutor(max_workers=settings.workers)
    for _ in range(settings.workers):
        pool.submit(_warm_up, settings.spacy_model)
    return pool


def analyze_documents(
    items: Iterable[tuple[Document, str | None]], settings: Settings,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[ArticleAnalysis | AnalyzeFailure]:
    """Analyse (document, anchor date) pairs, in ``settings.workers`` processes.

    Results come back in input order, chunk by chunk, so the caller can store them in batches.

    :param pool: worker processes from :func:`start_workers` (left running); without it, a
        pool is started here and shut down at the end.
    """
    chunk: list[tuple[Document, str | None]] = []
    chunk_size = max(settings.batch_size, 8)
    if settings.workers <= 1:
        for item in items:
            chunk.append(item)
            if len(chunk) >= chunk_size:
                yield from _analyze_batch(chunk, settings.spacy_model, settings.batch_size)
                chunk = []
        if chunk:
            yield from _analyze_batch(chunk, settings.spacy_model, settings.batch_size)
        return
    if pool is None:
        with ProcessPoolExecutor(max_workers=settings.workers) as own:
            yield from _in_pool(own, items, settings, chunk_size)
    else:
        yield from _in_pool(pool, items, settings, chunk_size)


def _in_pool(
    pool: ProcessPoolExecutor, items: Iterable[tuple[Document, str | None]], settings: Settings,
    chunk_size: int,
) -> Iterator[ArticleAnalysis | AnalyzeFailure]:
    chunk: list[tuple[Document, str | None]] = []
    pending = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= chunk_size:
            pending.append(pool.submit(_analyze_batch, chunk, settings.spacy_model, settings.batch_size))
            chunk = []
            # Bounded queue: keep at most two chunks per worker in flight.
            while len(pending) >= settings.workers * 2:
                yield from pending.pop(0).result()
    if chunk:
        pending.append(pool.submit(_analyze_batch, chunk, settings.spacy_model, settings.batch_size))
    for future in pending:
        yield from future.result()


def failure_problem(failure: AnalyzeFailure) -> Problem:
    return Problem(source_path=failure.source_path, reason=failure.reason, stage="analyze")
