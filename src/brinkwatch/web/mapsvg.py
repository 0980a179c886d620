"""An offline map of events: country outlines as SVG paths, events as dots. No tile server.

Outlines: ``data/countries_110m.json``, Natural Earth 1:110m Admin 0 countries (public
domain), taken from the geopandas 0.14.4 wheel (see ``_outlines_build.py`` and
``data/README.md``). The projection is equirectangular, with longitudes scaled by the cosine
of the view's middle latitude, which is accurate enough at the scale of one crisis.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

QUAD_COLORS = {1: "#7fb2d9", 2: "#1f6fb2", 3: "#f39c4a", 4: "#c8322a"}


@dataclass(frozen=True)
class Point:
    """One dot: an event (or several at one place)."""

    lat: float
    lon: float
    label: str
    href: str | None = None
    quad_class: int | None = None


@functools.lru_cache(maxsize=1)
def outlines() -> dict[str, Any]:
    """The shipped country outlines (loaded once)."""
    text = resources.files("brinkwatch.web").joinpath("data/countries_110m.json").read_text("utf-8")
    return json.loads(text)


def _view(points: list[Point], width: int, height: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) around ``points``, padded, at the map's aspect ratio."""
    if not points:
        return -180.0, -60.0, 180.0, 85.0
    lons = sorted(p.lon for p in points)
    lats = sorted(p.lat for p in points)
    cut = len(points) // 10 if len(points) >= 10 else 0  # a few far-off places don't set the view
    west, east = lons[cut], lons[len(lons) - 1 - cut]
    south, north = lats[cut], lats[len(lats) - 1 - cut]
    mid = (south + north) / 2
    kx = max(math.cos(math.radians(mid)), 0.2)
    span_lon = max((east - west) * 1.5, 5.0)
    span_lat = max((north - south) * 1.5, 3.5)
    # match the aspect ratio: span_lon * kx / span_lat == width / height
    if span_lon * kx / span_lat < width / height:
        span_lon = span_lat * width / height / kx
    else:
        span_lat = span_lon * kx * height / width
    clon, clat = (west + east) / 2, (south + north) / 2
    south, north = max(clat - span_lat / 2, -85.0), min(clat + span_lat / 2, 85.0)
    return clon - span_lon / 2, south, clon + span_lon / 2, north


def _num(x: float) -> str:
    return f"{x:.1f}"


def map_svg(points: list[Point], *, width: int = 640, height: int = 380,
            title: str = "Map of events") -> Markup:
    """An inline ``<svg>`` map of ``points`` over country outlines (every label escaped)."""
    west, south, east, north = _view(points, width, height)
    sx = width / (east - west)
    sy = height / (north - south)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * sx, (north - lat) * sy

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'preserveAspectRatio="xMidYMid meet"><title>{escape(title)}</title>',
           f'<rect class="sea" x="0" y="0" width="{width}" height="{height}"/>']
    labels = []
    for country in outlines()["countries"]:
        b = country["bbox"]
        if b[2] < west or b[0] > east or b[3] < south or b[1] > north:
            continue
        d = []
        for ring in country["rings"]:
            pts = [xy(lon, lat) for lon, lat in ring]
            d.append("M" + "L".join(f"{_num(x)},{_num(y)}" for x, y in pts) + "Z")
        out.append(f'<path class="land" d="{"".join(d)}"><title>{escape(country["name"])}'
                   f"</title></path>")
        cx, cy = xy((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
        box_w = (b[2] - b[0]) * sx
        if 0 < cx < width and 0 < cy < height and box_w > 40 and len(points) > 0:
            labels.append(f'<text class="country-label" x="{_num(cx)}" y="{_num(cy)}" '
                          f'text-anchor="middle">{escape(country["name"])}</text>')
    out.extend(labels)
    if not points:
        out.append(f'<text class="map-empty" x="{width / 2}" y="{height - 14}" '
                   'text-anchor="middle">No events with coordinates</text>')
    by_place: dict[tuple[float, float], list[Point]] = {}
    for p in points:
        by_place.setdefault((round(p.lat, 3), round(p.lon, 3)), []).append(p)
    for (lat, lon), group in sorted(by_place.items()):
        x, y = xy(lon, lat)
        worst = max((p.quad_class or 1 for p in group), default=1)
        radius = min(4 + 2 * math.log2(len(group)), 12)
        names = "; ".join(dict.fromkeys(p.label for p in group))
        if len(names) > 300:
            names = names[:300] + "…"
        dot = (f'<circle class="event-dot q{worst}" cx="{_num(x)}" cy="{_num(y)}" '
               f'r="{radius:.1f}" fill="{QUAD_COLORS.get(worst, "#555")}">'
               f"<title>{escape(f'{len(group)} event(s): {names}')}</title></circle>")
        href = group[0].href if len(group) == 1 else None
        out.append(f'<a href="{escape(href)}">{dot}</a>' if href else dot)
    out.append("</svg>")
    return Markup("".join(out))


def event_points(events: list[dict[str, Any]], limit: int = 1000) -> list[Point]:
    """Dots for API-shaped events that have coordinates."""
    points = []
    for e in events:
        place = e.get("place") or {}
        lat, lon = place.get("lat"), place.get("lon")
        if lat is None or lon is None:
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        points.append(Point(lat=float(lat), lon=float(lon),
                            label=f"{e.get('summary') or e.get('cameo_name') or e.get('id')}",
                            href="/events/" + quote(str(e["id"]), safe="") if e.get("id") else None,
                            quad_class=e.get("quad_class")))
        if len(points) >= limit:
            break
    return points
