"""The widget in real Chromium (#19 « Must show »), embedded in a partner's page served from
other loopback origins than the portal (tests/browser/widget_host.py):

- from a listed origin it shows, sized to its content by widget.js, at 390 px and 1280 px;
  the keyboard goes from the host page into the frame's search box and to a result; axe finds
  nothing inside the frame;
- from an unlisted origin the browser itself refuses to render it (frame-ancestors);
- once revoked, it shows nothing anywhere.
Screenshots in test-artifacts/."""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.browser.widget_host import HostSite, host_page
from tests.widgets.factories import WidgetFactory

from .conftest import ARTIFACTS
from .journeys import home_help_world

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDGET_FRAME = re.compile(r"/widget/[0-9a-f-]+/")


@pytest.fixture
def hosts():
    """Start host sites on their own ports (each its own origin); stopped after the test."""
    started = []

    def start() -> HostSite:
        site = HostSite()
        started.append(site)
        return site

    yield start
    for site in started:
        site.close()


@pytest.fixture
def embedded(live_server, site, hosts):
    """A Montreuil services widget whose only site is a host page on a second origin, and a
    third origin's page that embeds it too without being listed."""
    world = home_help_world()
    listed, unlisted = hosts(), hosts()
    widget = WidgetFactory(
        name="Qui appeler à Montreuil ?",
        communes=[world.montreuil.insee_code],
        kinds=["service"],
        allowed_origins=[listed.origin],
    )
    for host in (listed, unlisted):
        host.html = host_page(
            live_server.url + widget.get_absolute_url(),
            live_server.url + "/static/js/widget.js",
            widget.name,
        )
    assert listed.origin != unlisted.origin != live_server.url
    return SimpleNamespace(widget=widget, listed=listed, unlisted=unlisted)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def widget_frame(page):
    frame = page.frame(url=WIDGET_FRAME)
    assert frame is not None, [f.url for f in page.frames]
    return frame


def focused_in_frame(frame, selector: str) -> bool:
    return frame.evaluate(
        "(s) => document.hasFocus() && document.activeElement.matches(s)", selector
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_a_listed_site_shows_the_widget_sized_keyboard_reachable_and_axe_clean(
    page, embedded, axe, viewport
):
    page.set_viewport_size(viewport)
    page.goto(embedded.listed.origin + "/")
    frame_locator = page.frame_locator("iframe[data-maillage-widget]")
    first = frame_locator.locator(".widget-hit__title a").first
    expect(first).to_contain_text("Aide à domicile des Murs-à-Pêches")
    expect(first).to_contain_text("(nouvelle fenêtre)")
    expect(first).to_have_attribute("target", "_blank")
    # Outside the widget's commune: not there.
    expect(frame_locator.get_by_text("Aide à domicile du Franc-Moisin")).to_have_count(0)
    # widget.js sized the iframe to the widget's content (no inner scroll bar).
    iframe = page.locator("iframe[data-maillage-widget]")
    frame = widget_frame(page)
    content = frame.evaluate(
        "Math.ceil(document.getElementById('widget').getBoundingClientRect().height)"
    )
    page.wait_for_function(
        "(h) => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - h) <= 2",
        arg=content,
    )
    assert iframe.bounding_box()["width"] <= viewport["width"]
    assert frame.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"widget_embedded_{viewport['width']}px")

    # Keyboard only: from the host page into the frame's search box, a search, a result.
    page.locator("body").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused_in_frame(frame, "#widget-q"):
            break
    else:
        raise AssertionError("the widget's search box never got the keyboard focus")
    page.keyboard.type("aide")
    page.keyboard.press("Enter")
    frame.wait_for_url(re.compile(r"[?&]q=aide"))
    frame.locator(".widget-hit__title a").first.wait_for()
    for _ in range(15):
        page.keyboard.press("Tab")
        if focused_in_frame(frame, ".widget-hit__title a"):
            break
    else:
        raise AssertionError("no result link got the keyboard focus")
    axe(frame)


def test_an_unlisted_site_gets_nothing_the_browser_refuses_the_frame(page, embedded):
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(embedded.unlisted.origin + "/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    # Chromium leaves its error page in the frame: not the widget, nothing of it.
    assert len(page.frames) == 2
    assert page.frame_locator("iframe").locator("#widget").count() == 0
    assert page.frame_locator("iframe").locator(".widget-hit").count() == 0
    assert any("frame-ancestors" in text for text in refused), refused
    screenshot(page, "widget_unlisted_origin_refused")
    # The same widget still shows on its listed site.
    page.goto(embedded.listed.origin + "/")
    expect(page.frame_locator("iframe").locator(".widget-hit").first).to_be_visible()


def test_a_revoked_widget_stops_showing_on_its_site(page, embedded):
    page.goto(embedded.listed.origin + "/")
    expect(page.frame_locator("iframe").locator(".widget-hit").first).to_be_visible()
    embedded.widget.revoke()
    page.reload()
    page.wait_for_load_state("load")
    assert page.frame_locator("iframe").locator("#widget").count() == 0
    assert page.frame_locator("iframe").locator(".widget-hit").count() == 0
