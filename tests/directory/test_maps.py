"""The maps of search results, « Qui appeler ? » answers and directory sheets: the page embeds
the points of the entries it lists (published ones only, nothing private), and sheets offer
« Itinéraire » links."""

import json
import re

import pytest
from django.urls import reverse

from directory.vocabularies import Status
from orientation.models import Situation
from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def map_data(html: str, map_id: str) -> list[dict] | None:
    found = re.search(
        rf'<script id="{map_id}-points" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1)) if found else None


@pytest.fixture
def ccas(montreuil):
    return OrganisationFactory(
        name="CCAS de Montreuil",
        commune=montreuil,
        postcode="93100",
        address="1 rue de Paris",
        latitude=48.8611,
        longitude=2.4437,
    )


def test_organisation_sheet_maps_itself_and_its_published_services_placed_elsewhere(client, ccas):
    ServiceFactory(organisation=ccas, name="Accueil au siège")  # at the organisation's place
    annexe = ServiceFactory(
        organisation=ccas, name="Permanence annexe", latitude=48.8700, longitude=2.4500
    )
    ServiceFactory(
        organisation=ccas,
        name="Projet non publié",
        latitude=48.8800,
        longitude=2.4600,
        status=Status.DRAFT,
    )
    html = client.get(ccas.get_absolute_url()).text
    points = map_data(html, "carte-organisation")
    assert points == [
        {
            "lat": 48.8611,
            "lon": 2.4437,
            "title": "CCAS de Montreuil",
            "url": "",
            "target": "titre-contact",
        },
        {
            "lat": 48.87,
            "lon": 2.45,
            "title": "Permanence annexe",
            "url": annexe.get_absolute_url(),
            "target": "",
        },
    ]
    # The service's marker leads to its card in the list of the sheet.
    assert f'href="{annexe.get_absolute_url()}"' in html
    # The map is hidden until the script draws it; the page says the text is the alternative.
    assert re.search(r'<div class="map map--inline" data-map hidden', html)
    assert 'aria-describedby="carte-organisation-caption"' in html
    assert "js/vendor/leaflet.js" in html and "css/vendor/leaflet.css" in html


def test_organisation_sheet_offers_directions_by_phone_app_and_openstreetmap(client, ccas):
    html = client.get(ccas.get_absolute_url()).text
    assert "Itinéraire" in html
    assert 'href="geo:48.8611,2.4437?q=48.8611,2.4437%28CCAS%20de%20Montreuil%29"' in html
    assert 'href="https://www.openstreetmap.org/directions?to=48.8611%2C2.4437"' in html
    assert "Ouvrir dans l'application de cartes" in html
    assert "Calculer l'itinéraire sur OpenStreetMap" in html


def test_sheet_without_coordinates_has_no_map_but_directions_to_its_address(client, montreuil):
    organisation = OrganisationFactory(
        name="Maison des aidants", commune=montreuil, postcode="93100", address="5 rue Kléber"
    )
    html = client.get(organisation.get_absolute_url()).text
    assert map_data(html, "carte-organisation") is None
    assert "data-map" not in html
    assert 'href="geo:0,0?q=5%20rue%20Kl%C3%A9ber%2093100%20Montreuil"' in html
    assert "directions?to=5+rue+Kl%C3%A9ber+93100+Montreuil" in html


def test_service_sheet_maps_and_directs_to_its_place_else_its_organisations(client, ccas):
    own_place = ServiceFactory(
        organisation=ccas, name="Permanence annexe", latitude=48.87, longitude=2.45
    )
    at_the_organisation = ServiceFactory(organisation=ccas, name="Accueil au siège")
    html = client.get(own_place.get_absolute_url()).text
    assert map_data(html, "carte-service") == [
        {"lat": 48.87, "lon": 2.45, "title": "Permanence annexe", "url": "", "target": "titre-ou"}
    ]
    assert 'href="https://www.openstreetmap.org/directions?to=48.87%2C2.45"' in html
    html = client.get(at_the_organisation.get_absolute_url()).text
    assert [(p["lat"], p["lon"]) for p in map_data(html, "carte-service")] == [(48.8611, 2.4437)]
    assert 'href="geo:48.8611,2.4437?q=48.8611,2.4437%28Accueil%20au%20si%C3%A8ge%29"' in html


def test_search_results_map_shows_the_listed_published_entries_and_nothing_private(
    client, ccas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published = ServiceFactory(
            organisation=ccas, name="Portage de repas", latitude=48.87, longitude=2.45
        )
        ServiceFactory(organisation=ccas, name="Portage de repas en projet", status=Status.DRAFT)
    response = client.get(reverse("search:search"), {"q": "portage repas"})
    html = response.text
    hits = response.context["results"].hits
    points = map_data(html, "carte-resultats")
    assert [p["url"] for p in points] == [hit.url for hit in hits]
    assert published.get_absolute_url() in [p["url"] for p in points]
    assert "Portage de repas en projet" not in json.dumps(points)
    for point in points:
        assert set(point) == {"lat", "lon", "title", "url", "target"}
        assert f'href="{point["url"]}"' in html  # its list item links to the same entry
    assert re.search(r'<div class="map map--aside" data-map hidden', html)
    # htmx swaps the results fragment: it brings the updated points with it.
    fragment = client.get(
        reverse("search:search"), {"q": "portage repas"}, headers={"HX-Request": "true"}
    ).text
    assert map_data(fragment, "carte-resultats") == points


def test_orientation_answers_map_the_listed_services_to_their_cards(client, montreuil):
    situation = Situation.objects.get(slug="souffrance-psychique")
    organisation = OrganisationFactory(
        name="CMP adulte", typology="CMP", commune=montreuil, latitude=48.8611, longitude=2.46
    )
    service = ServiceFactory(
        organisation=organisation,
        name="Consultations CMP",
        thematiques=situation.thematiques,
        categories=[],
        eligibility_zone=[montreuil.insee_code],
    )
    response = client.get(
        reverse("orientation:index"), {"situation": situation.slug, "commune": "93100"}
    )
    html = response.text
    listed = [result.service for result in response.context["results"]]
    points = map_data(html, "carte-orientation")
    assert [p["url"] for p in points] == [s.get_absolute_url() for s in listed]
    assert points[0] == {
        "lat": 48.8611,
        "lon": 2.46,
        "title": "Consultations CMP",
        "url": service.get_absolute_url(),
        "target": f"service-{service.pk}-titre",
    }
    assert f'id="service-{service.pk}-titre"' in html
    assert "+331" not in json.dumps(points)  # no phone, no e-mail: place and name only


def test_pages_with_a_map_allow_openstreetmap_tiles_and_no_other_host(client, ccas):
    policy = client.get(ccas.get_absolute_url()).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["img-src"] == "'self' data: https://tile.openstreetmap.org"
    assert "openstreetmap" not in directives["script-src"] + directives["connect-src"]
