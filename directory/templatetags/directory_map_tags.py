"""Map points and directions of directory entries for templates (see directory/maps.py)."""

from django import template

from core import maps as core_maps

from .. import maps

register = template.Library()


@register.simple_tag
def organisation_map_points(organisation, services) -> list[dict]:
    return maps.organisation_sheet_points(organisation, services)


@register.simple_tag
def service_map_points(service) -> list[dict]:
    return maps.service_sheet_points(service)


@register.simple_tag
def service_list_map_points(items, target: str = "") -> list[dict]:
    return maps.service_list_points(items, target)


@register.simple_tag
def organisation_directions(organisation) -> dict:
    """The « Itinéraire » links of an organisation (see core.maps)."""
    address = maps.organisation_address(organisation)
    return {
        "geo": core_maps.geo_uri(
            organisation.latitude, organisation.longitude, label=organisation.name, address=address
        ),
        "osm": core_maps.osm_directions_url(
            organisation.latitude, organisation.longitude, address=address
        ),
    }


@register.simple_tag
def service_directions(service) -> dict:
    """The « Itinéraire » links of a service's place (its own, else its organisation's)."""
    latitude, longitude = maps.service_coordinates(service)
    address = maps.service_address(service)
    return {
        "geo": core_maps.geo_uri(latitude, longitude, label=service.name, address=address),
        "osm": core_maps.osm_directions_url(latitude, longitude, address=address),
    }
