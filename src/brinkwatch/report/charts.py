"""Hand-built inline SVG charts for the brief (no plotting library, no script, no external asset).

- :func:`escalation_chart_svg`: per period, a stacked bar of event counts by QuadClass, with the
  escalation index drawn as a line on its own (right-hand) axis.
- :func:`quad_bars_svg`: a tiny horizontal bar chart of QuadClass counts.

Every label is escaped with :func:`markupsafe.escape`, so the output is well-formed XML and
safe to inline in HTML. QuadClass colours come from :data:`QUAD_COLORS`, which the HTML
brief's badges also use, so a colour means the same thing everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import escape

from ._text import QUAD_NAMES, clean, fmt_number, fmt_signed, quad_int

# Blue for cooperation, orange/red for conflict; light for verbal, dark for material.
QUAD_COLORS: dict[int, str] = {1: "#7fb2d9", 2: "#1f6fb2", 3: "#f39c4a", 4: "#c8322a"}
INDEX_COLOR = "#222222"
_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def _e(text: object) -> str:
    return str(escape(clean(text)))


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _tick_label(value: float, step: float) -> str:
    """A signed axis label with as many decimals as the step needs (0.025 → 3)."""
    decimals = 0
    while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    text = f"{value:+.{decimals}f}"
    return "0" if float(text) == 0 else text


def _nice_step(span: float, ticks: int = 4) -> float:
    if span <= 0:
        return 1.0
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def as_number(x: Any) -> float | None:
    """``x`` as a finite float, or None (booleans and junk are not numbers)."""
    if isinstance(x, bool):
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def quad_tally(counts: Any) -> dict[int, int]:
    """QuadClass counts keyed 1..4 (all present) from a mapping with int or string keys."""
    out = {q: 0 for q in QUAD_NAMES}
    if isinstance(counts, Mapping):
        for k, v in counts.items():
            q, n = quad_int(k), as_number(v)
            if q is not None and n is not None:
                out[q] += int(n)
    return out


def _rows_for(rows: Iterable[dict], dyad: tuple[str, str] | None) -> list[dict]:
    rows = [r for r in rows if isinstance(r, dict)]
    if dyad is None:
        return rows
    want = tuple(clean(x) for x in dyad)
    exact = [r for r in rows if tuple(clean(x) for x in r.get("dyad") or ()) == want]
    if exact:
        return exact
    return [r for r in rows if tuple(clean(x) for x in r.get("dyad") or ()) == want[::-1]]


def aggregate_periods(rows: Iterable[dict], dyad: tuple[str, str] | None = None) -> list[dict]:
    """Rows summed per period (sorted): QuadClass counts, events, Goldstein sum, and the index
    as the event-weighted mean of the rows' indexes (the plain mean when no row has events)."""
    by_period: dict[str, dict[str, Any]] = {}
    for r in _rows_for(rows, dyad):
        period = clean(r.get("period")) or "?"
        agg = by_period.setdefault(
            period,
            {"period": period, "quads": {q: 0 for q in QUAD_NAMES}, "events": 0,
             "goldstein": 0.0, "_idx": [], "bands": []},
        )
        quads = quad_tally(r.get("quad_counts"))
        for q, n in quads.items():
            agg["quads"][q] += n
        events = as_number(r.get("events"))
        events = int(events) if events is not None else sum(quads.values())
        agg["events"] += events
        agg["goldstein"] += as_number(r.get("goldstein_sum")) or 0.0
        idx = as_number(r.get("index"))
        if idx is not None:
            agg["_idx"].append((idx, events))
        if r.get("band") and clean(r["band"]) not in agg["bands"]:
            agg["bands"].append(clean(r["band"]))
    out = []
    for period in sorted(by_period):
        agg = by_period[period]
        pairs = agg.pop("_idx")
        weight = sum(w for _, w in pairs)
        if pairs:
            if weight:
                agg["index"] = sum(i * w for i, w in pairs) / weight
            else:
                agg["index"] = sum(i for i, _ in pairs) / len(pairs)
        else:
            agg["index"] = None
        out.append(agg)
    return out


def _empty_svg(message: str, width: int = 480, height: int = 60) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-empty" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{_e(message)}</title>"
        f'<text x="{width / 2}" y="{height / 2 + 4}" text-anchor="middle" font-size="13" '
        f'fill="#666" style="{_FONT}">{_e(message)}</text></svg>'
    )


