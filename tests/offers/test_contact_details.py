"""The association a landlord writes to knows who to call back; a visitor is told to log in."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.personal_data import erase
from directory.models import OrganisationKind
from notifications.models import Channel, Delivery
from notifications.sending import deliver_many
from offers.models import ContactRequest
from tests.directory.factories import real_commune

from .factories import OfferFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(client):
    """Mme Durand of a landlord writes about an offer, leaving her phone."""
    real_commune("Montreuil")
    offer = OfferFactory()
    association = member_of(offer.provider, email="asso@exemple.org")
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD)
    manager = member_of(
        landlord, email="c.durand@bailleur.example", first_name="Claire", last_name="Durand"
    )
    client.force_login(manager)
    response = client.post(
        reverse("offers:offer", args=[offer.pk]),
        {
            "requester_organisation": landlord.pk,
            "message": "Bonjour, un atelier pour nos locataires ?",
            "requester_phone": "06 12 34 56 78",
        },
    )
    assert response.status_code == 302
    return ContactRequest.objects.get(), association, manager


def test_the_association_gets_the_senders_name_email_and_phone_by_email(written):
    contact, association, _manager = written
    assert contact.requester_phone == "+33612345678"
    emails = Delivery.objects.filter(
        recipient=association, kind="contact_request", channel=Channel.EMAIL
    )
    deliver_many(list(emails.values_list("pk", flat=True)))
    (message,) = [m for m in mail.outbox if m.to == ["asso@exemple.org"]]
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Claire Durand" in body
        assert "c.durand@bailleur.example" in body
        assert "06 12 34 56 78" in body


def test_the_association_sees_who_to_call_back_in_its_space(client, written):
    contact, association, _manager = written
    client.force_login(association)
    page = client.get(reverse("offers:contact_request", args=[contact.pk])).content.decode()
    assert "Claire Durand" in page
    assert 'href="mailto:c.durand@bailleur.example"' in page
    assert 'href="tel:+33612345678"' in page and "06 12 34 56 78" in page


def test_another_organisation_never_sees_the_senders_details(client, written):
    contact, _association, _manager = written
    client.force_login(member_of(OrganisationFactory(kind=OrganisationKind.ESS)))
    response = client.get(reverse("offers:contact_request", args=[contact.pk]))
    assert response.status_code == 404
    assert "06 12 34 56 78" not in response.content.decode()


def test_a_bad_phone_is_refused_with_a_clear_error(client):
    real_commune("Montreuil")
    offer = OfferFactory()
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD)
    client.force_login(member_of(landlord))
    response = client.post(
        reverse("offers:offer", args=[offer.pk]),
        {"requester_organisation": landlord.pk, "message": "Bonjour", "requester_phone": "12"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["requester_phone"]
    assert not ContactRequest.objects.exists()


def test_the_phone_left_with_a_request_goes_with_the_account(written):
    contact, _association, manager = written
    erase(manager)
    contact.refresh_from_db()
    assert contact.requester_phone == ""


def test_a_visitor_on_an_offer_is_invited_to_log_in_and_come_back(client):
    real_commune("Montreuil")
    offer = OfferFactory()
    url = reverse("offers:offer", args=[offer.pk])
    page = client.get(url).content.decode()
    login = f'{reverse("account_login")}?next={url}"'
    assert login in page
    assert "Connectez-vous, vous reviendrez ici." in page
    response = client.get(f"{reverse('account_login')}?next={url}")
    assert response.status_code == 200
