"""schema.org JSON-LD of an event page: one `Event` per upcoming session (a cancelled one says
`EventCancelled`), each pointing to the event page with its `?date=`; a recurring event ties
its sessions together with `superEvent` (an `EventSeries`). Without any session to come, the
event's own dates. The online meeting link is never written (it is sent to registrants only):
an online event's `VirtualLocation` is its page."""

from django.urls import reverse
from django.utils import timezone

from core.structured_data import absolute
from directory import structured_data as directory_data

from .models import Accessibility, EventPage

SCHEMA = "https://schema.org/"


def _place(page: EventPage) -> dict:
    """The venue: the hosting organisation's place, a residence, or an address."""
    if page.place_organisation_id:
        organisation = page.place_organisation
        place = {
            "@type": "Place",
            "name": organisation.name,
            "address": directory_data.postal_address(
                organisation.address,
                organisation.address_complement,
                organisation.postcode,
                organisation.commune,
            ),
            "geo": directory_data.geo(organisation.latitude, organisation.longitude),
        }
    elif page.place_residence_id:
        residence = page.place_residence
        place = {
            "@type": "Place",
            "name": residence.name,
            "address": directory_data.postal_address(
                residence.address, "", residence.postcode, residence.commune
            ),
            "geo": directory_data.geo(residence.latitude, residence.longitude),
        }
    else:
        commune = page.address_commune if page.address_commune_id else None
        postcodes = commune.postcodes if commune else []
        place = {
            "@type": "Place",
            "address": directory_data.postal_address(
                page.address, "", postcodes[0] if len(postcodes) == 1 else "", commune
            ),
        }
    place["amenityFeature"] = [
        {
            "@type": "LocationFeatureSpecification",
            "name": str(Accessibility(value).label),
            "value": True,
        }
        for value in page.accessibility
        if value in Accessibility.values
    ]
    return place


def _availability(page: EventPage, occurrence) -> str:
    if occurrence is None or not page.registration_open or occurrence.cancelled:
        return ""
    seats = getattr(occurrence, "seats_left", None)
    if seats == 0:
        return SCHEMA + "SoldOut"
    if occurrence.start <= timezone.now():
        return ""
    return SCHEMA + ("LimitedAvailability" if seats is not None else "InStock")


def _offer(request, page: EventPage, occurrence, url: str) -> dict:
    register = (
        absolute(request, reverse("events:register", args=[occurrence.pk]))
        if occurrence is not None and page.registration_open and not occurrence.cancelled
        else url
    )
    return {
        "@type": "Offer",
        "price": "0" if page.is_free else page.price_amount,
        "priceCurrency": "EUR",
        "description": page.price_details,
        "availability": _availability(page, occurrence),
        "url": register,
    }


def event_data(request, page: EventPage, occurrences) -> list[dict]:
    """The event's sessions as schema.org Events (`occurrences`: the upcoming ones the page
    shows, `seats_left` set on each)."""
    page_url = absolute(request, page.get_url(request) or "")
    online = page.is_online
    location = {"@type": "VirtualLocation", "url": page_url} if online else _place(page)
    common = {
        "@type": "Event",
        "name": page.title,
        "description": page.summary,
        "eventAttendanceMode": SCHEMA
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": location,
        "organizer": (
            directory_data.organisation_reference(request, page.organiser)
            if page.organiser_id
            else None
        ),
        "audience": [
            {"@type": "Audience", "audienceType": label} for label in page.audience_labels()
        ],
        "isAccessibleForFree": page.is_free,
        "maximumAttendeeCapacity": page.capacity,
        "inLanguage": page.locale.language_code,  # a translation's own language
        "superEvent": (
            {"@type": "EventSeries", "name": page.title, "url": page_url}
            if page.recurrence
            else None
        ),
    }
    sessions = list(occurrences) or [None]
    events = []
    for occurrence in sessions:
        start, end = (
            (page.start, page.end) if occurrence is None else (occurrence.start, occurrence.end)
        )
        url = page_url
        if occurrence is not None and page.recurrence:
            url = f"{page_url}?date={timezone.localtime(occurrence.start).date().isoformat()}"
        cancelled = occurrence is not None and occurrence.cancelled
        events.append(
            {
                **common,
                "url": url,
                "startDate": start,
                "endDate": end,
                "eventStatus": SCHEMA + ("EventCancelled" if cancelled else "EventScheduled"),
                "remainingAttendeeCapacity": (
                    getattr(occurrence, "seats_left", None) if not cancelled else None
                ),
                "offers": _offer(request, page, occurrence, url),
            }
        )
    return events
