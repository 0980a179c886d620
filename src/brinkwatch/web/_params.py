"""Query parameters of the JSON API: one definition feeds both validation and the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from brinkwatch.web._errors import ApiError

MAX_LIMIT = 1000
DEFAULT_LIMIT = 50
_CODE = r"^[A-Za-z0-9_.-]{1,40}$"

# name -> (JSON Schema, description)
PARAMS: dict[str, tuple[dict[str, Any], str]] = {
    "limit": ({"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
              "Page size."),
    "offset": ({"type": "integer", "minimum": 0, "maximum": 1_000_000_000, "default": 0},
               "Rows to skip (pagination)."),
    "format": ({"type": "string", "enum": ["json", "csv"], "default": "json"},
               "`csv` answers the same page as CSV (one row per item, nested fields flattened)."),
    "from": ({"type": "string", "format": "date"}, "Earliest date, inclusive (YYYY-MM-DD)."),
    "to": ({"type": "string", "format": "date"}, "Latest date, inclusive (YYYY-MM-DD)."),
    "dyad": ({"type": "string", "pattern": r"^[A-Za-z0-9_.-]{1,40},[A-Za-z0-9_.-]{1,40}$"},
             "Two actor codes, comma-separated (e.g. `SRB,XKX`), in either order."),
    "dataset": ({"type": "string", "pattern": _CODE},
                "Only this dataset: `brinkwatch` (our coded events) or an imported one "
                "(`gdelt1`, `gdelt2`, `acled`, `jsonl`, ...)."),
    "root": ({"type": "string", "pattern": r"^[0-9]{2}$"}, "CAMEO root code (two digits)."),
    "quad_class": ({"type": "integer", "minimum": 1, "maximum": 4}, "QuadClass 1-4."),
    "outlet": ({"type": "string", "minLength": 1, "maxLength": 200},
               "Outlet, or source file name when the outlet is unknown."),
    "story": ({"type": "string", "minLength": 1, "maxLength": 100}, "Story id."),
    "entity": ({"type": "string", "minLength": 1, "maxLength": 100}, "Entity id."),
    "document": ({"type": "string", "minLength": 1, "maxLength": 100}, "Document id."),
    "status": ({"type": "string", "enum": ["agreed", "disputed", "single-source"]},
               "Claim status."),
    "property": ({"type": "string", "minLength": 1, "maxLength": 100}, "Claim property."),
    "type": ({"type": "string", "pattern": r"^[A-Za-z_]{1,20}$"}, "Entity type (PERSON, GPE, ...)."),
    "country": ({"type": "string", "pattern": r"^[A-Za-z]{2,3}$"}, "Country code."),
    "band": ({"type": "string", "pattern": r"^[a-z_-]{1,20}$"},
             "Escalation band (surge, increase, stable, decrease, new)."),
    "span": ({"type": "string", "pattern": r"^[0-9]{1,9}-[0-9]{1,9}$"},
             "A source span to highlight: START-END character offsets into the text."),
    "q": ({"type": "string", "minLength": 1, "maxLength": 500},
          "Words to find (all must occur; a trailing * matches a prefix)."),
}


def _one(query: Mapping[str, Any], name: str) -> str | None:
    getlist = getattr(query, "getlist", None)
    values = getlist(name) if getlist else ([query[name]] if name in query else [])
    if len(values) > 1:
        raise ApiError(400, f"parameter {name!r} given {len(values)} times", parameter=name)
    return values[0] if values else None


def _check(name: str, raw: str, schema: dict[str, Any]) -> Any:
    kind = schema["type"]
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,12}", raw.strip()):
            raise ApiError(400, f"{name} must be an integer, got {raw[:40]!r}", parameter=name)
        value: Any = int(raw)
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ApiError(400, f"{name} must be between {lo} and {hi}, got {value}", parameter=name)
        return value
    if "enum" in schema and raw not in schema["enum"]:
        raise ApiError(400, f"{name} must be one of {', '.join(schema['enum'])}", parameter=name)
    if len(raw) < schema.get("minLength", 0) or len(raw) > schema.get("maxLength", 10_000):
        raise ApiError(400, f"{name} has a bad length ({len(raw)})", parameter=name)
    if "pattern" in schema and not re.search(schema["pattern"], raw):
        raise ApiError(400, f"{name} is malformed: {raw[:40]!r}", parameter=name)
    if schema.get("format") == "date":
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
                raise ValueError(raw)
            dt.date.fromisoformat(raw)
        except ValueError:
            raise ApiError(400, f"{name} must be a date YYYY-MM-DD, got {raw[:40]!r}",
                           parameter=name) from None
    return raw


def parse(query: Mapping[str, Any], allowed: Iterable[str],
          sorts: Iterable[str] = ()) -> dict[str, Any]:
    """Validated values of ``allowed`` parameters (defaults filled in for limit/offset/format).

    :raises ApiError: an unknown, repeated or malformed parameter (400).
    """
    allowed = set(allowed)
    sort_keys = list(sorts)
    if sort_keys:
        allowed.add("sort")
    for name in query.keys():
        if name not in allowed and name != "token":
            raise ApiError(400, f"unknown parameter {name!r}", parameter=name)
    out: dict[str, Any] = {}
    for name in allowed:
        raw = _one(query, name)
        if name == "sort":
            if raw is not None and raw.lstrip("-") not in sort_keys:
                raise ApiError(400, f"sort must be one of {', '.join(sort_keys)} "
                               "(prefix - for descending)", parameter="sort")
            out["sort"] = raw
            continue
        schema = PARAMS[name][0]
        if raw is None:
            if "default" in schema:
                out[name] = schema["default"]
            continue
        out[name] = _check(name, raw, schema)
    return out


def openapi_parameters(names: Iterable[str], sorts: Iterable[str] = ()) -> list[dict[str, Any]]:
    """OpenAPI ``parameters`` entries for ``names`` (and ``sort`` when ``sorts`` is given)."""
    out = []
    for name in names:
        schema, description = PARAMS[name]
        out.append({"name": name, "in": "query", "required": name == "q",
                    "description": description, "schema": schema})
    sort_keys = list(sorts)
    if sort_keys:
        enum = sort_keys + ["-" + k for k in sort_keys]
        out.append({"name": "sort", "in": "query", "required": False,
                    "description": "Sort key; prefix - for descending. Ties break by id.",
                    "schema": {"type": "string", "enum": enum}})
    return out


def iso_week(date: str) -> str:
    """``2023-09-27`` -> ``2023-W39`` (the period key of escalation rows)."""
    year, week, _ = dt.date.fromisoformat(date).isocalendar()
    return f"{year}-W{week:02d}"
