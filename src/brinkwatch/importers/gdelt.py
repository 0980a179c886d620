"""GDELT 1.0 and 2.0 event exports (tab-separated, no header) into ``imported_events``.

The layout is told by the number of columns (57 or 58: GDELT 1.0; 61: GDELT 2.0; see
:mod:`._gdelt_columns`). Mapping: GLOBALEVENTID -> native id; SQLDATE -> date; EventCode,
EventRootCode, QuadClass, GoldsteinScale as given; Actor1/Actor2 name, country (CAMEO code,
Kosovo KSV -> XKX) and role (Type1Code); ActionGeo name, lat, long and country (FIPS 10-4, as
GDELT gives it); NumSources, NumMentions, AvgTone, SOURCEURL.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from brinkwatch.importers._codes import cameo_country, cameo_role
from brinkwatch.importers._gdelt_columns import LAYOUTS
from brinkwatch.importers._open import open_text
from brinkwatch.importers._store import ImportedEvent, ImportError_, ImportReport, SkipRow, number

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_gdelt(path: Path, report: ImportReport, *, version: int | None = None) -> Iterator[ImportedEvent | SkipRow]:
    """Events of a GDELT event export; ``version`` (1 or 2) forces the layout.

    :raises ImportError_: the first row's column count matches no GDELT layout.
    """
    with open_text(path) as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        index: dict[str, int] | None = None
        width = 0
        for row in rows:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if index is None:
                dataset, columns = _layout(path, len(row), version)
                report.dataset = dataset
                index = {name: i for i, name in enumerate(columns)}
                width = len(columns)
                if row[0].strip().upper() == "GLOBALEVENTID":
                    continue  # a header row someone added
            if len(row) != width:
                yield SkipRow(f"{len(row)} columns, expected {width}")
                continue
            try:
                yield _event(row, index, dataset, str(path))
            except SkipRow as skip:
                yield skip


def _layout(path: Path, width: int, version: int | None) -> tuple[str, list[str]]:
    layout = LAYOUTS.get(width)
    if layout is None:
        raise ImportError_(f"{path}: {width} tab-separated columns; GDELT 1.0 event exports have "
                           "57 or 58, GDELT 2.0 exports 61")
    if version is not None and layout[0] != f"gdelt{version}":
        raise ImportError_(f"{path}: {width} columns is a {layout[0]} layout, not GDELT {version}.0")
    return layout


def _date(sqldate: str) -> str:
    text = sqldate.strip()
    if len(text) != 8 or not text.isdigit():
        raise SkipRow("SQLDATE is not YYYYMMDD")
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def _event(row: list[str], col: dict[str, int], dataset: str, source_file: str) -> ImportedEvent:
    def get(name: str) -> str | None:
        value = row[col[name]].strip()
        return value or None

    native = get("GLOBALEVENTID")
    if not native:
        raise SkipRow("no GLOBALEVENTID")
    quad = number(get("QuadClass"), int)
    if quad not in (1, 2, 3, 4):
        raise SkipRow("QuadClass is not 1-4")
    return ImportedEvent(
        id=f"{dataset}:{native}", dataset=dataset, native_id=native, source_file=source_file,
        date=_date(row[col["SQLDATE"]]), cameo=get("EventCode"), root=get("EventRootCode"),
        quad_class=quad, goldstein=number(get("GoldsteinScale")),
        source_name=get("Actor1Name"), source_country=cameo_country(get("Actor1CountryCode")),
        source_role=cameo_role(get("Actor1Code"), get("Actor1Type1Code")),
        target_name=get("Actor2Name"), target_country=cameo_country(get("Actor2CountryCode")),
        target_role=cameo_role(get("Actor2Code"), get("Actor2Type1Code")),
        place_name=get("ActionGeo_FullName"), place_lat=number(get("ActionGeo_Lat")),
        place_lon=number(get("ActionGeo_Long")), place_country=get("ActionGeo_CountryCode"),
        sources=number(get("NumSources"), int), mentions=number(get("NumMentions"), int),
        tone=number(get("AvgTone")), url=get("SOURCEURL"),
    )
