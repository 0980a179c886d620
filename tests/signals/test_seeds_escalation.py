"""On the seed articles: Serbia-Kosovo escalation rows exist and conflict QuadClasses
dominate in late September 2023."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from brinkwatch.cli import main

from conftest import shared_path


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> str:
    seeds = shared_path("seeds")
    db = str(tmp_path_factory.mktemp("seeds_esc") / "s.db")
    result = CliRunner().invoke(main, ["run", str(seeds), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.shared
@pytest.mark.slow
def test_serbia_kosovo_conflict_dominates_in_late_september_2023(seeds_db):
    exported = json.loads(CliRunner().invoke(main, ["export", "--db", seeds_db, "--format", "json"]).stdout)
    rows = [r for r in exported["escalation"] if sorted(r["dyad"]) == ["SRB", "XKX"]]
    assert rows, "no Serbia-Kosovo escalation rows"
    late = [r for r in rows if r["period"] in ("2023-W38", "2023-W39")]
    conflict = sum(r["quad_counts"]["3"] + r["quad_counts"]["4"] for r in late)
    cooperation = sum(r["quad_counts"]["1"] + r["quad_counts"]["2"] for r in late)
    assert conflict > cooperation
    alerts = CliRunner().invoke(main, ["alerts", "--db", seeds_db, "--json"])
    assert alerts.exit_code == 0 and isinstance(json.loads(alerts.stdout), list)
