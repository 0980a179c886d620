"""``brinkwatch serve``: the dashboard and JSON API over a store (only click imported at module level)."""

from __future__ import annotations

import ipaddress
import os

import click

LOCAL_HOSTS = {"localhost"}


def is_local(host: str) -> bool:
    """True for loopback addresses (127.0.0.0/8, ::1) and ``localhost``."""
    if host.lower() in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, allow_remote: bool, token: str | None) -> None:
    """Refuse a non-local bind without ``--allow-remote`` and a token.

    :raises click.UsageError: the bind is not local and a flag or the token is missing.
    """
    if is_local(host):
        return
    if not allow_remote:
        raise click.UsageError(
            f"--host {host} would expose the store beyond this machine; add --allow-remote "
            "(and a token) if you mean it")
    if not token or len(token) < 16:
        raise click.UsageError(
            "a non-local bind needs a token of at least 16 characters: --token or BRINKWATCH_TOKEN")


@click.command()
@click.option("--db", "db_path", default="brinkwatch.db", show_default=True,
              type=click.Path(dir_okay=False), help="The store to serve (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--allow-remote", is_flag=True, help="Allow a non-loopback --host (needs a token).")
@click.option("--token", default=None, envvar="BRINKWATCH_TOKEN",
              help="Require this token on every request (Authorization: Bearer, or ?token= once).")
def serve(db_path: str, host: str, port: int, allow_remote: bool, token: str | None) -> None:
    """Serve the dashboard and JSON API (OpenAPI at /api/openapi.json) over a store, read-only."""
    check_bind(host, allow_remote, token)
    if not os.path.exists(db_path):
        raise click.ClickException(f"{db_path}: no such store (run `brinkwatch run` first)")
    import uvicorn

    from brinkwatch.store.db import StoreError
    from brinkwatch.web.app import create_app

    try:
        app = create_app(db_path, token=token)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"brinkwatch: serving {db_path} read-only at http://{shown}:{port}/ "
               f"(API: /api/openapi.json){' with a token' if token else ''}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                server_header=False, limit_concurrency=64, h11_max_incomplete_event_size=16 * 1024)
