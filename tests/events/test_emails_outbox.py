"""Every email about a registration (confirmation, waitlist, promotion, reminder) goes through
the notifications outbox: one Delivery row each, sent once by the real Celery worker to the
SMTP sink; running the sender again sends nothing more."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from events.registrations import Applicant, cancel, register, send_reminders
from events.tokens import registration_token
from notifications.models import Delivery, DeliveryStatus
from notifications.sending import deliver_many, sweep_pending


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no text part")


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_each_registration_email_is_sent_once_through_the_outbox(make_event, celery_worker, smtp):
    tomorrow = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0)
    tomorrow += timedelta(days=1)
    event = make_event(capacity=1, start=tomorrow)
    occurrence = event.occurrences.get()
    holder = register(occurrence.pk, Applicant(name="Mme Roux", email="roux@example.org"))
    waiting = register(occurrence.pk, Applicant(name="M. Keita", email="keita@example.org"))
    smtp.wait_for(2)
    cancel(holder.pk)  # M. Keita is promoted
    smtp.wait_for(3)
    assert send_reminders() == 1  # to M. Keita, now confirmed, the day before
    messages = smtp.wait_for(4)

    sent = sorted((m["X-Envelope-To"], subject(m)) for m in messages)
    assert sent == [
        ("keita@example.org", f"[Maillage] Liste d'attente : {event.title}"),
        ("keita@example.org", f"[Maillage] Rappel, c'est demain : {event.title}"),
        ("keita@example.org", f"[Maillage] Une place s'est libérée : {event.title}"),
        ("roux@example.org", f"[Maillage] Inscription confirmée : {event.title}"),
    ]
    waitlisted = next(m for m in messages if "Liste d'attente" in subject(m))
    assert "en position 1" in text_of(waitlisted)
    assert registration_token(waiting) in text_of(waitlisted)
    rows = Delivery.objects.order_by("kind")
    assert list(rows.values_list("kind", "email", "status")) == [
        ("event_confirmed", "roux@example.org", DeliveryStatus.SENT),
        ("event_promoted", "keita@example.org", DeliveryStatus.SENT),
        ("event_reminder", "keita@example.org", DeliveryStatus.SENT),
        ("event_waitlisted", "keita@example.org", DeliveryStatus.SENT),
    ]

    # The sender and the sweeper run again, the reminders too: nothing more is sent.
    assert deliver_many(list(rows.values_list("pk", flat=True))) == {"skipped": 4}
    sweep_pending(older_than_seconds=0)
    assert send_reminders() == 0
    assert len(smtp.wait_for(5, timeout=3)) == 4
