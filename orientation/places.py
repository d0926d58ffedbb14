"""Where to rank from: a residence's coordinates, a geocoded street, or the commune centre."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from directory import geocoding


@dataclass(frozen=True)
class Located:
    latitude: float | None
    longitude: float | None
    warning: str = ""


def locate(commune, *, residence=None, address: str = "") -> Located:
    """The point to measure distances from. Never fails: the commune centre is the floor."""
    centre = Located(commune.latitude, commune.longitude)
    if residence is not None:
        if residence.latitude is not None and residence.longitude is not None:
            return Located(residence.latitude, residence.longitude)
        return centre
    address = " ".join((address or "").split())
    if not address:
        return centre
    try:
        result = geocoding.geocode_address(address, "", commune)
    except geocoding.GeocoderUnavailable:
        return Located(
            centre.latitude,
            centre.longitude,
            _("La rue n'a pas pu être localisée ; distances mesurées depuis le centre de %(c)s.")
            % {"c": commune.name},
        )
    if result is None:
        return centre
    return Located(result.latitude, result.longitude)
