"""Real concurrency (two database connections) and the real Celery worker + SMTP sink."""

import threading
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Registration, RegistrationStatus
from events.registrations import Applicant, cancel, register
from events.tokens import registration_token


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no text part")


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook(make_event):
    event = make_event(capacity=4)
    occurrence = event.occurrences.get()
    barrier = threading.Barrier(6)
    errors = []

    def attempt(n):
        try:
            barrier.wait(timeout=10)
            register(occurrence.pk, Applicant(name=f"P{n}", phone=f"+3361234560{n}", seats=2))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 2  # 2 × 2 seats = capacity 4
    assert statuses.count(RegistrationStatus.WAITLISTED) == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_promotion_email_is_sent_by_the_worker(make_event, celery_worker, smtp):
    event = make_event(capacity=1, start=timezone.now() + timedelta(days=5))
    occurrence = event.occurrences.get()
    holder = register(occurrence.pk, Applicant(name="Mme Roux", email="roux@example.org"))
    waiting = register(occurrence.pk, Applicant(name="M. Keita", email="keita@example.org"))
    assert waiting.status == RegistrationStatus.WAITLISTED
    smtp.wait_for(2)  # confirmation + waitlist notice
    assert subject(smtp.to("keita@example.org")[0]) == f"[Maillage] Liste d'attente : {event.title}"
    smtp.clear()

    cancel(holder.pk)

    messages = smtp.wait_for(1)
    assert len(messages) == 1
    promoted = messages[0]
    assert "keita@example.org" in promoted["X-Envelope-To"]
    assert subject(promoted) == f"[Maillage] Une place s'est libérée : {event.title}"
    body = text_of(promoted)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert registration_token(waiting) in body
