"""Celery wiring only: each task calls a plain function of `sending` tested on its own."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import sending
from .outbox import SEND_TASK


@shared_task(name=SEND_TASK, ignore_result=True, **RETRY_KWARGS)
def send_deliveries(delivery_ids: list[int]) -> dict[str, int]:
    return sending.deliver_many(delivery_ids)


@shared_task(name="notifications.sweep_pending", ignore_result=True, **RETRY_KWARGS)
def sweep_pending() -> int:
    return sending.sweep_pending()


@shared_task(name="notifications.send_digests", ignore_result=True, **RETRY_KWARGS)
def send_digests(frequency: str) -> int:
    return sending.send_digests(frequency)
