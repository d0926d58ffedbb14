"""Gardien journey in real Chromium, keyboard only: log in, land on the residence sheet,
orient for "isolement", open the call sheet and print it. axe-core on every page."""

import re

import pytest

from directory.models import Membership, MembershipRole, OrganisationKind
from tests.directory.factories import (
    OrganisationFactory,
    ResidenceFactory,
    ServiceFactory,
    real_commune,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-solide-42"


@pytest.fixture
def gardien_world(site, django_user_model):
    """Default situations (flushed by transactional tests), a residence, its gardien, and a
    service for isolated tenants in the same commune."""
    from allauth.account.models import EmailAddress

    from orientation import defaults
    from orientation.models import GlossaryTerm, Situation

    defaults.load_situations(Situation)
    defaults.load_glossary(GlossaryTerm, Situation)
    montreuil = real_commune("Montreuil")
    landlord = OrganisationFactory(
        name="Montreuil Habitat", kind=OrganisationKind.LANDLORD, commune=montreuil
    )
    residence = ResidenceFactory(
        landlord=landlord, name="Résidence des Tilleuls", commune=montreuil,
        latitude=48.862, longitude=2.445,
    )  # fmt: skip
    ccas = OrganisationFactory(
        name="CCAS de Montreuil", typology="CCAS", commune=montreuil, latitude=48.861,
        longitude=2.441,
    )  # fmt: skip
    ServiceFactory(
        organisation=ccas,
        name="Visites de convivialité",
        thematiques=["remobilisation--lien-social"],
        categories=[],
        publics=["seniors"],
        eligibility_zone=["93048"],
        phone="+33148700000",
    )
    user = django_user_model.objects.create_user("gardien@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Membership.objects.create(user=user, organisation=landlord, role=MembershipRole.GARDIEN)
    residence.gardiens.add(user)
    return residence


def test_gardien_orients_a_tenant_by_keyboard(
    gardien_world, live_server, page, axe, keyboard_focus
):
    residence = gardien_world
    page.goto(live_server.url + "/")
    keyboard_focus(page, "a[href='/comptes/login/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/comptes/login/")
    keyboard_focus(page, "input[name='login']")
    page.keyboard.type("gardien@example.org")
    keyboard_focus(page, "input[name='password']")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # Lands on the residence sheet.
    page.wait_for_url(f"**/residences/{residence.pk}/")
    assert page.locator("h1").inner_text() == "Fiche résidence : Résidence des Tilleuls"
    assert page.get_by_text("Visites de convivialité").first.is_visible()
    axe(page)

    keyboard_focus(page, "a[href^='/orientation/?residence=']", max_tabs=80)
    page.keyboard.press("Enter")
    page.wait_for_url("**/orientation/?residence=*")
    axe(page)
    # The residence is pre-selected; pick "Isolement" in the radio group with the arrows.
    assert page.locator("#id_residence").input_value() == str(residence.pk)
    keyboard_focus(page, "input[name='situation']", max_tabs=80)
    while not page.evaluate("document.activeElement.value === 'isolement'"):
        page.keyboard.press("ArrowDown")
    assert page.locator("input[value='isolement']").is_checked()
    keyboard_focus(page, "form.orientation-form button[type='submit']", max_tabs=80)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/orientation/\?situation=isolement.*"))
    assert "Isolement à Montreuil" in page.locator("#resultats-titre").inner_text()
    card = page.locator(".service-card").first
    assert "Visites de convivialité" in card.inner_text()
    assert "couvre Montreuil" in card.inner_text()
    axe(page)

    keyboard_focus(page, "a[href^='/orientation/appel/']", max_tabs=80)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/orientation/appel/[\w-]+/\?situation=isolement(&.*)?$"))
    assert page.locator("h1").inner_text() == "Préparer l'appel : Visites de convivialité"
    assert page.locator("a[href='tel:+33148700000']").is_visible()
    print_button = page.locator("button[data-print]")
    assert print_button.is_visible()  # revealed by the script (CSP nonce)
    axe(page)

    page.emulate_media(media="print")
    assert not page.locator("nav.main-nav").is_visible()
    assert not print_button.is_visible()
    assert not page.locator("form.favourite-form").is_visible()
    assert page.locator("a[href='tel:+33148700000']").is_visible()
    assert page.locator(".checklist li").first.is_visible()
    assert page.locator("#contenu").get_by_text("Ne notez pas son nom dessus.").is_visible()


def test_gardien_reaches_ma_residence_from_the_menu_on_a_phone(
    gardien_world, live_server, browser, axe
):
    """At 390 px: « Ma résidence » in the menu opens the sheet; the landlord's contact comes
    first, and no phone number breaks across two lines."""
    from directory.models import ReferentRole, ResidenceReferent

    residence = gardien_world
    ResidenceReferent.objects.create(
        residence=residence,
        role=ReferentRole.MANAGER,
        label="Responsable de secteur",
        phone="01 45 00 00 01",
        opening_hours="Mo-Fr 09:00-12:00",
    )
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/glossaire/")
        page.get_by_text("Menu", exact=True).click()  # the phone menu folds the header links
        page.locator("a[href^='/comptes/login/']").first.click()
        page.fill("input[name='login']", "gardien@example.org")
        page.fill("input[name='password']", PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        # The login link carried the page: back on the glossary, now logged in.
        page.wait_for_url("**/glossaire/")
        page.get_by_text("Menu", exact=True).click()
        menu_entry = page.locator("nav.main-nav").get_by_role("link", name="Ma résidence")
        assert menu_entry.is_visible()
        menu_entry.click()
        page.wait_for_url(f"**/residences/{residence.pk}/")
        assert page.locator("h1").inner_text() == "Fiche résidence : Résidence des Tilleuls"
        # The menu is folded again on the new page; its current entry is « Ma résidence ».
        current = page.locator("nav.main-nav a[aria-current='page']")
        assert current.text_content().strip() == "Ma résidence"
        referents = page.locator(".landlord-referents")
        assert "Responsable de secteur" in referents.inner_text()
        sheet_text = page.locator(".residence-sheet").inner_text()
        assert sheet_text.index("Responsable de secteur") < sheet_text.index("Visites de")
        phones = page.locator("a.phone")
        assert phones.count() >= 3
        # Each number sits on one line box (a wrapped link has two client rects).
        wrapped = page.evaluate(
            """() => [...document.querySelectorAll('a.phone')]
                .filter(a => a.getClientRects().length !== 1)
                .map(a => a.textContent)"""
        )
        assert wrapped == []
        styles = page.evaluate(
            """() => [...document.querySelectorAll('a.phone')]
                .map(a => getComputedStyle(a).whiteSpace)"""
        )
        assert set(styles) == {"nowrap"}
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        axe(page)

        # The tenants' public page (the poster's QR code) reads well on the same phone.
        public = page.locator("a", has_text="Page publique pour les locataires")
        public.click()
        page.wait_for_url(f"**/qui-appeler/residence/{residence.pk}/*/")
        assert page.locator("h1").inner_text() == "Qui appeler près de chez vous ?"
        assert "Responsable de secteur" not in page.locator("main").inner_text()  # not public
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        axe(page)
    finally:
        context.close()
