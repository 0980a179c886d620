"""``brinkwatch import gdelt|acled|jsonl``, ``brinkwatch alerts`` and ``brinkwatch series``.

Options -> one library call -> render. Only click is imported at module level, so
``brinkwatch --help`` stays instant; the library is imported inside each command.
"""

from __future__ import annotations

import json

import click

from brinkwatch._cli_common import open_store, print_rows

DEFAULT_DB = "brinkwatch.db"
_db = click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                   help="SQLite store file.")
_json = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
_datasets = click.option("--dataset", "datasets", multiple=True,
                         help="Only these datasets (brinkwatch, gdelt1, gdelt2, acled, jsonl); repeatable.")
_actor = click.option("--actor", type=click.Choice(["country", "role", "country_role"]), default="country",
                      show_default=True, help="Aggregate actors by country, by role, or by both.")
_directed = click.option("--directed", is_flag=True, help="Source -> target dyads (default: unordered pairs).")


def _threshold_options(func):
    from_defaults = [
        ("--surge-ratio", "surge_ratio", 2.0, "Surge: conflict at least this many times the 4-week baseline."),
        ("--surge-min", "surge_min", 3.0, "Surge: and at least this much conflict."),
        ("--change", "change", 0.25, "Increase/decrease: beyond this fraction of a baseline."),
        ("--trend-change", "trend_change", 0.25, "Monthly trend: index change beyond this fraction."),
    ]
    for flag, name, default, text in reversed(from_defaults):
        func = click.option(flag, name, type=float, default=default, show_default=True, help=text)(func)
    return func


def _settings(surge_ratio, surge_min, change, trend_change):
    from brinkwatch.signals.escalation import BandSettings

    return BandSettings(surge_ratio=surge_ratio, surge_min=surge_min, change=change, trend_change=trend_change)


# -- import ----------------------------------------------------------------------------------
@click.group(name="import")
def import_group() -> None:
    """Import public event datasets (GDELT, ACLED) or our JSONL event schema into the store."""


def _run_import(db: str, files: tuple[str, ...], reader, as_json: bool) -> None:
    from brinkwatch.importers import ImportError_, import_file

    store = open_store(db, readonly=False)
    reports = []
    try:
        for i, path in enumerate(files):
            try:
                reports.append(import_file(store, path, reader, refresh=i == len(files) - 1))
            except ImportError_ as exc:
                raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports]))
    else:
        for r in reports:
            skipped = sum(r.skipped.values())
            reasons = "; ".join(f"{n} {reason}" for reason, n in r.skipped.most_common(3))
            click.echo(f"{r.path}: {r.imported} {r.dataset} events imported into {db}"
                       + (f", {skipped} rows skipped ({reasons})" if skipped else ""))


@import_group.command(name="gdelt")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@_db
@click.option("--version", "version", type=click.Choice(["1", "2"]), default=None,
              help="Insist on GDELT 1.0 or 2.0 (default: told by the number of columns).")
@_json
def import_gdelt(files, db, version, as_json) -> None:
    """GDELT 1.0 (57/58 columns) or 2.0 (61 columns) event exports: .CSV, .zip or .gz."""
    from functools import partial

    from brinkwatch.importers.gdelt import read_gdelt

    _run_import(db, files, partial(read_gdelt, version=int(version) if version else None), as_json)


@import_group.command(name="acled")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@_db
@_json
def import_acled(files, db, as_json) -> None:
    """ACLED CSV exports (event_date, event_type, sub_event_type, actor1, actor2, country, ...)."""
    from brinkwatch.importers.acled import read_acled

    _run_import(db, files, read_acled, as_json)


@import_group.command(name="jsonl")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@_db
@_json
def import_jsonl(files, db, as_json) -> None:
    """JSONL in our event schema (the events of `brinkwatch export`)."""
    from brinkwatch.importers.jsonl import read_jsonl

    _run_import(db, files, read_jsonl, as_json)


