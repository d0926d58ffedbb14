"""iCalendar feeds (RFC 5545): one VEVENT per event, with its RRULE/EXDATE when it repeats,
a VTIMEZONE for Europe/Paris, and UIDs that stay the same from one download to the next."""

from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from .recurrence import PARIS, ical_rule_parts, localise

PRODID = "-//Maillage//Agenda//FR"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event) -> str:
    return f"event-{event.pk}@{site_domain()}"


def absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _component(event, uid: str, location: str, start, end) -> icalendar.Event:
    """What a whole event and one of its sessions share: uid, texts, link, place, times."""
    component = icalendar.Event()
    component.add("uid", uid)
    component.add("dtstamp", (event.last_published_at or timezone.now()).astimezone(UTC))
    component.add("summary", event.title)
    url = absolute(event.url or "")
    component.add("description", f"{event.summary}\n\n{url}".strip())
    component.add("url", url)
    if location:
        component.add("location", location)
    component.add("dtstart", start.astimezone(PARIS))
    component.add("dtend", end.astimezone(PARIS))
    component.add("categories", [str(event.get_event_type_display())])
    return component


def event_component(event, cancelled_starts=()) -> icalendar.Event:
    start = event.start.astimezone(PARIS)
    location = event.online_url if event.is_online else event.place_label()
    component = _component(event, event_uid(event), location, start, event.end)
    if event.recurrence:
        component.add("rrule", ical_rule_parts(event.recurrence, start))
        skipped = {
            localise(datetime.combine(day, start.time().replace(tzinfo=None)))
            for day in event.recurrence_exceptions
        }
        skipped.update(s.astimezone(PARIS) for s in cancelled_starts)
        if skipped:
            component.add("exdate", sorted(skipped))
    elif cancelled_starts:
        component.add("status", "CANCELLED")
    return component


def build_calendar(events, name: str, cancelled_by_event=None) -> bytes:
    """An .ics document for `events` (EventPage instances)."""
    cancelled_by_event = cancelled_by_event or {}
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for event in events:
        calendar.add_component(event_component(event, cancelled_by_event.get(event.pk, ())))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def occurrence_uid(occurrence) -> str:
    return f"occurrence-{occurrence.pk}@{site_domain()}"


def occurrence_component(occurrence) -> icalendar.Event:
    """One session alone (what someone booked): its own dates, no repetition, and the full
    street address so that a phone's calendar can guide them there."""
    event = occurrence.event
    location = event.online_url if event.is_online else event.postal_address()
    component = _component(
        event, occurrence_uid(occurrence), location, occurrence.start, occurrence.end
    )
    coordinates = event.place_coordinates()
    if coordinates and not event.is_online:
        component.add("geo", coordinates)
    if occurrence.cancelled:
        component.add("status", "CANCELLED")
    return component


def build_occurrence_calendar(occurrence) -> bytes:
    """An .ics document holding one session only."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(occurrence_component(occurrence))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def google_calendar_link(occurrence, event=None) -> str:
    """A Google Calendar "template" link pre-filled with one occurrence; `event`: the page
    whose text and address to use (a translation of the occurrence's event), else its own."""
    event = event or occurrence.event

    def stamp(moment):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{stamp(occurrence.start)}/{stamp(occurrence.end)}",
        "details": f"{event.summary}\n{absolute(event.url or '')}",
        "location": event.postal_address() or event.place_label(),
        "ctz": "Europe/Paris",
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)
