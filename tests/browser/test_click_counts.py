"""Clicks on a sheet's call, email and directions links are counted through /compter/, once
per click, without cookie (issue #18 item 1): with JavaScript by navigator.sendBeacon (the
pings removed), without it by the links' `ping` attribute, which Chromium sends."""

import time

import pytest

from core import counters
from core.models import DailyCounter
from tests.accounts.factories import clear_test_cache
from tests.browser.conftest import ARTIFACTS
from tests.conftest import wait_until
from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Keeps the page when a tel:/mailto: link is followed: registered on window, it runs after
# the page's own click listeners (count.js listens on the document).
STAY_ON_PAGE = """() => window.addEventListener("click", (event) => {
  const link = event.target.closest("a");
  if (link && /^(tel|mailto):/.test(link.getAttribute("href"))) event.preventDefault();
})"""


@pytest.fixture(autouse=True)
def fresh_counters():
    clear_test_cache()
    yield
    clear_test_cache()


@pytest.fixture
def service(site, saint_denis):
    organisation = OrganisationFactory(
        name="CCAS de Saint-Denis", commune=saint_denis, address="2 place Victor Hugo"
    )
    return ServiceFactory(
        organisation=organisation,
        name="Portage de repas",
        phone="+33148111111",
        email="portage@ccas.example",
        commune=saint_denis,
    )


def clicks(metric: str, service) -> int:
    counters.flush()
    row = DailyCounter.objects.filter(
        metric=metric,
        dimensions={
            "kind": "service",
            "service": str(service.pk),
            "organisation": str(service.organisation_id),
        },
    ).first()
    return row.value if row else 0


def test_clicking_the_call_link_of_a_service_sheet_counts_one_call(service, live_server, page):
    page.goto(live_server.url + service.get_absolute_url())
    page.evaluate(STAY_ON_PAGE)
    call = page.get_by_role("link", name="01 48 11 11 11")
    assert call.get_attribute("href") == "tel:+33148111111"
    # count.js took the ping over: the beacon alone counts the click.
    assert call.get_attribute("ping") is None
    assert call.get_attribute("data-count-click").startswith(
        live_server.url + "/compter/?m=click_call&k=service"
    )

    call.click()
    assert page.url == live_server.url + service.get_absolute_url()
    assert wait_until(lambda: clicks("click_call", service) == 1, timeout=10)
    time.sleep(1)  # a second request (a ping beside the beacon) would have arrived by now
    assert clicks("click_call", service) == 1
    assert clicks("click_email", service) == 0
    assert page.context.cookies() == []  # neither the sheet nor the count set a cookie

    page.get_by_role("link", name="portage@ccas.example").click()
    assert wait_until(lambda: clicks("click_email", service) == 1, timeout=10)
    assert clicks("click_call", service) == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_click_counts_service_sheet.png"))


def test_without_javascript_the_ping_of_a_directions_link_counts_it_once(
    service, live_server, browser
):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    # The directions link leads to OpenStreetMap: answered here, no test reaches the internet.
    context.route(
        "https://www.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>OSM</p>"),
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + service.get_absolute_url())
        link = page.get_by_role("link", name="Calculer l'itinéraire sur OpenStreetMap")
        assert link.get_attribute("ping").startswith(
            live_server.url + "/compter/?m=click_directions&k=service"
        )
        link.click()
        page.wait_for_url("https://www.openstreetmap.org/**")
        assert wait_until(lambda: clicks("click_directions", service) == 1, timeout=10)
        time.sleep(1)
        assert clicks("click_directions", service) == 1
    finally:
        context.close()
