"""The analyze (map) stage on Ray Data, for backfills bigger than one machine.

``brinkwatch run --engine ray [--ray-address auto|HOST:PORT]`` sends the documents that need
analysis through ``map_batches`` on Ray tasks (at most ``--workers`` at a time, one spaCy
pipeline per Ray worker process, loaded once and kept for every later batch); the analyses
stream back in input order to the store as batches finish and are appended to a Parquet file
on the way (:func:`read_analyses` reads it back); ingest before it and the reduce/derive
stages after it are the local engine's, so both engines give the same export. Needs the
optional extra ``brinkwatch[ray]``.

Start-up overlaps with ingest: the pipeline calls :func:`start_ray` when ingest stores the
first new document, which starts Ray (or joins the cluster) in a background thread and sends
one warm-up task per worker that loads the model in a Ray worker process; Ray runs the map
tasks in those same, already warm, processes.

Recipe for a cluster: ``ray start --head`` on one machine, ``ray start --address HEAD:6379``
on each worker (all with brinkwatch[ray] installed), then run with ``--ray-address auto`` on
the head; see docs/SCALE.md.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from brinkwatch.analyze.article import AnalyzeFailure
from brinkwatch.records import ArticleAnalysis, Document, from_dict, to_dict
from brinkwatch.settings import Settings

log = logging.getLogger(__name__)


class RayNotInstalled(RuntimeError):
    """``--engine ray`` without the ``brinkwatch[ray]`` extra."""


class RayStartFailed(RayNotInstalled):
    """Ray is installed but could not start (or reach the cluster at ``--ray-address``).

    A subclass of :class:`RayNotInstalled` so that callers reporting that as one line (the
    command line) report this the same way.
    """


def _analyze_block(batch: dict, model: str, batch_size: int) -> dict:
    """A Ray Data map task: analyse one batch of documents (JSON strings in, JSON strings out).

    The model is loaded once per Ray worker process (``load_nlp`` caches it), by the warm-up
    task when :func:`start_ray` ran, else by the first batch the process gets.
    """
    from brinkwatch.analyze.article import _analyze_batch

    items = [
        (from_dict(Document, json.loads(doc)), anchor or None)
        for doc, anchor in zip(batch["document"], batch["anchor"])
    ]
    out: dict[str, list] = {"position": [], "kind": [], "payload": []}
    for position, result in zip(batch["position"], _analyze_batch(items, model, batch_size)):
        out["position"].append(int(position))
        if isinstance(result, AnalyzeFailure):
            out["kind"].append("failure")
            out["payload"].append(json.dumps([result.doc_id, result.source_path, result.reason]))
        else:
            out["kind"].append("analysis")
            out["payload"].append(json.dumps(to_dict(result), separators=(",", ":")))
    return out


def _warm_worker(model: str) -> int:
    """A Ray task: import the analyzer and Ray Data's batch code and load the model in this
    worker process, so the map tasks Ray later runs here start parsing at once."""
    import ray.data  # noqa: F401  (the map tasks' own imports)

    from brinkwatch.analyze.article import _warm_up

    _warm_up(model)
    return os.getpid()


def _init_ray(settings: Settings):
    try:
        import ray
    except ImportError as exc:
        raise RayNotInstalled("--engine ray needs the optional extra: pip install 'brinkwatch[ray]'") from exc
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage-report thread or prompt
    if ray.is_initialized():
        return ray
    if threading.current_thread() is not threading.main_thread():
        # Started by RayStart in the background: Ray's driver SIGTERM handler cannot be set
        # there, and its warning about that means nothing to a user.
        logging.getLogger("ray._private.worker").addFilter(_drop_sigterm_warning)
    try:
        if settings.ray_address:
            ray.init(address=settings.ray_address, log_to_driver=False)
        else:
            temp = Path(tempfile.gettempdir()) / "brinkwatch-ray"
            temp.mkdir(exist_ok=True)
            ray.init(num_cpus=settings.workers, include_dashboard=False, log_to_driver=False,
                     _temp_dir=str(temp))
    except Exception as exc:
        where = (f"the Ray cluster at {settings.ray_address}" if settings.ray_address
                 else "a local Ray instance")
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise RayStartFailed(f"could not start {where}: {reason}") from exc
    return ray


def _drop_sigterm_warning(record: logging.LogRecord) -> bool:
    return "SIGTERM handler is not set" not in record.getMessage()


class RayStart:
    """Ray's start-up, running in a background thread (see :func:`start_ray`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.warm_pids: list = []  # object refs of the warm-up tasks (each returns its pid)
        self._error: BaseException | None = None
        self._ready = threading.Event()
        # If the run ends (nothing reached analysis) while Ray is still starting, the interpreter
        # waits for the start to finish before its exit hooks stop Ray (callbacks registered
        # here run before those hooks; concurrent.futures uses the same).
        getattr(threading, "_register_atexit", atexit.register)(self._ready.wait, 120)
        self._thread = threading.Thread(target=self._start, name="brinkwatch-ray-start",
                                        daemon=True)
        self._thread.start()

    def _start(self) -> None:
        owner = False
        try:
            try:
                import ray
            except ImportError:
                ray = None
            owner = ray is not None and not ray.is_initialized()
            ray = _init_ray(self.settings)
            import ray.data  # noqa: F401  (a second or more; done here, not after ingest)

            warm = ray.remote(num_cpus=1)(_warm_worker)
            model = self.settings.spacy_model
            self.warm_pids = [warm.remote(model) for _ in range(self.settings.workers)]
        except BaseException as exc:  # re-raised in the caller's thread by wait()
            self._error = exc
            owner = False
        finally:
            self._ready.set()
        if owner:
            # The processes of a local Ray instance die with the thread that started them
            # (Linux parent-death signal), so this thread stays, asleep, until the process
            # exits (Ray's own exit hook stops them first).
            threading.Event().wait()

    def wait(self):
        """Block until Ray is up; return the ``ray`` module.

        :raises RayNotInstalled: no Ray; :class:`RayStartFailed`: it could not start.
        """
        self._ready.wait()
        if self._error is not None:
            raise self._error
        import ray

        return ray


