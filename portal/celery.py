"""The Celery application. Reliability settings live in settings (CELERY_* names, DESIGN §7)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Defaults for every task declared with @app.task(base=ReliableTask) or bind=True retries:
# exponential backoff with jitter, capped, and a maximum number of attempts.
RETRY_KWARGS = {
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}
