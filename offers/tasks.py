"""Celery wiring only: each task calls a plain function of `offers.services`."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import services


@shared_task(name=services.ANNOUNCE_TASK, ignore_result=True, **RETRY_KWARGS)
def announce(label: str, pk: int) -> int:
    return services.announce(label, pk)


@shared_task(name="offers.sweep_unannounced", ignore_result=True, **RETRY_KWARGS)
def sweep_unannounced() -> int:
    """Publications whose announcement message was lost (broker down, worker killed)."""
    found = services.unannounced()
    for label, pk in found:
        services.enqueue_announcement(label, pk)
    return len(found)


@shared_task(name="offers.close_expired", ignore_result=True, **RETRY_KWARGS)
def close_expired() -> int:
    return services.close_expired()


@shared_task(name="offers.remind_agreement_renewals", ignore_result=True, **RETRY_KWARGS)
def remind_agreement_renewals() -> int:
    return services.remind_agreement_renewals()
