"""Celery wiring only: each task calls a plain function of `sending` tested on its own."""

from celery import shared_task

from core.tasks import RETRY_KWARGS


@shared_task(name="notifications.send_deliveries", ignore_result=True, **RETRY_KWARGS)
def send_deliveries(delivery_ids: list[int]) -> dict[str, int]:
    from .sending import deliver_many

    return deliver_many(delivery_ids)


@shared_task(name="notifications.sweep_pending", ignore_result=True, **RETRY_KWARGS)
def sweep_pending() -> int:
    from .sending import sweep_pending as sweep

    return sweep()


@shared_task(name="notifications.send_digests", ignore_result=True, **RETRY_KWARGS)
def send_digests(frequency: str) -> int:
    from .sending import send_digests as send

    return send(frequency)
