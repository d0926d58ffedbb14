"""The organisation's admins handle their own reports in « Mon espace », moderators those of
their territory in the admin; nobody else sees them. The reply goes to the reporter's address,
which is then blanked; every step is in the audit log."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from feedback import reports
from feedback.models import CREATED, HANDLED, PURGED, REPLY, Report, ReportStatus
from notifications.models import Delivery, DeliveryStatus
from tests.directory.factories import OrganisationFactory, ServiceFactory

from .factories import admin_of, moderator_of, report_on

pytestmark = pytest.mark.django_db


def actions(report) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(report.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_organisations_admin_handles_a_report_and_the_reporter_gets_the_reply(
    client, montreuil
):
    organisation = OrganisationFactory(name="CCAS de Montreuil", commune=montreuil)
    service = ServiceFactory(organisation=organisation, name="Portage de repas")
    admin = admin_of(organisation)
    report = report_on(organisation, service, reporter_email="habitante@exemple.fr")
    client.force_login(admin)

    Delivery.objects.filter(recipient=admin).update(status=DeliveryStatus.SENT)
    inbox = client.get(reverse("notifications:inbox")).text
    assert "Erreur signalée :" in inbox and "Portage de repas (CCAS de Montreuil)" in inbox
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("feedback:partner_list") in dashboard
    listing = client.get(reverse("feedback:partner_list")).content.decode()
    assert "Portage de repas (CCAS de Montreuil)" in listing
    detail = reverse("feedback:partner_detail", args=[report.pk])
    page = client.get(detail).content.decode()
    assert "Le numéro ne répond plus" in page
    assert "habitante@exemple.fr" not in page  # the address is not shown, only used
    # The page leads to the sheet to correct (the service's edit page in the admin).
    edit = reverse("directory_service:edit", args=[service.pk])
    link = "Modifier la fiche « Portage de repas (CCAS de Montreuil) »"
    assert f'<a href="{edit}">{link}</a>' in page
    assert client.get(edit).status_code == 200

    refused = client.post(detail, {"status": "fixed", "answer": ""})
    assert "Écrivez une courte réponse." in refused.content.decode()
    response = client.post(detail, {"status": "fixed", "answer": "Le numéro est corrigé."})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.FIXED
    assert (report.answer, report.handled_by) == ("Le numéro est corrigé.", admin)
    assert report.reporter_email == ""
    reply = Delivery.objects.get(kind=REPLY)
    assert (reply.email, reply.recipient_id) == ("habitante@exemple.fr", None)
    assert actions(report) == [CREATED, HANDLED, PURGED]
    handled = ModelLogEntry.objects.get(object_id=str(report.pk), action=HANDLED)
    assert handled.user == admin

    # Handled once: a second answer changes nothing.
    client.post(detail, {"status": "dismissed", "answer": "Autre chose."})
    report.refresh_from_db()
    assert report.status == ReportStatus.FIXED
    assert Delivery.objects.filter(kind=REPLY).count() == 1


def test_once_the_reply_is_sent_the_daily_purge_forgets_the_address(montreuil):
    organisation = OrganisationFactory(commune=montreuil)
    admin = admin_of(organisation)
    report = report_on(organisation, reporter_email="habitante@exemple.fr")
    reports.handle(report.pk, status=ReportStatus.DISMISSED, answer="Déjà à jour.", user=admin)
    reply = Delivery.objects.get(kind=REPLY)

    reports.purge_emails()
    assert Delivery.objects.filter(pk=reply.pk).exists()  # not sent yet: kept to be sent
    Delivery.objects.filter(pk=reply.pk).update(status=DeliveryStatus.SENT)
    reports.purge_emails()

    assert not Delivery.objects.filter(email="habitante@exemple.fr").exists()
    assert not Report.objects.filter(reporter_email="habitante@exemple.fr").exists()


def test_another_organisations_admin_can_neither_see_nor_handle_the_report(client, montreuil):
    organisation = OrganisationFactory(commune=montreuil)
    admin_of(organisation)
    stranger = admin_of(OrganisationFactory(commune=montreuil))
    report = report_on(organisation)
    client.force_login(stranger)

    assert (
        "Le numéro ne répond plus"
        not in client.get(reverse("feedback:partner_list")).content.decode()
    )
    detail = reverse("feedback:partner_detail", args=[report.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"status": "fixed", "answer": "Hop"}).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW


def test_an_anonymous_visitor_is_sent_to_login(client, montreuil):
    report = report_on(OrganisationFactory(commune=montreuil))
    response = client.get(reverse("feedback:partner_detail", args=[report.pk]))
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_the_territorys_moderator_handles_a_report_in_the_admin(client, montreuil):
    organisation = OrganisationFactory(name="CCAS de Montreuil", commune=montreuil)
    report = report_on(organisation, reporter_email="habitante@exemple.fr")
    moderator = moderator_of("93")
    client.force_login(moderator)

    assert reverse("feedback_admin_index") in client.get(reverse("accounts:dashboard")).text
    assert reverse("feedback_admin_index") in client.get(reverse("wagtailadmin_home")).text
    index = client.get(reverse("feedback_admin_index"))
    assert index.status_code == 200
    assert "CCAS de Montreuil" in index.content.decode()
    detail = reverse("feedback_admin_detail", args=[report.pk])
    assert client.get(detail).status_code == 200
    response = client.post(detail, {"status": "dismissed", "answer": "La fiche était juste."})

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handled_by, report.reporter_email) == (
        ReportStatus.DISMISSED,
        moderator,
        "",
    )
    assert Delivery.objects.filter(kind=REPLY, email="habitante@exemple.fr").count() == 1


def test_a_moderator_outside_the_territory_cannot_see_or_handle_the_report(client, montreuil):
    report = report_on(OrganisationFactory(name="CCAS de Montreuil", commune=montreuil))
    client.force_login(moderator_of("94"))

    assert "CCAS de Montreuil" not in client.get(reverse("feedback_admin_index")).content.decode()
    detail = reverse("feedback_admin_detail", args=[report.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"status": "fixed", "answer": "Hop"}).status_code == 404
    report.refresh_from_db()
    assert report.is_open and report.handled_at is None


def test_a_partner_without_moderation_rights_cannot_open_the_admin_list(client, montreuil):
    organisation = OrganisationFactory(commune=montreuil)
    admin = admin_of(organisation)
    client.force_login(admin)
    assert client.get(reverse("feedback_admin_index")).status_code in (302, 403)


def test_a_moderator_answers_a_suggestion_of_their_territory_in_the_admin(client, montreuil):
    moderator = moderator_of("93")
    suggestion = reports.suggest_service(
        name="Café des aidants",
        organisation_name="Répit 93",
        commune=montreuil,
        message="Rencontres mensuelles.",
        contact="01 48 00 00 01",
        reporter_email="aidant@exemple.fr",
    )
    client.force_login(moderator)

    page = client.get(reverse("feedback_admin_detail", args=[suggestion.pk])).text
    assert "Café des aidants" in page and "01 48 00 00 01" in page
    client.post(
        reverse("feedback_admin_detail", args=[suggestion.pk]),
        {"status": "fixed", "answer": "Ajouté à l'annuaire."},
    )

    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reporter_email) == (ReportStatus.FIXED, "")
    assert Delivery.objects.get(kind=REPLY).email == "aidant@exemple.fr"
