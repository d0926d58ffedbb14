"""Geocoding: the national address API (BAN) is the one thing stubbed, by a real HTTP server
on loopback answering in its documented format (GeoJSON FeatureCollection)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from demo.directory import load_communes
from directory import geocoding, tasks_geocoding
from directory.geocoding import AddressSnapshot, GeocoderUnavailable, needs_geocoding
from directory.models import Commune, Organisation, OrganisationKind
from directory.tasks_geocoding import geocode
from directory.vocabularies import GeocodingPrecision


def feature(lon: float, lat: float, *, score: float, type_: str, citycode: str = "93066"):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "label": "2 Place Victor Hugo 93200 Saint-Denis",
            "score": score,
            "type": type_,
            "citycode": citycode,
            "postcode": "93200",
            "city": "Saint-Denis",
        },
    }


def collection(*features):
    return {"type": "FeatureCollection", "version": "draft", "features": list(features)}


class BanStub:
    """Answers GET /search/ with `payload` (after `delay` seconds) and records the queries."""

    def __init__(self) -> None:
        self.payload: dict = collection()
        self.status = 200
        self.delay = 0.0
        self.queries: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                stub.queries.append({"path": url.path, **parse_qs(url.query)})
                time.sleep(stub.delay)
                body = json.dumps(stub.payload).encode()
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ban(settings):
    with BanStub() as stub:
        settings.GEOCODER = "ban"
        settings.BAN_API_URL = stub.url
        settings.BAN_TIMEOUT = 0.5
        yield stub


@pytest.fixture
def saint_denis(db) -> Commune:
    load_communes()
    return Commune.objects.get(insee_code="93066")


def geocoding_callbacks(callbacks) -> list:
    """The on_commit callbacks queuing geocoding (search indexing registers its own)."""
    return [c for c in callbacks if getattr(c, "func", None) is tasks_geocoding.enqueue]


def organisation(commune, **fields) -> Organisation:
    defaults = {
        "name": "CCAS de Saint-Denis",
        "slug": f"ccas-{time.monotonic_ns()}",
        "kind": OrganisationKind.PUBLIC_BODY,
        "commune": commune,
        "address": "2 place Victor Hugo",
        "postcode": "93200",
    }
    return Organisation.objects.create(**{**defaults, **fields})


# --- Pure functions ------------------------------------------------------------------------------
def test_ban_response_parsing():
    result = geocoding.parse_ban_response(
        collection(feature(2.3578, 48.9359, score=0.91, type_="housenumber")), insee_code="93066"
    )
    assert (result.latitude, result.longitude) == (48.9359, 2.3578)
    assert result.precision == GeocodingPrecision.HOUSENUMBER
    assert result.score == 0.91

    street = collection(feature(2.35, 48.93, score=0.7, type_="street"))
    assert geocoding.parse_ban_response(street).precision == GeocodingPrecision.STREET
    low = collection(feature(2.35, 48.93, score=0.3, type_="housenumber"))
    assert geocoding.parse_ban_response(low) is None
    elsewhere = collection(feature(2.35, 48.93, score=0.9, type_="housenumber", citycode="75056"))
    assert geocoding.parse_ban_response(elsewhere, insee_code="93066") is None
    assert geocoding.parse_ban_response(collection()) is None
    assert geocoding.parse_ban_response({"features": [{"geometry": None}]}) is None


def test_when_a_save_calls_for_geocoding():
    placed = AddressSnapshot("2 place Victor Hugo", "93200", 1, 48.9, 2.3)
    unplaced = placed._replace(latitude=None, longitude=None)
    moved = placed._replace(address="5 rue de la République")
    assert needs_geocoding(None, unplaced)  # new, no coordinates
    assert not needs_geocoding(None, placed)  # new, coordinates given
    assert not needs_geocoding(placed, placed)  # nothing changed
    assert needs_geocoding(placed, moved)  # address changed, old coordinates kept
    assert not needs_geocoding(placed, moved._replace(latitude=48.95))  # caller placed it
    assert not needs_geocoding(None, AddressSnapshot("", "", None, None, None))


def test_task_retries_with_backoff_and_a_maximum():
    assert issubclass(GeocoderUnavailable, geocode.autoretry_for)
    assert geocode.max_retries == 8
    assert geocode.retry_backoff and geocode.retry_backoff_max == 600


# --- Against the stub ----------------------------------------------------------------------------
def test_ban_success_stores_the_address_position(ban, saint_denis):
    ban.payload = collection(feature(2.3578, 48.9359, score=0.93, type_="housenumber"))
    entry = organisation(saint_denis)

    assert geocoding.geocode_instance("directory.Organisation", entry.pk) == "housenumber"

    entry.refresh_from_db()
    assert (entry.latitude, entry.longitude) == (48.9359, 2.3578)
    assert entry.geocoding_precision == GeocodingPrecision.HOUSENUMBER
    (query,) = ban.queries
    assert query["path"] == "/search/"
    assert query["q"] == ["2 place Victor Hugo 93200"]
    assert query["citycode"] == ["93066"]
    assert query["limit"] == ["1"]


@pytest.mark.parametrize(
    "payload",
    [
        collection(feature(2.40, 48.95, score=0.31, type_="housenumber")),
        collection(),
    ],
    ids=["low-score", "no-result"],
)
def test_untrustworthy_answer_falls_back_to_the_centroid(ban, saint_denis, payload):
    ban.payload = payload
    entry = organisation(saint_denis)

    assert geocoding.geocode_instance("directory.Organisation", entry.pk) == "centroid"

    entry.refresh_from_db()
    assert (entry.latitude, entry.longitude) == (saint_denis.latitude, saint_denis.longitude)
    assert entry.geocoding_precision == GeocodingPrecision.CENTROID


@pytest.mark.parametrize("failure", ["server-error", "timeout"])
def test_unreachable_ban_keeps_the_centroid_and_asks_for_a_retry(ban, saint_denis, failure):
    if failure == "server-error":
        ban.status = 502
    else:
        ban.delay = 1.5  # beyond BAN_TIMEOUT
        ban.payload = collection(feature(2.3578, 48.9359, score=0.93, type_="housenumber"))
    entry = organisation(saint_denis)

    with pytest.raises(GeocoderUnavailable):
        geocoding.geocode_instance("directory.Organisation", entry.pk)

    entry.refresh_from_db()
    assert (entry.latitude, entry.longitude) == (saint_denis.latitude, saint_denis.longitude)
    assert entry.geocoding_precision == GeocodingPrecision.CENTROID


def test_a_stale_result_does_not_overwrite_a_newer_address(ban, saint_denis):
    entry = organisation(saint_denis)
    geocoded = geocoding.snapshot(entry)
    Organisation.objects.filter(pk=entry.pk).update(address="9 rue Gabriel Péri")
    result = geocoding.GeocodeResult(48.9, 2.3, GeocodingPrecision.HOUSENUMBER)
    assert not geocoding.store_result(Organisation, entry.pk, geocoded, result)
    entry.refresh_from_db()
    assert entry.latitude is None


def test_saves_queue_geocoding_only_when_the_address_changes(
    saint_denis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        entry = organisation(saint_denis)
    assert len(geocoding_callbacks(callbacks)) == 1
    # As the task would have done it:
    Organisation.objects.filter(pk=entry.pk).update(latitude=48.93, longitude=2.35)
    entry = Organisation.objects.get(pk=entry.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        entry.name = "CCAS — accueil"
        entry.save()
        entry.save(update_fields=["name"])
    assert geocoding_callbacks(callbacks) == []

    with django_capture_on_commit_callbacks() as callbacks:
        entry.address = "5 rue de la République"
        entry.save()
    assert len(geocoding_callbacks(callbacks)) == 1

    with django_capture_on_commit_callbacks() as callbacks:
        placed = organisation(saint_denis, latitude=48.93, longitude=2.35)
        placed.address = "10 rue Catulienne"
        placed.latitude, placed.longitude = 48.94, 2.36
        placed.save()
    assert geocoding_callbacks(callbacks) == []


def test_save_never_waits_for_a_slow_geocoder(ban, saint_denis, django_capture_on_commit_callbacks):
    ban.delay = 3  # the task would wait; the save must not
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organisation(saint_denis)
    elapsed = time.monotonic() - started
    assert len(geocoding_callbacks(callbacks)) == 1  # the task was queued on commit…
    assert elapsed < 1.5
    assert ban.queries == []  # …and nothing called the geocoder during the save


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_worker_geocodes_after_commit(celery_worker):
    load_communes()
    saint_denis = Commune.objects.get(insee_code="93066")
    started = time.monotonic()
    entry = organisation(saint_denis)  # autocommit: on_commit runs at once
    assert time.monotonic() - started < 1.5
    assert entry.latitude is None  # the save itself placed nothing

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        entry.refresh_from_db()
        if entry.geocoding_precision:
            break
        time.sleep(0.1)
    # The test settings use the centroid geocoder in the worker (no network).
    assert entry.geocoding_precision == GeocodingPrecision.CENTROID
    assert (entry.latitude, entry.longitude) == (saint_denis.latitude, saint_denis.longitude)
