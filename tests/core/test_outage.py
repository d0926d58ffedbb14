"""PostgreSQL or Redis unreachable: the site answers 503 with Retry-After (never 500) and
answers 200 again as soon as the store is back, without restarting anything.

A real server (pytest-django's `live_server`) answers real HTTP requests. The shared
PostgreSQL and Redis are never stopped: the database is reached through a TCP relay on a
free port that the test cuts and restores (a PostgreSQL restart, seen from the portal:
connections dropped, then refused), and the cache is a throwaway `redis-server` that the
test really stops and starts again."""

import contextlib
import json
import socket
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connections
from django.test import Client, RequestFactory

from core import outage
from tests.accounts.factories import UserFactory
from tests.conftest import ThrowAwayRedis, free_port

# A live server and real stores: slow on a loaded machine (the first request imports
# every URL module, WeasyPrint included).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]


class Relay:
    """A TCP relay in front of a real server, that can be cut (open connections reset, new
    ones refused) and restored on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def start(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for end in self.sockets:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.sockets.clear()

    restore = start


CSRF = "c" * 32


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, cookie: str = "", data: bytes | None = None, **headers):
    """(status, headers, body) of a GET, or of a POST when `data` is given."""
    if data is not None:  # a CSRF secret in the cookie and the same in the header
        cookie = f"{cookie}; csrftoken={CSRF}"
        headers["X-CSRFToken"] = CSRF
    request = urllib.request.Request(url, data=data, headers={**headers, "Cookie": cookie})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=180) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def database_relay(live_server):
    """Every new database connection of the server goes through a relay the test can cut."""
    # This thread keeps a direct connection (the test's own queries and its teardown).
    connections["default"].ensure_connection()
    settings_dict = connections["default"].settings_dict
    relay = Relay(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    relay.start()
    previous = settings_dict["HOST"], settings_dict["PORT"]
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(relay.port)
    yield relay
    settings_dict["HOST"], settings_dict["PORT"] = previous
    # This thread's connection may have been opened through the relay: close it while the
    # relay still carries it, so the teardown (and the next test) reconnects directly.
    connections.close_all()
    relay.cut()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def assert_outage_page(status: int, headers: dict, body: str, title: str) -> None:
    assert status == 503, body[:500]
    assert headers["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert "no-store" in headers["Cache-Control"]
    assert headers["Content-Type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in body


def test_database_down_answers_503_then_recovers_without_restart(live_server, database_relay):
    user = UserFactory()
    cookie = session_cookie(user)
    base = live_server.url
    assert fetch(f"{base}/annuaire/")[0] == 200
    assert fetch(f"{base}/mon-espace/", cookie)[0] == 200

    database_relay.cut()

    assert_outage_page(*fetch(f"{base}/annuaire/"), title="Service momentanément indisponible")
    # Logged in: the session is in the cache but the user is in the database.
    status, headers, body = fetch(f"{base}/mon-espace/", cookie)
    assert_outage_page(status, headers, body, title="Service momentanément indisponible")
    assert 'href="/mon-espace/"' in body  # "Réessayer" points back to the page asked for
    # In the visitor's language, and JSON for the API.
    assert_outage_page(
        *fetch(f"{base}/annuaire/", **{"Accept-Language": "en"}),
        title="Service temporarily unavailable",
    )
    status, headers, body = fetch(f"{base}/api/v1/organisations")
    assert status == 503 and headers["Content-Type"].startswith("application/json")
    assert headers["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert "indisponible" in body
    # The health check says the portal is degraded (which store is down: staff and logs only).
    status, _, body = fetch(f"{base}/health/")
    assert status == 503 and json.loads(body) == {"status": "degraded"}

    database_relay.restore()

    assert fetch(f"{base}/annuaire/")[0] == 200
    status, _, body = fetch(f"{base}/mon-espace/", cookie)
    assert status == 200 and user.email in body


def test_cache_down_answers_503_at_worst_then_recovers(live_server, settings, tmp_path):
    cache_server = ThrowAwayRedis(tmp_path)
    cache_server.start()
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": cache_server.url, "TIMEOUT": 300}
    }
    user = UserFactory()
    cookie = session_cookie(user)  # its session is in the throwaway cache and the database
    base = live_server.url
    # Deleting one's account is rate-limited with a counter in the cache (an empty form:
    # the page answers 400 with the form's errors and deletes nothing).
    delete = f"{base}/mon-espace/supprimer-mon-compte/"
    try:
        assert fetch(delete, cookie, data=b"")[0] == 400

        cache_server.stop()

        assert_outage_page(
            *fetch(delete, cookie, data=b""), title="Service momentanément indisponible"
        )
        # Other pages either do without the cache (sessions fall back to the database,
        # cached_db) or answer the same 503 page, depending on what they read: never a 500.
        for url, page_cookie in (
            (f"{base}/mon-espace/", cookie),
            (f"{base}/annuaire/", ""),
            (f"{base}/recherche/?q=logement", ""),
        ):
            status, headers, body = fetch(url, page_cookie)
            if status != 200:
                assert_outage_page(status, headers, body, "Service momentanément indisponible")

        cache_server.start()  # empty: a restart without persistence

        assert fetch(delete, cookie, data=b"")[0] == 400
        assert fetch(f"{base}/mon-espace/", cookie)[0] == 200
        user.refresh_from_db()
        assert user.is_active
    finally:
        cache_server.stop()


def test_other_errors_still_answer_500(db):
    request = RequestFactory().get("/annuaire/")
    try:
        raise RuntimeError("a bug, not an outage")
    except RuntimeError:
        response = outage.server_error(request)
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_outage_is_recognised_through_chained_exceptions():
    from django.db import OperationalError

    try:
        try:
            raise OperationalError("connection refused")
        except OperationalError as error:
            raise ValueError("while rendering") from error
    except ValueError as wrapped:
        assert outage.is_outage(wrapped)
    assert not outage.is_outage(ValueError("bad input"))
    assert not outage.is_outage(None)