# -- alerts ----------------------------------------------------------------------------------
@click.command()
@_db
@_json
@click.option("--exec", "command", default=None,
              help="Shell command run once per alert (alert JSON on stdin; BRINKWATCH_DYAD, "
                   "BRINKWATCH_BAND, ... in the environment).")
@click.option("--week", default=None, help="ISO week to check, e.g. 2023-W39 (default: the latest).")
@_datasets
@_actor
@_directed
@_threshold_options
def alerts(db, as_json, command, week, datasets, actor, directed, surge_ratio, surge_min, change, trend_change) -> None:
    """Dyads whose escalation band changed in the latest (or given) week."""
    import re

    from brinkwatch.signals.alerts import find_alerts, run_command

    if week and not re.fullmatch(r"\d{4}-W\d{2}", week):
        raise click.BadParameter("an ISO week like 2023-W39", param_hint="--week")
    store = open_store(db)
    found = find_alerts(store.conn, _settings(surge_ratio, surge_min, change, trend_change), week=week,
                        datasets=list(datasets) or None, actor=actor, directed=directed)
    rows = [["-".join(a.dyad), a.period, a.previous_band or "", a.band, a.band_52, a.events, a.conflict,
             a.baseline_4, a.index, a.trend] for a in found]
    print_rows("Alerts: band changes", ["dyad", "week", "was", "band", "vs 52 wk", "events", "conflict",
                                     "4-wk base", "index", "month"], rows, as_json, [a.as_dict() for a in found])
    failed = 0
    if command:
        for alert in found:
            code = run_command(command, alert)
            if code != 0:
                failed += 1
                click.echo(f"brinkwatch: alert command exited {code} for {'-'.join(alert.dyad)}", err=True)
    raise SystemExit(1 if failed else 0)


# -- series ----------------------------------------------------------------------------------
@click.command()
@_db
@_json
@click.option("--by", "granularity", type=click.Choice(["day", "week", "month"]), default="week", show_default=True)
@click.option("--dyad", default=None, help="Two actor keys, e.g. SRB-XKX.")
@click.option("--start", default=None, help="First day, YYYY-MM-DD.")
@click.option("--end", default=None, help="Last day, YYYY-MM-DD.")
@click.option("--split-datasets", is_flag=True, help="One row per dataset instead of combined.")
@_datasets
@_actor
@_directed
@_threshold_options
def series(db, as_json, granularity, dyad, start, end, split_datasets, datasets, actor, directed,
           surge_ratio, surge_min, change, trend_change) -> None:
    """Dyad series: events by QuadClass, Goldstein, fatalities, sources (+ index and band by
    week, trend by month)."""
    from brinkwatch.signals import report_rows

    pair = None
    if dyad:
        parts = dyad.split("-", 1)
        if len(parts) != 2 or not all(parts):
            raise click.BadParameter("two actor keys joined by '-', e.g. SRB-XKX", param_hint="--dyad")
        pair = (parts[0], parts[1])
    store = open_store(db)
    from brinkwatch.signals.series import SeriesError

    try:
        records = report_rows(store.conn, _settings(surge_ratio, surge_min, change, trend_change),
                              granularity=granularity, dyad=pair, start=start, end=end,
                              datasets=list(datasets) or None, actor=actor, directed=directed,
                              split_datasets=split_datasets)
    except SeriesError as exc:
        raise click.ClickException(str(exc)) from exc
    columns = ["dyad", "period", "events", "q1", "q2", "q3", "q4", "goldstein", "mean", "killed", "sources",
               "index", "band" if granularity == "week" else "trend", "datasets"]
    rows = [["-".join(r["dyad"]), r["period"], r["events"], *r["quad_counts"].values(), r["goldstein_sum"],
             r["goldstein_mean"], r["fatalities"], r["sources"], r.get("index"),
             r.get("band") if granularity == "week" else r.get("trend"), ",".join(r["datasets"])]
            for r in records]
    print_rows(f"Series by {granularity}", columns, rows, as_json, records)
