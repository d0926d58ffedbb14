"""Celery wiring only: the task calls a plain function tested on its own."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import reports


@shared_task(name="feedback.daily", ignore_result=True, **RETRY_KWARGS)
def daily() -> dict[str, int]:
    """Escalate corrections left unhandled, purge reporters' addresses."""
    return reports.daily()
