"""« Ouvert maintenant » on the search page, on a phone and a desktop, with and without
JavaScript: ticking it shows only the open entries, and every card says its status."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search.indexing import reindex_kind
from tests.browser.conftest import ARTIFACTS
from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_places(site):
    today = timezone.localdate()
    ServiceFactory(
        organisation=OrganisationFactory(name="Maison des aidants", opening_hours="24/7"),
        name="Permanence aidants toujours ouverte",
    )
    ServiceFactory(
        organisation=OrganisationFactory(name="Centre en travaux", opening_hours="24/7"),
        name="Permanence aidants en travaux",
        closed_from=today - timedelta(days=1),
        closed_until=today + timedelta(days=20),
        closure_message="Travaux de rénovation",
    )
    reindex_kind("service")


def titles(page):
    return page.locator(".search-hit__title").all_inner_texts()


@pytest.mark.parametrize("width", [390, 1280])
def test_ticking_open_now_shows_only_open_entries(two_places, live_server, browser, width):
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + "/recherche/?q=permanence+aidants")
    assert titles(page) == ["Permanence aidants toujours ouverte", "Permanence aidants en travaux"]
    statuses = page.locator(".search-hit .open-status__state")
    assert statuses.nth(0).inner_text().startswith("Ouvert maintenant")
    assert statuses.nth(1).inner_text().startswith("Fermé temporairement jusqu")
    assert statuses.nth(1).is_visible()
    page.get_by_label("Ouvert maintenant").check()  # htmx submits the form on change
    page.wait_for_url("**ouvert=1**")
    page.wait_for_function("document.querySelectorAll('.search-hit').length === 1")
    assert titles(page) == ["Permanence aidants toujours ouverte"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"open_now_{width}.png"), full_page=True)
    context.close()


def test_open_now_without_javascript_submits_the_form(two_places, live_server, browser):
    context = browser.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 390, "height": 900},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(live_server.url + "/recherche/?q=permanence+aidants")
    page.get_by_label("Ouvert maintenant").check()
    page.locator(".search-box button[type=submit]").click()
    page.wait_for_url("**ouvert=1**")
    assert titles(page) == ["Permanence aidants toujours ouverte"]
    assert page.locator("#search-ouvert").is_checked()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "open_now_no_js_390.png"), full_page=True)
    context.close()
