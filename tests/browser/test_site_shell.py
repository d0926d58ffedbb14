"""The site shell in a real browser: French home page, skip links, keyboard, axe-core."""

import pytest

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
