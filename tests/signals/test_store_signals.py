"""Series, escalation table, alerts and commands over a store holding our coded events and
imported ones together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brinkwatch.cli import main
from brinkwatch.importers import import_file
from brinkwatch.importers.gdelt import read_gdelt
from brinkwatch.signals.alerts import find_alerts, run_command
from brinkwatch.signals.chartdata import dyad_chart_data, top_dyads
from brinkwatch.signals.escalation import write_escalation
from brinkwatch.signals.series import series
from brinkwatch.store.db import Store
from brinkwatch.store.export import export_dict

GDELT = Path(__file__).parent.parent / "importers" / "data" / "gdelt2_export.CSV"


def _own_event(conn, event_id: str, date: str, quad: int, gold: float, a: str, b: str, role_a=None) -> None:
    if role_a:
        conn.execute("INSERT OR IGNORE INTO entities (id, name, type, country, role, aliases) VALUES (?,?,?,?,?,?)",
                     (f"ent-{a}-{role_a}", a, "ORG", a, role_a, "[]"))
    conn.execute(
        "INSERT INTO events (id, date, cameo, root, quad_class, goldstein, source_entity, source_country,"
        " target_country) VALUES (?,?,?,?,?,?,?,?,?)",
        (event_id, date, "190" if quad == 4 else "010", "19" if quad == 4 else "01", quad, gold,
         f"ent-{a}-{role_a}" if role_a else None, a, b))


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "s.db") as s:
        with s.transaction() as conn:
            _own_event(conn, "own1", "2023-09-25", 4, -10.0, "SRB", "XKX", role_a="MIL")
            _own_event(conn, "own2", "2023-09-26", 1, 0.0, "XKX", "SRB")
            _own_event(conn, "own3", "1999", 4, -10.0, "SRB", "XKX")
        import_file(s, GDELT, read_gdelt)
        yield s


def test_series_combine_our_events_and_imported_ones_with_the_dataset_named(store):
    week = {c.period: c for c in series(store.conn, granularity="week", dyad=("SRB", "XKX"))}
    w39 = week["2023-W39"]
    assert w39.datasets == ("brinkwatch", "gdelt2")
    assert w39.events == 2 + 2  # our two dated events + GDELT 1007 and 1010
    only_ours = series(store.conn, granularity="week", dyad=("SRB", "XKX"), datasets=["brinkwatch"])
    assert [(c.period, c.events) for c in only_ours] == [("2023-W39", 2)]
    split = series(store.conn, granularity="week", dyad=("SRB", "XKX"), split_datasets=True)
    assert {c.datasets for c in split} == {("brinkwatch",), ("gdelt2",)}


def test_directed_series_keep_source_and_target_apart(store):
    from collections import Counter

    directed, undirected = Counter(), Counter()
    for c in series(store.conn, granularity="month", directed=True, datasets=["gdelt2"]):
        directed[c.dyad] += c.events
    for c in series(store.conn, granularity="month", datasets=["gdelt2"]):
        undirected[c.dyad] += c.events
    assert directed[("XKX", "SRB")] == 4 and directed[("SRB", "XKX")] == 5
    assert directed[("SRB", "XKX")] + directed[("XKX", "SRB")] == undirected[("SRB", "XKX")]


def test_role_series_use_entity_roles_for_our_events(store):
    cells = series(store.conn, granularity="month", actor="country_role", datasets=["brinkwatch"])
    assert {c.dyad for c in cells} == {("SRB-MIL", "XKX"), ("SRB", "XKX")}


def test_escalation_table_and_export_hold_combined_weekly_rows(store):
    with store.transaction() as conn:
        assert write_escalation(conn) > 0
    rows = [r for r in export_dict(store)["escalation"] if r["dyad"] == ["SRB", "XKX"]]
    by_week = {r["period"]: r for r in rows}
    assert by_week["2023-W38"]["quad_counts"] == {"1": 0, "2": 0, "3": 0, "4": 3}
    assert by_week["2023-W38"]["band"] == "surge" and by_week["2023-W36"]["band"] == "new"
    assert set(by_week["2023-W39"]["datasets"]) == {"brinkwatch", "gdelt2"}
    assert {"band_52", "baseline_4", "conflict", "goldstein_mean"} <= set(by_week["2023-W39"])


def test_alerts_list_dyads_whose_band_changed_in_the_latest_week(store):
    alerts = find_alerts(store.conn)
    assert {a.period for a in alerts} == {"2023-W40"}
    srb_xkx = next(a for a in alerts if a.dyad == ("SRB", "XKX"))
    assert srb_xkx.previous_band != srb_xkx.band
    assert any(a.dyad == ("SRB", "USA") for a in alerts)  # its band moved too
    earlier = {a.dyad: a for a in find_alerts(store.conn, week="2023-W38")}
    assert earlier[("SRB", "XKX")].band == "surge" and earlier[("SRB", "XKX")].trend == "deteriorated"


def test_alert_command_gets_the_alert_as_json_and_environment(store, tmp_path):
    alert = find_alerts(store.conn, week="2023-W38")[0]
    out = tmp_path / "out.txt"
    code = run_command(f'cat > {out}; echo "$BRINKWATCH_DYAD $BRINKWATCH_BAND" >> {out}', alert)
    assert code == 0
    text = out.read_text()
    assert json.loads(text.splitlines()[0].rsplit("}", 1)[0] + "}")["band"] == alert.band
    assert text.strip().endswith(f"{'-'.join(alert.dyad)} {alert.band}")


def test_chart_data_is_dense_with_parallel_arrays(store):
    data = dyad_chart_data(store.conn, ("XKX", "SRB"))
    assert data["periods"][0] == "2023-W36" and data["periods"][-1] == "2023-W40"
    assert len(data["index"]) == len(data["periods"]) == len(data["quad_counts"]["4"])
    assert top_dyads(store.conn, 1)[0]["dyad"] == ["SRB", "XKX"]


def test_cli_import_alerts_and_series(tmp_path):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    done = runner.invoke(main, ["import", "gdelt", str(GDELT), "--db", db, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)[0]["imported"] == 13
    alerts = runner.invoke(main, ["alerts", "--db", db, "--json", "--week", "2023-W38"])
    assert alerts.exit_code == 0, alerts.output
    assert any(a["dyad"] == ["SRB", "XKX"] and a["band"] == "surge" for a in json.loads(alerts.stdout))
    weekly = runner.invoke(main, ["series", "--db", db, "--json", "--dyad", "SRB-XKX"])
    assert [r["band"] for r in json.loads(weekly.stdout)][:3] == ["new", "increase", "surge"]
    monthly = runner.invoke(main, ["series", "--db", db, "--json", "--by", "month", "--dyad", "SRB-XKX"])
    assert [r["trend"] for r in json.loads(monthly.stdout)] == ["deteriorated", "improved"]
    bad = runner.invoke(main, ["alerts", "--db", db, "--week", "week 39"])
    assert bad.exit_code == 2
