"""Upcoming sessions of the agenda for the event list block."""

from __future__ import annotations

from django.utils import timezone

from events.models import EventOccurrence
from events.translations import attach_reader_versions, source_events


def upcoming_occurrences(*, event_type: str = "", commune=None, limit: int = 3) -> list:
    """The next `limit` sessions not cancelled of live events, soonest first, optionally of
    one type and in one commune."""
    occurrences = (
        source_events(
            EventOccurrence.objects.filter(
                start__gte=timezone.now(), cancelled=False, event__live=True
            ),
            through="event__",
        )
        .select_related("event", "event__commune")
        .order_by("start", "pk")
    )
    if event_type:
        occurrences = occurrences.filter(event__event_type=event_type)
    if commune is not None:
        occurrences = occurrences.filter(event__commune=commune)
    occurrences = list(occurrences[:limit])
    attach_reader_versions(occurrences)  # each event in the reader's language
    return occurrences
