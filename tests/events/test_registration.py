"""Registration, waitlist, promotion and the cancellation link, through the real views."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.counters import PendingCount
from events.models import Registration, RegistrationStatus
from events.registrations import Applicant, RegistrationRefused, cancel, register, waitlist_position
from events.tokens import registration_id_from_token, registration_token
from notifications.models import Delivery
from notifications.sending import deliver_many


def _post(client, occurrence, **data):
    payload = {"name": "Mme Martin", "email": "", "phone": "", "seats": "1", **data}
    return client.post(reverse("events:register", args=[occurrence.pk]), payload)


@pytest.fixture
def small_event(make_event):
    return make_event(capacity=3)


@pytest.mark.django_db
def test_register_by_phone_only_stores_e164_and_shows_the_personal_page(client, small_event):
    occurrence = small_event.occurrences.get()
    response = _post(client, occurrence, name="M. Benali", phone="06 12 34 56 78", seats="2")
    registration = Registration.objects.get()
    assert registration.phone == "+33612345678"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "events:registration", args=[registration_token(registration)]
    )
    page = client.get(response["Location"])
    assert "Votre inscription est confirmée (2 places)." in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Indiquez une adresse e-mail ou un numéro de téléphone"),
        ({"phone": "12"}, "Ce numéro de téléphone"),
        ({"email": "a@b.fr", "seats": "6"}, "Sélectionnez un choix valide"),
        ({"email": "a@b.fr", "site_web": "http://spam.fr"}, "n&#x27;a pas pu être enregistrée"),
    ],
)
def test_bad_registration_input_gives_a_french_error(client, small_event, data, message):
    response = _post(client, small_event.occurrences.get(), **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_full_occurrence_puts_people_on_the_waitlist_with_their_position(client, small_event):
    occurrence = small_event.occurrences.get()
    _post(client, occurrence, email="un@example.org", seats="3")
    response = _post(client, occurrence, email="deux@example.org", seats="1")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Vous êtes sur liste d&#x27;attente." in html  # the flash message
    assert "en position 1" in html
    third = register(occurrence.pk, Applicant(name="Trois", phone="+33612345679"))
    assert waitlist_position(third) == 2
    event_page = client.get(small_event.url)
    assert "Complet : inscription sur liste d'attente" in event_page.content.decode()


@pytest.mark.django_db
def test_cancelling_promotes_the_first_waiting_people_in_order(
    small_event, django_capture_on_commit_callbacks
):
    occurrence = small_event.occurrences.get()
    first = register(occurrence.pk, Applicant(name="A", email="a@example.org", seats=2))
    register(occurrence.pk, Applicant(name="B", email="b@example.org", seats=1))
    waiting_big = register(occurrence.pk, Applicant(name="C", email="c@example.org", seats=2))
    waiting_small = register(occurrence.pk, Applicant(name="D", email="d@example.org", seats=1))
    assert waiting_big.status == waiting_small.status == RegistrationStatus.WAITLISTED
    _registration, promoted = cancel(first.pk)
    # C (2 seats) fits in the 2 freed seats; D stays behind C, first come first served.
    assert [r.name for r in promoted] == ["C"]
    waiting_small.refresh_from_db()
    assert waiting_small.status == RegistrationStatus.WAITLISTED
    assert waitlist_position(waiting_small) == 1


@pytest.mark.django_db
def test_growing_capacity_promotes_on_publish(small_event):
    occurrence = small_event.occurrences.get()
    register(occurrence.pk, Applicant(name="A", phone="+33612345678", seats=3))
    waiting = register(occurrence.pk, Applicant(name="B", phone="+33612345679", seats=2))
    assert waiting.status == RegistrationStatus.WAITLISTED
    small_event.capacity = 5
    small_event.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert waiting.promoted_at is not None


@pytest.mark.django_db
def test_cancellation_link_needs_a_post_and_a_valid_token(client, small_event):
    occurrence = small_event.occurrences.get()
    registration = register(occurrence.pk, Applicant(name="A", phone="+33612345678"))
    token = registration_token(registration)
    url = reverse("events:registration", args=[token])
    assert client.get(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # a GET changes nothing
    response = client.post(url, follow=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "Cette inscription est annulée." in response.content.decode()
    # Forge from the token the link carried.
    forged = reverse("events:registration", args=[token[:-4] + "abcd"])
    assert forged != url
    assert client.get(forged).status_code == 404
    assert (
        client.get(reverse("events:registration", args=[str(registration.pk)])).status_code == 404
    )


@pytest.mark.django_db
def test_confirmation_email_is_queued_after_commit_and_carries_the_link(
    small_event, django_capture_on_commit_callbacks
):
    occurrence = small_event.occurrences.get()
    with django_capture_on_commit_callbacks() as callbacks:
        registration = register(occurrence.pk, Applicant(name="A", email="a@example.org"))
    # The outbox row is only handed to Celery once committed (beside the registration count).
    assert len([c for c in callbacks if not isinstance(c, PendingCount)]) == 1
    [delivery] = Delivery.objects.filter(kind="event_confirmed")
    assert (delivery.email, delivery.object_id) == ("a@example.org", registration.pk)
    deliver_many([delivery.pk])
    message = mail.outbox[-1]
    assert message.to == ["a@example.org"]
    assert message.subject == f"[Maillage] Inscription confirmée : {small_event.title}"
    assert registration_token(registration) in message.body
    assert "Voir ou annuler votre inscription" in message.body


@pytest.mark.django_db
def test_the_registration_link_is_the_same_whenever_it_is_made(small_event, monkeypatch):
    """The page after registering and the emailed link must be one link, even when they are
    made in different seconds (the flaky browser journey of the waitlist)."""
    registration = register(
        small_event.occurrences.get().pk, Applicant(name="A", email="a@example.org")
    )
    first = registration_token(registration)
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert registration_token(registration) == first
    assert registration_id_from_token(first) == registration.pk
    other = register(small_event.occurrences.get().pk, Applicant(name="B", phone="+33612345678"))
    assert registration_token(other) != first


@pytest.mark.django_db
def test_registration_refused_when_closed_cancelled_or_too_many_seats(make_event):
    event = make_event(capacity=2, registration_open=False)
    with pytest.raises(RegistrationRefused, match="fermées"):
        register(event.occurrences.get().pk, Applicant(name="A", phone="+33612345678"))
    other = make_event(capacity=2)
    occurrence = other.occurrences.get()
    with pytest.raises(RegistrationRefused, match="2 places"):
        register(occurrence.pk, Applicant(name="A", phone="+33612345678", seats=3))
    occurrence.cancelled = True
    occurrence.save()
    with pytest.raises(RegistrationRefused, match="annulée"):
        register(occurrence.pk, Applicant(name="A", phone="+33612345678"))
    past = make_event(start=timezone.now() - timedelta(days=1))
    with pytest.raises(RegistrationRefused):
        register(past.occurrences.get().pk, Applicant(name="A", phone="+33612345678"))


@pytest.mark.django_db
def test_registration_form_is_rate_limited_per_ip(client, make_event):
    occurrence = make_event().occurrences.get()
    statuses = [
        _post(client, occurrence, phone=f"+336123456{n:02d}").status_code for n in range(11)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert Registration.objects.count() == 10
