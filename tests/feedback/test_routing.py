"""A correction the organisation does not handle goes to the moderators of its territory,
once, FEEDBACK_ESCALATION_DAYS after it arrived; reporters' addresses do not outlive
FEEDBACK_EMAIL_RETENTION_DAYS."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts import personal_data
from feedback import reports
from feedback.models import (
    ESCALATED,
    PURGED,
    REPORT_ESCALATED,
    REPORT_RECEIVED,
    Report,
    ReportStatus,
)
from notifications.models import Channel, Delivery
from tests.accounts.factories import UserFactory
from tests.directory.factories import OrganisationFactory

from .factories import admin_of, moderator_of, report_on

pytestmark = pytest.mark.django_db


def escalations():
    return Delivery.objects.filter(kind=REPORT_ESCALATED, channel=Channel.EMAIL)


def test_an_unhandled_report_is_escalated_to_the_territorys_moderator_exactly_once_at_its_date(
    montreuil, settings
):
    settings.FEEDBACK_ESCALATION_DAYS = 7
    organisation = OrganisationFactory(commune=montreuil)
    admin_of(organisation)
    moderator = moderator_of("93")
    other = moderator_of("94")
    report = report_on(organisation)
    created = report.created_at

    assert reports.escalate_due(created + timedelta(days=6, hours=23)) == 0
    assert not escalations().exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW

    assert reports.escalate_due(created + timedelta(days=7)) == 1
    assert reports.escalate_due(created + timedelta(days=8)) == 0  # the task runs again

    assert list(escalations().values_list("recipient", flat=True)) == [moderator.pk]
    assert not Delivery.objects.filter(recipient=other).exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.ESCALATED
    assert report.escalated_at == created + timedelta(days=7)
    assert ModelLogEntry.objects.filter(object_id=str(report.pk), action=ESCALATED).count() == 1


def test_a_handled_report_is_not_escalated(montreuil):
    organisation = OrganisationFactory(commune=montreuil)
    admin = admin_of(organisation)
    moderator_of("93")
    report = report_on(organisation)
    reports.handle(report.pk, status=ReportStatus.FIXED, answer="Corrigé, merci.", user=admin)

    assert reports.escalate_due(timezone.now() + timedelta(days=30)) == 0
    assert not escalations().exists()


def test_an_organisation_without_admins_sends_the_report_to_the_moderators_at_once(montreuil):
    organisation = OrganisationFactory(commune=montreuil)
    moderator = moderator_of("93")

    report = report_on(organisation)

    assert report.status == ReportStatus.ESCALATED
    assert not Delivery.objects.filter(kind=REPORT_RECEIVED).exists()
    assert list(escalations().values_list("recipient", flat=True)) == [moderator.pk]


def test_unhandled_reporters_addresses_are_purged_after_the_retention_delay(montreuil, settings):
    settings.FEEDBACK_EMAIL_RETENTION_DAYS = 90
    organisation = OrganisationFactory(commune=montreuil)
    admin_of(organisation)
    report = report_on(organisation, reporter_email="habitant@exemple.fr")

    assert reports.purge_emails(report.created_at + timedelta(days=89)) == 0
    assert Report.objects.get().reporter_email == "habitant@exemple.fr"
    assert reports.purge_emails(report.created_at + timedelta(days=90)) == 1

    report.refresh_from_db()
    assert report.reporter_email == ""
    assert report.status == ReportStatus.NEW  # still to be handled, just no one to answer
    assert ModelLogEntry.objects.filter(object_id=str(report.pk), action=PURGED).exists()


def test_the_daily_task_escalates_and_purges(montreuil, settings):
    organisation = OrganisationFactory(commune=montreuil)
    admin_of(organisation)
    moderator_of("93")
    report = report_on(organisation, reporter_email="habitant@exemple.fr")
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=100))

    assert reports.daily() == {"escalated": 1, "purged": 1}
    assert reports.daily() == {"escalated": 0, "purged": 0}


def test_a_reporters_account_export_lists_their_reports_and_erasure_forgets_the_address(
    montreuil,
):
    organisation = OrganisationFactory(name="CCAS de Montreuil", commune=montreuil)
    admin_of(organisation)
    user = UserFactory(email="Habitante@Exemple.fr")
    report = report_on(organisation, reporter_email="habitante@exemple.fr")

    exported = personal_data.export(user)["signalements"]
    assert [(r["fiche"], r["votre_email"]) for r in exported] == [
        ("CCAS de Montreuil", "habitante@exemple.fr")
    ]
    personal_data.erase(user)

    report.refresh_from_db()
    assert report.reporter_email == ""


def test_a_territory_without_moderators_sends_the_report_to_the_site_admins(montreuil):
    site_admin = UserFactory(is_superuser=True, is_staff=True)
    moderator_of("94")

    report_on(OrganisationFactory(commune=montreuil))

    assert list(escalations().values_list("recipient", flat=True)) == [site_admin.pk]
