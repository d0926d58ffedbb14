"""A reader who chooses English on the home page stays in English on every app page they
reach by clicking: search and its results, the directory and its sheets, « Qui appeler ? »
and its answers, offers, events, guides, login and « Mon espace », at 390 px and 1280 px.

Each page must have `<html lang="en">`, an address under /en/, links to the site's pages
under /en/ (static files, the API and feeds aside), and none of the French texts of its
interface (their English is in locale/en)."""

import re

import pytest
from playwright.sync_api import Page, expect

from demo.accounts import DEMO_PASSWORD
from tests.browser.conftest import ARTIFACTS
from tests.browser.demo_site import demo_site  # noqa: F401 (fixture)

# Addresses that have no language: files, the API, the feeds, the language switch itself.
NEUTRAL = ("/static/", "/media/", "/api/", "/flux/", "/i18n/", "/jsi18n/", "/documents/")
# French texts of the shell (header, menu, footer), on every page in French.
SHELL = ["Accueil", "Annuaire", "Se connecter", "Changer", "Glossaire"]
WIDTHS = [390, 1280]


def english_page(page: Page, base: str, french: list[str]) -> None:
    """The page reached is in English: address, `lang`, links, and no French interface."""
    path = page.url.removeprefix(base)
    assert path.startswith("/en/"), f"{path}: not under /en/"
    assert page.evaluate("document.documentElement.lang") == "en", f"{path}: lang is not en"
    links = page.evaluate(
        """() => [...document.querySelectorAll(
                'a[href]:not([hreflang]), form[action], [data-hx-get]')]
            .map(e => e.getAttribute('href') || e.getAttribute('action')
                      || e.getAttribute('data-hx-get'))"""
    )
    french_links = sorted(
        {link for link in links if link.startswith("/") and not link.startswith(("/en/", *NEUTRAL))}
    )
    assert not french_links, f"{path}: links out of English: {french_links}"
    shell = " ".join(page.locator("header, nav, footer").all_inner_texts())
    text = page.locator("body").inner_text()
    shown = [words for words in SHELL if re.search(rf"\b{re.escape(words)}\b", shell)]
    shown += [words for words in french if re.search(rf"\b{re.escape(words)}", text)]
    assert not shown, f"{path}: French interface texts {shown}"


def open_menu(page: Page) -> None:
    """On a phone the navigation and the language links fold under « Menu »."""
    button = page.locator(".site-menu__button")
    if button.is_visible() and page.locator("[data-site-menu]").get_attribute("open") is None:
        button.click()


def menu(page: Page, href: str) -> None:
    open_menu(page)
    with page.expect_navigation():
        page.locator(f'#navigation a[href="{href}"]').click()


@pytest.mark.timeout(1200)
@pytest.mark.usefixtures("demo_site")
def test_a_reader_who_chooses_english_stays_in_english_on_every_app_page(live_server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        context = browser.new_context(
            locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": 844}
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            walk_in_english(page, live_server.url)
        finally:
            page.screenshot(path=str(ARTIFACTS / f"english_everywhere_{width}.png"))
            context.close()


def walk_in_english(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    open_menu(page)
    with page.expect_navigation():
        page.locator('.language-switcher a[hreflang="en"]').click()
    page.wait_for_url(f"{base}/en/")
    english_page(page, base, ["Rechercher"])

    # Search, then a result.
    menu(page, "/en/recherche/")
    english_page(page, base, ["Que cherchez-vous ?"])
    page.fill("#search-q", "aide")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/recherche/\?.*q=aide"))
    english_page(page, base, ["Que cherchez-vous ?", "résultat"])
    with page.expect_navigation():
        page.locator(".search-hit__title a").first.click()
    page.wait_for_load_state()
    english_page(page, base, [])

    # The directory: a commune, then a service sheet.
    menu(page, "/en/annuaire/")
    english_page(page, base, ["Annuaire des acteurs"])
    with page.expect_navigation():
        page.locator('main a[href^="/en/annuaire/communes/"]').first.click()
    english_page(page, base, [])
    with page.expect_navigation():
        page.locator('main a[href^="/en/annuaire/services/"]').first.click()
    english_page(page, base, ["Signaler une erreur"])

    # « Qui appeler ? »: the form, then its answers.
    menu(page, "/en/orientation/")
    english_page(page, base, ["Voir qui appeler"])
    page.locator('input[name="situation"]').first.check()
    page.fill('input[name="commune"]', "Montreuil")
    page.locator(".orientation-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/orientation/\?"))
    english_page(page, base, ["Voir qui appeler", "Qui appeler"])

    # Offers and an offer.
    menu(page, "/en/offres/")
    english_page(page, base, ["Offres de services ESS", "Afficher les résultats"])
    with page.expect_navigation():
        page.locator('main a[href^="/en/offres/"][href$="/"]').filter(
            has_text=re.compile(r"\w")
        ).last.click()
    english_page(page, base, [])

    # Events: an event, the month.
    menu(page, "/en/agenda/")
    english_page(page, base, ["Agenda des actions collectives"])
    with page.expect_navigation():
        page.locator('main a[href^="/en/agenda/mois/"]').first.click()
    english_page(page, base, ["Agenda de"])

    # Guides: the index, a guide.
    menu(page, "/en/guides/")
    english_page(page, base, ["Filtrer", "Agrandir le texte"])
    with page.expect_navigation():
        page.locator('main a[href^="/en/guides/"]').first.click()
    english_page(page, base, ["Agrandir le texte", "Télécharger le guide"])

    # Login, then « Mon espace ».
    open_menu(page)
    with page.expect_navigation():
        page.locator('.site-header a[href^="/en/comptes/login/"]').click()
    english_page(page, base, ["Mot de passe"])
    page.fill('input[name="login"]', "gardien@maillage.example")
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.locator('form.login button[type="submit"], main form button[type="submit"]').first.click()
    page.wait_for_load_state()
    english_page(page, base, ["Se déconnecter"])
    open_menu(page)
    expect(page.locator('.site-header a[href="/en/mon-espace/"]')).to_be_visible()
    with page.expect_navigation():
        page.locator('.site-header a[href="/en/mon-espace/"]').click()
    english_page(page, base, ["Se déconnecter", "Mon espace"])
