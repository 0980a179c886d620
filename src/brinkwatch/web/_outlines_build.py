"""Rebuild ``data/countries_110m.json`` from a Natural Earth 1:110m countries shapefile.

Pure Python (``struct``), no GIS library: reads polygon records from the ``.shp`` and the
attribute table from the ``.dbf``, rounds coordinates to 0.01 degree and writes one compact
JSON object ``{"source", "license", "countries": [{"name", "iso_a3", "bbox", "rings"}]}``.

The shipped file was made from ``geopandas/datasets/naturalearth_lowres`` in the
geopandas 0.14.4 wheel (BSD-3-Clause), which is Natural Earth's "Admin 0 - Countries" at
1:110m (public domain)::

    python -m brinkwatch.web._outlines_build naturalearth_lowres.shp OUT.json
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

SOURCE = ("Natural Earth 1:110m Admin 0 - Countries, as redistributed in the geopandas 0.14.4 "
          "wheel (geopandas/datasets/naturalearth_lowres)")
LICENSE = "Public domain (Natural Earth terms of use); geopandas packaging BSD-3-Clause"


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The records of a dBASE III table, every field as stripped text."""
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        length = data[pos + 16]
        fields.append((name, length))
        pos += 32
    records = []
    for i in range(count):
        start = header_len + i * record_len + 1  # skip the deletion flag
        row = {}
        for name, length in fields:
            row[name] = data[start:start + length].decode("utf-8", "replace").strip()
            start += length
        records.append(row)
    return records


def read_shp_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings as lists of (lon, lat); null shapes give an empty list."""
    data = path.read_bytes()
    pos = 100
    shapes = []
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        (shape_type,) = struct.unpack("<i", body[:4])
        if shape_type == 0:
            shapes.append([])
            continue
        if shape_type not in (5, 15, 25):
            raise ValueError(f"shape type {shape_type} is not a polygon")
        num_parts, num_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", body[44:44 + 4 * num_parts]))
        pts_at = 44 + 4 * num_parts
        coords = struct.unpack(f"<{2 * num_points}d", body[pts_at:pts_at + 16 * num_points])
        points = [(coords[2 * k], coords[2 * k + 1]) for k in range(num_points)]
        bounds = parts + [num_points]
        shapes.append([points[bounds[k]:bounds[k + 1]] for k in range(num_parts)])
    return shapes


def build(shp: Path) -> dict:
    records = read_dbf(shp.with_suffix(".dbf"))
    shapes = read_shp_polygons(shp)
    countries = []
    for rec, rings in zip(records, shapes):
        out_rings = []
        for ring in rings:
            pts: list[list[float]] = []
            for lon, lat in ring:
                p = [round(lon, 2), round(lat, 2)]
                if not pts or pts[-1] != p:
                    pts.append(p)
            if len(pts) >= 4:
                out_rings.append(pts)
        if not out_rings:
            continue
        lons = [p[0] for r in out_rings for p in r]
        lats = [p[1] for r in out_rings for p in r]
        countries.append({
            "name": rec.get("name", ""), "iso_a3": rec.get("iso_a3", ""),
            "bbox": [min(lons), min(lats), max(lons), max(lats)], "rings": out_rings,
        })
    countries.sort(key=lambda c: c["name"])
    return {"source": SOURCE, "license": LICENSE, "countries": countries}


def main(argv: list[str]) -> int:
    shp, out = Path(argv[0]), Path(argv[1])
    out.write_text(json.dumps(build(shp), separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
