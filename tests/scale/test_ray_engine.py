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