def _legend(x0: float, y: float) -> list[str]:
    parts, x = [], x0
    for q, name in QUAD_NAMES.items():
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y - 9)}" width="10" height="10" rx="2" '
            f'fill="{QUAD_COLORS[q]}"/>'
            f'<text x="{_num(x + 14)}" y="{_num(y)}" font-size="11" fill="#333">'
            f"{_e(name)}</text>"
        )
        x += 20 + 6.2 * len(name)
    parts.append(
        f'<line x1="{_num(x)}" y1="{_num(y - 4)}" x2="{_num(x + 18)}" y2="{_num(y - 4)}" '
        f'stroke="{INDEX_COLOR}" stroke-width="2"/>'
        f'<text x="{_num(x + 22)}" y="{_num(y)}" font-size="11" fill="#333">index</text>'
    )
    return parts


def escalation_chart_svg(
    escalation_rows: list[dict], dyad: tuple[str, str] | None = None
) -> str:
    """An SVG chart of escalation rows: one ``<g class="period">`` bar group per period.

    Each group stacks the period's event counts by QuadClass (1 at the bottom, 4 on top); the
    escalation index is a line with dots on the right-hand axis. With ``dyad``, only that
    dyad's rows are drawn (the reversed pair is accepted when the exact one is absent);
    without it, all rows are summed per period.

    :param escalation_rows: rows of the export's ``escalation`` list.
    :param dyad: ``(a, b)`` as in a row's ``dyad``, or None for every dyad together.
    :returns: a standalone ``<svg>`` element as a string.
    """
    periods = aggregate_periods(escalation_rows, dyad)
    if not periods:
        return _empty_svg("No escalation data for this selection")

    n = len(periods)
    left, right, top, bottom = (62.0 if n > 8 else 46.0), 50.0, 34.0, 58.0
    plot_w, plot_h = 580.0, 170.0
    slot = plot_w / n
    width, height = left + plot_w + right, top + plot_h + bottom
    y0 = top + plot_h

    totals = [max(sum(p["quads"].values()), p["events"]) for p in periods]
    step = max(1.0, _nice_step(max(totals) or 1))  # counts: whole-number ticks
    ymax = step * math.ceil((max(totals) or 1) / step)

    indexes = [p["index"] for p in periods if p["index"] is not None]
    imin, imax = min(indexes + [0.0]), max(indexes + [0.0])
    if imax - imin < 1e-9:
        imax = imin + 1.0
    istep = _nice_step(imax - imin)
    imin, imax = istep * math.floor(imin / istep), istep * math.ceil(imax / istep)

    def y_count(v: float) -> float:
        return y0 - plot_h * v / ymax

    def y_index(v: float) -> float:
        return y0 - plot_h * (v - imin) / (imax - imin)

    label = "Escalation" + (f": {clean(dyad[0])} – {clean(dyad[1])}" if dyad else "")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart escalation-chart" role="img" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" style="max-width:100%;height:auto;{_FONT}">',
        f"<title>{_e(label)} — events per period by QuadClass, with the escalation index</title>",
        '<g class="axes" font-size="10" fill="#555">',
    ]
    tick = 0.0
    while tick <= ymax + 1e-9:
        y = y_count(tick)
        out.append(
            f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot_w)}" y2="{_num(y)}" '
            f'stroke="#e4e4e4" stroke-width="1"/>'
            f'<text x="{_num(left - 6)}" y="{_num(y + 3)}" text-anchor="end">'
            f"{fmt_number(tick)}</text>"
        )
        tick += step
    itick = imin
    while itick <= imax + 1e-9:
        out.append(
            f'<text x="{_num(left + plot_w + 6)}" y="{_num(y_index(itick) + 3)}">'
            f"{_e(_tick_label(itick, istep))}</text>"
        )
        itick += istep
    if imin < 0 < imax:
        yz = y_index(0.0)
        out.append(
            f'<line x1="{_num(left)}" y1="{_num(yz)}" x2="{_num(left + plot_w)}" y2="{_num(yz)}" '
            f'stroke="#999" stroke-dasharray="3 3" stroke-width="1"/>'
        )
    out.append(
        f'<text x="12" y="{_num(top + plot_h / 2)}" text-anchor="middle" '
        f'transform="rotate(-90 12 {_num(top + plot_h / 2)})">events</text>'
        f'<text x="{_num(width - 10)}" y="{_num(top + plot_h / 2)}" text-anchor="middle" '
        f'transform="rotate(90 {_num(width - 10)} {_num(top + plot_h / 2)})">index</text>'
        "</g>"
    )

    every = max(1, math.ceil(n / 16))
    rotate = n > 8
    bar_w = min(40.0, slot * 0.7)
    points = []
    for i, p in enumerate(periods):
        cx = left + slot * (i + 0.5)
        tip = (
            f"{p['period']}: {plural_events(p['events'])}, Goldstein sum "
            f"{fmt_signed(round(p['goldstein'], 2))}"
            + (f", index {fmt_signed(round(p['index'], 2))}" if p["index"] is not None else "")
            + (f", {', '.join(p['bands'])}" if p["bands"] else "")
        )
        out.append(f'<g class="period" data-period="{_e(p["period"])}"><title>{_e(tip)}</title>')
        base = 0.0
        for q in QUAD_NAMES:
            count = p["quads"][q]
            if count <= 0:
                continue
            ytop = y_count(base + count)
            out.append(
                f'<rect class="q{q}" x="{_num(cx - bar_w / 2)}" y="{_num(ytop)}" '
                f'width="{_num(bar_w)}" height="{_num(y_count(base) - ytop)}" '
                f'fill="{QUAD_COLORS[q]}"><title>{_e(QUAD_NAMES[q])}: {count}</title></rect>'
            )
            base += count
        if base == 0 and p["events"] > 0:  # events without a QuadClass breakdown
            ytop = y_count(p["events"])
            out.append(
                f'<rect x="{_num(cx - bar_w / 2)}" y="{_num(ytop)}" width="{_num(bar_w)}" '
                f'height="{_num(y0 - ytop)}" fill="#bbbbbb"/>'
            )
        if i % every == 0:
            if rotate:
                out.append(
                    f'<text x="{_num(cx)}" y="{_num(y0 + 12)}" font-size="10" fill="#444" '
                    f'text-anchor="end" transform="rotate(-40 {_num(cx)} {_num(y0 + 12)})">'
                    f"{_e(p['period'])}</text>"
                )
            else:
                out.append(
                    f'<text x="{_num(cx)}" y="{_num(y0 + 14)}" font-size="10" fill="#444" '
                    f'text-anchor="middle">{_e(p["period"])}</text>'
                )
        out.append("</g>")
        if p["index"] is not None:
            points.append((cx, y_index(p["index"])))

    out.append(
        f'<line x1="{_num(left)}" y1="{_num(y0)}" x2="{_num(left + plot_w)}" y2="{_num(y0)}" '
        f'stroke="#888" stroke-width="1"/>'
    )
    if points:
        out.append('<g class="index-line">')
        if len(points) > 1:
            coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{INDEX_COLOR}" '
                f'stroke-width="2" stroke-linejoin="round"/>'
            )
        for x, y in points:
            out.append(
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" fill="#fff" '
                f'stroke="{INDEX_COLOR}" stroke-width="1.5"/>'
            )
        out.append("</g>")
    out.append('<g class="legend">')
    out.extend(_legend(left, 16))
    out.append("</g></svg>")
    return "".join(out)


