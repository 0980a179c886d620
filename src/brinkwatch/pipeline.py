"""The whole run: ingest -> analyze (map) -> resolve, code, claims, signals (reduce/derive).

:func:`run` is what ``brinkwatch run`` calls. Writes are batched in transactions: a crash
loses at most the batch in flight, and a re-run picks up where it stopped (documents are
keyed by content, analyses are cached by document id and analyzer version).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from brinkwatch.ingest.files import iter_input_files
from brinkwatch.ingest.ingester import IngestCounts, ingest_raw
from brinkwatch.ingest.readers import read_path
from brinkwatch.records import Problem
from brinkwatch.settings import Settings
from brinkwatch.store.db import Store

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from brinkwatch.scale.ray_engine import RayStart

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]


@dataclass
class RunReport:
    files: int = 0
    new_documents: int = 0
    exact_copies: int = 0
    near_copies: int = 0
    already_stored: int = 0
    analysed: int = 0
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0
    stories: int = 0
    events: int = 0
    claims: int = 0
    disputed_claims: int = 0
    derived: bool = True  # False: nothing had changed, the stored derived tables were kept
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _noop(stage: str, done: int, total: int | None) -> None:
    return None


def ingest(
    store: Store, paths: list[str], settings: Settings, report: RunReport, progress: Progress,
    on_new: Callable[[], None] | None = None,
) -> None:
    """Store the documents read from ``paths`` (copies folded into the stored documents).

    :param on_new: called once, as soon as a new document is stored (the pipeline starts the
        analysis workers then, so a run with nothing new never starts them). Until then the
        documents are stored in small, doubling batches, so the first new one is known early.
    """
    counts = IngestCounts()
    batch: list = []
    waiting = on_new  # until the first new document is stored
    limit = 1 if waiting is not None else 200

    def flush() -> None:
        nonlocal waiting, limit
        with store.transaction():
            for out in batch:
                if isinstance(out, Problem):
                    report.problems.append(out)
                    store.record_problem(out)
                else:
                    ingest_raw(store, out, counts, near_threshold=settings.near_duplicate_threshold)
        batch.clear()
        limit = min(200, limit * 2)
        if waiting is not None and counts.new:
            start, waiting, limit = waiting, None, 200
            start()

    for item in iter_input_files(paths):
        if isinstance(item, Problem):
            batch.append(item)
            continue
        shown, path = item
        report.files += 1
        progress("ingest", report.files, None)
        for out in read_path(shown, path, max_bytes=settings.max_bytes):
            batch.append(out)
            if len(batch) >= limit:
                flush()
    flush()
    report.new_documents = len(counts.new)
    report.exact_copies = counts.exact_copies
    report.near_copies = counts.near_copies
    report.already_stored = counts.already_stored


def analyze(
    store: Store, settings: Settings, report: RunReport, progress: Progress,
    pool: ProcessPoolExecutor | None = None,
    ray_start: RayStart | None = None,
) -> None:
    """Analyse the stored documents with no current analysis (``pool``: warm local workers;
    ``ray_start``: Ray's start-up from :func:`brinkwatch.scale.ray_engine.start_ray`)."""
    from brinkwatch.analyze.article import ANALYZER_VERSION, AnalyzeFailure, analyze_documents, failure_problem

    todo = [
        row[0] for row in store.rows(
            "SELECT d.id FROM documents d LEFT JOIN analyses a ON a.doc_id = d.id "
            "WHERE a.analyzer_version IS NULL OR a.analyzer_version != ? ORDER BY d.rowid",
            (ANALYZER_VERSION,),
        )
    ]
    if not todo:
        return
    default = settings.default_date
    # Stream the texts in pages, so memory stays flat however many documents wait.
    items = ((d, d.published or default) for d in store.iter_documents(todo))
    batch = []
    done = 0
    if settings.engine == "ray":
        from brinkwatch.scale.ray_engine import analyze_documents_ray

        results = analyze_documents_ray(items, settings, ray_start)
    else:
        results = analyze_documents(items, settings, pool)
    for result in results:
        batch.append(result)
        done += 1
        progress("analyze", done, len(todo))
        if len(batch) >= 50:
            _store_analyses(store, batch, report, AnalyzeFailure, failure_problem)
            batch = []
    _store_analyses(store, batch, report, AnalyzeFailure, failure_problem)


def _store_analyses(store, batch, report, failure_type, to_problem) -> None:
    with store.transaction():
        for result in batch:
            if isinstance(result, failure_type):
                problem = to_problem(result)
                report.problems.append(problem)
                store.record_problem(problem)
            else:
                store.put_analysis(result)
                report.analysed += 1


class _WarmStart:
    """The analysis workers, started once on demand: the local pool
    (:func:`~brinkwatch.analyze.article.start_workers`) or Ray
    (:func:`~brinkwatch.scale.ray_engine.start_ray`), whichever the settings use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool: ProcessPoolExecutor | None = None
        self.ray: RayStart | None = None

    def start(self) -> None:
        from brinkwatch.analyze.article import start_workers
        from brinkwatch.scale.ray_engine import start_ray

        self.pool = start_workers(self.settings)
        self.ray = start_ray(self.settings)  # engine ray: ray.init + model loads, in the background


def run(paths: list[str], db_path: str, settings: Settings | None = None, progress: Progress | None = None) -> RunReport:
    """Ingest ``paths`` into the store at ``db_path``, analyse what is new, re-derive the rest.

    :raises brinkwatch.store.db.StoreError: the store cannot be opened or written.
    :raises brinkwatch._setting_files.SettingFileError: a user file named by an environment
        variable cannot be used (actors, gazetteer: before anything is stored).
    """
    from brinkwatch._setting_files import check_setting_files
    from brinkwatch.derive import derive

    check_setting_files()  # in this process, before the store is opened or a worker starts
    settings = settings or Settings()
    progress = progress or _noop
    report = RunReport()
    with Store(db_path) as store:
        run_id = store.start_run(list(paths))
        clock = time.perf_counter()
        # The analysis workers start (and load the model) while this process ingests, from
        # the first new document on: a run with nothing new never starts them.
        warm = _WarmStart(settings)
        try:
            ingest(store, paths, settings, report, progress, on_new=warm.start)
            report.stage_seconds["ingest"] = round(time.perf_counter() - clock, 3)
            clock = time.perf_counter()
            analyze(store, settings, report, progress, warm.pool, warm.ray)
        finally:
            pool = warm.pool
            if pool is not None:
                # Idle workers exit on their own; one still warming up (nothing reached
                # analysis) finishes in the background instead of delaying the derive stage.
                pool.shutdown(wait=False, cancel_futures=True)
        report.stage_seconds["analyze"] = round(time.perf_counter() - clock, 3)
        progress("resolve", 0, None)
        clock = time.perf_counter()
        summary = derive(store, settings)
        report.stage_seconds["derive"] = round(time.perf_counter() - clock, 3)
        report.documents = summary["documents"]
        report.stories = summary["stories"]
        report.events = summary["events"]
        report.claims = summary["claims"]
        report.disputed_claims = summary["disputed_claims"]
        report.derived = summary["derived"]
        store.finish_run(run_id, {
            "files": report.files, "new_documents": report.new_documents,
            "problems": len(report.problems), **summary,
        })
    return report
