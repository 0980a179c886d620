"""GDELT event exports: layout detection, mapping, and series equal to a direct count."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from brinkwatch.importers import ImportError_, import_file
from brinkwatch.importers._gdelt_columns import GDELT1_COLUMNS, GDELT2_COLUMNS
from brinkwatch.importers.gdelt import read_gdelt
from brinkwatch.signals.series import series
from brinkwatch.store.db import Store

DATA = Path(__file__).parent / "data"
# Positions straight from the GDELT 2.0 codebook (0-based), independent of our column list.
SQLDATE, A1_COUNTRY, A2_COUNTRY, QUAD, GOLDSTEIN = 1, 7, 17, 29, 30


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "g.db") as s:
        yield s


def _direct_totals(path: Path) -> tuple[Counter, dict]:
    counts: Counter = Counter()
    gold: dict = defaultdict(float)
    with path.open(newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) != 61:
                continue
            a, b = (row[A1_COUNTRY].replace("KSV", "XKX"), row[A2_COUNTRY].replace("KSV", "XKX"))
            if not a or not b or a == b:
                continue
            dyad = tuple(sorted((a, b)))
            counts[dyad] += 1
            gold[dyad] += float(row[GOLDSTEIN])
    return counts, gold


def test_documented_column_counts():
    assert len(GDELT1_COLUMNS) == 58 and len(GDELT2_COLUMNS) == 61
    assert GDELT2_COLUMNS[QUAD] == "QuadClass" and GDELT2_COLUMNS[A2_COUNTRY] == "Actor2CountryCode"


def test_gdelt2_dyad_counts_and_goldstein_sums_equal_a_direct_computation(store):
    path = DATA / "gdelt2_export.CSV"
    report = import_file(store, path, read_gdelt)
    assert report.dataset == "gdelt2" and report.imported == 13
    assert sum(report.skipped.values()) == 1
    expected_counts, expected_gold = _direct_totals(path)
    for granularity in ("day", "week", "month"):
        counts: Counter = Counter()
        gold: dict = defaultdict(float)
        for cell in series(store.conn, granularity=granularity):
            counts[cell.dyad] += cell.events
            gold[cell.dyad] += cell.goldstein_sum
        assert counts == expected_counts
        assert {k: round(v, 6) for k, v in gold.items()} == {k: round(v, 6) for k, v in expected_gold.items()}


def test_gdelt_daily_cells_split_by_day_and_quad_class(store):
    import_file(store, DATA / "gdelt2_export.CSV", read_gdelt)
    cells = {(c.dyad, c.period): c for c in series(store.conn, granularity="day", dyad=("XKX", "SRB"))}
    day = cells[(("SRB", "XKX"), "2023-09-24")]
    assert (day.events, day.q4, day.goldstein_sum, day.sources) == (2, 2, -20.0, 11)
    assert day.datasets == ("gdelt2",)


def test_gdelt_maps_kosovo_code_roles_and_place(store):
    import_file(store, DATA / "gdelt2_export.CSV", read_gdelt)
    row = store.rows("SELECT * FROM imported_events WHERE native_id = '1004'")[0]
    assert (row["source_country"], row["source_role"], row["target_country"], row["target_role"]) == (
        "XKX", "POL", "SRB", "REB")
    assert row["date"] == "2023-09-18" and row["cameo"] == "190" and row["quad_class"] == 4
    assert row["place_name"].startswith("Zvecan") and row["place_lat"] == pytest.approx(42.9)
    nato = store.rows("SELECT source_role FROM imported_events WHERE native_id = '1009'")[0]
    assert nato["source_role"] == "IGO"


def test_gdelt1_layout_is_detected_and_reimport_replaces_rows(store):
    first = import_file(store, DATA / "gdelt1_export.CSV", read_gdelt)
    again = import_file(store, DATA / "gdelt1_export.CSV", read_gdelt)
    assert first.dataset == "gdelt1" and first.imported == again.imported == 6
    assert store.count("imported_events") == 6


def test_wrong_width_file_is_refused_with_the_reason(store, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\tc\n")
    with pytest.raises(ImportError_, match="57 or 58"):
        import_file(store, bad, read_gdelt)


def test_forced_version_must_match_the_layout(store):
    from functools import partial

    with pytest.raises(ImportError_, match="not GDELT 1.0"):
        import_file(store, DATA / "gdelt2_export.CSV", partial(read_gdelt, version=1))


def test_zipped_export_imports_like_the_plain_file(store, tmp_path):
    import zipfile

    archive = tmp_path / "20230924.export.CSV.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(DATA / "gdelt2_export.CSV", "20230924.export.CSV")
    assert import_file(store, archive, read_gdelt).imported == 13
