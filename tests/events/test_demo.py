import pytest

from demo.directory import load as load_directory
from demo.events import load
from demo.home import ensure_home_page
from events.models import EventOccurrence, EventPage, Registration, RegistrationStatus


@pytest.mark.django_db
def test_demo_agenda_is_idempotent_and_has_a_waitlist():
    ensure_home_page()
    load_directory()
    load()
    counts = (
        EventPage.objects.live().count(),
        EventOccurrence.objects.count(),
        Registration.objects.count(),
    )
    load()
    assert (
        EventPage.objects.live().count(),
        EventOccurrence.objects.count(),
        Registration.objects.count(),
    ) == counts
    assert counts[0] == 8
    assert EventPage.objects.exclude(recurrence="").count() == 3
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() == 2
    assert EventPage.objects.exclude(commune=None).values("commune").distinct().count() >= 3
