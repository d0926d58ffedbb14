"""Celery wiring of the directory notifications (the work is in notifications.py)."""

from celery import shared_task

from portal.celery import RETRY_KWARGS

from . import notifications


@shared_task(**RETRY_KWARGS)
def send_update_reminders() -> int:
    return notifications.send_update_reminders()
