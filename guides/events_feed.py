"""Upcoming sessions of the agenda for the event list block. The agenda app (`events`) is
optional for guides: without it the block simply shows nothing."""

from __future__ import annotations

import importlib.util

from django.utils import timezone


def events_installed() -> bool:
    return importlib.util.find_spec("events.models") is not None


def upcoming_occurrences(*, event_type: str = "", commune=None, limit: int = 3) -> list:
    """The next `limit` sessions not cancelled of live events, soonest first, optionally of
    one type and in one commune."""
    if not events_installed():
        return []
    from events.models import EventOccurrence

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
