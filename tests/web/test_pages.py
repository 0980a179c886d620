"""Server-rendered pages and the server's guards: escaping, token, bind, read-only, static files."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from html.parser import HTMLParser

import click
import pytest
from starlette.testclient import TestClient
from webfixtures import SCRIPT

from brinkwatch.web.app import create_app
from brinkwatch.web.commands import check_bind, is_local
from brinkwatch.web.mapsvg import Point, map_svg, outlines

PAGES = ("/", "/stories/s1", "/stories/s2", "/events/v1", "/events/v4", "/entities/eX",
         "/entities/eK", "/documents/dv2", "/documents/dv2?span=0-10", "/search?q=ambassador",
         "/search?q=message", "/escalation", "/escalation?dyad=VLD,KRS")


class _Scripts(HTMLParser):
    """Collects <script> elements and on* attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.handlers += [k for k, _ in attrs if k.startswith("on")]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_and_never_carry_article_script(fixture_client, path):
    answer = fixture_client.get(path)
    assert answer.status_code == 200, answer.text
    html = answer.text
    assert SCRIPT not in html
    parser = _Scripts()
    parser.feed(html)
    assert parser.scripts == [{"src": "/static/app.js", "defer": None}]
    assert parser.handlers == []
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "http://" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", html).replace(
        "https://example.org", "")  # nothing loaded from elsewhere


def test_story_page_shows_sources_side_by_side_with_figures(fixture_client):
    html = fixture_client.get("/stories/s1").text
    assert html.count('class="source-col"') == 2
    assert "Valdoria Herald" in html and "karsk_news.html" in html
    assert "badge-disputed" in html and "sources differ: 300 vs about 120" in html
    assert "Valdorian troops cross at Tarn" in html  # timeline
    assert 'class="event-dot' in html and "<path" in html  # map with Tarn
    assert "&lt;script&gt;" in html  # the title with a script is shown, escaped


def test_event_page_marks_each_source_span_in_context(fixture_client):
    html = fixture_client.get("/events/v1").text
    marks = re.findall(r'<mark class="span target" id="span-\d+">(.*?)</mark>', html)
    assert marks == ["Valdorian troops crossed the Karsk border at Tarn on Monday",
                     "the incursion at Tarn"]
    assert '/documents/dv1?span=0-59#span' in html
    v4 = fixture_client.get("/events/v4").text
    assert "A message reading &lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; was posted" in v4


def test_document_page_highlights_the_followed_span(fixture_client):
    html = fixture_client.get("/documents/dv1?span=0-59").text
    assert re.search(r'<mark class="span target" id="span">Valdorian troops crossed the Karsk '
                     r'border at Tarn on Monday</mark>', html)
    assert fixture_client.get("/documents/dv1?span=0-99999").status_code == 200
    assert fixture_client.get("/documents/dv1?span=x").status_code == 400
    assert 'href="javascript:' not in fixture_client.get("/documents/dv2").text


def test_overview_shows_alerts_stories_and_chart(fixture_client):
    html = fixture_client.get("/").text
    assert 'id="alerts"' not in html or "surge" in html
    assert "Incursion at Tarn" in html and "Talks in Lumen" in html
    assert "escalation-chart" in html


def test_unknown_pages_answer_404_html(fixture_client):
    for path in ("/stories/nope", "/events/nope", "/entities/nope", "/documents/nope", "/nope"):
        answer = fixture_client.get(path)
        assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e/app.py",
                                  "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fstore/db.py",
                                  "/static//etc/passwd", "/static/../../../../etc/passwd"])
def test_static_files_do_not_escape_their_folder(fixture_client, path):
    answer = fixture_client.get(path)
    assert answer.status_code == 404
    assert "import" not in answer.text and "root:" not in answer.text


def test_every_asset_is_vendored(fixture_client):
    for asset in ("/static/style.css", "/static/app.js", "/static/favicon.svg"):
        answer = fixture_client.get(asset)
        assert answer.status_code == 200 and "http" not in answer.text.replace(
            "http://www.w3.org/2000/svg", "")


def test_the_store_is_never_written(fixture_db):
    before = hashlib.sha256(fixture_db.read_bytes()).hexdigest()
    app = create_app(fixture_db)
    with TestClient(app) as client:
        for path in PAGES:
            client.get(path)
        conn = app.state.db.connection()
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM documents")
    assert hashlib.sha256(fixture_db.read_bytes()).hexdigest() == before


def test_token_is_required_when_set(fixture_db):
    token = "s3cret-token-0123456789"
    with TestClient(create_app(fixture_db, token=token)) as client:
        denied = client.get("/api/events")
        assert denied.status_code == 401 and denied.json()["error"]["code"] == "unauthorized"
        assert client.get("/").status_code == 401
        assert client.get("/api/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = client.get("/api/events", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200
        first = client.get("/", params={"token": token})
        assert first.status_code == 200 and "brinkwatch_token" in first.headers["set-cookie"]
        assert client.get("/stories/s1").status_code == 200  # the cookie carries it now


def test_non_local_bind_needs_flag_and_token():
    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.4")
    check_bind("127.0.0.1", False, None)
    with pytest.raises(click.UsageError, match="--allow-remote"):
        check_bind("0.0.0.0", False, "x" * 20)
    with pytest.raises(click.UsageError, match="token"):
        check_bind("0.0.0.0", True, None)
    check_bind("0.0.0.0", True, "x" * 20)


def test_serve_command_refuses_remote_bind_and_missing_store(tmp_path):
    from click.testing import CliRunner

    from brinkwatch.cli import main

    runner = CliRunner()
    remote = runner.invoke(main, ["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"])
    assert remote.exit_code == 2 and "--allow-remote" in remote.output
    missing = runner.invoke(main, ["serve", "--db", str(tmp_path / "x.db")])
    assert missing.exit_code == 1 and "no such store" in missing.output


def test_map_draws_outlines_and_escaped_points():
    assert len(outlines()["countries"]) > 150
    svg = map_svg([Point(lat=42.6, lon=20.9, label="<b>Pristina</b>", href="/events/a%22b")])
    assert svg.count("<path") > 3 and "&lt;b&gt;Pristina" in svg and "<b>" not in svg
    assert 'href="/events/a%22b"' in svg
    empty = map_svg([])
    assert "No events with coordinates" in empty


def test_overview_lists_imported_events_and_maps_them(fixture_client):
    html = fixture_client.get("/").text
    section = html[html.index('id="imported"'):html.index('id="map"')]
    assert "acled: 1 event, gdelt2: 1 event" in section
    assert section.index("2024-03-20") < section.index("2024-03-05")  # newest first
    assert "Military Forces of Valdoria: armed clash → Military Forces of Karsk at Oster" in section
    assert "<b>2</b><span>imported events</span>" in html
    map_part = html[html.index('id="map"'):]
    assert "at Oster" in map_part  # the ACLED event has coordinates: a dot with its summary


def test_overview_chart_from_sql_totals_equals_the_chart_of_every_row(fixture_client):
    from markupsafe import Markup

    from brinkwatch.report.charts import escalation_chart_svg

    rows = fixture_client.get("/api/escalation", params={"limit": 1000}).json()["items"]
    html = fixture_client.get("/").text
    assert str(Markup(escalation_chart_svg(rows))) in html
