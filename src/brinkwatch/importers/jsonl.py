"""Our own event schema as JSONL into ``imported_events``.

One JSON object per line, in the shape of the ``events`` records of ``brinkwatch export``
(lines of ``brinkwatch export --format jsonl`` with ``"kind": "event"`` work as they are):
``id``, ``date`` (``YYYY-MM-DD``), ``cameo``, ``root``, ``quad_class``, ``goldstein``,
``acled`` ([type, sub-type]), ``source``/``target`` (``name``, ``country``, optional
``role``), ``place`` (``name``, ``lat``, ``lon``, ``country``), ``fatalities``,
``documents`` (their count is the number of sources, unless ``sources`` is given).
A missing QuadClass or Goldstein weight is taken from the CAMEO code. An optional
``dataset`` names where the event comes from (default ``jsonl``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from brinkwatch.importers._open import open_text
from brinkwatch.importers._store import ImportedEvent, ImportReport, SkipRow


def read_jsonl(path: Path, report: ImportReport) -> Iterator[ImportedEvent | SkipRow]:
    """Events of a JSONL file in our event schema."""
    from brinkwatch.coding import tables

    report.dataset = "jsonl"
    with open_text(path) as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                yield SkipRow("not valid JSON")
                continue
            try:
                yield _event(record, line, str(path), tables)
            except SkipRow as skip:
                yield skip


def _side(record: dict, key: str) -> dict:
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def _text(value) -> str | None:
    return str(value).strip() or None if value is not None else None


def _event(record, line: str, source_file: str, tables) -> ImportedEvent:
    if not isinstance(record, dict):
        raise SkipRow("not a JSON object")
    if record.get("kind") not in (None, "event"):
        raise SkipRow("not an event record")
    date = _text(record.get("date")) or ""
    if len(date) < 10 or date[4] != "-" or date[7] != "-":
        raise SkipRow("date is not a day (YYYY-MM-DD)")
    cameo = _text(record.get("cameo"))
    quad = record.get("quad_class")
    if quad is None and cameo:
        quad = tables.quad_class(cameo)
    if quad not in (1, 2, 3, 4):
        raise SkipRow("no QuadClass and no known CAMEO code")
    goldstein = record.get("goldstein")
    if goldstein is None and cameo:
        goldstein = tables.goldstein(cameo)
    native = _text(record.get("id")) or hashlib.sha1(line.strip().encode()).hexdigest()[:16]
    dataset = _text(record.get("dataset")) or "jsonl"
    source, target, place = _side(record, "source"), _side(record, "target"), _side(record, "place")
    acled = record.get("acled") if isinstance(record.get("acled"), list) else [None, None]
    documents = record.get("documents") if isinstance(record.get("documents"), list) else []
    sources = record.get("sources") if isinstance(record.get("sources"), int) else len(documents)
    return ImportedEvent(
        id=f"{dataset}:{native}", dataset=dataset, native_id=native, source_file=source_file,
        date=date[:10], cameo=cameo, root=_text(record.get("root")) or (tables.root_of(cameo) if cameo else None),
        quad_class=int(quad), goldstein=float(goldstein) if goldstein is not None else None,
        event_type=_text(acled[0]) if acled else None,
        sub_event_type=_text(acled[1]) if len(acled) > 1 else None,
        source_name=_text(source.get("name")), source_country=_upper(source.get("country")),
        source_role=_upper(source.get("role")),
        target_name=_text(target.get("name")), target_country=_upper(target.get("country")),
        target_role=_upper(target.get("role")),
        place_name=_text(place.get("name")), place_lat=_float(place.get("lat")),
        place_lon=_float(place.get("lon")), place_country=_upper(place.get("country")),
        fatalities=record.get("fatalities") if isinstance(record.get("fatalities"), int) else None,
        sources=sources,
    )


def _upper(value) -> str | None:
    text = _text(value)
    return text.upper() if text else None


def _float(value) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
