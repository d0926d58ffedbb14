"""« Envoyer cette fiche » and « Imprimer » on a phone (390 px): well-formed sms: and
mailto: links, printing with JavaScript, the print view without it."""

from urllib.parse import unquote

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def service(site, saint_denis):
    organisation = OrganisationFactory(name="CCAS de Saint-Denis", commune=saint_denis)
    return ServiceFactory(organisation=organisation, name="Portage de repas", phone="+33148111111")


def test_share_links_on_a_phone_open_sms_and_mail_with_the_sheet_filled_in(
    service, live_server, page, axe
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + service.get_absolute_url())
    sms = page.get_by_role("link", name="Par SMS")
    email = page.get_by_role("link", name="Par e-mail")
    assert sms.is_visible() and email.is_visible()
    sms_href = sms.get_attribute("href")
    assert sms_href.startswith("sms:?&body=") and " " not in sms_href
    body = unquote(sms_href.removeprefix("sms:?&body="))
    assert body.startswith("Portage de repas — CCAS de Saint-Denis\nTél. : 01 48 11 11 11\n")
    assert body.endswith(service.get_absolute_url())
    mail_href = email.get_attribute("href")
    assert mail_href.startswith("mailto:?subject=Portage%20de%20repas%20%E2%80%94%20CCAS")
    assert "&body=" in mail_href and " " not in mail_href
    page.get_by_role("heading", name="Envoyer cette fiche").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_share_links_390.png"))
    axe(page)


def test_print_button_prints_the_sheet_with_javascript(service, live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + service.get_absolute_url())
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.get_by_role("link", name="Imprimer").click()
    assert page.evaluate("window.printed") == 1
    assert page.url == live_server.url + service.get_absolute_url()
    # On paper: the sheet alone, no site header nor share buttons.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").first.is_visible()
    assert not page.get_by_role("link", name="Par SMS").is_visible()
    page.screenshot(path=str(ARTIFACTS / "test_print_media_390.png"), full_page=True)


def test_print_button_opens_the_print_view_without_javascript(service, live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url + service.get_absolute_url())
        page.get_by_role("link", name="Imprimer").click()
        page.wait_for_url("**/imprimer/")
        assert page.locator("h1").inner_text() == "Portage de repas"
        assert page.get_by_text("01 48 11 11 11").is_visible()
        assert page.get_by_role("img", name="QR code de la fiche en ligne").is_visible()
        page.screenshot(path=str(ARTIFACTS / "test_print_view_390.png"), full_page=True)
    finally:
        context.close()
