"""Beat tasks: reminders the day before (once), purge after the retention period."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Registration
from events.registrations import Applicant, purge_old_registrations, register, send_reminders
from events.tasks import purge_registrations
from notifications.models import Delivery
from notifications.sending import deliver_many
from tests.events.factories import RegistrationFactory

from .conftest import paris


@pytest.mark.django_db
def test_reminders_are_sent_once_the_day_before(make_event):
    now = timezone.now()
    tomorrow = timezone.localtime(now).replace(
        hour=15, minute=0, second=0, microsecond=0
    ) + timedelta(days=1)
    event = make_event(start=tomorrow, capacity=1)
    occurrence = event.occurrences.get()
    confirmed = register(occurrence.pk, Applicant(name="A", email="a@example.org"))
    register(occurrence.pk, Applicant(name="B", email="b@example.org"))  # waitlisted: no reminder
    register(
        make_event(start=tomorrow).occurrences.get().pk, Applicant(name="C", phone="+33612345678")
    )
    later = make_event(start=tomorrow + timedelta(days=2))
    register(later.occurrences.get().pk, Applicant(name="D", email="d@example.org"))
    mail.outbox.clear()

    assert send_reminders(now) == 1
    assert send_reminders(now) == 0
    reminders = Delivery.objects.filter(kind="event_reminder")
    assert list(reminders.values_list("email", flat=True)) == ["a@example.org"]
    deliver_many(list(reminders.values_list("pk", flat=True)))
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert mail.outbox[0].subject == f"[Maillage] Rappel, c'est demain : {event.title}"
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None


@pytest.mark.django_db
def test_registrations_are_purged_after_the_retention_period(make_event, settings):
    settings.EVENT_REGISTRATION_RETENTION_MONTHS = 6
    old = make_event(start=paris(2020, 1, 10, 14, 0), end=paris(2020, 1, 10, 16, 0))
    recent = make_event(start=timezone.now() - timedelta(days=30))
    for event in (old, recent):
        RegistrationFactory(occurrence=event.occurrences.get(), name="X")
    assert purge_old_registrations() == 1
    assert list(Registration.objects.values_list("occurrence__event", flat=True)) == [recent.pk]
    # Seven months later, the recent one goes too; the task runs the same function.
    assert purge_old_registrations(timezone.now() + timedelta(days=215)) == 1
    assert purge_registrations.run() == 0
