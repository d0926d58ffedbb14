"""Map points and directions links (no domain knowledge: apps say what a point is).

A page's map shows the entries its list shows: each point carries the place, the title and
the address of the entry's page or the id of its element in the list, so `static/js/map.js`
can link a marker to its list item. Nothing else goes in a point (no contact details)."""

from __future__ import annotations

import math
from urllib.parse import quote, urlencode

OSM_DIRECTIONS_URL = "https://www.openstreetmap.org/directions"
# About a metre: more digits say nothing more about a door and make the page heavier.
COORDINATE_DIGITS = 5


def valid_coordinates(latitude, longitude) -> bool:
    """Both given, finite and on Earth (an entry half geocoded has no place)."""
    if latitude is None or longitude is None:
        return False
    try:
        latitude, longitude = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return False
    return (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )


def map_point(latitude, longitude, title, *, url: str = "", target: str = "") -> dict | None:
    """One marker: its place, the entry's title and how to find its list item (the address
    of the entry's page, or the id of an element of the item). None without a valid place."""
    if not valid_coordinates(latitude, longitude):
        return None
    return {
        "lat": round(float(latitude), COORDINATE_DIGITS),
        "lon": round(float(longitude), COORDINATE_DIGITS),
        "title": str(title),
        "url": url,
        "target": target,
    }


def map_points(points) -> list[dict]:
    """The points that have a place (`map_point` gives None for the others)."""
    return [point for point in points if point is not None]


def _coordinates_text(latitude, longitude) -> str:
    latitude, longitude = (round(float(v), COORDINATE_DIGITS) for v in (latitude, longitude))
    return f"{latitude},{longitude}"


def geo_uri(latitude=None, longitude=None, *, label: str = "", address: str = "") -> str:
    """A `geo:` URI (RFC 5870) that phones open in their map app. With coordinates:
    `geo:lat,lon?q=lat,lon(label)` (the marker named); with an address only: `geo:0,0?q=…`
    (the app searches the address). "" when there is neither."""
    if valid_coordinates(latitude, longitude):
        where = _coordinates_text(latitude, longitude)
        query = f"{where}({label})" if label else where
        return f"geo:{where}?q={quote(query, safe=',')}"
    if address:
        return f"geo:0,0?q={quote(address, safe=',')}"
    return ""


def osm_directions_url(latitude=None, longitude=None, *, address: str = "") -> str:
    """OpenStreetMap's directions page with the destination filled in (its `to` parameter:
    coordinates, else the address to search); the visitor gives the start. "" when neither."""
    if valid_coordinates(latitude, longitude):
        destination = _coordinates_text(latitude, longitude)
    elif address:
        destination = address
    else:
        return ""
    return f"{OSM_DIRECTIONS_URL}?{urlencode({'to': destination})}"
