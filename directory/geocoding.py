"""Geocoding of directory addresses (DESIGN.md §7).

Addresses are geocoded through the national address API (Base Adresse Nationale, BAN,
https://adresse.data.gouv.fr/outils/api-doc/adresse) when `settings.GEOCODER == "ban"`:
`GET {BAN_API_URL}/search/?q=<address>&citycode=<INSEE>&limit=1` answers a GeoJSON
FeatureCollection whose features carry `geometry.coordinates` ([lon, lat]) and `properties`
(`label`, `score`, `type` = housenumber / street / locality / municipality, `citycode`…).

The commune centroid is the fallback: when the geocoder is "centroid" (offline, tests), when
BAN finds nothing trustworthy (no result, low score, another commune) and when BAN cannot be
reached (the Celery task then keeps the centroid and retries later). The precision reached is
stored next to the coordinates (`geocoding_precision`).

Geocoding never blocks a save: a post_save handler notices an address change and queues the
Celery task once the transaction commits (`transaction.on_commit`). The task writes with a
queryset `update()` guarded on the address it geocoded, so it neither re-triggers the signal
nor overwrites coordinates of an address edited in the meantime."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, NamedTuple

import httpx
from django.apps import apps
from django.conf import settings

from directory.vocabularies import GeocodingPrecision

logger = logging.getLogger(__name__)

# BAN result type → our precision. A "locality" is a lieu-dit: finer than the commune,
# about as precise as a street.
BAN_TYPE_PRECISION = {
    "housenumber": GeocodingPrecision.HOUSENUMBER,
    "street": GeocodingPrecision.STREET,
    "locality": GeocodingPrecision.STREET,
    "municipality": GeocodingPrecision.MUNICIPALITY,
}
# Below this score BAN's best candidate is usually another street with a similar name.
MIN_SCORE = 0.5
# Seconds (overridable with settings.BAN_TIMEOUT): a geocoder that does not answer fast
# falls back to the centroid and is retried later.
TIMEOUT = 4.0

# Models whose address is geocoded, with the fields that make up the address.
GEOCODED_MODELS = ("directory.Organisation", "directory.Service", "directory.Residence")
ADDRESS_FIELDS = ("address", "postcode", "commune_id")
COORDINATE_FIELDS = ("latitude", "longitude")


@dataclass(frozen=True)
class GeocodeResult:
    latitude: float
    longitude: float
    precision: str
    label: str = ""
    score: float | None = None


class GeocoderUnavailable(ConnectionError):
    """BAN could not be reached or answered an error. `fallback` is the centroid result to
    use meanwhile. A ConnectionError, so that Celery's RETRY_KWARGS retry it."""

    def __init__(self, message: str, fallback: GeocodeResult | None = None) -> None:
        super().__init__(message)
        self.fallback = fallback


# --- Pure functions ---------------------------------------------------------------------------
def ban_search_params(address: str, postcode: str = "", insee_code: str = "") -> dict[str, Any]:
    """Query string of a BAN /search/ call: the commune code narrows the search."""
    query = " ".join(part for part in (address.strip(), postcode.strip()) if part)
    params: dict[str, Any] = {"q": query, "limit": 1}
    if insee_code:
        params["citycode"] = insee_code
    return params


def parse_ban_response(
    payload: Any, *, insee_code: str = "", min_score: float = MIN_SCORE
) -> GeocodeResult | None:
    """The best feature of a BAN FeatureCollection, or None when it is not trustworthy
    (no feature, score below `min_score`, another commune, malformed feature)."""
    if not isinstance(payload, dict):
        return None
    features = payload.get("features") or []
    if not features:
        return None
    feature = features[0]
    try:
        longitude, latitude = (float(value) for value in feature["geometry"]["coordinates"][:2])
        properties = feature.get("properties") or {}
        score = float(properties.get("score", 0))
    except (KeyError, TypeError, ValueError):
        return None
    if score < min_score:
        return None
    if insee_code and properties.get("citycode") and properties["citycode"] != insee_code:
        return None
    precision = BAN_TYPE_PRECISION.get(properties.get("type"), GeocodingPrecision.MUNICIPALITY)
    return GeocodeResult(
        latitude=latitude,
        longitude=longitude,
        precision=precision,
        label=str(properties.get("label", "")),
        score=score,
    )


def centroid_result(commune) -> GeocodeResult | None:
    """The commune's centre as a geocoding result (None without a commune)."""
    if commune is None or commune.latitude is None or commune.longitude is None:
        return None
    return GeocodeResult(
        latitude=commune.latitude,
        longitude=commune.longitude,
        precision=GeocodingPrecision.CENTROID,
        label=commune.name,
    )


