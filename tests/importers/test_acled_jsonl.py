"""ACLED CSV and our JSONL event schema: mapping to QuadClass, actors, countries and roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from brinkwatch.importers import ImportError_, import_file
from brinkwatch.importers.acled import acled_cameo, read_acled
from brinkwatch.importers.jsonl import read_jsonl
from brinkwatch.signals.series import series
from brinkwatch.store.db import Store

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "a.db") as s:
        yield s


def test_acled_rows_get_quad_class_countries_roles_and_fatalities(store):
    report = import_file(store, DATA / "acled_export.csv", read_acled)
    assert report.imported == 5 and report.skipped == {"event_date is not a date": 1}
    rows = {r["native_id"]: r for r in store.rows("SELECT * FROM imported_events")}
    clash = rows["XKX0002"]
    assert clash["date"] == "2023-09-24"  # "24 September 2023"
    assert (clash["quad_class"], clash["goldstein"], clash["fatalities"], clash["sources"]) == (4, -10.0, 4, 2)
    assert (clash["source_country"], clash["source_role"]) == ("XKX", "POL")
    assert (clash["target_country"], clash["target_role"]) == ("SRB", "REB")
    assert clash["place_country"] == "XK"
    assert rows["XKX0004"]["quad_class"] == 4 and rows["XKX0004"]["cameo"] == "173"
    nato = rows["XKX0005"]
    assert nato["source_role"] == "IGO" and nato["source_country"] is None and nato["quad_class"] is None


def test_acled_series_counts_conflict_between_kosovo_and_serbia(store):
    import_file(store, DATA / "acled_export.csv", read_acled)
    cells = series(store.conn, granularity="week", dyad=("SRB", "XKX"))
    assert [(c.period, c.events, c.q4, c.fatalities) for c in cells] == [
        ("2023-W38", 2, 2, 4), ("2023-W39", 1, 1, 0)]
    roles = series(store.conn, granularity="month", actor="role")
    assert {c.dyad for c in roles} >= {("POL", "REB"), ("CVL", "REB"), ("CVL", "POL")}


def test_acled_type_table_falls_back_to_the_event_type():
    assert acled_cameo("Battles", "Armed clash") == "190"
    assert acled_cameo("Riots", "something new") == "145"
    assert acled_cameo("Strategic developments", "Other") is None


def test_a_csv_without_acled_columns_is_refused(store, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ImportError_, match="not an ACLED CSV"):
        import_file(store, path, read_acled)


def test_jsonl_events_in_our_schema_import_with_cameo_defaults(store):
    report = import_file(store, DATA / "events.jsonl", read_jsonl)
    assert report.imported == 2
    assert report.skipped == {"not an event record": 1, "date is not a day (YYYY-MM-DD)": 1, "not valid JSON": 1}
    b = store.rows("SELECT * FROM imported_events WHERE native_id = 'ev-b'")[0]
    assert (b["quad_class"], b["goldstein"], b["root"], b["sources"]) == (3, -2.0, "11", 1)
    problems = {p.reason for p in store.problems()}
    assert "not valid JSON" in problems


def test_export_jsonl_events_round_trip_into_the_importer(store, tmp_path):
    import json

    line = {"kind": "event", "id": "e1", "date": "2023-09-24", "cameo": "190", "root": "19", "quad_class": 4,
            "goldstein": -10.0, "source": {"entity": "x", "name": "A", "country": "SRB"},
            "target": {"entity": "y", "name": "B", "country": "XKX"}, "documents": ["d1"]}
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(line) + "\n")
    assert import_file(store, path, read_jsonl).imported == 1
    assert store.rows("SELECT dataset, id FROM imported_events")[0][:] == ("jsonl", "jsonl:e1")
