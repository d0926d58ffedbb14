"""Celery wiring of the geocoder (the work itself is in directory.geocoding)."""

from celery import shared_task

from portal.celery import RETRY_KWARGS

from .geocoding import geocode_instance


# BAN allows 50 requests/s per IP; a bulk import must stay well below with several workers.
@shared_task(name="directory.geocode", rate_limit="10/s", **RETRY_KWARGS)
def geocode(model_label: str, pk: int) -> str:
    """Geocode a saved entry. A GeocoderUnavailable (a ConnectionError) is retried with
    exponential backoff up to RETRY_KWARGS["max_retries"]; the centroid stays meanwhile."""
    return geocode_instance(model_label, pk)
