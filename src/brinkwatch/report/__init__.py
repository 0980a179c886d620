"""brinkwatch.report: the analyst's brief (Markdown or one offline HTML file) and its charts.

Public API::

    render_markdown(export, *, story=None, texts=None) -> str
    render_html(export, *, story=None, texts=None) -> str
    escalation_chart_svg(escalation_rows, dyad=None) -> str
    quad_bars_svg(counts, *, width=300) -> str
"""

from .brief import StoryNotFound, render_html, render_markdown
from .charts import QUAD_COLORS, escalation_chart_svg, quad_bars_svg

__all__ = [
    "QUAD_COLORS",
    "StoryNotFound",
    "escalation_chart_svg",
    "quad_bars_svg",
    "render_html",
    "render_markdown",
]
