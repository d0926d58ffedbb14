"""iCal feeds parsed back with icalendar."""

from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventType

from .conftest import paris


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.django_db
def test_event_feed_has_vtimezone_rrule_exdate_and_stable_uid(client, make_event, settings):
    settings.SITE_URL = "https://maillage.example"
    event = make_event(
        start=paris(2031, 3, 18, 18, 0),
        end=paris(2031, 3, 18, 20, 0),
        recurrence="FREQ=WEEKLY;BYDAY=TU;UNTIL=20310415T235959",
        recurrence_exceptions=[date(2031, 4, 1)],
    )
    url = reverse("events:event_ics", args=[event.pk])
    calendar = _parse(client.get(url))
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Paris"]
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.pk}@maillage.example"
    assert vevent.decoded("DTSTART") == paris(2031, 3, 18, 18, 0)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    rule = vevent["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU"]
    exdates = [d.dt for d in vevent["EXDATE"].dts]
    assert exdates == [paris(2031, 4, 1, 18, 0)]
    # Same UID on the next download: calendars update the event instead of duplicating it.
    again = _parse(client.get(url)).walk("VEVENT")[0]
    assert again["UID"] == vevent["UID"]


@pytest.mark.django_db
def test_filtered_feed_has_one_unique_uid_per_matching_event(client, make_event, montreuil):
    soon = timezone.now() + timedelta(days=2)
    weekly = make_event(start=soon, recurrence="FREQ=WEEKLY;COUNT=4")
    single = make_event(start=soon + timedelta(days=1))
    make_event(start=soon, event_type=EventType.GROUPE_PAROLE)
    elsewhere = make_event(
        start=soon,
        place_organisation=None,
        address="3 place Jean Jaurès",
        address_commune=montreuil,
    )
    calendar = _parse(client.get(reverse("events:feed"), {"type": EventType.ATELIER_NUMERIQUE}))
    uids = [str(v["UID"]) for v in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 3
    assert {f"event-{e.pk}@127.0.0.1" for e in (weekly, single, elsewhere)} == set(uids)
    by_commune = _parse(client.get(reverse("events:feed"), {"commune": montreuil.slug}))
    assert [str(v["UID"]) for v in by_commune.walk("VEVENT")] == [f"event-{elsewhere.pk}@127.0.0.1"]
    assert by_commune.walk("VEVENT")[0]["LOCATION"] == "3 place Jean Jaurès, Montreuil"


@pytest.mark.django_db
def test_invalid_feed_filters_are_a_400_not_a_500(client):
    response = client.get(reverse("events:feed"), {"date_from": "pas une date"})
    assert response.status_code == 400
    assert "Saisissez une date valide" in response.content.decode()


@pytest.mark.django_db
def test_event_page_offers_ics_and_google_links(client, make_event):
    event = make_event()
    html = client.get(event.url).content.decode()
    assert reverse("events:event_ics", args=[event.pk]) in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
