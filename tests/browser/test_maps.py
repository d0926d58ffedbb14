"""The map of search results and sheets in a real browser, at 390 px and 1280 px: the map
shows the entries of the list, a marker leads to its list item, the phone toggle works by
keyboard, nothing of the map shows without JavaScript, and axe finds nothing. OpenStreetMap
tiles are answered locally by a blank image: the tests never reach the internet."""

import re

import pytest

from orientation import defaults
from orientation.models import Situation
from tests.browser.conftest import ARTIFACTS, BLANK_TILE
from tests.browser.test_accessibility import TRANSFERRED, WEIGHT_BUDGET
from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Services with a place each; the first two stand next door to each other (a cluster at the
# zoom that fits them all).
PLACES = [
    (48.86110, 2.44370),
    (48.86115, 2.44380),
    (48.90220, 2.48280),
    (48.93620, 2.35740),
    (48.91460, 2.38210),
    (48.89440, 2.40930),
    (48.86330, 2.48400),
    (48.87000, 2.41000),
]


@pytest.fixture
def services(site, montreuil):
    organisation = OrganisationFactory(
        name="Association Repas Partagés",
        commune=montreuil,
        latitude=48.8611,
        longitude=2.4437,
    )
    return [
        ServiceFactory(
            organisation=organisation,
            name=f"Portage de repas {n}",
            latitude=latitude,
            longitude=longitude,
        )
        for n, (latitude, longitude) in enumerate(PLACES, start=1)
    ]


def offline(page):
    """Blank tiles; any other request off the live server fails the test."""
    outside = []

    def handle(route):
        url = route.request.url
        if "tile.openstreetmap.org" in url:
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        elif url.startswith(("http://localhost", "http://127.0.0.1")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", handle)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return outside, errors


LEAFLET_LOADED = """() => performance.getEntriesByType("resource")
  .filter((entry) => /\\/vendor\\/(leaflet|MarkerCluster)/.test(entry.name)).length"""


def markers_shown(page) -> int:
    """Entries the map shows: single markers plus the counts written on clusters."""
    return page.evaluate(
        """() => {
          const map = document.querySelector('#carte-resultats');
          const icons = Array.from(map.querySelectorAll('.leaflet-marker-icon'));
          return icons.reduce((total, icon) => total + (icon.classList.contains('marker-cluster')
            ? parseInt(icon.textContent, 10) : 1), 0);
        }"""
    )


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_map_shows_the_same_entries_as_the_list_and_a_marker_leads_to_its_item(
    services, live_server, page, axe, viewport
):
    page.set_viewport_size(viewport)
    outside, errors = offline(page)
    page.goto(live_server.url + "/recherche/?q=portage+repas")
    items = page.locator(".search-hit-list > li")
    assert items.count() == len(PLACES)
    toggle = page.get_by_role("button", name="Afficher la carte")
    if viewport is PHONE:
        assert page.locator("#carte-resultats").is_hidden()  # the list comes first
        toggle.click()
        assert (
            page.get_by_role("button", name="Masquer la carte").get_attribute("aria-expanded")
            == "true"
        )
    else:
        assert toggle.is_hidden()  # beside the list, always shown
    page.locator("#carte-resultats .leaflet-marker-icon").first.wait_for()
    # Zoomed to fit every point: markers and clusters add up to the listed entries.
    assert markers_shown(page) == len(PLACES)
    assert page.locator("#carte-resultats .marker-cluster").count() >= 1
    assert page.locator(".search-hit-list > li[data-map-marker]").count() == len(PLACES)
    screenshot(page, f"test_maps_search_{viewport['width']}px")

    # A marker leads to its list item (by its name, the marker's accessible text).
    marker = page.locator("#carte-resultats img.leaflet-marker-icon[alt='Portage de repas 4']")
    marker.click()
    item = page.locator(".search-hit-list > li", has_text="Portage de repas 4")
    assert "is-map-active" in item.get_attribute("class")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Portage de repas 4"
    # Focusing a list item lights its marker.
    page.locator(".search-hit-list a", has_text="Portage de repas 5").focus()
    assert "map-marker--active" in page.locator(
        "#carte-resultats img.leaflet-marker-icon[alt='Portage de repas 5']"
    ).get_attribute("class")
    axe(page)
    assert outside == []
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_phone_map_toggle_by_keyboard(services, live_server, page, keyboard_focus):
    page.set_viewport_size(PHONE)
    offline(page)
    page.goto(live_server.url + "/recherche/?q=portage+repas")
    # A phone that keeps the map closed downloads no map library: the list page stays light.
    assert page.evaluate(LEAFLET_LOADED) == 0
    assert page.evaluate(TRANSFERRED) <= WEIGHT_BUDGET
    keyboard_focus(page, ".map__toggle", max_tabs=80)
    page.keyboard.press("Enter")
    page.locator("#carte-resultats .leaflet-marker-icon").first.wait_for()
    assert page.evaluate(LEAFLET_LOADED) == 5  # leaflet + cluster: 2 scripts, 3 stylesheets
    assert page.locator(".map__toggle").get_attribute("aria-expanded") == "true"
    assert page.locator("#carte-resultats").is_visible()
    # The markers can be reached by keyboard: Enter on one goes to its list item.
    keyboard_focus(page, "#carte-resultats img.leaflet-marker-icon", max_tabs=20)
    name = page.evaluate("document.activeElement.alt")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent.trim()") == name
    keyboard_focus(page, ".map__toggle", max_tabs=80)
    page.keyboard.press("Enter")
    assert page.locator(".map__toggle").inner_text() == "Afficher la carte"
    assert page.locator("#carte-resultats").is_hidden()


def test_map_follows_the_results_when_htmx_replaces_them(services, live_server, page):
    page.set_viewport_size(DESKTOP)
    offline(page)
    page.goto(live_server.url + "/recherche/?q=portage+repas")
    page.locator("#carte-resultats .leaflet-marker-icon").first.wait_for()
    page.fill("#search-q", "portage repas 3")
    page.locator("#search-q").press("Enter")
    page.wait_for_url(re.compile(r".*q=portage%20repas%203.*"))
    page.wait_for_function(
        "document.querySelectorAll('.search-hit-list > li').length < 8"
        " && document.querySelector('#carte-resultats[class*=leaflet-container]')"
    )
    listed = page.locator(".search-hit-list > li").count()
    assert markers_shown(page) == listed


def test_without_javascript_only_the_list_shows(services, browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/recherche/?q=portage+repas")
    assert page.locator(".search-hit-list > li").count() == len(PLACES)
    assert page.locator(".map").is_hidden()
    assert page.locator("#carte-resultats").is_hidden()
    assert page.get_by_role("button", name="Afficher la carte").count() == 0
    page.locator(".search-hits").scroll_into_view_if_needed()
    screenshot(page, "test_maps_search_no_js_390px")
    page.goto(live_server.url + services[0].organisation.get_absolute_url())
    assert page.locator(".map").is_hidden()
    assert page.get_by_role("link", name=re.compile("Calculer l'itinéraire")).is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_organisation_sheet_shows_its_map_and_directions(
    services, live_server, page, axe, viewport
):
    page.set_viewport_size(viewport)
    outside, errors = offline(page)
    page.goto(live_server.url + services[0].organisation.get_absolute_url())
    page.locator("#carte-organisation .leaflet-marker-icon").first.wait_for()
    assert (
        page.get_by_role("link", name=re.compile("Ouvrir dans l'application de cartes")).count()
        == 1
    )
    page.locator("#carte-organisation").scroll_into_view_if_needed()
    screenshot(page, f"test_maps_organisation_{viewport['width']}px")
    axe(page)
    assert outside == []
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_orientation_answer_marker_leads_to_its_service_card(
    site, montreuil, live_server, page, axe
):
    defaults.load_situations(Situation)
    situation = Situation.objects.get(slug="souffrance-psychique")
    for n, (latitude, longitude) in enumerate(PLACES[2:5], start=1):
        organisation = OrganisationFactory(
            name=f"CMP {n}",
            typology="CMP",
            commune=montreuil,
            latitude=latitude,
            longitude=longitude,
        )
        ServiceFactory(
            organisation=organisation,
            name=f"Consultations CMP {n}",
            thematiques=situation.thematiques,
            categories=[],
            eligibility_zone=[montreuil.insee_code],
        )
    page.set_viewport_size(DESKTOP)
    outside, errors = offline(page)
    page.goto(live_server.url + f"/orientation/?situation={situation.slug}&commune=93100")
    cards = page.locator(".orientation-results__list > li")
    assert cards.count() == 3
    page.locator("#carte-orientation .leaflet-marker-icon").first.wait_for()
    assert page.locator("#carte-orientation img.leaflet-marker-icon").count() == 3
    page.locator("#carte-orientation img[alt='Consultations CMP 2']").click()
    card = page.locator(".orientation-results__list > li", has_text="Consultations CMP 2")
    assert "is-map-active" in card.get_attribute("class")
    screenshot(page, "test_maps_orientation_1280px")
    axe(page)
    assert outside == []
    assert not [e for e in errors if "Content Security Policy" in e], errors