class AddressSnapshot(NamedTuple):
    address: str
    postcode: str
    commune_id: int | None
    latitude: float | None
    longitude: float | None

    @property
    def location(self) -> tuple:
        return (self.address, self.postcode, self.commune_id)

    @property
    def coordinates(self) -> tuple:
        return (self.latitude, self.longitude)


def needs_geocoding(before: AddressSnapshot | None, now: AddressSnapshot) -> bool:
    """Whether a save calls for geocoding. `before` is None for a new entry.

    Coordinates set by the caller in the same save (an import giving them, a manual pin)
    win over the geocoder; otherwise a changed address, or an address without coordinates,
    is geocoded."""
    if not (now.address.strip() or now.commune_id):
        return False
    has_coordinates = now.latitude is not None and now.longitude is not None
    if before is None:
        return not has_coordinates
    if now.coordinates != before.coordinates:
        return False
    return now.location != before.location or not has_coordinates


# --- Network ----------------------------------------------------------------------------------
def search_ban(
    address: str,
    *,
    postcode: str = "",
    insee_code: str = "",
    base_url: str | None = None,
    timeout: float | None = None,
) -> GeocodeResult | None:
    """One BAN lookup. Raises GeocoderUnavailable on network errors, timeouts, HTTP errors
    and unreadable answers; returns None when BAN has no trustworthy answer."""
    url = (base_url or settings.BAN_API_URL).rstrip("/") + "/search/"
    if timeout is None:
        timeout = getattr(settings, "BAN_TIMEOUT", TIMEOUT)
    try:
        response = httpx.get(
            url, params=ban_search_params(address, postcode, insee_code), timeout=timeout
        )
        response.raise_for_status()
        payload = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise GeocoderUnavailable(f"BAN: {exc.__class__.__name__}: {exc}") from exc
    return parse_ban_response(payload, insee_code=insee_code)


def geocode_address(address: str, postcode: str, commune) -> GeocodeResult | None:
    """Coordinates of an address: BAN when configured and useful, else the commune centroid.

    Raises GeocoderUnavailable (carrying the centroid as `fallback`) when BAN is down."""
    fallback = centroid_result(commune)
    if settings.GEOCODER != "ban" or not address.strip():
        return fallback
    insee_code = commune.insee_code if commune is not None else ""
    try:
        result = search_ban(address, postcode=postcode, insee_code=insee_code)
    except GeocoderUnavailable as exc:
        exc.fallback = fallback
        raise
    return result or fallback


# --- Model side -------------------------------------------------------------------------------
def snapshot(instance) -> AddressSnapshot:
    return AddressSnapshot(
        address=instance.address or "",
        postcode=getattr(instance, "postcode", "") or "",
        commune_id=instance.commune_id,
        latitude=instance.latitude,
        longitude=instance.longitude,
    )


def store_result(model, pk: int, geocoded: AddressSnapshot, result: GeocodeResult | None) -> bool:
    """Write a result unless the address changed since it was geocoded. True if written."""
    if result is None:
        return False
    values = {"latitude": result.latitude, "longitude": result.longitude}
    if any(field.name == "geocoding_precision" for field in model._meta.concrete_fields):
        values["geocoding_precision"] = result.precision
    filters = {"address": geocoded.address, "commune_id": geocoded.commune_id}
    if any(field.name == "postcode" for field in model._meta.concrete_fields):
        filters["postcode"] = geocoded.postcode
    return model.objects.filter(pk=pk, **filters).update(**values) == 1


def geocode_instance(model_label: str, pk: int) -> str:
    """Geocode one saved entry and store the result; returns what happened.

    When BAN is unreachable the centroid is stored at once and GeocoderUnavailable is
    re-raised so that the Celery task retries for a better precision."""
    model = apps.get_model(model_label)
    instance = model.objects.select_related("commune").filter(pk=pk).first()
    if instance is None:
        return "missing"
    geocoded = snapshot(instance)
    try:
        result = geocode_address(geocoded.address, geocoded.postcode, instance.commune)
    except GeocoderUnavailable as exc:
        store_result(model, pk, geocoded, exc.fallback)
        logger.warning("geocoder unavailable for %s %s: %s", model_label, pk, exc)
        raise
    if result is None:
        return "not-found"
    return result.precision if store_result(model, pk, geocoded, result) else "stale"
