"""Celery wiring of the geocoder: the signals that queue it after an address change, and the
task (the work itself is in directory.geocoding)."""

from functools import partial

from celery import shared_task
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_init, post_save

from core.tasks import RETRY_KWARGS

from .geocoding import GEOCODED_MODELS, geocode_instance, needs_geocoding, snapshot


# BAN allows 50 requests/s per IP; a bulk import must stay well below with several workers.
@shared_task(name="directory.geocode", rate_limit="10/s", **RETRY_KWARGS)
def geocode(model_label: str, pk: int) -> str:
    """Geocode a saved entry. A GeocoderUnavailable (a ConnectionError) is retried with
    exponential backoff up to RETRY_KWARGS["max_retries"]; the centroid stays meanwhile."""
    return geocode_instance(model_label, pk)


def remember_address(sender, instance, **kwargs) -> None:
    """post_init: keep the address as loaded, to notice changes on save."""
    instance._geocoding_snapshot = snapshot(instance)


def geocode_on_address_change(sender, instance, created, raw=False, update_fields=None, **kw):
    """post_save: queue geocoding after commit when the address changed."""
    if raw:
        return
    if update_fields is not None and not set(update_fields) & {
        "address",
        "postcode",
        "commune",
        "commune_id",
        "latitude",
        "longitude",
    }:
        return
    before = None if created else getattr(instance, "_geocoding_snapshot", None)
    now = snapshot(instance)
    instance._geocoding_snapshot = now
    if not needs_geocoding(before, now):
        return
    transaction.on_commit(partial(enqueue, sender._meta.label, instance.pk))


def enqueue(model_label: str, pk: int) -> None:
    """Queue the Celery task (called once the saving transaction has committed)."""
    geocode.delay(model_label, pk)


def connect_signals() -> None:
    """Connect the handlers for every geocoded model (called from DirectoryConfig.ready)."""
    for label in GEOCODED_MODELS:
        model = apps.get_model(label)
        post_init.connect(remember_address, sender=model, dispatch_uid=f"geocoding-init-{label}")
        post_save.connect(
            geocode_on_address_change, sender=model, dispatch_uid=f"geocoding-save-{label}"
        )
