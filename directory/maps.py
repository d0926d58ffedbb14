"""Where directory entries stand on a map (the rules of core.maps applied to them)."""

from __future__ import annotations

from core.maps import map_point, map_points, valid_coordinates

from .models import Organisation, Service


def service_coordinates(service: Service) -> tuple[float | None, float | None]:
    """A service stands at its own place, else at its organisation's (as « Qui appeler ? »
    ranks it); never at a commune's centre, which is no door to go to."""
    if valid_coordinates(service.latitude, service.longitude):
        return service.latitude, service.longitude
    return service.organisation.latitude, service.organisation.longitude


def service_address(service: Service) -> str:
    """The one-line postal address of the service's place ("" when it has none)."""
    commune = service.effective_commune
    parts = [service.effective_address, service.effective_postcode, commune.name if commune else ""]
    return " ".join(part for part in parts if part)


def organisation_address(organisation: Organisation) -> str:
    commune = organisation.commune
    parts = [organisation.address, organisation.postcode, commune.name if commune else ""]
    return " ".join(part for part in parts if part)


def organisation_sheet_points(organisation: Organisation, services) -> list[dict]:
    """An organisation sheet's map: the organisation (its marker leads to the contact
    section) and those of its listed services that stand somewhere else (their card)."""
    points = [
        map_point(
            organisation.latitude,
            organisation.longitude,
            organisation.name,
            target="titre-contact",
        )
    ]
    for service in services:
        if not valid_coordinates(service.latitude, service.longitude):
            continue
        if (service.latitude, service.longitude) == (organisation.latitude, organisation.longitude):
            continue
        points.append(
            map_point(
                service.latitude, service.longitude, service.name, url=service.get_absolute_url()
            )
        )
    return map_points(points)


def service_sheet_points(service: Service) -> list[dict]:
    """A service sheet's map: the service's place (its marker leads to the « Où » section)."""
    latitude, longitude = service_coordinates(service)
    return map_points([map_point(latitude, longitude, service.name, target="titre-ou")])


def service_list_points(items, target: str = "") -> list[dict]:
    """The points of a list of services (or of results that carry a `service`); `target` is
    the id pattern of each list item's element, with `{pk}` for the service's key."""
    points = []
    for item in items:
        service = getattr(item, "service", item)
        latitude, longitude = service_coordinates(service)
        points.append(
            map_point(
                latitude,
                longitude,
                service.name,
                url=service.get_absolute_url(),
                target=target.format(pk=service.pk) if target else "",
            )
        )
    return map_points(points)
