"""The outbox without Celery: sending one row, retries then failure, digests, preferences,
language, double opt-in. Mail goes to django.core.mail.outbox (in-process)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import sending
from notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Frequency,
    NotificationPreferences,
    Subscription,
)
from notifications.subscriptions import subscribe
from notifications.tokens import confirm_token
from offers import services
from offers.vocabularies import Status
from tests.conftest import free_port
from tests.directory.factories import real_commune
from tests.offers.factories import (
    NeedFactory,
    OrganisationFactory,
    PremisesFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(db):
    """A holder with two needs matching one premises: two matches, four outbox rows."""
    real_commune("Montreuil")
    holder = OrganisationFactory()
    person = member_of(holder, email="porteur@exemple.org")
    NeedFactory(organisation=holder, title="Besoin A")
    NeedFactory(organisation=holder, title="Besoin B")
    premises = PremisesFactory(status=Status.PUBLISHED)
    return person, premises


def test_deliver_sends_once_and_marks_sent(matched):
    _person, premises = matched
    services.match_premises(premises.pk)
    email_rows = Delivery.objects.filter(channel=Channel.EMAIL)
    assert email_rows.count() == 2
    first = email_rows.first()
    assert sending.deliver(first.pk) == "sent"
    assert sending.deliver(first.pk) == "skipped"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["porteur@exemple.org"]
    assert message.alternatives[0][1] == "text/html"
    first.refresh_from_db()
    assert first.status == DeliveryStatus.SENT and first.attempts == 1 and first.sent_at


def test_failures_back_off_then_give_up_visible_to_admins(matched, settings):
    _person, premises = matched
    services.match_premises(premises.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    row = Delivery.objects.filter(channel=Channel.EMAIL).first()
    assert sending.deliver(row.pk) == "error"
    row.refresh_from_db()
    assert row.status == DeliveryStatus.PENDING
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)
    # Not due yet: the sweeper leaves it alone, a stray message does nothing.
    assert row.pk not in sending.pending_due(older_than_seconds=0)
    assert sending.deliver(row.pk) == "not_due"
    for _ in range(sending.MAX_ATTEMPTS - 1):
        Delivery.objects.filter(pk=row.pk).update(next_attempt_at=None)
        sending.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert row.attempts == sending.MAX_ATTEMPTS


def test_daily_digest_groups_pending_rows_in_one_email(matched):
    person, premises = matched
    NotificationPreferences.objects.create(user=person, email_frequency=Frequency.DAILY)
    services.match_premises(premises.pk)
    assert sending.pending_due(older_than_seconds=-60) == list(
        Delivery.objects.filter(channel=Channel.INBOX)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    assert sending.send_digests(Frequency.DAILY) == 2
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Votre résumé du jour" in mail.outbox[0].subject
    assert "Besoin A" in body and "Besoin B" in body
    # Nothing left: the next digest sends nothing (no empty emails).
    assert sending.send_digests(Frequency.DAILY) == 0
    assert len(mail.outbox) == 1


def test_preferences_turn_a_channel_off(matched, client):
    person, premises = matched
    client.force_login(person)
    response = client.post(
        reverse("notifications:preferences"),
        {"inbox_enabled": "on", "email_frequency": "instant"},  # email unchecked
    )
    assert response.status_code == 302
    services.match_premises(premises.pk)
    assert set(Delivery.objects.values_list("channel", flat=True)) == {Channel.INBOX}


def test_email_follows_the_recipient_language(matched):
    person, premises = matched
    person.language = "en"
    person.save()
    services.match_premises(premises.pk)
    for row in Delivery.objects.filter(channel=Channel.EMAIL):
        sending.deliver(row.pk)
    assert mail.outbox[0].subject.startswith("[Maillage] A place matches your need")


def test_email_only_alert_needs_confirmation(client):
    subscription = subscribe(
        kind="premises",
        filters={},
        label="Tous les locaux",
        frequency="weekly",
        email="quelquun@exemple.org",
    )
    assert subscription.confirmed_at is None
    row = Delivery.objects.get(kind="subscription_confirm")
    sending.deliver(row.pk)
    assert confirm_token(subscription.pk) in mail.outbox[0].body
    url = reverse("notifications:confirm", args=[confirm_token(subscription.pk)])
    assert client.get(url).status_code == 200
    client.post(url)
    assert Subscription.objects.get().confirmed_at is not None
    assert client.get(reverse("notifications:confirm", args=["faux"])).status_code == 404
    assert client.post(reverse("notifications:unsubscribe", args=["faux"])).status_code == 404


def test_a_resent_email_keeps_its_message_id(matched):
    """When the commit after an accepted send is lost (PostgreSQL going away), the row is
    sent again: the copy carries the same Message-ID, so receivers treat it as one message."""
    _person, premises = matched
    services.match_premises(premises.pk)
    first, second = Delivery.objects.filter(channel=Channel.EMAIL).order_by("pk")
    assert sending.deliver(first.pk) == "sent"
    Delivery.objects.filter(pk=first.pk).update(status=DeliveryStatus.PENDING)  # lost commit
    assert sending.deliver(first.pk) == "sent"
    assert sending.deliver(second.pk) == "sent"
    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert ids[0] == ids[1] == sending.message_id([first])
    assert ids[2] != ids[0]
    assert "Message-ID: " + ids[0] in mail.outbox[0].message().as_string()
