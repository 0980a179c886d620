"""Server-rendered pages (Jinja2, autoescape on): overview, story, entity, event, document, search.

Every piece of article text and user input reaches the HTML through autoescaping or
:mod:`brinkwatch.web._highlight` (which escapes too); the only ``Markup`` we build ourselves
is SVG/markup whose labels are escaped where they are made.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from brinkwatch.report._text import QUAD_NAMES
from brinkwatch.web import _pagedata, details
from brinkwatch.web._errors import ApiError
from brinkwatch.web._highlight import Mark, marked, valid_span
from brinkwatch.web._params import parse
from brinkwatch.web.mapsvg import QUAD_COLORS

_ENV: Environment | None = None


def _label(doc: Any) -> str:
    """A document's headline, else its file name, else its id (text files may have none)."""
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    path = (get("source_path") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return get("title") or path or get("id") or ""


def _pid(value: Any) -> str:
    """A path segment: any id, percent-encoded."""
    return quote(str(value), safe="")


def templates() -> Environment:
    """The page templates (autoescape on for every template)."""
    global _ENV
    if _ENV is None:
        env = Environment(
            loader=PackageLoader("brinkwatch.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        )
        env.filters["pid"] = _pid
        env.filters["label"] = _label
        env.globals["QUAD_NAMES"] = QUAD_NAMES
        env.globals["QUAD_COLORS"] = QUAD_COLORS
        _ENV = env
    return _ENV


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


def error_page(status: int, message: str) -> HTMLResponse:
    return render("error.html", status=status, status_code=status, message=message,
                  title=f"Error {status}")


def _conn(request: Request):
    return request.app.state.db.connection()


def _not_found(kind: str, item_id: str) -> Response:
    return error_page(404, f"No {kind} with id {item_id[:100]!r} in this store.")


def overview_page(request: Request) -> Response:
    parse(request.query_params, [])
    data = _pagedata.overview(_conn(request))
    return render("overview.html", title="Crisis overview", **data)


def story_page(request: Request) -> Response:
    parse(request.query_params, [])
    story_id = request.path_params["item_id"]
    data = _pagedata.story(_conn(request), story_id)
    if data is None:
        return _not_found("story", story_id)
    return render("story.html", title=data["story"]["title"] or "Story", **data)


def entity_page(request: Request) -> Response:
    parse(request.query_params, [])
    entity_id = request.path_params["item_id"]
    data = _pagedata.entity(_conn(request), entity_id)
    if data is None:
        return _not_found("entity", entity_id)
    return render("entity.html", title=data["entity"]["name"], **data)


def event_page(request: Request) -> Response:
    parse(request.query_params, [])
    event_id = request.path_params["item_id"]
    data = _pagedata.event(_conn(request), event_id)
    if data is None:
        return _not_found("event", event_id)
    return render("event.html", title=data["event"]["summary"] or "Event", **data)


def _span_param(request: Request) -> tuple[int, int] | None:
    raw = request.query_params.get("span")
    if raw is None:
        return None
    match = re.fullmatch(r"([0-9]{1,9})-([0-9]{1,9})", raw)
    if not match:
        raise ApiError(400, "span must be START-END (character offsets)", parameter="span")
    return int(match.group(1)), int(match.group(2))


def document_page(request: Request) -> Response:
    parse(request.query_params, ["span"])
    doc_id = request.path_params["item_id"]
    span = _span_param(request)
    data = _pagedata.document(_conn(request), doc_id)
    if data is None:
        return _not_found("document", doc_id)
    text = data["document"]["text"]
    marks = []
    target_ok = span is not None and valid_span(text, *span)
    if target_ok:
        marks.append(Mark(span[0], span[1], "span target", element_id="span"))
    for m in data["mentions"]:
        event = data["events"].get(m["event_id"]) or {}
        marks.append(Mark(m["start"], m["end"], "span event",
                          href=f"/events/{_pid(m['event_id'])}",
                          title=event.get("summary") or m["event_id"]))
    body = marked(text, marks)
    return render("document.html", title=data["document"]["title"] or "Document",
                  body=body, span=span, span_ok=target_ok,
                  span_text=text[span[0]:span[1]] if target_ok else None, **data)


def search_page(request: Request) -> Response:
    params = parse(request.query_params, ["q", "limit", "offset", "from", "to", "outlet", "story"])
    q = params.get("q") or ""
    total, hits = (0, [])
    if q:
        total, hits = details.search(_conn(request), q, params)
    for hit in hits:
        marks = [Mark(a, b, "hit") for a, b in hit["snippet_marks"]]
        hit["snippet_html"] = marked(hit["snippet"], marks)
    keep = {k: v for k, v in params.items() if k not in ("offset", "limit") and v}
    nav = {}
    if params["offset"] > 0:
        nav["prev"] = "/search?" + urlencode(
            {**keep, "offset": max(0, params["offset"] - params["limit"])})
    if params["offset"] + params["limit"] < total:
        nav["next"] = "/search?" + urlencode({**keep, "offset": params["offset"] + params["limit"]})
    return render("search.html", title=f"Search: {q}" if q else "Search", q=q, total=total,
                  hits=hits, nav=nav, offset=params["offset"])


def escalation_page(request: Request) -> Response:
    params = parse(request.query_params, ["dyad"])
    from brinkwatch.report.charts import escalation_chart_svg

    rows = _pagedata.escalation_rows(_conn(request), params.get("dyad"))
    dyad = tuple(params["dyad"].split(",", 1)) if params.get("dyad") else None
    chart: Markup = Markup(escalation_chart_svg(rows, dyad))  # labels escaped by the chart
    return render("escalation.html", title="Escalation", rows=rows, chart=chart,
                  dyad=params.get("dyad"))


def routes() -> list[Route]:
    item = "{item_id}"
    return [
        Route("/", overview_page, methods=["GET"]),
        Route(f"/stories/{item}", story_page, methods=["GET"]),
        Route(f"/entities/{item}", entity_page, methods=["GET"]),
        Route(f"/events/{item}", event_page, methods=["GET"]),
        Route(f"/documents/{item}", document_page, methods=["GET"]),
        Route("/search", search_page, methods=["GET"]),
        Route("/escalation", escalation_page, methods=["GET"]),
    ]
