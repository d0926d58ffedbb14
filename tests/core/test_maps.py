"""Map points and « Itinéraire » links (core.maps), without Django."""

import math

import pytest

from core.maps import geo_uri, map_point, map_points, osm_directions_url, valid_coordinates


def test_a_point_carries_only_its_place_title_and_link():
    point = map_point(48.861100123, 2.443712345, "CCAS de Montreuil", url="/annuaire/ccas/")
    assert point == {
        "lat": 48.8611,
        "lon": 2.44371,
        "title": "CCAS de Montreuil",
        "url": "/annuaire/ccas/",
        "target": "",
    }


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(None, 2.4), (48.8, None), (None, None), (91, 2.4), (48.8, 181), (math.nan, 2.4), ("x", 2)],
)
def test_an_entry_without_a_valid_place_has_no_point(latitude, longitude):
    assert not valid_coordinates(latitude, longitude)
    assert map_point(latitude, longitude, "Sans lieu") is None
    assert map_points([map_point(latitude, longitude, "Sans lieu"), None]) == []


def test_geo_link_names_the_place_for_the_phone_map_app():
    assert geo_uri(48.8611, 2.4437, label="CCAS de Montreuil") == (
        "geo:48.8611,2.4437?q=48.8611,2.4437%28CCAS%20de%20Montreuil%29"
    )


def test_geo_link_searches_the_address_when_there_are_no_coordinates():
    assert geo_uri(address="1 rue de Paris 93100 Montreuil") == (
        "geo:0,0?q=1%20rue%20de%20Paris%2093100%20Montreuil"
    )
    assert geo_uri() == ""


def test_openstreetmap_directions_lead_to_the_place():
    assert osm_directions_url(48.8611, 2.4437) == (
        "https://www.openstreetmap.org/directions?to=48.8611%2C2.4437"
    )
    assert osm_directions_url(address="1 rue de Paris 93100 Montreuil") == (
        "https://www.openstreetmap.org/directions?to=1+rue+de+Paris+93100+Montreuil"
    )
    assert osm_directions_url() == ""


def test_links_keep_the_five_decimals_of_the_place():
    assert geo_uri(48.861123, 2.443712).startswith("geo:48.86112,2.44371?")
