"""Fault script (issue #10, "Proof under pressure"): the site answers 503 at most during an
outage, recovers without restart, and loses or duplicates no notification.

    .venv/bin/python bench/faults.py [--holders 40] [--outage 4] [--threads 4] [--fresh]

Everything runs on stores of its own, never the shared ones: a throwaway PostgreSQL cluster
(initdb under /tmp/maillage-faults/pg, a free port) and a throwaway redis-server (AOF on,
as in production; a free port). The script migrates a database, loads the demo data (about
a minute the first time; reused afterwards unless --fresh), starts gunicorn (2 workers,
production settings, SSL redirect off, as bench/pages.py does) and a Celery worker (the
tests' `WorkerProcess`), an SMTP sink on loopback, and drives light load from a few threads
at 127.0.0.1 (bounded in count and time). Then, in turn:

  a. worker kill -9 in the middle of a batch of match notifications, then a new worker;
  b. Redis stopped and started again, while a publication is made (its messages are lost);
  c. PostgreSQL stopped (fast shutdown) and started again, just after a publication.

After each fault, what beat does every minute runs at once (`sweep_pending`,
`sweep_unannounced` with no age threshold): in production the same recovery takes up to
one or two minutes more. Every status code is recorded: only 2xx, 3xx and 503 are allowed.
Each batch's notifications must end up sent, each email received exactly once by the
sink. Prints a table and exits 1 on any 500 (or connection error), lost or duplicated
notification.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import free_port, run  # noqa: E402

WORK = Path("/tmp/maillage-faults")  # noqa: S108 (a throwaway cluster, never shared)
DB_NAME = "maillage_faults"
# Half the requests carry a query string of their own (`{n}`): no page cache can answer them,
# they reach the database; the other half may be served by the anonymous page cache.
URLS = [
    "/", "/annuaire/", "/recherche/?q=logement", "/agenda/", "/offres/locaux/",
    "/?_b={n}", "/annuaire/?_b={n}", "/recherche/?q=logement&_b={n}", "/agenda/?_b={n}",
    "/offres/locaux/?_b={n}",
]  # fmt: skip
ALLOWED = {200, 301, 302, 303, 304, 503}


# --- Throwaway stores ------------------------------------------------------------------------
def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if not found:
        raise SystemExit("no PostgreSQL binaries under /usr/lib/postgresql")
    return Path(found[-1])


class ThrowAwayPostgres:
    """A PostgreSQL cluster of our own (run as the `postgres` user when we are root)."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.data = root / "data"
        self.port = port
        self.bin = _pg_bin()

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, cwd="/", stdout=subprocess.DEVNULL)

    @property
    def url(self) -> str:
        return f"postgres://maillage@127.0.0.1:{self.port}/{DB_NAME}"

    def init(self, fresh: bool) -> None:
        if fresh and self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True, exist_ok=True)
        WORK.chmod(0o755)
        if os.getuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        if not (self.data / "PG_VERSION").exists():
            self._run(
                str(self.bin / "initdb"), "-D", str(self.data), "-U", "maillage",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
            )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=100"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "pg.log"),
            "-w", "-t", "60", "-o", options, "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> bool:
        """Create the database with its extensions; False if it already existed."""
        import psycopg

        admin = f"postgres://maillage@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]
            ).fetchone()
            if exists:
                return False
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')
        with psycopg.connect(
            self.url.replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            for extension in ("unaccent", "pg_trgm", "cube", "earthdistance"):
                c.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        return True


# --- HTTP load -------------------------------------------------------------------------------
@dataclass
class Load:
    """A few threads requesting the URLs in turn, bounded in count and duration."""

    base: str
    threads: int = 4
    max_requests: int = 12000
    max_seconds: float = 300
    pause: float = 0.05
    results: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stop_event = threading.Event()
        self.unique = itertools.count()
        self.lock = threading.Lock()
        self.workers: list[threading.Thread] = []

    def _fetch(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.base + path, timeout=15) as response:  # noqa: S310
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            if error.code == 503 and not error.headers.get("Retry-After"):
                return -503  # a 503 without Retry-After is not the outage page
            return error.code
        except OSError:
            return 0  # refused, reset or timed out: gunicorn itself did not answer

    def _loop(self, offset: int) -> None:
        started = time.monotonic()
        n = offset
        while not self.stop_event.is_set() and time.monotonic() - started < self.max_seconds:
            with self.lock:
                if len(self.results) >= self.max_requests:
                    return
            path = URLS[n % len(URLS)].format(n=next(self.unique))
            n += 1
            at = time.monotonic()
            status = self._fetch(path)
            with self.lock:
                self.results.append((at, time.monotonic(), path, status))
            time.sleep(self.pause)

    def start(self) -> None:
        for index in range(self.threads):
            thread = threading.Thread(target=self._loop, args=(index,), daemon=True)
            thread.start()
            self.workers.append(thread)

    def stop(self) -> list:
        self.stop_event.set()
        for thread in self.workers:
            thread.join(timeout=30)
        return sorted(self.results)


# --- Notifications ---------------------------------------------------------------------------
def prepare_batch(tag: str, name: str, holders: int, surface: int):
    """`holders` organisations, each with one member and one need that the premises made
    here (not yet published) will match; the surfaces keep batches from matching each other."""
    from django.db import transaction
    from django.utils import timezone

    from offers.models import ProjectNeed
    from offers.vocabularies import Status
    from tests.offers.factories import (
        NeedFactory,
        OrganisationFactory,
        PremisesFactory,
        member_of,
        montreuil,
    )

    with transaction.atomic():
        montreuil()
        for index in range(holders):
            slug = f"faults-{tag}-{name}-{index}"
            organisation = OrganisationFactory(name=f"Porteur {name} {index} ({tag})", slug=slug)
            member_of(organisation, email=f"{slug}@exemple.org")
            NeedFactory(
                organisation=organisation,
                title=f"Projet {name} {index}",
                surface_min=surface - 20,
                surface_max=surface + 20,
            )
        # Announced already: a sweep must not match these needs against every premises.
        now = timezone.now()
        ProjectNeed.objects.filter(organisation__slug__startswith=f"faults-{tag}-{name}-").update(
            published_at=now, announced_at=now
        )
        landlord = OrganisationFactory(name=f"Bailleur {name} ({tag})", slug=f"faults-{tag}-{name}")
        return PremisesFactory(
            landlord=landlord, status=Status.SUBMITTED, total_surface=surface,
            title=f"Local {name} ({tag})",
        )  # fmt: skip


def forget_earlier_runs() -> None:
    """This throwaway database outlives a run: close what earlier runs published, mark
    every publication announced and give up the rows an interrupted run left pending, so
    that each batch below counts only its own notifications."""
    from django.utils import timezone

    from notifications.models import Delivery, DeliveryStatus
    from offers.models import Premises, ProjectNeed, ServiceOffer
    from offers.vocabularies import Status

    ProjectNeed.objects.filter(organisation__slug__startswith="faults-").update(
        status=Status.CLOSED
    )
    Premises.objects.filter(landlord__slug__startswith="faults-").update(status=Status.CLOSED)
    for model in (Premises, ProjectNeed, ServiceOffer):
        model.objects.filter(announced_at__isnull=True).update(announced_at=timezone.now())
    Delivery.objects.filter(status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, last_error="left by an earlier faults.py run"
    )


def publish(premises) -> None:
    """Publish as a site admin would, through the one moderation workflow."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from core import moderation

    admin, _created = get_user_model().objects.get_or_create(
        email="faults-admin@exemple.fr", defaults={"is_superuser": True, "is_staff": True}
    )
    with transaction.atomic():
        moderation.publish(premises, admin)


def last_delivery_id() -> int:
    from notifications.models import Delivery

    return Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def sweep() -> None:
    """What beat runs every minute, without the age thresholds."""
    from notifications import sending
    from offers.services import enqueue_announcement, unannounced

    for label, pk in unannounced(older_than_seconds=0):
        enqueue_announcement(label, pk)
    sending.sweep_pending(older_than_seconds=0)


def retry_db(function, timeout: float = 60):
    """Call `function` until the database answers (after a PostgreSQL restart)."""
    from django.db import InterfaceError, OperationalError, connections

    deadline = time.monotonic() + timeout
    while True:
        try:
            return function()
        except (OperationalError, InterfaceError):
            connections.close_all()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@dataclass
class Outcome:
    expected: int = 0  # instant email deliveries created by the batch
    sent: int = 0
    unfinished: int = 0  # rows (any channel) not sent when the wait ended
    received: int = 0  # emails the sink got for the batch
    duplicates: int = 0  # distinct messages beyond one per expected delivery
    resent: int = 0  # second SMTP copies of a message (same Message-ID)
    seconds: float = 0.0  # from the store's return to the last row sent
    anomalies: list = field(default_factory=list)  # (address, received, expected)


def settle(marker: int, sink, sink_mark: int, since: float, timeout: float = 120) -> Outcome:
    """Sweep until every row of the batch is sent (or `timeout`), then count the emails."""
    from django.db.models import Q

    from notifications.models import Delivery, DeliveryStatus

    new = Delivery.objects.filter(pk__gt=marker)
    instant = Q(channel="inbox") | Q(channel="email", digest_frequency="instant")
    deadline = time.monotonic() + timeout
    last_sweep = 0.0
    while True:
        created = retry_db(lambda: new.filter(instant).count())
        unfinished = retry_db(
            lambda: new.filter(instant).exclude(status=DeliveryStatus.SENT).count()
        )
        if created and not unfinished:
            break
        if time.monotonic() > deadline:
            break
        if time.monotonic() - last_sweep > 3:
            retry_db(sweep)
            last_sweep = time.monotonic()
        time.sleep(0.2)
    done = time.monotonic()
    time.sleep(1.0)  # a late duplicate would land now
    emails = new.filter(channel="email", digest_frequency="instant")
    outcome = Outcome(
        expected=emails.count(),
        sent=emails.filter(status=DeliveryStatus.SENT).count(),
        unfinished=unfinished,
        seconds=done - since,
    )
    # Per address: each email delivery of the batch must arrive once, and nothing else.
    expected = Counter(
        recipient or address
        for recipient, address in emails.values_list("recipient__email", "email")
    )
    batch = sink.messages[sink_mark:]
    # A copy with a Message-ID already received is the same message to a mail client (see
    # portal/notifications/sending.py): counted apart, as `resent`, not as a duplicate.
    distinct = {(m["X-Envelope-To"], m["Message-ID"]): m for m in batch}.values()
    outcome.resent = len(batch) - len(distinct)
    received = Counter(m["X-Envelope-To"] for m in distinct)
    outcome.received = sum(min(n, expected[a]) for a, n in received.items())
    outcome.duplicates = sum(max(0, n - expected[a]) for a, n in received.items())
    outcome.anomalies = sorted(
        (address, received[address], expected[address])
        for address in set(received) | set(expected)
        if received[address] != expected[address]
    )
    return outcome


# --- Report ----------------------------------------------------------------------------------
@dataclass
class Row:
    fault: str
    results: list
    back_at: float
    outcome: Outcome

    @property
    def codes(self) -> Counter:
        return Counter(r[3] for r in self.results)

    @property
    def outage_seconds(self) -> float:
        """From the first request answered 503 to the last one."""
        times = [(sent, answered) for sent, answered, _p, status in self.results if status == 503]
        return max(a for _s, a in times) - min(s for s, _a in times) if times else 0.0

    @property
    def recovery_seconds(self) -> float:
        """From the store's return to the first uncached page (one that needs the database)
        answered without error."""
        after = [
            answered
            for sent, answered, path, status in self.results
            if sent >= self.back_at and "_b=" in path and 200 <= status < 400
        ]
        return min(after) - self.back_at if after else float("nan")

    @property
    def bad(self) -> int:
        return sum(n for code, n in self.codes.items() if code not in ALLOWED)

    @property
    def ok(self) -> bool:
        o = self.outcome
        return (
            self.bad == 0
            and o.expected > 0
            and o.sent == o.expected
            and o.unfinished == 0
            and o.received == o.expected
            and o.duplicates == 0
        )


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'fault':24} {'requests':>8}  {'codes seen':28} {'max outage s':>12} "
        f"{'recovery s':>10}  {'notif. exp./deliv./dup/resent':>29} {'sent after s':>12}  ok"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(row.codes.items()))
        o = row.outcome
        notifications = f"{o.expected}/{o.received}/{o.duplicates}/{o.resent}"
        print(
            f"{row.fault:24} {len(row.results):8}  {codes:28} {row.outage_seconds:12.1f} "
            f"{row.recovery_seconds:10.1f}  {notifications:>29} "
            f"{o.seconds:12.1f}  {'yes' if row.ok else 'NO'}"
        )


# --- Main ------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--holders", type=int, default=40, help="notifications per batch")
    parser.add_argument("--outage", type=float, default=4.0, help="seconds each store is down")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--fresh", action="store_true", help="new cluster, migrate, demo data")
    options = parser.parse_args()

    from tests.conftest import ThrowAwayRedis

    postgres = ThrowAwayPostgres(WORK / "pg", free_port())
    cache = ThrowAwayRedis(
        WORK / "redis", free_port(), appendonly=True, start_timeout=20, stop_timeout=30
    )
    postgres.init(options.fresh)
    shutil.rmtree(cache.directory, ignore_errors=True)
    postgres.start()
    cache.start()
    started_processes = []
    try:
        return scenario(options, postgres, cache, started_processes)
    finally:
        for stop in reversed(started_processes):
            try:
                stop()
            except Exception as error:  # keep stopping the others
                print(f"while stopping: {error!r}", file=sys.stderr)
        cache.stop()
        with contextlib.suppress(subprocess.CalledProcessError):
            postgres.stop()


def scenario(options, postgres: ThrowAwayPostgres, cache, stops: list) -> int:
    from aiosmtpd.controller import Controller

    created = postgres.create_database()
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "REDIS_URL": cache.url,
        "CELERY_BROKER_URL": cache.url,
        "CELERY_RESULT_BACKEND": cache.url,
        "CELERY_QUEUE": "maillage-faults",
        "CACHE_KEY_PREFIX": "maillage-faults",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "faults-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://maillage.example",
        "SECURE_SSL_REDIRECT": "false",
        "GEOCODER": "centroid",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(ROOT / "var" / "faults-static"),
        "PYTHONUNBUFFERED": "1",
    }
    dev_env = {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    started = time.monotonic()
    run(["manage.py", "migrate", "--noinput", "-v", "0"], dev_env)
    if created:
        run(["manage.py", "load_demo_data"], dev_env)
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        run(["manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    print(f"throwaway PostgreSQL :{postgres.port} and Redis :{cache.port} ready in "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip

    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from tests.conftest import WorkerProcess
    from tests.offers.test_delivery_e2e import SlowSink, kill_at_once, pool_children

    sink = SlowSink()
    sink.delay = 0.25  # a busy relay: the batch lasts long enough to be hit mid-way
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    stops.append(controller.stop)
    worker_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
    logs = WORK / "logs"
    logs.mkdir(exist_ok=True)

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(options.workers), "--threads", "1", "--log-level", "warning",
            "--timeout", "60",
        ],
        cwd=ROOT, env=env, stderr=(logs / "gunicorn.log").open("ab"),
    )  # fmt: skip
    stops.append(lambda: (server.terminate(), server.wait(timeout=30)))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while Load(base)._fetch("/") != 200:
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit(f"gunicorn did not start, see {logs / 'gunicorn.log'}")
        time.sleep(0.3)

    worker = WorkerProcess(worker_env, logs / "worker.log")
    worker.nodename = f"faults-{os.getpid()}@%h"
    start_worker(worker)
    stops.append(lambda: worker.stop())

    forget_earlier_runs()
    tag = str(int(time.time()))
    batches = {
        name: prepare_batch(tag, name, options.holders, surface)
        for name, surface in (("a", 200), ("b", 400), ("c", 600))
    }
    print(f"gunicorn {options.workers} workers, {options.threads} load threads, "
          f"{options.holders} holders per batch, outages of {options.outage:.0f} s\n")  # fmt: skip
    rows = []

    # a. kill -9 the worker mid-batch (while both senders wait for the relay's answer).
    load = Load(base, threads=options.threads)
    load.start()
    time.sleep(2)
    marker, sink_mark = last_delivery_id(), len(sink.messages)
    children = pool_children(worker)
    publish(batches["a"])
    if not wait(lambda: len(sink.messages) - sink_mark >= 5 and sink.both_mid_wait(), 60):
        print("warning: the batch did not reach the kill point", file=sys.stderr)
    kill_at_once(worker, children)
    killed_after = len(sink.messages) - sink_mark
    time.sleep(options.outage)
    worker = WorkerProcess(worker_env, logs / "worker.log")
    worker.nodename = f"faults-{os.getpid()}-2@%h"
    start_worker(worker)
    stops.append(lambda: worker.stop())
    back_at = time.monotonic()
    outcome = settle(marker, sink, sink_mark, back_at)
    rows.append(Row(f"worker kill -9 ({killed_after} sent)", load.stop(), back_at, outcome))
    sink.delay = 0.0  # a fast relay from now on

    # b. Redis stopped then started again; a publication while it is down.
    load = Load(base, threads=options.threads)
    load.start()
    time.sleep(2)
    marker, sink_mark = last_delivery_id(), len(sink.messages)
    cache.stop()
    publish(batches["b"])  # committed; its announcement cannot be enqueued
    time.sleep(options.outage)
    cache.start()
    back_at = time.monotonic()
    time.sleep(1)
    outcome = settle(marker, sink, sink_mark, back_at)
    time.sleep(2)
    rows.append(Row("Redis restart", load.stop(), back_at, outcome))

    # c. PostgreSQL stopped (fast shutdown) and started again, just after a publication.
    load = Load(base, threads=options.threads)
    load.start()
    time.sleep(2)
    marker, sink_mark = last_delivery_id(), len(sink.messages)
    publish(batches["c"])
    wait(lambda: len(sink.messages) > sink_mark, 10, 0.001)
    postgres.stop()
    with contextlib.suppress(Exception):
        connections.close_all()
    time.sleep(options.outage)
    postgres.start()
    back_at = time.monotonic()
    outcome = settle(marker, sink, sink_mark, back_at)
    time.sleep(2)
    rows.append(Row("PostgreSQL restart", load.stop(), back_at, outcome))

    print()
    print_table(rows)
    for row in rows:
        for address, received, expected in row.outcome.anomalies:
            print(f"  {row.fault}: {address} received {received}, expected {expected}")
    failed = [row.fault for row in rows if not row.ok]
    print()
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    print("OK: no 500, every notification delivered exactly once, no restart of the site.")
    return 0


def start_worker(worker) -> None:
    """`WorkerProcess.start()`, with more patience on a loaded machine."""
    from portal.celery import app

    try:
        worker.start()
    except RuntimeError:
        hostname = worker.nodename.replace("%h", os.uname().nodename)
        if worker.process.poll() is not None or not wait(
            lambda: bool(app.control.ping(destination=[hostname], timeout=1.0)), 240, 0.5
        ):
            raise


def wait(predicate, timeout: float, interval: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


if __name__ == "__main__":
    sys.exit(main())
