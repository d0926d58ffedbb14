"""A callback request goes from the gardien to the service and back through the real
Redis broker, the real Celery worker and the real SMTP sink: the service's address and its
organisation's member get the request with a signed link; answering through that link,
without logging in, tells the gardien by email and in their inbox."""

import re
from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from directory.models import Membership, MembershipRole, OrganisationKind
from notifications.models import Channel, Delivery, DeliveryStatus
from orientation.models import CALLBACK_ANSWERED, CallbackRequest, CallbackStatus
from tests.accounts.factories import UserFactory
from tests.conftest import wait_until
from tests.directory.factories import OrganisationFactory, ResidenceFactory, ServiceFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/plain part")


def subject_of(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_a_callback_request_goes_to_the_service_and_its_answer_back_to_the_gardien(
    celery_worker, smtp, client, montreuil
):
    landlord = OrganisationFactory(
        name="Montreuil Habitat", kind=OrganisationKind.LANDLORD, commune=montreuil
    )
    residence = ResidenceFactory(landlord=landlord, name="Résidence des Tilleuls")
    gardien = UserFactory(email="gardien@montreuil-habitat.example")
    Membership.objects.create(user=gardien, organisation=landlord, role=MembershipRole.GARDIEN)
    residence.gardiens.add(gardien)
    association = OrganisationFactory(name="Voisins Solidaires", commune=montreuil)
    coordinator = UserFactory(email="coordination@voisins.example")
    Membership.objects.create(user=coordinator, organisation=association, role=MembershipRole.ADMIN)
    service = ServiceFactory(
        organisation=association, name="Visites de convivialité", email="visites@voisins.example"
    )

    client.force_login(gardien)
    response = client.post(
        reverse("orientation:callback_new", args=[service.slug]),
        {
            "situation": "isolement",
            "residence": residence.pk,
            "consent": "on",
            "sender_organisation": landlord.pk,
            "sender_phone": "01 48 70 12 34",
            "sender_email": "gardien@montreuil-habitat.example",
            "note": "De préférence le matin.",
        },
    )
    assert response.status_code == 302

    smtp.wait_for(2)
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == [
        "coordination@voisins.example",
        "visites@voisins.example",
    ]
    message = smtp.to("visites@voisins.example")[0]
    assert subject_of(message).endswith(
        "Demande de rappel : Isolement, Résidence des Tilleuls (Montreuil)"
    )
    text = text_of(message)
    assert "01 48 70 12 34" in text and "gardien@montreuil-habitat.example" in text
    assert "De préférence le matin." in text
    link = re.search(r"https?://\S+(/rappel/[^/\s]+/)", text).group(1)

    # The service answers from the email, without an account.
    client.logout()
    assert "Je rappelle" in client.get(link).text
    assert client.post(link, {"decision": "acknowledged"}).status_code == 302
    assert CallbackRequest.objects.get().status == CallbackStatus.ACKNOWLEDGED

    smtp.wait_for(3)
    answer = smtp.to("gardien@montreuil-habitat.example")
    assert len(answer) == 1
    assert "Visites de convivialité : « Je rappelle »" in subject_of(answer[0])
    assert wait_until(
        lambda: Delivery.objects.filter(
            recipient=gardien,
            kind=CALLBACK_ANSWERED,
            channel=Channel.INBOX,
            status=DeliveryStatus.SENT,
        ).exists()
    )
    client.force_login(gardien)
    assert "Je rappelle" in client.get(reverse("orientation:callbacks_sent")).text
    inbox = client.get(reverse("notifications:inbox")).text
    assert "Réponse à votre demande de rappel" in inbox
