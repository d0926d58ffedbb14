"""Test session plumbing: real PostgreSQL (pytest-django), real Redis, a real Celery worker
and an SMTP sink on loopback, started once per session when a test asks for them."""

import os
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import translation

from tests.directory.factories import real_commune

ROOT = Path(__file__).resolve().parent.parent


class SmtpSink:
    """Collects every message delivered to it over real SMTP."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list[Message]:
        with self._lock:
            return [m for m in self.messages if address in m["X-Envelope-To"]]

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        with self._lock:
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.1):
    """Call `predicate()` every `interval` seconds until it returns something truthy, and
    return that; after `timeout` seconds, return its last (falsy) answer."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


class ThrowAwayRedis:
    """A redis-server of its own on a free port (or `port`), data in `directory`, so that
    stopping it disturbs nobody else. `appendonly=True` persists writes across a restart,
    as in production (bench/faults.py); the tests restart it empty."""

    def __init__(
        self,
        directory,
        port: int | None = None,
        *,
        appendonly: bool = False,
        start_timeout: float = 10.0,
        stop_timeout: float = 10.0,
    ) -> None:
        self.directory = Path(directory)
        self.port = port or free_port()
        self.appendonly = appendonly
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes" if self.appendonly else "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_timeout=0.5).ping():
                    return
            except redis.exceptions.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"throwaway redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=self.stop_timeout)


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on 127.0.0.1 (aiosmtpd); the Celery worker sends mail to it."""
    sink = SmtpSink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    controller.stop()


@pytest.fixture(autouse=True)
def fresh_place_list_and_footer():
    """The search page keeps the commune list in memory for minutes (search.places), the
    backend the words it found in the lexicon, every page reads the footer from the cache
    and the orientation page its candidates (orientation.candidates): each test sees what its
    own data made."""
    from home.context_processors import forget_footer
    from orientation import candidates
    from search import places
    from search.backends.postgres import forget_known_words

    places.clear_cache()
    forget_known_words()
    forget_footer(sender=None)
    # The result page keeps each commune's candidates in memory: a rolled-back test's rows
    # (no signal on rollback) must not answer the next test.
    candidates.forget()
    yield
    places.clear_cache()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in French. A request to an English page leaves English active in the
    thread (LocaleMiddleware activates, nothing deactivates), and `reverse()` then gives the
    /en/ address of every page people read: the next test on the same worker must not
    inherit it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# The real communes the tests name, all built from the demo's commune file (one source).
@pytest.fixture
def aubervilliers(db):
    return real_commune("93001")


@pytest.fixture
def bagnolet(db):
    return real_commune("93006")


@pytest.fixture
def bobigny(db):
    return real_commune("93008")


@pytest.fixture
def bondy(db):
    return real_commune("93010")


@pytest.fixture
def montreuil(db):
    return real_commune("93048")


@pytest.fixture
def saint_denis(db):
    return real_commune("93066")


@pytest.fixture
def smtp(smtp_server):
    smtp_server.clear()
    yield smtp_server


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class WorkerProcess:
    """A `celery worker` subprocess bound to the test database and queue."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.nodename = f"test-{os.getpid()}@%h"

    def start(self) -> None:
        from portal.celery import app

        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
                "-n",
                self.nodename,
                "--concurrency=2",
                "--pool=prefork",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early, see {self.log_path}")
            if app.control.ping(destination=[self.hostname], timeout=0.5):
                return
        raise RuntimeError(f"Celery worker did not answer within 60 s, see {self.log_path}")

    @property
    def hostname(self) -> str:
        return self.nodename.replace("%h", os.uname().nodename)

    def wait_idle(self, timeout: float = 15.0) -> bool:
        """Wait until the queue is empty and the worker runs nothing: the tasks a test queued
        (emails, inbox rows…) must not write while the test's tables are truncated (a deadlock
        in PostgreSQL). True when idle, False after `timeout`."""
        from portal.celery import app

        if self.process is None or self.process.poll() is not None:
            return True
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with app.connection_for_read() as connection:
                waiting = connection.default_channel.queue_declare(queue).message_count
            inspect = app.control.inspect(destination=[self.hostname], timeout=1.0)
            busy = [
                task
                for replies in (inspect.active() or {}, inspect.reserved() or {})
                for tasks in replies.values()
                for task in tasks
            ]
            if not waiting and not busy:
                return True
            time.sleep(0.1)
        sys.stderr.write(
            f"\nCelery worker still busy after {timeout:.0f} s: {waiting} queued, "
            f"running {[task.get('name') for task in busy]}\n"
        )
        return False

    def kill(self, sig: int = 9) -> None:
        """Kill the whole worker (main process and pool children), as `kill -9` would."""
        if self.process and self.process.poll() is None:
            subprocess.run(["pkill", f"-{sig}", "-P", str(self.process.pid)], check=False)
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, smtp_server, tmp_path_factory):
    """Start a real Celery worker (Redis broker) against the test database.

    Tests that use it need committed data: mark them with
    `@pytest.mark.django_db(transaction=True)`."""
    from portal.celery import app

    app.control.purge()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    worker = WorkerProcess(env, log_path)
    worker.start()
    _workers.append(worker)
    yield worker
    _workers.remove(worker)
    worker.stop()


# The session's Celery worker, once a test has started it: every later transactional test's
# tasks run on it, whether that test asked for the worker or not.
_workers: list[WorkerProcess] = []


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """Before a transactional test's tables are truncated (its fixtures' teardown, which runs
    after this hook), let the worker finish what the test queued."""
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in getattr(item, "fixturenames", ()) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if _workers and transactional:
        for worker in _workers:
            worker.wait_idle()


@pytest.fixture
def migrator(transactional_db):
    """`migrate(targets)` → the historical apps at `targets`; afterwards, whatever happened,
    the database goes back to the latest migrations, so the tests after it find every table
    and column (migrating back one app also unapplies what depends on it in other apps)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
