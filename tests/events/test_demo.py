import pytest

from demo.directory import load as load_directory
from demo.event_translations import load as load_event_translations
from demo.events import load
from demo.home import ensure_home_page
from events.models import EventOccurrence, EventPage, Registration, RegistrationStatus
from events.translations import source_events


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


@pytest.mark.django_db
def test_demo_events_are_read_in_arabic_and_english_with_the_french_sessions():
    ensure_home_page()
    load_directory()
    load()
    summary = load_event_translations()
    assert "(ar 0, en 0)" in summary  # every segment of both events translated
    sessions = EventOccurrence.objects.count()
    load_event_translations()  # idempotent: nothing new
    atelier = source_events(EventPage.objects).get(slug="atelier-numerique-tablette-pantin")
    arabic = EventPage.objects.live().get(slug=atelier.slug, locale__language_code="ar")
    english = EventPage.objects.live().get(slug=atelier.slug, locale__language_code="en")
    assert arabic.title == "ورشة رقمية: تعلّم استخدام جهازك اللوحي"
    assert english.title == "Digital workshop: getting to grips with your tablet"
    assert EventPage.objects.live().filter(slug=atelier.slug).count() == 3
    assert EventOccurrence.objects.count() == sessions
    assert set(EventOccurrence.objects.values_list("event__locale__language_code", flat=True)) == {
        "fr"
    }
    # The demo agenda keeps counting its French events only.
    assert source_events(EventPage.objects.live()).count() == 8
    assert "8 publiés" in load()
