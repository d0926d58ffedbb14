"""Real-browser fixtures: Debian's Chromium driven by Playwright against the live server.

Playwright cannot download its own browser here, so we launch /usr/bin/chromium
(`CHROMIUM_PATH` overrides). A failing test leaves a full-page screenshot in
test-artifacts/ (kept by CI as an artifact)."""

import base64
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an asyncio loop in the test thread; the Django ORM calls made
# by fixtures in that same thread are still synchronous and safe (Playwright's documented
# set-up for pytest-django).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.1 level A and AA rules only (RGAA's reference level).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs it).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII="
)


def _blank_tile(route):
    route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    # Map tiles (static/js/map.js) come from OpenStreetMap: answer them with a blank image so
    # no test reaches the internet.
    context.route(re.compile(r"^https://tile\.openstreetmap\.org/"), _blank_tile)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def site(transactional_db):
    """The demo site shell (home page, settings) in the test database."""

    from demo import home as demo

    demo.load()


@pytest.fixture
def axe():
    runner = Axe()

    def check(page):
        results = runner.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, results.generate_report()
        return results

    return check


@pytest.fixture
def keyboard_focus():
    """Press Tab until an element matching `predicate(js)` is focused; returns its text."""

    def tab_to(page, selector: str, max_tabs: int = 40) -> None:
        for _ in range(max_tabs):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} never received keyboard focus in {max_tabs} tabs")

    return tab_to
