"""Materialise an event's rule into `EventOccurrence` rows up to a rolling horizon.

Called on publish and by a daily beat task that pushes the horizon forward. Past sessions
are history and never touched; a future session dropped from the rule is deleted, unless
people registered to it: then it is kept and marked cancelled, and they are told by email
(`registrations.notify_session_cancelled`)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import EventOccurrence, EventPage
from .recurrence import expand
from .registrations import notify_session_cancelled
from .translations import is_source, source_events

DEFAULT_HORIZON_DAYS = 365


def horizon_end(now: datetime | None = None) -> datetime:
    days = getattr(settings, "EVENT_OCCURRENCE_HORIZON_DAYS", DEFAULT_HORIZON_DAYS)
    return (now or timezone.now()) + timedelta(days=days)


@transaction.atomic
def materialise(event: EventPage, until: datetime | None = None, now: datetime | None = None):
    """Bring the event's occurrences in line with its dates, rule and exceptions.
    Returns (created, updated, removed) counts. A translation has no sessions of its own
    (it shows its French event's): nothing is made for it."""
    if not is_source(event):
        return 0, 0, 0
    now = now or timezone.now()
    until = until or horizon_end(now)
    wanted = {
        slot.start: slot
        for slot in expand(
            event.start, event.end, event.recurrence, event.recurrence_exceptions, until
        )
    }
    existing = {
        occ.start: occ for occ in EventOccurrence.objects.select_for_update().filter(event=event)
    }
    first_time = not existing
    created = updated = removed = 0
    for start, occurrence in existing.items():
        if occurrence.end <= now:
            continue
        slot = wanted.get(start)
        if slot is not None:
            if occurrence.end != slot.end or occurrence.cancelled:
                occurrence.end = slot.end
                occurrence.cancelled = False
                occurrence.save(update_fields=["end", "cancelled"])
                updated += 1
        elif occurrence.registrations.exists():
            if not occurrence.cancelled:
                occurrence.cancelled = True
                occurrence.save(update_fields=["cancelled"])
                notify_session_cancelled(occurrence)
                updated += 1
        else:
            occurrence.delete()
            removed += 1
    new = [
        EventOccurrence(event=event, start=slot.start, end=slot.end)
        for start, slot in wanted.items()
        if start not in existing and (first_time or slot.end > now)
    ]
    EventOccurrence.objects.bulk_create(new)
    created = len(new)
    return created, updated, removed


def extend_all_horizons(now: datetime | None = None) -> int:
    """Materialise every live recurring event up to the horizon; returns occurrences created."""
    total = 0
    for event in source_events(EventPage.objects.live()).exclude(recurrence=""):
        total += materialise(event, now=now)[0]
    return total
