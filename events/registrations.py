"""Registrations, waitlist and promotion. Every change of seats takes a row lock on the
occurrence (`SELECT … FOR UPDATE`) before counting, so two people can never both get the
last seat. Emails are written to the notifications outbox in the same transaction (one row
per registration and kind) and leave through Celery once it has committed."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import counters
from notifications.models import Channel, Frequency
from notifications.outbox import Notice, Recipient, content_type_id, notify

from .emails import notify_registration
from .models import Attendance, EventOccurrence, Registration, RegistrationStatus


class RegistrationRefused(Exception):
    """The registration cannot be taken; the message is for the visitor (French)."""


@dataclass
class Applicant:
    name: str
    email: str = ""
    phone: str = ""
    seats: int = 1
    access_needs: list[str] = field(default_factory=list)


def _locked_occurrence(occurrence_id: int) -> EventOccurrence:
    return (
        EventOccurrence.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=occurrence_id)
    )


def seats_taken(occurrence: EventOccurrence) -> int:
    total = occurrence.registrations.filter(status=RegistrationStatus.CONFIRMED).aggregate(
        total=Sum("seats")
    )["total"]
    return total or 0


def registration_problem(occurrence: EventOccurrence, now: datetime | None = None) -> str:
    """Why nobody can register to this occurrence, or '' when they can."""
    now = now or timezone.now()
    event = occurrence.event
    if not event.live:
        return _("Cet événement n'est pas publié.")
    if not event.registration_open:
        return _("Les inscriptions en ligne sont fermées pour cet événement.")
    if occurrence.cancelled:
        return _("Cette séance est annulée.")
    if occurrence.start <= now:
        return _("Cette séance a déjà commencé.")
    return ""


@transaction.atomic
def register(occurrence_id: int, applicant: Applicant) -> Registration:
    """Confirm the seats if they fit and nobody is waiting before; otherwise waitlist."""
    occurrence = _locked_occurrence(occurrence_id)
    problem = registration_problem(occurrence)
    if problem:
        raise RegistrationRefused(problem)
    capacity = occurrence.event.capacity
    if capacity is not None and applicant.seats > capacity:
        raise RegistrationRefused(
            _("Cette séance n'a que %(capacity)d places : demandez-en moins.")
            % {"capacity": capacity}
        )
    someone_waiting = occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED).exists()
    fits = capacity is None or seats_taken(occurrence) + applicant.seats <= capacity
    status = (
        RegistrationStatus.CONFIRMED
        if fits and not someone_waiting
        else RegistrationStatus.WAITLISTED
    )
    registration = Registration.objects.create(
        occurrence=occurrence,
        name=applicant.name,
        email=applicant.email,
        phone=applicant.phone,
        seats=applicant.seats,
        access_needs=applicant.access_needs,
        status=status,
    )
    notify_registration(registration, status, position=waitlist_position(registration))
    counters.count(
        "event_registration",
        outcome=str(status),
        organisation=occurrence.event.organiser_id,
    )
    return registration


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when not on the waitlist."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk),
        occurrence_id=registration.occurrence_id,
        status=RegistrationStatus.WAITLISTED,
    ).count()
    return ahead + 1


def promote_waitlist(occurrence: EventOccurrence) -> list[Registration]:
    """Confirm waiting people in order while their seats fit. Strictly first come, first
    served: when the first person waiting needs more seats than are free, nobody behind
    them jumps the queue. The caller holds the occurrence lock."""
    if occurrence.cancelled:
        # Nobody is promoted to a session that will not take place.
        return []
    capacity = occurrence.event.capacity
    taken = seats_taken(occurrence)
    promoted = []
    waiting = occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    for registration in waiting:
        if capacity is not None and taken + registration.seats > capacity:
            break
        _confirm(registration)
        taken += registration.seats
        promoted.append(registration)
    return promoted


def _confirm(registration: Registration) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.promoted_at = timezone.now()
    registration.save(update_fields=["status", "promoted_at"])
    notify_registration(registration, "promoted")
    counters.count(
        "event_registration",
        outcome="promoted",
        organisation=registration.occurrence.event.organiser_id,
    )


@transaction.atomic
def cancel(registration_id: int) -> tuple[Registration, list[Registration]]:
    """Cancel a registration (by its holder or the organiser) and promote whoever now fits.
    Cancelling twice is harmless."""
    occurrence_id = Registration.objects.values_list("occurrence_id", flat=True).get(
        pk=registration_id
    )
    occurrence = _locked_occurrence(occurrence_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration, []
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    promoted = promote_waitlist(occurrence) if occurrence.end > timezone.now() else []
    return registration, promoted


@transaction.atomic
def promote(registration_id: int) -> Registration:
    """The organiser confirms a waiting person now, even beyond capacity (their call)."""
    occurrence_id = Registration.objects.values_list("occurrence_id", flat=True).get(
        pk=registration_id
    )
    occurrence = _locked_occurrence(occurrence_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == RegistrationStatus.WAITLISTED and not occurrence.cancelled:
        _confirm(registration)
    return registration


def attendance_problem(registration: Registration, now: datetime | None = None) -> str:
    """Why this registration's attendance cannot be noted (French), or '' when it can."""
    occurrence = registration.occurrence
    if occurrence.cancelled:
        return _("Cette séance est annulée : il n'y a pas de présence à noter.")
    if occurrence.start > (now or timezone.now()):
        return _("La présence se note une fois la séance commencée.")
    if registration.status != RegistrationStatus.CONFIRMED:
        return _("Seules les personnes inscrites peuvent être notées présentes ou absentes.")
    return ""


