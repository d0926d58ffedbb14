"""Template tags for maps and directions (see core/maps.py)."""

from django import template

from core import maps

register = template.Library()


@register.simple_tag
def map_points_of(items, title: str = "title", url: str = "url") -> list[dict]:
    """The map points of objects that carry `latitude`, `longitude`, a title and an address
    (attribute names given; a method is called), e.g. search hits."""
    points = []
    for item in items:
        address = getattr(item, url, "")
        points.append(
            maps.map_point(
                getattr(item, "latitude", None),
                getattr(item, "longitude", None),
                getattr(item, title),
                url=address() if callable(address) else address,
            )
        )
    return maps.map_points(points)
