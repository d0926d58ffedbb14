"""Search first (#17) in real Chromium at a phone's 390 px and a desktop's 1280 px: from the
home page to a service in three interactions, the first result on the first screen (filters
after it, in a disclosure), the autocomplete as a keyboard-only ARIA combobox, axe clean.
Screenshots of the phone layout are kept in test-artifacts/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import ARTIFACTS
from .journeys import assert_focus_visible, home_help_world

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@WIDTHS
def test_home_search_reaches_a_service_in_three_interactions(live_server, page, site, viewport):
    world = home_help_world()
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    box = page.get_by_role("search").get_by_label("Que cherchez-vous ?")
    assert box.bounding_box()["y"] + box.bounding_box()["height"] <= viewport["height"]
    expect(page.locator(".home-search__call")).to_have_text("Qui appeler ?")
    expect(page.locator(".home-search__call")).to_be_in_viewport()
    # 1. type, 2. Enter, 3. click the result.
    box.fill("aide à domicile")
    box.press("Enter")
    page.wait_for_url("**/recherche/?q=aide*")
    page.get_by_role("link", name="Aide à domicile des Murs-à-Pêches").click()
    page.wait_for_url(f"**{world.service.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Aide à domicile des Murs-à-Pêches"


@WIDTHS
def test_first_result_is_on_the_first_screen_before_the_filters(
    live_server, page, site, axe, viewport
):
    home_help_world()
    page.set_viewport_size(viewport)
    page.goto(live_server.url + reverse("search:search") + "?q=aide&pres_de=93048&type=service")
    first = page.locator(".search-hit").first
    title = first.locator(".search-hit__title")
    expect(title).to_contain_text("Aide à domicile des Murs-à-Pêches")
    box = title.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    filters = page.locator("#search-filters")
    assert filters.bounding_box()["y"] > first.bounding_box()["y"] or viewport == DESKTOP
    expect(page.locator(".search-filters__summary")).to_contain_text("(1 actif)")
    expect(page.locator(".search-order")).to_have_text("Triés par distance de Montreuil")
    if viewport == PHONE:
        assert filters.get_attribute("open") is None  # closed on a phone
        screenshot(page, "search_first_result_390px")
        page.locator(".search-filters__summary").click()
        expect(page.get_by_label("Dans un rayon de")).to_be_visible()
        screenshot(page, "search_filters_open_390px")
    else:
        assert filters.get_attribute("open") is not None  # a side column on a wide screen
        assert filters.bounding_box()["x"] > first.bounding_box()["x"]
        screenshot(page, "search_first_result_1280px")
    axe(page)


def test_keyboard_reaches_the_first_result_in_few_tabs(live_server, page, site, keyboard_focus):
    world = home_help_world()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("search:search") + "?q=aide&pres_de=93048")
    # Through the page without the skip link: the results come before the filters.
    keyboard_focus(page, ".search-hit__title a", max_tabs=25)
    # With « Aller aux résultats »: Tab to it, Enter, one Tab.
    page.goto(live_server.url + reverse("search:search") + "?q=aide&pres_de=93048")
    keyboard_focus(page, ".search-skip", max_tabs=20)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # On a phone the map's « Afficher la carte » button sits between the count and the list.
    assert page.evaluate("document.activeElement.classList.contains('map__toggle')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        world.service.get_absolute_url()
    )
    assert_focus_visible(page)


@WIDTHS
def test_autocomplete_by_keyboard_only_keeps_the_text_on_escape(
    live_server, page, site, axe, viewport
):
    world = home_help_world()
    page.set_viewport_size(viewport)
    page.goto(live_server.url + reverse("search:search"))
    field = page.locator("#search-q")
    field.focus()
    page.keyboard.type("aide à dom")
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    expect(field).to_have_attribute("aria-activedescendant", first_id)
    expect(options.first).to_have_attribute("aria-selected", "true")
    if options.count() > 1:
        page.keyboard.press("ArrowDown")
        expect(field).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
        page.keyboard.press("ArrowUp")
        expect(field).to_have_attribute("aria-activedescendant", first_id)
    axe(page)
    if viewport == PHONE:
        screenshot(page, "search_autocomplete_390px")
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).to_have_value("aide à dom")
    assert page.evaluate("document.activeElement.id") == "search-q"
    # Arrow down opens the list again; Enter opens the highlighted suggestion.
    page.keyboard.press("ArrowDown")
    expect(listbox).to_be_visible()
    target = options.first.get_attribute("data-url")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert world.service.get_absolute_url()


def test_filter_change_keeps_focus_and_announces_the_count(live_server, page, site):
    home_help_world()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("search:search") + "?q=aide")
    page.locator(".search-filters__summary").click()
    select = page.locator("#search-rayon")
    select.focus()
    select.select_option("5")
    page.wait_for_url("**rayon=5*")
    expect(page.locator("#search-live")).to_have_text(
        page.locator("#search-hits-title").inner_text().strip()
    )
    # Still in the open disclosure, on the same field.
    assert page.locator("#search-filters").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.id") == "search-rayon"


def test_home_and_search_pages_are_axe_clean_on_a_phone(live_server, page, site, axe):
    home_help_world()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    screenshot(page, "home_search_390px")
    axe(page)
