"""Corrections and suggestions: who is told, who may handle them, escalation and purge. Plain
functions; views and tasks only call them.

Routing: a correction goes to the organisation's admins (`organisation_admins`, its members when
it has no admin) through the outbox; if still open FEEDBACK_ESCALATION_DAYS later, the daily
task hands it, once, to the moderators of the organisation's département (at once when the
organisation has nobody to tell). A suggestion goes straight to the moderators of its
commune's département. Without a département, site admins are told.

The reporter's address: the reply is written to the outbox (a bare-address recipient) and the
address blanked from the report in the same transaction; the daily task then deletes the reply
rows already sent (they hold the address), and blanks the address of reports left open more
than FEEDBACK_EMAIL_RETENTION_DAYS. Every step is in Wagtail's audit log, with who did it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.log_actions import log

from accounts.roles import moderated_departements
from directory.notifications import moderators_for, organisation_admins
from directory.roles import managed_organisation_ids
from notifications.models import Channel, Delivery, DeliveryStatus, Frequency
from notifications.outbox import Recipient, content_type_id, notice, notify, recipients_for_users

from .models import (
    CREATED,
    ESCALATED,
    HANDLED,
    HANDLED_STATUSES,
    PURGED,
    REPLY,
    REPORT_ESCALATED,
    REPORT_RECEIVED,
    SUGGESTION_RECEIVED,
    Report,
    ReportKind,
    ReportStatus,
)


class ReportClosed(Exception):
    """The report was already handled: nothing to change."""


def _with_related(queryset: QuerySet[Report]) -> QuerySet[Report]:
    return queryset.select_related("organisation", "service", "commune", "handled_by")


def _territory_user_ids(departement: str) -> list[int]:
    """The moderators of a département; site admins for a report without one, or when the
    département has no moderator yet (a report must reach someone)."""
    ids = list(moderators_for(departement).values_list("pk", flat=True)) if departement else []
    if not ids:
        users = get_user_model().objects.filter(is_superuser=True, is_active=True)
        ids = list(users.values_list("pk", flat=True))
    return ids


def _tell(report: Report, user_ids, kind: str) -> list[int]:
    return notify(
        notice(recipient, report, kind) for recipient in recipients_for_users(user_ids).values()
    )


def _escalate(report: Report, now: datetime, user=None) -> None:
    report.status = ReportStatus.ESCALATED
    report.escalated_at = now
    report.save(update_fields=["status", "escalated_at"])
    _tell(report, _territory_user_ids(report.departement), REPORT_ESCALATED)
    log(report, ESCALATED, user=user, data={"departement": report.departement})


# --- Sending -------------------------------------------------------------------------------------
@transaction.atomic
def report_error(
    *, organisation, service=None, subject: str, message: str, reporter_email: str = ""
) -> Report:
    """Record a correction of a sheet and tell the organisation's admins (or, when it has
    none, the territory's moderators at once)."""
    commune = organisation.commune
    report = Report.objects.create(
        kind=ReportKind.CORRECTION,
        organisation=organisation,
        service=service,
        subject=subject,
        message=message,
        reporter_email=reporter_email,
        commune=commune,
        departement=commune.departement_code if commune else "",
    )
    log(report, CREATED)
    admins = organisation_admins(organisation)
    if admins:
        _tell(report, [user.pk for user in admins], REPORT_RECEIVED)
    else:
        _escalate(report, timezone.now())
    return report


@transaction.atomic
def suggest_service(
    *,
    name: str,
    organisation_name: str,
    commune,
    message: str,
    contact: str,
    reporter_email: str = "",
) -> Report:
    """Record a missing service and tell the moderators of its commune's département."""
    report = Report.objects.create(
        kind=ReportKind.SUGGESTION,
        suggested_name=name,
        suggested_organisation=organisation_name,
        suggested_contact=contact,
        message=message,
        reporter_email=reporter_email,
        commune=commune,
        departement=commune.departement_code,
    )
    log(report, CREATED)
    _tell(report, _territory_user_ids(report.departement), SUGGESTION_RECEIVED)
    return report


# --- Who sees what -------------------------------------------------------------------------------
def for_partner(user) -> QuerySet[Report]:
    """The corrections of the organisations the user manages (admins and members)."""
    return _with_related(
        Report.objects.filter(
            kind=ReportKind.CORRECTION, organisation_id__in=managed_organisation_ids(user)
        )
    )


def for_moderator(user) -> QuerySet[Report]:
    """Every report of the moderator's territory (all of them for site admins)."""
    scope = moderated_departements(user)
    reports = _with_related(Report.objects.all())
    if scope is None:
        return reports
    return reports.filter(departement__in=scope) if scope else reports.none()


# --- Handling ------------------------------------------------------------------------------------
@transaction.atomic
def handle(report_id: int, *, status: str, answer: str, user) -> Report:
    """« Corrigé » or « Sans suite » with a short answer: emailed to the reporter if they
    left an address, which is then blanked. Raises ReportClosed when already handled."""
    if status not in HANDLED_STATUSES:
        raise ValueError(f"Unknown outcome {status!r}")
    report = _with_related(Report.objects.select_for_update(of=("self",))).filter(pk=report_id)
    report = report.first()
    if report is None or not report.is_open:
        raise ReportClosed
    report.status = status
    report.answer = answer
    report.handled_at = timezone.now()
    report.handled_by = user
    address = report.reporter_email
    report.reporter_email = ""
    report.save(update_fields=["status", "answer", "handled_at", "handled_by", "reporter_email"])
    if address:
        reporter = Recipient(
            email=address,
            language=settings.LANGUAGE_CODE[:2],
            channels=((Channel.EMAIL, Frequency.INSTANT),),
        )
        notify([notice(reporter, report, REPLY)])
    log(report, HANDLED, user=user, data={"status": status, "replied": bool(address)})
    if address:
        log(report, PURGED, user=user, data={"reason": "handled"})
    return report


# --- Daily task ----------------------------------------------------------------------------------
@transaction.atomic
def escalate_due(now: datetime | None = None) -> int:
    """Corrections still new FEEDBACK_ESCALATION_DAYS after they arrived go to the
    territory's moderators, once (the status changes in the same transaction)."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.FEEDBACK_ESCALATION_DAYS)
    due = list(
        _with_related(Report.objects.select_for_update(of=("self",))).filter(
            kind=ReportKind.CORRECTION, status=ReportStatus.NEW, created_at__lte=limit
        )
    )
    for report in due:
        _escalate(report, now)
    return len(due)


@transaction.atomic
def purge_emails(now: datetime | None = None) -> int:
    """Blank the addresses of reports open for more than FEEDBACK_EMAIL_RETENTION_DAYS, and
    delete the replies already sent or given up (their outbox row holds the address)."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.FEEDBACK_EMAIL_RETENTION_DAYS)
    old = list(
        Report.objects.select_for_update().filter(created_at__lte=limit).exclude(reporter_email="")
    )
    for report in old:
        report.reporter_email = ""
        log(report, PURGED, data={"reason": "retention"})
    Report.objects.bulk_update(old, ["reporter_email"])
    Delivery.objects.filter(
        Q(status=DeliveryStatus.SENT) | Q(status=DeliveryStatus.FAILED),
        content_type_id=content_type_id(Report),
        kind=REPLY,
    ).delete()
    return len(old)


def daily(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {"escalated": escalate_due(now), "purged": purge_emails(now)}
