"""`brinkwatch events` and `brinkwatch timeline` over our coded events and imported datasets
(the hand-made Valdoria/Karsk store of webfixtures.py, plus a GDELT file imported by the test)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from brinkwatch.cli import main

GDELT2 = Path(__file__).resolve().parents[1] / "importers" / "data" / "gdelt2_export.CSV"


def _cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result


def test_timeline_merges_our_entries_and_imported_ones_in_date_order(fixture_db, tmp_path):
    result = _cli("timeline", "--db", str(fixture_db), "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [(t["date"], t["dataset"]) for t in items] == [
        ("2024-03-04", "brinkwatch"), ("2024-03-05", "brinkwatch"), ("2024-03-05", "gdelt2"),
        ("2024-03-12", "brinkwatch"), ("2024-03-20", "acled")]
    only_acled = json.loads(_cli("timeline", "--db", str(fixture_db), "--json", "--dataset", "acled").output)
    assert [t["imported_event"] for t in only_acled] == ["acled:KRS77"]
    table = _cli("timeline", "--db", str(fixture_db), "--limit", "2", "--newest-first")
    assert table.exit_code == 0
    assert "2024-03-20" in table.output and "2024-03-04" not in table.output
    assert "2 of 5 rows shown" in table.stderr


def test_events_lists_both_and_filters_by_dyad_and_dates(fixture_db, tmp_path):
    db = tmp_path / "store.db"
    shutil.copy(fixture_db, db)
    imported = _cli("import", "gdelt", str(GDELT2), "--db", str(db))
    assert imported.exit_code == 0, imported.output
    everything = json.loads(_cli("events", "--db", str(db), "--json").output)
    datasets = {e["dataset"] for e in everything}
    assert {"brinkwatch", "acled", "gdelt2"} <= datasets
    dates = [e["date"] for e in everything if e["date"]]
    assert dates == sorted(dates)
    ours = [e for e in everything if e["dataset"] == "brinkwatch"]
    assert {e["id"] for e in ours} == {"v1", "v2", "v3", "v4"}
    march = json.loads(_cli("events", "--db", str(db), "--json", "--from", "2024-03-05", "--to",
                            "2024-03-20", "--dyad", "VLD,KRS").output)
    assert march and all("2024-03-05" <= e["date"][:10] <= "2024-03-20" for e in march)
    assert {e["id"] for e in march} >= {"gdelt2:900001", "acled:KRS77"}
    bad = _cli("events", "--db", str(db), "--dyad", "VLD")
    assert bad.exit_code == 2 and "two actor codes" in bad.output
