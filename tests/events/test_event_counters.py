"""Event registrations, waitlist and promotions are counted (core.counters), never the people."""

import pytest

from core import counters
from core.models import DailyCounter
from events.registrations import Applicant, cancel, register
from tests.accounts.factories import clear_test_cache

# Not a transactional test: the counts are made by on-commit callbacks, run here by
# django_capture_on_commit_callbacks. A transactional test let the session's Celery worker
# still send this test's emails while the teardown truncated the tables (a deadlock in CI).
pytestmark = pytest.mark.django_db


def test_registrations_waitlist_and_promotions_are_counted_once_each(
    make_event, django_capture_on_commit_callbacks
):
    clear_test_cache()
    event = make_event(capacity=1)
    occurrence = event.occurrences.get()
    with django_capture_on_commit_callbacks(execute=True):
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
