"""Event registrations, waitlist and promotions are counted (core.counters), never the people."""

import pytest

from core import counters
from core.models import DailyCounter
from events.registrations import Applicant, cancel, register
from tests.accounts.factories import clear_test_cache

pytestmark = pytest.mark.django_db(transaction=True)


def test_registrations_waitlist_and_promotions_are_counted_once_each(make_event):
    clear_test_cache()
    event = make_event(capacity=1)
    occurrence = event.occurrences.get()
    first = register(occurrence.pk, Applicant(name="Léa", phone="+33612345678"))
    register(occurrence.pk, Applicant(name="Sam", email="sam@example.org"))
    cancel(first.pk)  # the waiting person is promoted
    counters.flush()
    found = {
        row.dimensions["outcome"]: row.value
        for row in DailyCounter.objects.filter(metric="event_registration")
    }
    assert found == {"confirmed": 1, "waitlisted": 1, "promoted": 1}
    for row in DailyCounter.objects.all():
        assert row.dimensions["organisation"] == str(event.organiser_id)
        assert "Léa" not in str(row.dimensions) and "@" not in str(row.dimensions)
    clear_test_cache()
