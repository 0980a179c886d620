"""Inline SVG charts: well-formed XML, one bar group per period, QuadClass colours, escaping."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from brinkwatch.report import QUAD_COLORS, escalation_chart_svg, quad_bars_svg, render_html
from brinkwatch.report.charts import aggregate_periods

SVG = "{http://www.w3.org/2000/svg}"
DATA = Path(__file__).resolve().parent.parent / "data"


def _rows() -> list[dict]:
    return json.loads((DATA / "report_export.json").read_text("utf-8"))["escalation"]


def _periods(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "period"]


def test_escalation_chart_parses_as_xml_with_one_bar_group_per_period():
    rows = _rows()
    root = ET.fromstring(escalation_chart_svg(rows))
    assert root.tag == f"{SVG}svg"
    groups = _periods(root)
    assert [g.get("data-period") for g in groups] == sorted({r["period"] for r in rows})


def test_escalation_chart_for_one_dyad_draws_only_its_periods():
    root = ET.fromstring(escalation_chart_svg(_rows(), ("KRS", "VLD")))
    periods = [g.get("data-period") for g in _periods(root)]
    assert periods == ["2024-03-02", "2024-03-03", "2024-03-04"]


def test_escalation_chart_accepts_the_reversed_dyad():
    root = ET.fromstring(escalation_chart_svg(_rows(), ("VLD", "KRS")))
    assert len(_periods(root)) == 3


def test_bars_stack_quad_counts_in_the_shared_quad_colours():
    rows = [{"dyad": ["A", "B"], "period": "2024-W10", "events": 5, "goldstein_sum": -20,
             "quad_counts": {"1": 2, "2": 0, "3": 0, "4": 3}, "index": 1.5, "band": "high"}]
    root = ET.fromstring(escalation_chart_svg(rows))
    (group,) = _periods(root)
    rects = {r.get("class"): r for r in group.iter(f"{SVG}rect")}
    assert set(rects) == {"q1", "q4"}
    assert rects["q1"].get("fill") == QUAD_COLORS[1]
    assert rects["q4"].get("fill") == QUAD_COLORS[4]
    h1, h4 = float(rects["q1"].get("height")), float(rects["q4"].get("height"))
    assert abs(h4 / h1 - 1.5) < 0.01
    # stacked: the conflict bar sits on top of the cooperation bar
    assert abs(float(rects["q4"].get("y")) + h4 - float(rects["q1"].get("y"))) < 0.2


def test_index_line_has_one_point_per_period_with_an_index():
    root = ET.fromstring(escalation_chart_svg(_rows(), ("KRS", "VLD")))
    line = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "index-line")
    assert len(list(line.iter(f"{SVG}circle"))) == 3
    points = next(line.iter(f"{SVG}polyline")).get("points").split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] < ys[1] < ys[2]  # index falls 0.8 → 0.55 → 0.3, so the line goes down


def test_labels_from_data_are_escaped_and_the_svg_stays_well_formed():
    rows = [{"dyad": ["<A&>", "B"], "period": "<script>x</script>", "events": 1,
             "quad_counts": {"3": 1}, "index": 0.2}]
    svg = escalation_chart_svg(rows, ("<A&>", "B"))
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>x</script>" in texts


def test_periods_of_several_dyads_are_summed_with_an_event_weighted_index():
    rows = [
        {"dyad": ["A", "B"], "period": "p1", "events": 3, "quad_counts": {"4": 3}, "index": 1.0},
        {"dyad": ["C", "D"], "period": "p1", "events": 1, "quad_counts": {"1": 1}, "index": -1.0},
    ]
    (p1,) = aggregate_periods(rows)
    assert p1["quads"] == {1: 1, 2: 0, 3: 0, 4: 3}
    assert p1["events"] == 4
    assert abs(p1["index"] - 0.5) < 1e-9


def test_no_rows_give_a_valid_svg_that_says_so():
    root = ET.fromstring(escalation_chart_svg([]))
    assert "No escalation data" in "".join(root.itertext())
    assert _periods(root) == []


def test_quad_bars_svg_has_four_bars_in_quad_colours():
    root = ET.fromstring(quad_bars_svg({"1": 3, 2: 1, "3": 5, 4: 2}))
    groups = [g for g in root.iter(f"{SVG}g") if "quad" in (g.get("class") or "")]
    assert len(groups) == 4
    fills = [next(g.iter(f"{SVG}rect")).get("fill") for g in groups]
    assert fills == [QUAD_COLORS[q] for q in (1, 2, 3, 4)]
    widths = [float(next(g.iter(f"{SVG}rect")).get("width")) for g in groups]
    assert widths.index(max(widths)) == 2  # QuadClass 3 has the most events


def test_quad_bars_svg_without_events_is_a_valid_empty_chart():
    root = ET.fromstring(quad_bars_svg({}))
    assert "No coded events" in "".join(root.itertext())


def test_html_badges_use_the_same_quad_colours_as_the_charts():
    export = json.loads((DATA / "report_export.json").read_text("utf-8"))
    html = render_html(export)
    for q, colour in QUAD_COLORS.items():
        assert f"--q{q}:{colour};" in html
        assert f'fill="{colour}"' in html
