"""Orientation result page benchmark (issue #15 part 7, DESIGN.md §8): "Qui appeler ?" —
the gardien's main page — p95 ≤ 60 ms server time, uncached.

    .venv/bin/python bench/orientation.py [--runs 3] [--communes 10] [--scale 10] [--keep]
                                          [--reuse]

It creates the database `maillage_bench_orientation` next to the configured one (dropping a
leftover of an earlier run unless `--reuse`), migrates it and loads the demo data
(`load_demo_data`, as bench/pages.py does), then measures the result page
`/orientation/?situation=<slug>&commune=<insee>` for every situation × `--communes` communes,
as the demo gardien (logged in: the form offers their residences), through Django's test
client in this process — server time, without network or browser. Nothing answers from a
page cache (the test settings turn it off, and a logged-in page is never cached). Each URL
is requested `--runs` times; the first pass over all URLs is reported on its own too
("first pass"): it is the one that fills the per-process caches.

Two data sets, in the same run:

(a) the demo directory as `load_demo_data` builds it;
(b) a directory `--scale` times larger: every organisation of the demo (landlords and the
    foundation's partners excepted) is replicated `--scale - 1` times with its services, each
    copy moved to another commune of the département (copy n of an organisation of the
    commune at index i of the communes sorted by INSEE code goes to the commune at index
    (i + 7·n) mod 40), with its coordinates shifted by the same vector and its eligibility zone
    moved along (a commune code becomes the new commune's, an EPCI the new commune's EPCI, a
    département stays). Names get " · n", slugs "-bench-n". Deterministic: same rows every run.

Printed per data set: p50 / p95 / max over all requests, the first pass's p95, this process's
CPU time per request (p50 / p95: unlike latencies it hardly depends on what else runs on the
machine; PostgreSQL's and Redis's own time is not in it), SQL queries per request (min–max),
the number of services and, as a baseline measured in the same run, the same page without a
situation (the empty form: `/orientation/`) and the ratio of the result page's p50 to it.
The database is dropped at the end unless `--keep`; the development database is never
touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    database_exists,
    drop_database,
    load_demo_database,
    percentile,
    setup_django,
)

BENCH_DB = "maillage_bench_orientation"
# Tasks queued while loading the demo go to a queue of their own, emptied afterwards.
QUEUE = "maillage-bench-orientation"
TARGET_P95_MS = 60
# Ten communes spread over the three EPCI of the 93 (INSEE codes), Bobigny first.
COMMUNES = [
    "93008",  # Bobigny
    "93048",  # Montreuil
    "93066",  # Saint-Denis
    "93010",  # Bondy
    "93001",  # Aubervilliers
    "93006",  # Bagnolet
    "93055",  # Pantin
    "93064",  # Rosny-sous-Bois
    "93005",  # Aulnay-sous-Bois
    "93071",  # Sevran
]
COMMUNE_STEP = 7  # replica n of an organisation moves n × 7 communes along


def empty_celery_queue() -> None:
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(QUEUE)


# --- the larger directory ----------------------------------------------------------------------
def moved_zone(zone: list[str], source, target) -> list[str]:
    moved = set()
    for code in zone:
        if code == source.insee_code:
            moved.add(target.insee_code)
        elif code == source.epci_code and target.epci_code:
            moved.add(target.epci_code)
        else:
            moved.add(code)
    return sorted(moved)


def enlarge(scale: int) -> tuple[int, int]:
    """Replicate the demo's organisations and services `scale - 1` times (see the module
    docstring). Returns the numbers of organisations and services added."""
    from django.db import connection, transaction

    from demo.directory import DEMO_ORGANISATIONS
    from directory.models import Commune, Organisation, OrganisationKind, Service

    communes = list(Commune.objects.order_by("insee_code"))
    position = {commune.pk: index for index, commune in enumerate(communes)}
    foundation = [name for name, _kind, _code in DEMO_ORGANISATIONS]
    originals = (
        Organisation.objects.exclude(kind=OrganisationKind.LANDLORD)
        .exclude(name__in=foundation)
        .exclude(slug__contains="-bench-")
        .select_related("commune")
        .order_by("pk")
    )
    added_organisations = added_services = 0
    with transaction.atomic():
        for copy in range(1, scale):
            # Fresh instances each time: bulk_create turns them into the copies.
            organisations = list(originals)
            moves = {}
            for organisation in organisations:
                source = organisation.commune
                target = communes[(position[source.pk] + COMMUNE_STEP * copy) % len(communes)]
                moves[organisation.pk] = (organisation, source, target)
                organisation.pk = None
                organisation.name = f"{organisation.name} · {copy}"
                organisation.slug = f"{organisation.slug[:200]}-bench-{copy}"
                organisation.commune = target
                if organisation.latitude is not None and organisation.longitude is not None:
                    organisation.latitude += target.latitude - source.latitude
                    organisation.longitude += target.longitude - source.longitude
            services = list(Service.objects.filter(organisation_id__in=moves).order_by("pk"))
            Organisation.objects.bulk_create(organisations)
            for service in services:
                organisation, source, target = moves[service.organisation_id]
                service.pk = None
                service.organisation = organisation
                service.name = f"{service.name} · {copy}"
                service.slug = f"{service.slug[:200]}-bench-{copy}"
                if service.commune_id == source.pk:
                    service.commune = target
                if service.latitude is not None and service.longitude is not None:
                    service.latitude += target.latitude - source.latitude
                    service.longitude += target.longitude - source.longitude
                service.eligibility_zone = moved_zone(service.eligibility_zone, source, target)
            Service.objects.bulk_create(services)
            added_organisations += len(organisations)
            added_services += len(services)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE directory_organisation")
        cursor.execute("VACUUM ANALYZE directory_service")
    return added_organisations, added_services


# --- measuring ---------------------------------------------------------------------------------
def make_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from demo.directory import GARDIEN_EMAIL

    client = Client()
    client.force_login(get_user_model().objects.get(email=GARDIEN_EMAIL))
    return client


def urls() -> list[str]:
    from orientation.models import Situation

    slugs = list(Situation.objects.values_list("slug", flat=True))
    return [f"/orientation/?situation={s}&commune={c}" for s in slugs for c in COMMUNES]


CPU: list[float] = []  # process CPU time of each timed request, ms


def timed_get(client, url: str) -> float:
    cpu = time.process_time()
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    CPU.append((time.process_time() - cpu) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def measure(label: str, runs: int) -> dict:
    from directory.models import Service

    client = make_client()
    pages = urls()
    client.get("/orientation/")  # imports, connection, translations: not the page's cost
    form = [timed_get(client, "/orientation/") for _ in range(max(10, runs * 5))]
    CPU.clear()
    first = [timed_get(client, url) for url in pages]
    later = [timed_get(client, url) for _ in range(runs - 1) for url in pages]
    everything = first + later
    cpu = list(CPU)
    queries = [count_queries(client, url) for url in pages]
    return {
        "label": label,
        "services": Service.objects.public().count(),
        "requests": len(everything),
        "p50": statistics.median(everything),
        "p95": percentile(everything, 0.95),
        "max": max(everything),
        "first_p95": percentile(first, 0.95),
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": percentile(cpu, 0.95),
        "queries": (min(queries), max(queries)),
        "form_p50": statistics.median(form),
    }


def report(rows: list[dict]) -> None:
    print()
    print(
        f"{'data set':<22} {'services':>8} {'requests':>8} {'p50':>7} {'p95':>7} {'max':>7} "
        f"{'1st p95':>7} {'CPU p50':>7} {'CPU p95':>7} {'queries':>8} {'form p50':>8} "
        f"{'ratio':>6}"
    )
    for row in rows:
        queries = "{}–{}".format(*row["queries"])
        print(
            f"{row['label']:<22} {row['services']:>8} {row['requests']:>8} {row['p50']:>7.1f} "
            f"{row['p95']:>7.1f} {row['max']:>7.1f} {row['first_p95']:>7.1f} "
            f"{row['cpu_p50']:>7.1f} {row['cpu_p95']:>7.1f} {queries:>8} "
            f"{row['form_p50']:>8.1f} {row['p50'] / row['form_p50']:>5.1f}×"
        )
    worst = max(row["p95"] for row in rows)
    verdict = "met" if worst <= TARGET_P95_MS else "NOT met"
    print(f"\nworst p95 {worst:.1f} ms (target ≤ {TARGET_P95_MS} ms): {verdict}  (times in ms)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 CPUs shared: see CPU)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="requests per URL")
    parser.add_argument("--communes", type=int, default=len(COMMUNES), choices=range(1, 11))
    parser.add_argument("--scale", type=int, default=10, help="size of the larger directory")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database as it is")
    parser.add_argument("--only", choices=["demo", "large"], help="measure one data set")
    options = parser.parse_args()
    del COMMUNES[options.communes :]
    reuse = options.reuse and database_exists(BENCH_DB)
    if not reuse:
        load_demo_database(BENCH_DB, QUEUE)
    setup_django(BENCH_DB, "_bench_orientation")
    empty_celery_queue()
    from django.db import connection

    from directory.models import Service

    rows = []
    try:
        enlarged = Service.objects.filter(slug__contains="-bench-").exists()
        if options.only != "large":
            if enlarged:
                print("(the kept database is already enlarged: demo figures skipped)")
            else:
                rows.append(measure("(a) demo", options.runs))
        if options.only != "demo":
            if not enlarged:
                started = time.monotonic()
                organisations, services = enlarge(options.scale)
                print(
                    f"directory enlarged ×{options.scale}: +{organisations} organisations, "
                    f"+{services} services in {time.monotonic() - started:.0f} s",
                    flush=True,
                )
            rows.append(measure(f"(b) ×{options.scale}", options.runs))
    finally:
        connection.close()
        if not options.keep:
            drop_database(BENCH_DB)
    report(rows)


if __name__ == "__main__":
    main()
