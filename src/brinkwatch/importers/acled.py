"""ACLED CSV exports into ``imported_events``.

Columns read (case-insensitive; others ignored): event_id_cnty (or data_id), event_date,
event_type, sub_event_type, actor1, inter1, actor2, inter2, country, iso3, location,
latitude, longitude, source, fatalities.

- QuadClass and Goldstein come from a CAMEO code per (event_type, sub_event_type), in
  ``data/acled_cameo.tsv``; ACLED has no Goldstein weight of its own.
- An actor's country is the one its name states (``Military Forces of Serbia (2012-)``,
  ``Protesters (Kosovo)``), else the event's country for local actors; external forces
  (inter code 8) without a stated country get none.
- Roles from inter codes: 1 state forces -> GOV/MIL/POL by name, 2-4 rebels and militias ->
  REB, 5-7 rioters, protesters, civilians -> CVL, 8 external forces -> IGO or MIL.
- ``sources``: the number of ``;``-separated names in ``source`` (at least 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from brinkwatch.importers._codes import country_alpha3, country_in_actor
from brinkwatch.importers._open import open_text
from brinkwatch.importers._store import ImportedEvent, ImportError_, ImportReport, SkipRow, number

REQUIRED = ("event_date", "event_type", "actor1")
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%Y/%m/%d", "%d/%m/%Y")
_INTER = {"1": "state forces", "2": "rebel groups", "3": "political militias", "4": "identity militias",
          "5": "rioters", "6": "protesters", "7": "civilians", "8": "external/other forces"}
_IGO = re.compile(r"\b(NATO|KFOR|EULEX|United Nations|UN|EU|European Union|OSCE|African Union|AU|"
                  r"ECOWAS|Multinational)\b")


@functools.lru_cache(maxsize=1)
def _cameo_table() -> dict[tuple[str, str], str | None]:
    text = resources.files("brinkwatch.importers").joinpath("data/acled_cameo.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[(row["event_type"].lower(), (row["sub_event_type"] or "").lower())] = row["cameo"] or None
    return table


def acled_cameo(event_type: str, sub_event_type: str | None) -> str | None:
    """The CAMEO code an ACLED event type maps to (None: no QuadClass)."""
    table = _cameo_table()
    key = (event_type.strip().lower(), (sub_event_type or "").strip().lower())
    if key in table:
        return table[key]
    return table.get((key[0], ""))


def parse_date(text: str) -> str:
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise SkipRow("event_date is not a date")


def acled_role(actor: str, inter: str | None) -> str | None:
    """Our role for an ACLED actor from its inter code (number or name) and name."""
    kind = _INTER.get((inter or "").strip(), (inter or "").strip().lower())
    if kind == "state forces":
        if re.search(r"\bPolice\b", actor):
            return "POL"
        if re.search(r"\b(Government|Ministry|President)\b", actor):
            return "GOV"
        return "MIL"
    if kind in ("rebel groups", "political militias", "identity militias"):
        return "REB"
    if kind in ("rioters", "protesters", "civilians"):
        return "CVL"
    if kind == "external/other forces":
        return "IGO" if _IGO.search(actor) else "MIL"
    return "IGO" if _IGO.search(actor) else None


def read_acled(path: Path, report: ImportReport) -> Iterator[ImportedEvent | SkipRow]:
    """Events of an ACLED CSV export.

    :raises ImportError_: no header with the ACLED columns.
    """
    from brinkwatch.coding import tables

    report.dataset = "acled"
    with open_text(path) as handle:
        first = handle.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ImportError_(f"{path}: not an ACLED CSV export (no column {', '.join(missing)})")
        for values in csv.reader(handle, delimiter=delimiter):
            if not any(v.strip() for v in values):
                continue
            row = dict(zip(header, values))
            try:
                yield _event(row, str(path), tables)
            except SkipRow as skip:
                yield skip


def _event(row: dict[str, str], source_file: str, tables) -> ImportedEvent:
    def get(name: str) -> str | None:
        value = (row.get(name) or "").strip()
        return value or None

    date = parse_date(row.get("event_date") or "")
    event_type = get("event_type")
    if not event_type:
        raise SkipRow("no event_type")
    native = get("event_id_cnty") or get("data_id") or hashlib.sha1(
        "\x1f".join(f"{k}={v}" for k, v in sorted(row.items())).encode()).hexdigest()[:16]
    cameo = acled_cameo(event_type, get("sub_event_type"))
    country = (get("iso3") or country_alpha3(get("country")) or "").upper() or None
    actors = []
    for side in ("1", "2"):
        name = get(f"actor{side}")
        inter = get(f"inter{side}")
        stated = country_in_actor(name)
        external = _INTER.get(inter or "", (inter or "").lower()) == "external/other forces"
        actors.append((name, stated or (None if external or not name else country),
                       acled_role(name, inter) if name else None))
    sources = [s for s in (get("source") or "").split(";") if s.strip()]
    from brinkwatch.resolve._countries import alpha2

    return ImportedEvent(
        id=f"acled:{native}", dataset="acled", native_id=native, source_file=source_file, date=date,
        cameo=cameo, root=tables.root_of(cameo) if cameo else None,
        quad_class=tables.quad_class(cameo) if cameo else None,
        goldstein=tables.goldstein(cameo) if cameo else None,
        event_type=event_type, sub_event_type=get("sub_event_type"),
        source_name=actors[0][0], source_country=actors[0][1], source_role=actors[0][2],
        target_name=actors[1][0], target_country=actors[1][1], target_role=actors[1][2],
        place_name=get("location"), place_lat=number(get("latitude")), place_lon=number(get("longitude")),
        place_country=alpha2(country) if country else None,
        fatalities=number(get("fatalities"), int), sources=max(1, len(sources)),
    )
