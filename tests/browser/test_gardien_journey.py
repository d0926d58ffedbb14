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
    page.wait_for_url(re.compile(r".*/orientation/appel/[\w-]+/\?situation=isolement$"))
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
