"""The JSON API: ``/api/{list}``, ``/api/{list}/{id}``, ``/api/search`` and ``/api/openapi.json``.

Lists answer ``{"total", "limit", "offset", "items"}`` (or the same page as CSV with
``?format=csv``); every error has the shape of :mod:`brinkwatch.web._errors`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from brinkwatch import __version__ as _version
from brinkwatch.web import _schemas, details
from brinkwatch.web._errors import ERROR_SCHEMA, ApiError
from brinkwatch.web._params import openapi_parameters, parse
from brinkwatch.web.queries import LISTS, ListSpec, run_list

PAGE_PARAMS = ("limit", "offset", "format")
SEARCH_FILTERS = ("from", "to", "outlet", "story")
DETAIL_FUNCS: dict[str, Callable[..., dict[str, Any] | None]] = {
    "documents": details.document, "stories": details.story, "entities": details.entity,
    "events": details.event, "claims": details.claim,
}
_SINGULAR = {"documents": "document", "stories": "story", "entities": "entity",
             "events": "event", "claims": "claim"}


def _flatten(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        elif isinstance(value, list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def _csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas (a cell starting with = + - @ is prefixed with ')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(items: list[dict[str, Any]], name: str) -> Response:
    """Items as CSV: nested objects flattened to ``a.b`` columns, lists as JSON text."""
    rows = [_flatten(i) for i in items]
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_safe(row.get(c)) for c in columns])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _conn(request: Request):
    return request.app.state.db.connection()


def list_endpoint(spec: ListSpec) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        params = parse(request.query_params, [*PAGE_PARAMS, *spec.filters], spec.sorts)
        total, items = run_list(_conn(request), spec, params)
        if params["format"] == "csv":
            return to_csv(items, spec.name)
        return JSONResponse({"total": total, "limit": params["limit"],
                             "offset": params["offset"], "items": items})
    endpoint.__name__ = f"list_{spec.name}"
    return endpoint


def detail_endpoint(name: str) -> Callable[[Request], Response]:
    func = DETAIL_FUNCS[name]

    def endpoint(request: Request) -> Response:
        parse(request.query_params, [])
        item_id = request.path_params["item_id"]
        found = func(_conn(request), item_id)
        if found is None:
            raise ApiError(404, f"no {_SINGULAR[name]} with id {item_id[:100]!r}")
        return JSONResponse(found)
    endpoint.__name__ = f"get_{_SINGULAR[name]}"
    return endpoint


def search_endpoint(request: Request) -> Response:
    params = parse(request.query_params, ["q", *PAGE_PARAMS, *SEARCH_FILTERS])
    if not params.get("q"):
        raise ApiError(400, "q is required", parameter="q")
    total, items = details.search(_conn(request), params["q"], params)
    if params["format"] == "csv":
        return to_csv(items, "search")
    return JSONResponse({"total": total, "limit": params["limit"], "offset": params["offset"],
                         "items": items})


def _error_responses() -> dict[str, Any]:
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"400": {"description": "Invalid parameter", **ref},
            "401": {"description": "Token required", **ref},
            "404": {"description": "Not found", **ref}}


def _list_op(name: str, summary: str, params: list[dict[str, Any]]) -> dict[str, Any]:
    page_ref = f"#/components/schemas/{name.capitalize()}Page"
    return {"get": {
        "operationId": f"list_{name}", "summary": summary, "parameters": params,
        "responses": {"200": {"description": "One page of items",
                              "content": {"application/json": {"schema": {"$ref": page_ref}},
                                          "text/csv": {"schema": {"type": "string"}}}},
                      **_error_responses()}}}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API (built from the same specs the routes use)."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for name, item in _schemas.ITEMS.items():
        schemas[name.capitalize()] = item
        schemas[f"{name.capitalize()}Page"] = _schemas.page_schema(
            f"#/components/schemas/{name.capitalize()}")
    for name, spec in LISTS.items():
        params = openapi_parameters([*PAGE_PARAMS, *spec.filters], spec.sorts)
        paths[f"/api/{name}"] = _list_op(name, spec.summary, params)
    paths["/api/search"] = _list_op(
        "search", "Full-text search over document titles and text (SQLite FTS5, BM25 order).",
        openapi_parameters(["q", *PAGE_PARAMS, *SEARCH_FILTERS]))
    for name, detail in _schemas.DETAILS.items():
        schemas[f"{_SINGULAR[name].capitalize()}Detail"] = detail
        paths[f"/api/{name}/{{item_id}}"] = {"get": {
            "operationId": f"get_{_SINGULAR[name]}", "summary": f"One {_SINGULAR[name]}.",
            "parameters": [{"name": "item_id", "in": "path", "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 100}}],
            "responses": {"200": {"description": f"The {_SINGULAR[name]}", "content": {
                "application/json": {"schema": {
                    "$ref": f"#/components/schemas/{_SINGULAR[name].capitalize()}Detail"}}}},
                **_error_responses()}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "brinkwatch", "version": _version,
                 "description": "Read-only JSON API over a brinkwatch store. Lists page with "
                                "limit/offset and report the total; `?format=csv` gives CSV."},
        "paths": paths,
        "components": {"schemas": schemas,
                       "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
    }


def openapi_endpoint(request: Request) -> Response:
    parse(request.query_params, [])
    return JSONResponse(request.app.state.openapi)


def routes() -> list[Route]:
    out = [Route("/api/openapi.json", openapi_endpoint, methods=["GET"]),
           Route("/api/search", search_endpoint, methods=["GET"])]
    for name, spec in LISTS.items():
        out.append(Route(f"/api/{name}", list_endpoint(spec), methods=["GET"]))
    for name in DETAIL_FUNCS:
        out.append(Route(f"/api/{name}/{{item_id}}", detail_endpoint(name), methods=["GET"]))
    return out
