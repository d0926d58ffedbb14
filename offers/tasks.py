"""Celery wiring only: each task calls a plain function of `offers.services`."""

from celery import shared_task

from core.tasks import RETRY_KWARGS

from . import service_calls, services


@shared_task(name=services.ANNOUNCE_TASK, ignore_result=True, **RETRY_KWARGS)
def announce(label: str, pk: int) -> int:
    return services.announce(label, pk)


@shared_task(name="offers.sweep_unannounced", ignore_result=True, **RETRY_KWARGS)
def sweep_unannounced() -> int:
    """Publications whose announcement message was lost (broker down, worker killed)."""
    found = services.unannounced()
    for label, pk in found:
        services.enqueue_announcement(label, pk)
    return len(found)


@shared_task(name="offers.close_expired", ignore_result=True, **RETRY_KWARGS)
def close_expired() -> int:
    return services.close_expired()


@shared_task(name="offers.remind_agreement_renewals", ignore_result=True, **RETRY_KWARGS)
def remind_agreement_renewals() -> int:
    return services.remind_agreement_renewals()


@shared_task(name=service_calls.ANNOUNCE_CALL_TASK, ignore_result=True, **RETRY_KWARGS)
def announce_service_call(call_id: int) -> int:
    return service_calls.announce_call(call_id)


@shared_task(name="offers.sweep_unannounced_calls", ignore_result=True, **RETRY_KWARGS)
def sweep_unannounced_calls() -> int:
    found = service_calls.unannounced_calls()
    for call_id in found:
        service_calls.enqueue_call_announcement(call_id)
    return len(found)


@shared_task(name="offers.close_service_calls", ignore_result=True, **RETRY_KWARGS)
def close_service_calls() -> int:
    return service_calls.close_due_calls()
