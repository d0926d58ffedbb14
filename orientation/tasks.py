"""Celery wiring only: each task calls a plain function tested on its own."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import callbacks


@shared_task(name="orientation.expire_and_purge_callbacks", ignore_result=True, **RETRY_KWARGS)
def expire_and_purge_callbacks() -> dict[str, int]:
    return callbacks.expire_and_purge()
