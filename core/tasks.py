"""What every Celery task of the project shares (the Celery app itself lives in portal/)."""

from celery import current_app, shared_task
from django.db import transaction

from . import counters

# Defaults for every task declared with @shared_task(**RETRY_KWARGS): exponential backoff with
# jitter, capped, and a maximum number of attempts.
RETRY_KWARGS = {
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


def enqueue_after_commit(task_name: str, *args) -> None:
    """Queue the Celery task named `task_name` once the current transaction commits (at once
    outside one). By name, so that the module asking for work need not import the module
    that does it: `tasks.py` imports the work, never the reverse."""
    transaction.on_commit(lambda: current_app.send_task(task_name, args=args))


@shared_task(name="core.flush_counters", ignore_result=True, **RETRY_KWARGS)
def flush_counters() -> int:
    """Move the day counters from Redis into the table (core/counters.py)."""
    return counters.flush()


@shared_task(name="core.purge_counters", ignore_result=True, **RETRY_KWARGS)
def purge_counters() -> int:
    """Forget counters past COUNTERS_RETENTION_DAYS."""
    return counters.purge()
