"""The analyst's brief of a crisis (or of one story) as Markdown or as one offline HTML file.

Both formats are rendered from the JSON export (ARCHITECTURE.md, "Export") through one model
(:func:`._model.build_brief`), so they always say the same thing:

1. header: counts of documents, outlets, stories, events and disputed claims;
2. what happened: the most-corroborated events and agreed figures, each with source links;
3. stories (dates, document counts, outlets that carried copies), or the one story's details;
4. figures: agreed / disputed / single-source values with outlet, speaker, qualifier, quote;
5. timeline by event date, items dated only by publication marked as such;
6. main actors by document count; 7. escalation charts and table; 8. sources; 9. evidence
   quotes (``text[start:end]`` with context, document id and character offsets).

The HTML page carries its CSS and SVG charts inline, needs no script and loads nothing from
the network (a Content-Security-Policy forbids it). Text from articles is escaped in both
formats: Jinja autoescape in HTML, :func:`._text.md` in Markdown.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import _markdown
from ._model import build_brief
from ._scope import StoryNotFound
from ._text import QUAD_NAMES
from .charts import QUAD_COLORS

log = logging.getLogger(__name__)

__all__ = ["StoryNotFound", "render_html", "render_markdown"]


@lru_cache(maxsize=1)
def _env() -> Environment:
    folder = resources.files("brinkwatch.report") / "templates"
    return Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


@lru_cache(maxsize=1)
def _css() -> Markup:
    css = (resources.files("brinkwatch.report") / "templates" / "brief.css").read_text("utf-8")
    # Only our own constant colours go in here (hex strings from charts.QUAD_COLORS).
    colours = "".join(f"--q{q}:{c};" for q, c in QUAD_COLORS.items())
    return Markup(f":root{{{colours}}}\n{css}")


def render_markdown(
    export: dict[str, Any], *, story: str | None = None, texts: dict[str, str] | None = None
) -> str:
    """The brief as Markdown (GitHub-flavoured: tables and ``[^n]`` footnotes).

    :param export: the dict of ``brinkwatch export --format json``.
    :param story: a story id for a brief of that story only; None for the whole crisis.
    :param texts: document id → full text, to quote source spans with their context.
    :raises StoryNotFound: when ``story`` is not in ``export["stories"]``.
    """
    model = build_brief(export, story=story, texts=texts)
    log.debug("markdown brief: %d documents, %d notes", len(model["sources"]), len(model["notes"]))
    return _markdown.render(model)


def render_html(
    export: dict[str, Any], *, story: str | None = None, texts: dict[str, str] | None = None
) -> str:
    """The brief as one self-contained HTML page (inline CSS and SVG, no script, offline).

    :param export: the dict of ``brinkwatch export --format json``.
    :param story: a story id for a brief of that story only; None for the whole crisis.
    :param texts: document id → full text, to quote source spans with their context.
    :raises StoryNotFound: when ``story`` is not in ``export["stories"]``.
    """
    model = build_brief(export, story=story, texts=texts)
    model["quad_svg"] = Markup(model["quad_svg"])
    if model["escalation"]:
        for chart in model["escalation"]["charts"]:
            chart["svg"] = Markup(chart["svg"])
    log.debug("html brief: %d documents, %d notes", len(model["sources"]), len(model["notes"]))
    template = _env().get_template("brief.html.j2")
    return template.render(b=model, css=_css(), quad_names=QUAD_NAMES)
