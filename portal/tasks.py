"""Project-level tasks: a heartbeat the health endpoint reads to know the worker is alive."""

import time

from celery import shared_task
from django.core.cache import cache

from core.tasks import RETRY_KWARGS

HEARTBEAT_KEY = "celery:heartbeat"


@shared_task(name="portal.tasks.heartbeat", **RETRY_KWARGS)
def heartbeat() -> float:
    """Record that a worker ran a task now; returns the timestamp written."""
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, timeout=3600)
    return now


@shared_task(name="portal.tasks.ping")
def ping(value: str) -> str:
    """Round trip used by the health endpoint and the tests: proves a worker executes tasks."""
    return f"pong:{value}"