@transaction.atomic
def mark_attendance(registration_id: int, attendance: str) -> Registration:
    """The organiser notes that a confirmed person came (or did not) to a session that
    started. Counted as "event_registration" outcome "attended" the first time the person is
    marked present, once per registration: counters only add, so a correction (absent after
    all) does not take the count back, and marking present again does not count twice."""
    if attendance not in Attendance.values:
        raise ValueError(f"Unknown attendance {attendance!r}.")
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("occurrence__event")
        .get(pk=registration_id)
    )
    problem = attendance_problem(registration)
    if problem:
        raise RegistrationRefused(problem)
    registration.attendance = attendance
    fields = ["attendance"]
    if attendance == Attendance.PRESENT and not registration.attendance_counted:
        registration.attendance_counted = True
        fields.append("attendance_counted")
        counters.count(
            "event_registration",
            outcome="attended",
            organisation=registration.occurrence.event.organiser_id,
        )
    registration.save(update_fields=fields)
    return registration


SESSION_CANCELLED = "event_session_cancelled"


def notify_session_cancelled(occurrence: EventOccurrence) -> list[int]:
    """Tell every registrant still expecting this session (confirmed or waiting) that it is
    cancelled: one email per registration with an address, through the notifications outbox
    (a row per registration, unique, sent once by Celery). Call it in the transaction that
    cancels the session. People registered by phone only are on the organiser's list."""
    registrations = occurrence.registrations.filter(
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    ).exclude(email="")
    kind = content_type_id(Registration)
    only_email = ((Channel.EMAIL, Frequency.INSTANT),)
    return notify(
        Notice(
            Recipient(email=email, language=settings.LANGUAGE_CODE[:2], channels=only_email),
            kind,
            pk,
            SESSION_CANCELLED,
        )
        for pk, email in registrations.values_list("pk", "email")
    )


def refresh_waitlists(event_id: int) -> int:
    """After an edit (more seats, for instance): promote on every future occurrence."""
    promoted = 0
    now = timezone.now()
    ids = list(
        EventOccurrence.objects.filter(
            event_id=event_id, start__gt=now, cancelled=False
        ).values_list("pk", flat=True)
    )
    for occurrence_id in ids:
        with transaction.atomic():
            promoted += len(promote_waitlist(_locked_occurrence(occurrence_id)))
    return promoted


# --- Periodic work ------------------------------------------------------------------------
def due_reminders(now: datetime | None = None):
    """Confirmed registrations with an email, for occurrences starting tomorrow (Paris
    date), not reminded yet."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + timedelta(days=1)
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        occurrence__cancelled=False,
        occurrence__event__live=True,
        occurrence__start__date=tomorrow,
    ).exclude(email="")


def send_reminders(now: datetime | None = None) -> int:
    """Queue each due reminder once: a registration is claimed by setting `reminded_at` in a
    conditional UPDATE, in the transaction that writes its outbox row (itself unique), so
    concurrent runs cannot both send it and a failed run leaves it unclaimed."""
    queued = 0
    for registration_id in due_reminders(now).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration_id, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue
            notify_registration(Registration.objects.get(pk=registration_id), "reminder")
        queued += 1
    return queued


def purge_old_registrations(now: datetime | None = None) -> int:
    """Delete personal data EVENT_REGISTRATION_RETENTION_MONTHS after the occurrence."""
    months = settings.EVENT_REGISTRATION_RETENTION_MONTHS
    limit = (now or timezone.now()) - relativedelta(months=months)
    deleted, _details = Registration.objects.filter(occurrence__end__lt=limit).delete()
    return deleted
