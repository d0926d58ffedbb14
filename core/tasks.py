"""What every Celery task of the project shares (the Celery app itself lives in portal/)."""

# Defaults for every task declared with @shared_task(**RETRY_KWARGS): exponential backoff with
# jitter, capped, and a maximum number of attempts.
RETRY_KWARGS = {
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}
