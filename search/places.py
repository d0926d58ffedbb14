"""Places for "près de": communes to choose from and, when an app offers it, geocoding of a
free address. `search` imports no app: the directory registers a provider (see
`directory/search_projections.py`); without one, the search page has no "près de" field."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    latitude: float
    longitude: float


class PlaceProvider(Protocol):
    def communes(self) -> list[Place]: ...

    def geocode(self, address: str, commune_code: str = "") -> Place | None: ...


_providers: list[PlaceProvider] = []
_cache: dict[str, tuple[float, list[Place]]] = {}
CACHE_SECONDS = 600


def register_place_provider(provider: PlaceProvider) -> PlaceProvider:
    if provider not in _providers:
        _providers.append(provider)
    clear_cache()
    return provider


def clear_cache() -> None:
    _cache.clear()


def communes() -> list[Place]:
    """Every commune offered in the "près de" list (cached for a few minutes)."""
    cached = _cache.get("communes")
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    found: dict[str, Place] = {}
    for provider in _providers:
        for place in provider.communes():
            found.setdefault(place.code, place)
    places = sorted(found.values(), key=lambda p: p.name)
    _cache["communes"] = (time.monotonic(), places)
    return places


def commune(code: str) -> Place | None:
    return next((p for p in communes() if p.code == code), None)


def can_geocode() -> bool:
    return bool(_providers)


def geocode(address: str, commune_code: str = "") -> Place | None:
    for provider in _providers:
        place = provider.geocode(address, commune_code)
        if place is not None:
            return place
    return None
