"""The ASGI application: :func:`create_app` over one store, opened read-only.

- Every SQLite connection is opened with ``mode=ro`` (through ``Store(readonly=True)``) and
  ``PRAGMA query_only``; one connection per worker thread.
- With a token (required for a non-local bind), every request must carry it: header
  ``Authorization: Bearer TOKEN``, or ``?token=TOKEN`` once (which sets a cookie for the pages).
- Requests are GET/HEAD only, with no body over :data:`MAX_BODY` bytes and a query string of
  at most :data:`MAX_QUERY` bytes.
- API errors all have one shape (:mod:`brinkwatch.web._errors`); pages get an HTML error page.
- Every answer carries a Content-Security-Policy that allows no inline or foreign script.
"""

from __future__ import annotations

import hmac
import logging
import sqlite3
import threading
from urllib.parse import parse_qs
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from brinkwatch.store.db import Store
from brinkwatch.web import api, pages
from brinkwatch.web._errors import ApiError, error_body, error_response

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
MAX_BODY = 16 * 1024
MAX_QUERY = 4096
TOKEN_COOKIE = "brinkwatch_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")


class ReadOnlyDB:
    """Per-thread read-only connections to one store file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()
        self.connection()  # fail now (StoreError) rather than on the first request

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            store = Store(self.path, readonly=True)
            store.conn.execute("PRAGMA query_only = ON")
            with self._lock:
                self._stores.append(store)
            conn = self._local.conn = store.conn
        return conn

    def close(self) -> None:
        with self._lock:
            for store in self._stores:
                try:
                    store.close()
                except sqlite3.ProgrammingError:  # closed from another thread: harmless
                    pass
            self._stores.clear()


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class GuardMiddleware:
    """Method, size and token checks before any route runs; security headers after."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    def _token_ok(self, scope: Scope) -> tuple[bool, bool]:
        """(authorised, came from the query string)."""
        if not self.token:
            return True, False
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = []
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given.append(auth[7:].strip())
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == TOKEN_COOKIE:
                given.append(value)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        from_query = query.get("token", [])
        given.extend(from_query)
        expected = self.token.encode()

        def good(value: str) -> bool:
            return hmac.compare_digest(value.encode("utf-8", "replace"), expected)

        ok = any(good(g) for g in given)
        return ok, any(good(g) for g in from_query)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, status: int,
                      message: str) -> None:
        if _is_api(scope["path"]):
            response: Response = error_response(status, message)
        else:
            response = pages.error_page(status, message)
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY:
            await self._reject(scope, receive, send, 414, "the query string is too long")
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY:
            await self._reject(scope, receive, send, 413, "the request body is too large")
            return
        ok, set_cookie = self._token_ok(scope)
        if not ok:
            await self._reject(scope, receive, send, 401,
                               "a token is required: Authorization: Bearer TOKEN or ?token=TOKEN")
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:
                    raise ApiError(413, "the request body is too large")
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", CSP.encode()),
                         (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY")]
                if set_cookie and self.token:
                    extra.append((b"set-cookie", f"{TOKEN_COOKIE}={self.token}; HttpOnly; "
                                  "SameSite=Strict; Path=/".encode()))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", None) or "error"
    if status == 404:
        detail = f"nothing at {request.url.path[:200]}"
    elif status == 405:
        detail = f"{request.method} is not allowed here (the API is read-only: use GET)"
    if _is_api(request.url.path):
        headers = getattr(exc, "headers", None)
        return error_response(status, str(detail), headers=headers)
    return pages.error_page(status, str(detail))


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    if _is_api(request.url.path):
        return error_response(exc.status, exc.message, parameter=exc.parameter, code=exc.code)
    return pages.error_page(exc.status, exc.message)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path)
    if _is_api(request.url.path):
        return error_response(500, "internal error (see the server log)")
    return pages.error_page(500, "internal error (see the server log)")


def create_app(db_path: str | Path, *, token: str | None = None) -> Starlette:
    """The dashboard and API over the store at ``db_path`` (opened read-only).

    :raises brinkwatch.store.db.StoreError: the store is missing or not a brinkwatch store.
    """
    db = ReadOnlyDB(db_path)
    routes: list[Any] = [*api.routes(), *pages.routes(),
                         Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static")]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, ApiError: _api_error,
                            Exception: _server_error},
    )
    app.state.db = db
    app.state.db_path = str(db_path)
    app.state.openapi = api.openapi_document()
    app.state.templates = pages.templates()
    app.add_middleware(GuardMiddleware, token=token)
    return app


__all__ = ["create_app", "ReadOnlyDB", "error_body"]
