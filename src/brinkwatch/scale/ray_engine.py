"""The analyze (map) stage on Ray Data, for backfills bigger than one machine.

``brinkwatch run --engine ray [--ray-address auto|HOST:PORT]`` sends the documents that need
analysis through ``map_batches`` on an actor pool (one spaCy pipeline per actor); the
analyses stream back in input order to the store as batches finish and are appended to a
Parquet file on the way (:func:`read_analyses` reads it back); ingest before it and the
reduce/derive stages after it are the local engine's, so both engines give the same
export. Needs the optional extra ``brinkwatch[ray]``.

Recipe for a cluster: ``ray start --head`` on one machine, ``ray start --address HEAD:6379``
on each worker (all with brinkwatch[ray] installed), then run with ``--ray-address auto`` on
the head; see docs/SCALE.md.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from brinkwatch.analyze.article import AnalyzeFailure
from brinkwatch.records import ArticleAnalysis, Document, from_dict, to_dict
from brinkwatch.settings import Settings

log = logging.getLogger(__name__)


class RayNotInstalled(RuntimeError):
    """``--engine ray`` without the ``brinkwatch[ray]`` extra."""


class _Analyzer:
    """A Ray Data actor: loads the spaCy pipeline once, analyses batches of documents."""

    def __init__(self, model: str, batch_size: int) -> None:
        from brinkwatch.analyze.nlp import load_nlp

        self.model, self.batch_size = model, batch_size
        load_nlp(model)

    def __call__(self, batch: dict) -> dict:
        from brinkwatch.analyze.article import _analyze_batch

        items = [
            (from_dict(Document, json.loads(doc)), anchor or None)
            for doc, anchor in zip(batch["document"], batch["anchor"])
        ]
        out = {"position": [], "kind": [], "payload": []}
        for position, result in zip(batch["position"], _analyze_batch(items, self.model, self.batch_size)):
            out["position"].append(int(position))
            if isinstance(result, AnalyzeFailure):
                out["kind"].append("failure")
                out["payload"].append(json.dumps([result.doc_id, result.source_path, result.reason]))
            else:
                out["kind"].append("analysis")
                out["payload"].append(json.dumps(to_dict(result), separators=(",", ":")))
        return out


def _init_ray(settings: Settings):
    try:
        import ray
    except ImportError as exc:
        raise RayNotInstalled("--engine ray needs the optional extra: pip install 'brinkwatch[ray]'") from exc
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage-report thread or prompt
    if not ray.is_initialized():
        if settings.ray_address:
            ray.init(address=settings.ray_address, log_to_driver=False)
        else:
            temp = Path(tempfile.gettempdir()) / "brinkwatch-ray"
            temp.mkdir(exist_ok=True)
            ray.init(num_cpus=settings.workers, include_dashboard=False, log_to_driver=False,
                     _temp_dir=str(temp))
    return ray


def analyze_documents_ray(
    items: Iterable[tuple[Document, str | None]], settings: Settings
) -> Iterator[ArticleAnalysis | AnalyzeFailure]:
    """Same contract as :func:`brinkwatch.analyze.article.analyze_documents`, on Ray Data.

    Results stream back to the driver in input order as the actors finish each batch (so
    the caller stores them while the rest is still being parsed) and are appended to the
    Parquet file ``analyses.parquet`` under ``settings.ray_output`` (a temp folder if unset).
    """
    rows = [
        {"position": i, "document": json.dumps(to_dict(doc)), "anchor": anchor or ""}
        for i, (doc, anchor) in enumerate(items)
    ]
    if not rows:
        return
    ray = _init_ray(settings)
    from ray.data import ActorPoolStrategy

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    # Small blocks and batches keep every actor busy to the end (a few large blocks leave
    # one actor idle while the other finishes); two batches in flight per actor hide the
    # round trip without queueing work on one actor that another could take; no more actors
    # (each loads the model) than there are blocks.
    batch = max(4, min(settings.batch_size, 16))
    blocks = max(1, min(-(-len(rows) // batch), 64 * settings.workers))
    dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
        _Analyzer,
        fn_constructor_args=(settings.spacy_model, settings.batch_size),
        batch_size=batch,
        batch_format="numpy",
        compute=ActorPoolStrategy(size=min(settings.workers, blocks), max_tasks_in_flight_per_actor=2),
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
