"""Celery wiring only: each task calls a plain function of `funding.publication`."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import publication


@shared_task(name=publication.ANNOUNCE_TASK, ignore_result=True, **RETRY_KWARGS)
def announce(pk: int) -> int:
    return publication.announce(pk)


@shared_task(name="funding.daily", ignore_result=True, **RETRY_KWARGS)
def daily() -> dict[str, int]:
    """Close the calls past their deadline first (no reminder for them), then remind, then
    announce publications whose message was lost (broker down, worker killed)."""
    closed = publication.close_expired()
    reminded = publication.send_reminders()
    lost = publication.unannounced()
    for pk in lost:
        publication.enqueue_announcement(pk)
    return {"closed": closed, "reminded": reminded, "announced": len(lost)}
