"""Upcoming sessions of the agenda for the event list block."""

from __future__ import annotations

from django.utils import timezone

from events.models import EventOccurrence


def upcoming_occurrences(*, event_type: str = "", commune=None, limit: int = 3) -> list:
    """The next `limit` sessions not cancelled of live events, soonest first, optionally of
    one type and in one commune."""
    occurrences = (
        EventOccurrence.objects.filter(start__gte=timezone.now(), cancelled=False, event__live=True)
        .select_related("event", "event__commune")
        .order_by("start", "pk")
    )
    if event_type:
        occurrences = occurrences.filter(event__event_type=event_type)
    if commune is not None:
        occurrences = occurrences.filter(event__commune=commune)
    return list(occurrences[:limit])
