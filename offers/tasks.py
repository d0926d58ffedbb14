"""Celery wiring only: each task calls a plain function of `offers.services`."""

from celery import shared_task

from core.tasks import RETRY_KWARGS


@shared_task(name="offers.announce", ignore_result=True, **RETRY_KWARGS)
def announce(label: str, pk: int) -> int:
    from .services import announce as run

    return run(label, pk)


@shared_task(name="offers.sweep_unannounced", ignore_result=True, **RETRY_KWARGS)
def sweep_unannounced() -> int:
    """Publications whose announcement message was lost (broker down, worker killed)."""
    from .services import enqueue_announcement, unannounced

    found = unannounced()
    for label, pk in found:
        enqueue_announcement(label, pk)
    return len(found)


@shared_task(name="offers.close_expired", ignore_result=True, **RETRY_KWARGS)
def close_expired() -> int:
    from .services import close_expired as close

    return close()
