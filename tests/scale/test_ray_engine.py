"""`brinkwatch run --engine ray` on a local Ray instance gives the local engine's export."""

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


def _export(db: str) -> dict:
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ray_engine_export_equals_local_engine_export(ray_local, tmp_path):
    seeds = str(shared_path("seeds"))
    runner = CliRunner()
    local_db, ray_db = str(tmp_path / "local.db"), str(tmp_path / "ray.db")
    local = runner.invoke(main, ["run", seeds, "--db", local_db, "--quiet"])
    assert local.exit_code == 0, local.output
    on_ray = runner.invoke(main, ["run", seeds, "--db", ray_db, "--engine", "ray", "--workers", "2", "--quiet"])
    assert on_ray.exit_code == 0, on_ray.output
    a, b = _export(local_db), _export(ray_db)
    assert len(a["documents"]) == 5
    for key in ("documents", "stories", "entities", "events", "claims", "timeline", "escalation"):
        assert a[key] == b[key], key


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
