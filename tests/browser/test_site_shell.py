"""The site shell in a real browser: French home page, skip links, keyboard, axe-core."""

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_is_french_and_accessible(site, live_server, page, axe):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Maillage"
    # The emergency numbers are in the footer on every page.
    assert page.locator("#pied-de-page a[href='tel:3919']").count() == 1
    axe(page)


def test_skip_link_moves_focus_to_main_content(site, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_login_by_keyboard_only(site, live_server, page, keyboard_focus, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("clavier@example.org", "motdepasse-solide-42")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto(live_server.url + "/")
    keyboard_focus(page, "a[href='/comptes/login/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/comptes/login/")
    keyboard_focus(page, "input[name='login']")
    page.keyboard.type("clavier@example.org")
    keyboard_focus(page, "input[name='password']")
    page.keyboard.type("motdepasse-solide-42")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mon-espace/")
    assert page.locator("h1").inner_text() == "Mon espace"


def test_not_found_page_in_french(site, live_server, page, axe):
    response = page.goto(live_server.url + "/cette-page-n-existe-pas/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    axe(page)


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    """A 390 px wide phone screen, JavaScript on."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", timezone_id="Europe/Paris")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_javascript(browser):
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", timezone_id="Europe/Paris", java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def test_on_a_phone_the_header_takes_well_under_a_fifth_of_the_first_screen(
    site, live_server, phone
):
    phone.goto(live_server.url + "/")
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "phone_header_menu_closed.png"))
    assert header_height(phone) / PHONE["height"] < 0.12
    # The navigation and the login link wait behind the « Menu » button.
    assert not phone.get_by_role("link", name="Annuaire").is_visible()
    assert not phone.get_by_role("link", name="Se connecter").is_visible()
    phone.get_by_text("Menu", exact=True).click()
    phone.screenshot(path=str(ARTIFACTS / "phone_header_menu_open.png"))
    assert phone.get_by_role("link", name="Annuaire").is_visible()
    assert phone.get_by_role("link", name="Se connecter").is_visible()
    assert phone.get_by_role("link", name="English").is_visible()


def test_the_phone_menu_opens_and_closes_without_javascript(
    site, live_server, phone_without_javascript
):
    page = phone_without_javascript
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("class") == "no-js"
    menu = page.locator("summary.site-menu__button")
    nav_link = page.locator("#navigation").get_by_role("link", name="Agenda")
    assert not nav_link.is_visible()
    menu.click()
    assert nav_link.is_visible()
    assert page.locator("details.site-menu").get_attribute("open") is not None
    menu.click()
    assert not nav_link.is_visible()
    # The skip link « Aller au menu » unfolds it too.
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aller au menu"
    page.keyboard.press("Enter")
    assert nav_link.is_visible()


def test_the_phone_menu_works_with_the_keyboard_and_shows_focus(
    site, live_server, phone, keyboard_focus
):
    phone.goto(live_server.url + "/")
    keyboard_focus(phone, "summary.site-menu__button")
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the visible focus ring of main.css
    phone.keyboard.press("Enter")
    assert phone.locator("details.site-menu").get_attribute("open") is not None
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Accueil"
    keyboard_focus(phone, "a[href='/comptes/login/']")
    # Escape folds the menu back and returns to its button.
    phone.keyboard.press("Escape")
    assert phone.locator("details.site-menu").get_attribute("open") is None
    assert phone.evaluate("document.activeElement.matches('summary.site-menu__button')")


def test_on_a_wide_screen_the_navigation_stays_a_horizontal_band(site, live_server, browser):
    for javascript in (True, False):
        context = browser.new_context(
            viewport={"width": 1280, "height": 800}, java_script_enabled=javascript
        )
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert not page.locator("summary.site-menu__button").is_visible()
        links = page.locator("#navigation a")
        tops = {round(box["y"]) for box in (link.bounding_box() for link in links.all())}
        assert links.count() >= 5 and len(tops) == 1, tops
        assert page.get_by_role("link", name="Se connecter").is_visible()
        if javascript:
            page.screenshot(path=str(ARTIFACTS / "wide_header.png"))
        context.close()


def test_login_form_tabs_from_email_to_password_then_forgotten_password(site, live_server, page):
    page.goto(live_server.url + "/comptes/login/")
    page.locator("input[name='login']").focus()
    focused = "document.activeElement.name || document.activeElement.textContent.trim()"
    order = []
    for _ in range(2):
        page.keyboard.press("Tab")
        order.append(page.evaluate(focused))
    assert order == ["password", "Mot de passe oublié ?"]
