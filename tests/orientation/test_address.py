"""A street refines the place: geocoded through the BAN format (stub server on loopback),
falling back to the commune centre with a clear message when BAN is unreachable."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from orientation.models import Situation
from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


class BanStub(BaseHTTPRequestHandler):
    """Answers /search/ like api-adresse.data.gouv.fr: a GeoJSON FeatureCollection."""

    requests: list[dict] = []

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        BanStub.requests.append(query)
        body = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [2.4700, 48.8611]},
                    "properties": {
                        "label": "Rue de Rosny 93100 Montreuil",
                        "score": 0.92,
                        "type": "street",
                        "citycode": query.get("citycode", [""])[0],
                    },
                }
            ],
        }
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def ban(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), BanStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    BanStub.requests = []
    settings.GEOCODER = "ban"
    settings.BAN_API_URL = f"http://127.0.0.1:{server.server_port}"
    yield BanStub
    server.shutdown()
    server.server_close()


@pytest.fixture
def ccas(montreuil):
    organisation = OrganisationFactory(
        typology="CCAS", commune=montreuil, latitude=48.8611, longitude=2.4700
    )
    # A CCAS answers "isolement" through what the service does (ranking rule 3).
    return ServiceFactory(
        organisation=organisation,
        name="CCAS rue de Rosny",
        categories=[],
        thematiques=["remobilisation--lien-social"],
    )


def test_street_is_geocoded_and_distances_start_there(client, ban, ccas):
    situation = Situation.objects.get(slug="isolement")
    response = client.get(
        reverse("orientation:index"),
        {"situation": situation.slug, "commune": "Montreuil", "address": "rue de Rosny"},
    )
    (result,) = response.context["results"]
    assert result.ranked.distance_km == pytest.approx(0.0, abs=0.01)
    assert ban.requests[0]["q"] == ["rue de Rosny"]
    assert ban.requests[0]["citycode"] == ["93048"]


def test_unreachable_geocoder_falls_back_to_the_commune_centre(client, settings, ccas):
    settings.GEOCODER = "ban"
    settings.BAN_API_URL = "http://127.0.0.1:9"  # discard port: connection refused
    response = client.get(
        reverse("orientation:index"),
        {"situation": "isolement", "commune": "Montreuil", "address": "rue de Rosny"},
    )
    assert response.status_code == 200
    (result,) = response.context["results"]
    assert result.ranked.distance_km == pytest.approx(1.95, abs=0.05)
    assert "La rue n&#x27;a pas pu être localisée" in response.content.decode()