def plural_events(n: int) -> str:
    """``1 event``, ``4 events``."""
    return f"{fmt_number(n)} event{'s' if n != 1 else ''}"


def quad_bars_svg(counts: Mapping[Any, Any], *, width: int = 300) -> str:
    """A tiny horizontal bar chart of QuadClass counts (keys 1..4 as ints or strings).

    :param counts: e.g. an escalation row's ``quad_counts`` or a tally of events.
    :param width: drawing width in pixels.
    :returns: a standalone ``<svg>`` element as a string.
    """
    quads = quad_tally(counts)
    total = sum(quads.values())
    if total == 0:
        return _empty_svg("No coded events", width=width, height=40)
    row_h, label_w, count_w = 20, 132, 40
    bar_room = max(20, width - label_w - count_w)
    height = row_h * len(quads) + 4
    top = max(quads.values())
    summary = ", ".join(f"{QUAD_NAMES[q]} {n}" for q, n in quads.items())
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart quad-bars" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto;{_FONT}">',
        f"<title>Events by QuadClass: {_e(summary)}</title>",
    ]
    for i, (q, n) in enumerate(quads.items()):
        y = 2 + i * row_h
        w = bar_room * n / top if top else 0
        out.append(
            f'<g class="quad q{q}">'
            f'<text x="0" y="{y + 13}" font-size="11" fill="#333">{_e(QUAD_NAMES[q])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{_num(max(w, 1 if n else 0))}" height="13" '
            f'rx="2" fill="{QUAD_COLORS[q]}"/>'
            f'<text x="{_num(label_w + w + 5)}" y="{y + 13}" font-size="11" fill="#333">{n}</text>'
            "</g>"
        )
    out.append("</svg>")
    return "".join(out)
