"""Celery wiring of the PDF builds; the work itself is `exports.build` (tested without Celery)."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import exports


@shared_task(name=exports.BUILD_TASK, **RETRY_KWARGS)
def build_export(export_id: int) -> bool:
    try:
        return exports.build(export_id)
    except (ConnectionError, TimeoutError, OSError):
        raise  # retried with backoff (RETRY_KWARGS)
    except Exception as error:
        # A rendering error will not fix itself: record it; the next request queues again.
        exports.mark_failed(export_id, f"{type(error).__name__}: {error}")
        raise
