"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright for Python).

The seeds run through the pipeline, `create_app` is served by uvicorn on a free local port, and
a browser loads every page, then follows a story to an event to the source span in the article,
checking what a person would see. Screenshots go to docs/screenshots/ with
BRINKWATCH_SCREENSHOTS=1 (the README shows the story page), else to a temporary folder.
Skips when Chromium is absent, unless CI=true: then it must run.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from webfixtures import SCRIPT, in_ci

CHROMIUM = Path("/usr/bin/chromium")
# Screenshots refresh the README's pictures only when asked (BRINKWATCH_SCREENSHOTS=1), so a
# test run does not dirty the working tree; otherwise they go to a temporary folder.
SHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("BRINKWATCH_SCREENSHOTS") == "1"
    else Path(os.environ.get("TMPDIR", "/tmp")) / "brinkwatch-screenshots"
)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]

if not CHROMIUM.exists():
    if in_ci():
        pytest.fail(f"{CHROMIUM} is missing and CI=true: .ci/run installs the chromium package",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium); browser tests skipped",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api") if not in_ci() else \
    __import__("playwright.sync_api", fromlist=["sync_api"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    """uvicorn in a thread of this process, on 127.0.0.1."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from brinkwatch.web.app import create_app

        self.port = _free_port()
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port,
                                log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _browser(tmp: Path, playwright):
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    return playwright.chromium.launch_persistent_context(
        str(tmp / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS,
        env={**os.environ, "HOME": str(home)}, viewport={"width": 1280, "height": 900},
    )


@pytest.fixture(scope="module")
def seeds_site(seeds_db):
    with _Server(seeds_db) as url:
        yield url


@pytest.fixture(scope="module")
def fixture_site(fixture_db):
    with _Server(fixture_db) as url:
        yield url


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        context = _browser(tmp_path_factory.mktemp("chromium"), p)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.errors = errors
        yield page
        context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_overview_shows_the_crisis(page, seeds_site):
    page.goto(seeds_site + "/")
    assert page.locator("h1").inner_text() == "Crisis overview"
    assert page.locator("svg.escalation-chart").count() == 1
    assert page.locator("a.story-link").count() >= 1
    assert page.locator("svg.map path.land").count() > 3
    assert page.locator("svg.map circle.event-dot").count() >= 1
    _shot(page, "overview")
    assert page.errors == []


def test_story_to_event_to_source_span(page, seeds_site):
    page.goto(seeds_site + "/")
    page.locator("a.story-link").first.click()
    page.wait_for_selector("#story-title")
    columns = page.locator(".source-col")
    assert columns.count() >= 1
    assert page.locator("#timeline").is_visible()
    assert page.locator("#story-map svg.map").count() == 1
    _shot(page, "story")

    link = page.locator(".source-col a.event-link").first
    summary = link.inner_text().strip()
    link.click()
    page.wait_for_selector("#event-summary")
    assert page.locator("#event-summary").inner_text().strip() == summary
    span = page.locator("blockquote.source-span mark.target").first
    assert span.is_visible()
    quoted = span.inner_text().strip()
    assert quoted
    _shot(page, "event")

    page.locator("a.span-link").first.click()
    page.wait_for_selector("#doc-text")
    target = page.locator("#doc-text mark#span")
    assert target.count() == 1
    assert target.inner_text().strip() == quoted
    assert target.is_visible() and target.bounding_box() is not None
    assert "flash" in (target.get_attribute("class") or "")  # the script brought it into view
    _shot(page, "document-span")
    assert page.errors == []


def test_entity_and_search_pages(page, seeds_site):
    page.goto(seeds_site + "/")
    page.locator("a.story-link").first.click()
    page.locator("a.event-link").first.click()
    entity = page.locator("table.kv a[href^='/entities/']").first
    if entity.count():
        name = entity.inner_text().strip()
        entity.click()
        assert page.locator("#entity-name").inner_text().strip() == name
        _shot(page, "entity")
    page.fill("form.quick input[name=q]", "border")
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_selector("#result-count")
    assert page.locator("ol.hits li").count() >= 1
    assert page.locator("p.snippet mark.hit").count() >= 1
    _shot(page, "search")
    page.goto(seeds_site + "/escalation")
    assert page.locator("svg.escalation-chart").count() == 1
    assert page.errors == []


def test_a_script_in_an_article_never_runs(page, fixture_site):
    assert "pwned" in SCRIPT
    for path in ("/", "/stories/s1", "/events/v4", "/documents/dv2", "/entities/eX",
                 "/search?q=message"):
        page.goto(fixture_site + path)
        assert page.title() != "pwned", path  # the script would set exactly this
        assert page.evaluate("document.querySelectorAll('script').length") == 1
    page.goto(fixture_site + "/documents/dv2")
    assert "<script>document.title='pwned'</script>" in page.locator("#doc-text").inner_text()
