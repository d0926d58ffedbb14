"""A guide in the tenants' languages, on a phone (390 px): the language chooser takes the
reader to the same guide in Arabic, laid out right to left, and back; a language the guide is
not translated into shows it in French with a notice."""

import pytest

from core.languages import ensure_content_locales
from guides.models import GuideIndexPage
from home.models import HomePage
from tests.browser.conftest import ARTIFACTS
from tests.guides.conftest import make_guide
from tests.guides.test_translations import arabic_guide

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def guide(site):
    ensure_content_locales()
    index = GuideIndexPage(title="Guides pratiques", slug="guides")
    HomePage.objects.get().add_child(instance=index)
    index.save_revision().publish()
    french = make_guide(index)
    arabic_guide(french)
    return french


def open_menu(page):
    page.locator("summary.site-menu__button").click()


def test_the_language_chooser_keeps_the_reader_on_the_same_guide_in_arabic_right_to_left(
    guide, live_server, page, axe
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/guides/adapter-son-logement/")
    open_menu(page)
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url(live_server.url + "/ar/guides/adapter-son-logement/")
    assert page.locator("h1").inner_text() == "كيف أكيّف مسكني"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # Right to left for real: the guide's text starts at the right edge of its column.
    body = page.locator(".guide__body p").first
    assert page.evaluate("(el) => getComputedStyle(el).direction", body.element_handle()) == "rtl"
    box = body.bounding_box()
    assert box["x"] + box["width"] > PHONE["width"] - 40
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_arabic_guide_390.png"), full_page=True)
    axe(page)

    open_menu(page)
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(live_server.url + "/guides/adapter-son-logement/")
    assert page.locator("h1").inner_text() == "Adapter son logement"
    assert page.evaluate("document.documentElement.dir") == "ltr"


def test_a_guide_not_yet_in_portuguese_shows_the_french_guide_with_a_notice(
    guide, live_server, page, axe
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/guides/adapter-son-logement/")
    open_menu(page)
    page.get_by_role("link", name="Português").click()
    page.wait_for_url(live_server.url + "/pt/guides/adapter-son-logement/")
    assert page.locator("h1").inner_text() == "Adapter son logement"
    # The notice in Portuguese (locale/pt), the guide in French.
    notice = page.locator(".translation-notice").inner_text()
    assert "ainda não está traduzida para Português" in notice
    page.screenshot(path=str(ARTIFACTS / "test_untranslated_guide_390.png"), full_page=True)
    axe(page)
