"""`brinkwatch run --engine ray` on a local Ray instance gives the local engine's export.

The Ray engine starts Ray and warms its workers in the background while ingest runs
(``start_ray``); these tests check that path runs and changes nothing in the results.
"""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from brinkwatch.cli import main
from conftest import shared_path


@pytest.fixture(scope="module")
def ray_local(tmp_path_factory):
    if os.environ.get("CI") != "true":
        pytest.importorskip("ray", reason="the optional extra brinkwatch[ray] is not installed")
    import ray

    os.environ["RAY_AUTH_MODE"] = "disabled"
    temp = tmp_path_factory.mktemp("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _temp_dir=str(temp))
    yield
    ray.shutdown()


@pytest.fixture
def ray_not_running():
    """Ray installed but not started: the run starts it itself, in the background."""
    if os.environ.get("CI") != "true":
        pytest.importorskip("ray", reason="the optional extra brinkwatch[ray] is not installed")
    import ray

    if ray.is_initialized():
        pytest.skip("Ray was already started in this process (tests run out of order)")
    yield
    ray.shutdown()


def _export(db: str) -> dict:
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ray_engine_export_equals_local_engine_export(ray_not_running, tmp_path, monkeypatch):
    import ray

    from brinkwatch.scale import ray_engine

    started = []

    def spy(settings):
        handle = real_start(settings)
        started.append(handle)
        return handle

    real_start = ray_engine.start_ray
    monkeypatch.setattr(ray_engine, "start_ray", spy)
    seeds = str(shared_path("seeds"))
    runner = CliRunner()
    local_db, ray_db = str(tmp_path / "local.db"), str(tmp_path / "ray.db")
    local = runner.invoke(main, ["run", seeds, "--db", local_db, "--quiet"])
    assert local.exit_code == 0, local.output
    assert started == [None]  # the local engine starts no Ray
    on_ray = runner.invoke(main, ["run", seeds, "--db", ray_db, "--engine", "ray", "--workers", "2", "--quiet"])
    assert on_ray.exit_code == 0, on_ray.output
    # The warm start ran: Ray was started by the run (in its background thread) and one
    # warm-up task per worker ran, each in a Ray worker process; Ray is still up after it.
    warm = started[1]
    assert ray.is_initialized()
    pids = ray.get(warm.warm_pids)
    assert len(pids) == 2 and all(isinstance(pid, int) and pid != os.getpid() for pid in pids)
    a, b = _export(local_db), _export(ray_db)
    assert len(a["documents"]) == 5
    for key in ("documents", "stories", "entities", "events", "claims", "timeline", "escalation"):
        assert a[key] == b[key], key
    # Nothing new to analyse: the re-run succeeds and leaves the export as it was.
    again = runner.invoke(main, ["run", seeds, "--db", ray_db, "--engine", "ray", "--workers", "2", "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["analysed"] == 0
    assert _export(ray_db)["events"] == a["events"]


def test_ray_start_failure_is_one_clear_line(tmp_path, monkeypatch):
    if os.environ.get("CI") != "true":
        pytest.importorskip("ray", reason="the optional extra brinkwatch[ray] is not installed")
    import ray

    def refuse(*args, **kwargs):
        raise ConnectionError("Could not connect to the GCS\nat 192.0.2.1:6379 after 3 attempts")

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    source = tmp_path / "one.txt"
    source.write_text("Ministers met in Strelsau on Monday to discuss the border closure.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(source), "--db", str(tmp_path / "x.db"), "--engine", "ray",
                                       "--ray-address", "192.0.2.1:6379", "--quiet"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["Error: could not start the Ray cluster at 192.0.2.1:6379: "
                     "Could not connect to the GCS at 192.0.2.1:6379 after 3 attempts"], result.output


def test_ray_engine_streams_analyses_in_input_order_and_keeps_them_in_parquet(ray_local, tmp_path):
    from brinkwatch.records import Document
    from brinkwatch.scale.ray_engine import analyze_documents_ray, read_analyses
    from brinkwatch.settings import Settings

    texts = [
        "Ministers of Ruritania met in Strelsau on Monday to discuss the border closure.",
        "Protesters gathered outside the parliament in Zenda, police said on Tuesday.",
        "The talks between the two governments will resume in Geneva next week.",
    ]
    docs = [Document(id=f"d{n}", text=text, source_path=f"fixture-{n}.txt") for n, text in enumerate(texts)]
    settings = Settings(workers=2, engine="ray", ray_output=str(tmp_path / "out"))
    results = list(analyze_documents_ray(((d, "2024-03-04") for d in docs), settings))
    assert [r.doc_id for r in results] == ["d0", "d1", "d2"]
    assert all(r.anchor_date == "2024-03-04" for r in results)
    kept = list(read_analyses(tmp_path / "out" / "analyses.parquet"))
    assert kept == results
