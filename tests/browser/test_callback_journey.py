"""Callback request in real Chromium, through the real worker and SMTP sink: the gardien
opens an orientation result, asks the service to call back (the resident agreed), the
service's member answers « Je rappelle » from the emailed link without logging in, and the
gardien sees « Je rappelle » in their space. axe-core on every page."""

import re

import pytest
from allauth.account.models import EmailAddress

from directory.models import Membership, MembershipRole, OrganisationKind
from orientation import defaults
from orientation.models import CallbackRequest, CallbackStatus, GlossaryTerm, Situation
from tests.conftest import wait_until
from tests.directory.factories import (
    OrganisationFactory,
    ResidenceFactory,
    ServiceFactory,
    real_commune,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-solide-42"


@pytest.fixture
def callback_world(site, django_user_model):
    """Default situations, a residence and its gardien, and an association whose home
    visits service answers by email; its coordinator is a member."""
    defaults.load_situations(Situation)
    defaults.load_glossary(GlossaryTerm, Situation)
    montreuil = real_commune("Montreuil")
    landlord = OrganisationFactory(
        name="Montreuil Habitat", kind=OrganisationKind.LANDLORD, commune=montreuil,
        phone="+33148700000",
    )  # fmt: skip
    residence = ResidenceFactory(
        landlord=landlord, name="Résidence des Tilleuls", commune=montreuil,
        latitude=48.862, longitude=2.445,
    )  # fmt: skip
    association = OrganisationFactory(
        name="Voisins Solidaires", commune=montreuil, latitude=48.861, longitude=2.441
    )
    service = ServiceFactory(
        organisation=association,
        name="Visites de convivialité",
        thematiques=["remobilisation--lien-social"],
        categories=[],
        publics=["seniors"],
        eligibility_zone=["93048"],
        email="visites@voisins.example",
    )
    gardien = django_user_model.objects.create_user("gardien@example.org", PASSWORD)
    EmailAddress.objects.create(user=gardien, email=gardien.email, verified=True, primary=True)
    Membership.objects.create(user=gardien, organisation=landlord, role=MembershipRole.GARDIEN)
    residence.gardiens.add(gardien)
    coordinator = django_user_model.objects.create_user("coordination@voisins.example", "x")
    Membership.objects.create(user=coordinator, organisation=association, role=MembershipRole.ADMIN)
    return residence, service


def test_gardien_asks_a_callback_and_sees_the_service_will_call_back(
    callback_world, live_server, page, browser, axe, celery_worker, smtp
):
    residence, service = callback_world
    page.goto(live_server.url + "/comptes/login/")
    page.fill("input[name='login']", "gardien@example.org")
    page.fill("input[name='password']", PASSWORD)
    page.locator("input[name='password']").press("Enter")
    page.wait_for_url(f"**/residences/{residence.pk}/")

    page.goto(f"{live_server.url}/orientation/?situation=isolement&residence={residence.pk}")
    card = page.locator(".service-card", has_text="Visites de convivialité")
    card.get_by_role("link", name=re.compile("Demander un rappel")).click()
    page.wait_for_url(f"**/orientation/rappel/{service.slug}/**")
    assert "Demander un rappel à « Visites de convivialité »" in page.locator("h1").inner_text()
    assert page.input_value("#id_sender_phone") == "01 48 70 00 00"
    assert page.input_value("#id_sender_email") == "gardien@example.org"
    axe(page)

    # Without the resident's agreement, nothing leaves; a name in the note is refused.
    page.fill("#id_note", "Mme Dupont, appartement 12")
    page.get_by_role("button", name="Envoyer la demande de rappel").click()
    page.wait_for_load_state()
    text = page.locator("#contenu").inner_text()
    assert "Demandez d'abord son accord" in text and "ne doit pas contenir de nom" in text
    assert CallbackRequest.objects.count() == 0
    axe(page)

    page.check("#id_consent")
    page.fill("#id_note", "De préférence le matin.")
    page.get_by_role("button", name="Envoyer la demande de rappel").click()
    page.wait_for_url("**/mon-espace/rappels/")
    assert "Envoyée, en attente de réponse" in page.locator("#contenu").inner_text()
    axe(page)

    # The service's address and its coordinator get it; the service answers from the email.
    smtp.wait_for(2)
    mail = smtp.to("visites@voisins.example")
    assert len(mail) == 1
    body = next(
        part.get_payload(decode=True).decode()
        for part in mail[0].walk()
        if part.get_content_type() == "text/plain"
    )
    link = re.search(r"https?://\S+(/rappel/[^/\s]+/)", body).group(1)
    context = browser.new_context(locale="fr-FR")
    try:
        service_page = context.new_page()
        service_page.goto(live_server.url + link)
        assert "Un résident : Résidence des Tilleuls (Montreuil)" in (
            service_page.locator(".facts").inner_text()
        )
        axe(service_page)
        service_page.get_by_role("button", name="Je rappelle").click()
        service_page.get_by_text("sait que vous rappelez").wait_for()
        axe(service_page)
    finally:
        context.close()
    assert CallbackRequest.objects.get().status == CallbackStatus.ACKNOWLEDGED

    # The gardien is told, and sees it in their space.
    assert wait_until(lambda: len(smtp.to("gardien@example.org")) == 1)
    page.reload()
    assert "Je rappelle" in page.locator(".callback-list").inner_text()
