"""Celery wiring only: each task calls a plain function tested on its own."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import registrations
from .emails import notify_registration
from .models import Registration
from .occurrences import extend_all_horizons


@shared_task(name="events.send_registration_email", **RETRY_KWARGS)
def send_registration_email(registration_id: int, kind: str) -> bool:
    """Kept for messages queued before registration emails went through the outbox: writes
    the outbox row (a no-op when it exists), which the outbox then sends once."""
    registration = (
        Registration.objects.select_related("occurrence__event").filter(pk=registration_id).first()
    )
    if registration is None:
        # Purged or deleted meanwhile: nothing to tell anybody.
        return False
    notify_registration(registration, kind)
    return True


@shared_task(name="events.extend_occurrence_horizon", **RETRY_KWARGS)
def extend_occurrence_horizon() -> int:
    return extend_all_horizons()


@shared_task(name="events.send_reminders", **RETRY_KWARGS)
def send_reminders() -> int:
    return registrations.send_reminders()


@shared_task(name="events.purge_registrations", **RETRY_KWARGS)
def purge_registrations() -> int:
    return registrations.purge_old_registrations()