def start_ray(settings: Settings) -> RayStart | None:
    """With ``engine == "ray"``: start Ray and warm its workers in the background, now.

    The pipeline calls this when ingest stores the first new document, so ``ray.init`` and
    the model loads in the Ray workers overlap with the rest of the serial ingest instead of
    delaying the first parse (the local
    engine's :func:`brinkwatch.analyze.article.start_workers` does the same for its worker
    processes). Nothing blocks on it unless there is something to analyse. Returns None for
    the local engine.
    """
    if settings.engine != "ray":
        return None
    return RayStart(settings)


def analyze_documents_ray(
    items: Iterable[tuple[Document, str | None]], settings: Settings, start: RayStart | None = None,
) -> Iterator[ArticleAnalysis | AnalyzeFailure]:
    """Same contract as :func:`brinkwatch.analyze.article.analyze_documents`, on Ray Data.

    Results stream back to the driver in input order as the tasks finish each batch (so
    the caller stores them while the rest is still being parsed) and are appended to the
    Parquet file ``analyses.parquet`` under ``settings.ray_output`` (a temp folder if unset).

    :param start: Ray's start-up from :func:`start_ray`, begun earlier; without it, Ray is
        started here.
    """
    rows = [
        {"position": i, "document": json.dumps(to_dict(doc)), "anchor": anchor or ""}
        for i, (doc, anchor) in enumerate(items)
    ]
    if not rows:
        return
    ray = start.wait() if start is not None else _init_ray(settings)
    from ray.data import TaskPoolStrategy

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    # Small blocks and batches keep every worker busy to the end (a few large blocks leave
    # one worker idle while the other finishes). Tasks, not an actor pool: Ray reuses the
    # worker processes the warm-up tasks already loaded the model in, where a new actor
    # would start a new process and load the model again after ingest.
    batch = max(4, min(settings.batch_size, 16))
    blocks = max(1, min(-(-len(rows) // batch), 64 * settings.workers))
    dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
        _analyze_block,
        fn_kwargs={"model": settings.spacy_model, "batch_size": settings.batch_size},
        batch_size=batch,
        batch_format="numpy",
        compute=TaskPoolStrategy(size=min(settings.workers, blocks)),
        num_cpus=1,
    )
    del rows
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(settings.ray_output or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        yield from _stream(dataset, folder / "analyses.parquet")


def _stream(dataset, target: Path) -> Iterator[ArticleAnalysis | AnalyzeFailure]:
    """The dataset's output blocks in order, decoded, each also appended to ``target``."""
    import pyarrow.parquet as pq

    writer = None
    try:
        for table in dataset.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=2):
            if writer is None:
                writer = pq.ParquetWriter(str(target), table.schema)
            writer.write_table(table)
            yield from _decode(table)
    finally:
        if writer is not None:
            writer.close()


def read_analyses(path: Path) -> Iterator[ArticleAnalysis | AnalyzeFailure]:
    """Analyses from a Parquet file (or folder) the Ray engine wrote, in input order."""
    import pyarrow.parquet as pq

    yield from _decode(pq.read_table(path).sort_by("position"))


def _decode(table) -> Iterator[ArticleAnalysis | AnalyzeFailure]:
    for kind, payload in zip(table.column("kind").to_pylist(), table.column("payload").to_pylist()):
        if kind == "failure":
            doc_id, source_path, reason = json.loads(payload)
            yield AnalyzeFailure(doc_id=doc_id, source_path=source_path, reason=reason)
        else:
            yield from_dict(ArticleAnalysis, json.loads(payload))
