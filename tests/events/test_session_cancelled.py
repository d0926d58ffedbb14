"""A cancelled session: every registrant still expecting it (confirmed or waiting) gets one
French email, through the notifications outbox and the real Celery worker; nobody on its
waitlist is promoted any more."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from events.models import Registration, RegistrationStatus
from events.registrations import (
    SESSION_CANCELLED,
    Applicant,
    cancel,
    notify_session_cancelled,
    promote,
    register,
)
from notifications.models import Delivery, DeliveryStatus
from notifications.sending import sweep_pending


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no text part")


def _drop_session(event, occurrence) -> None:
    """The editor removes this date from the series and publishes (as in the admin)."""
    event.recurrence_exceptions = [timezone.localtime(occurrence.start).date()]
    event.save_revision().publish()


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_every_registrant_is_told_once_and_nobody_is_promoted(make_event, celery_worker, smtp):
    event = make_event(
        start=timezone.now() + timedelta(days=3), recurrence="FREQ=WEEKLY;COUNT=2", capacity=1
    )
    first, second = event.occurrences.order_by("start")
    holder = register(second.pk, Applicant(name="Mme Roux", email="roux@example.org"))
    waiting = register(second.pk, Applicant(name="M. Keita", email="keita@example.org"))
    gone = register(second.pk, Applicant(name="Mme Petit", email="petit@example.org"))
    cancel(gone.pk)
    by_phone = register(second.pk, Applicant(name="M. Blanc", phone="+33612345678"))
    elsewhere = register(first.pk, Applicant(name="Mme Nour", email="nour@example.org"))
    assert [holder.status, waiting.status, by_phone.status] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    assert len(smtp.wait_for(4)) == 4  # 1 confirmation, 2 waitlist notices, 1 confirmation
    smtp.clear()

    _drop_session(event, second)
    second.refresh_from_db()
    assert second.cancelled is True

    messages = smtp.wait_for(2)
    assert sorted(m["X-Envelope-To"] for m in messages) == [
        "keita@example.org",
        "roux@example.org",
    ]
    for message in messages:
        assert subject(message).endswith(f"Séance annulée : {event.title}")
        body = text_of(message)
        assert "cette séance est annulée" in body
        assert f"{timezone.localtime(second.start).hour} h" in body
        assert event.url in body
    assert "Bonjour Mme Roux," in text_of(smtp.to("roux@example.org")[0])
    assert "liste d'attente" in text_of(smtp.to("keita@example.org")[0])

    # Publishing again, announcing again, the sweeper: nobody is told twice.
    event.save_revision().publish()
    notify_session_cancelled(second)
    sweep_pending(older_than_seconds=0)
    # The holder cancels: the person waiting is not promoted to a cancelled session.
    _cancelled, promoted = cancel(holder.pk)
    assert promoted == []
    promote(waiting.pk)  # nor by the organiser
    assert len(smtp.wait_for(3, timeout=4)) == 2
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED
    deliveries = Delivery.objects.filter(kind=SESSION_CANCELLED)
    assert sorted(deliveries.values_list("email", "status")) == [
        ("keita@example.org", DeliveryStatus.SENT),
        ("roux@example.org", DeliveryStatus.SENT),
    ]
    assert not smtp.to("nour@example.org")  # the other session goes on
    elsewhere.refresh_from_db()
    assert elsewhere.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_outbox_rows_are_written_once_per_registration_with_an_address(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(
        start=timezone.now() + timedelta(days=3), recurrence="FREQ=WEEKLY;COUNT=2", capacity=5
    )
    _first, second = event.occurrences.order_by("start")
    with django_capture_on_commit_callbacks():
        kept = register(second.pk, Applicant(name="A", email="a@example.org"))
        register(second.pk, Applicant(name="B", phone="+33612345679"))
        left = register(second.pk, Applicant(name="C", email="c@example.org"))
        cancel(left.pk)
        _drop_session(event, second)
    rows = Delivery.objects.filter(kind=SESSION_CANCELLED)
    assert list(rows.values_list("object_id", "email", "channel", "language")) == [
        (kept.pk, "a@example.org", "email", "fr")
    ]
    with django_capture_on_commit_callbacks():
        assert notify_session_cancelled(second) == []  # already announced
    assert rows.count() == 1
    context = Registration.objects.get(pk=kept.pk).notification_context(SESSION_CANCELLED)
    assert context["title"] == event.title and context["url"] == event.url
