"""End to end through the real Redis broker, Celery worker and SMTP sink: a visitor's report
reaches the organisation's admin by email; the admin's answer reaches the visitor, whose
address is then forgotten; a report left unhandled reaches the territory's moderator."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from feedback import reports
from feedback.models import REPLY, Report
from notifications.models import Delivery, DeliveryStatus
from tests.accounts.factories import clear_test_cache
from tests.conftest import wait_until
from tests.directory.factories import OrganisationFactory

from .factories import admin_of, moderator_of

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/plain part")


def subject_of(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_a_report_reaches_the_admin_and_the_answer_reaches_the_reporter_whose_address_is_purged(
    celery_worker, smtp, client, montreuil
):
    clear_test_cache()
    organisation = OrganisationFactory(name="CCAS de Montreuil", commune=montreuil)
    admin = admin_of(organisation, email="direction@ccas-montreuil.example")
    moderator = moderator_of("93", email="moderation93@exemple.fr")

    response = client.post(
        reverse("feedback:report_organisation", args=[organisation.slug]),
        {
            "subject": "contact",
            "message": "Le numéro d'accueil a changé.",
            "reporter_email": "habitante@exemple.fr",
            "site_web": "",
        },
    )
    assert response.status_code == 302

    smtp.wait_for(1)
    message = smtp.to("direction@ccas-montreuil.example")[0]
    assert subject_of(message).endswith("Erreur signalée : CCAS de Montreuil")
    text = text_of(message)
    assert "Le numéro d'accueil a changé." in text
    assert "habitante@exemple.fr" not in text  # the admin answers through the portal
    report = Report.objects.get()
    assert reverse("feedback:partner_detail", args=[report.pk]) in text

    client.force_login(admin)
    client.post(
        reverse("feedback:partner_detail", args=[report.pk]),
        {"status": "fixed", "answer": "Merci, le nouveau numéro est en ligne."},
    )
    smtp.wait_for(2)
    reply = smtp.to("habitante@exemple.fr")
    assert len(reply) == 1
    assert subject_of(reply[0]).endswith("Réponse à votre signalement : CCAS de Montreuil")
    assert "Merci, le nouveau numéro est en ligne." in text_of(reply[0])
    assert wait_until(
        lambda: Delivery.objects.filter(kind=REPLY, status=DeliveryStatus.SENT).exists()
    )

    reports.purge_emails()
    assert not Delivery.objects.filter(email="habitante@exemple.fr").exists()
    assert not Report.objects.exclude(reporter_email="").exists()
    assert not smtp.to(moderator.email)

    # Another report nobody handles: a week later, the territory's moderator gets it, once.
    client.logout()
    client.post(
        reverse("feedback:report_organisation", args=[organisation.slug]),
        {"subject": "hours", "message": "Fermé le lundi.", "reporter_email": "", "site_web": ""},
    )
    smtp.wait_for(3)
    later = Report.objects.get(message="Fermé le lundi.")
    reports.escalate_due(later.created_at + timedelta(days=7))
    reports.escalate_due(later.created_at + timedelta(days=8))
    smtp.wait_for(4)
    escalated = smtp.to("moderation93@exemple.fr")
    assert len(escalated) == 1
    assert "Erreur signalée non traitée : CCAS de Montreuil" in subject_of(escalated[0])
    assert reverse("feedback_admin_detail", args=[later.pk]) in text_of(escalated[0])
