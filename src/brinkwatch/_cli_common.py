"""Helpers shared by every package's CLI commands (click only at import, so `--help` stays
instant): opening the store with a one-line error, and printing rows as a table or JSON."""

from __future__ import annotations

import json

import click


def open_store(db: str, *, readonly: bool = True):
    """The store at ``db``; a store that cannot be opened is a one-line ClickException."""
    from brinkwatch.store.db import Store, StoreError

    try:
        return Store(db, readonly=readonly)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def print_rows(title: str, columns: list[str], rows: list[list], as_json: bool,
               records: list[dict] | None = None) -> None:
    """Rows as a rich table, or as JSON objects (``records`` when given, else column->value)."""
    if as_json:
        data = records if records is not None else [dict(zip(columns, r)) for r in rows]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*[escape("" if v is None else str(v)) for v in row])
    Console().print(table)
