"""Matching benchmark (DESIGN.md §8): one new premises against 10 000 open needs.

Prints the time to create the matches and their outbox rows (target ≤ 1 s), the number of SQL
queries, and the time to enqueue the instant deliveries. Runs on its own database
(`maillage_bench_matching`, created and migrated if missing — never the dev database) and its
own Celery queue, purged at the end, so no worker sends anything.

    .venv/bin/python bench/matching.py [--needs 10000]
"""

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "maillage_bench_matching"
BENCH_QUEUE = "maillage-bench-matching"
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://maillage@127.0.0.1:5544")


def prepare_environment() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
    os.environ["CELERY_QUEUE"] = BENCH_QUEUE
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    sys.path.insert(0, str(ROOT))
    import psycopg

    with psycopg.connect(f"{SERVER}/maillage", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0", "--skip-checks"],
        cwd=ROOT,
        check=True,
        env=os.environ,
    )


def populate(count: int):
    from accounts.models import User
    from directory.models import Commune, Membership, Organisation, OrganisationKind
    from notifications.models import Delivery
    from offers.models import Match, Premises, ProjectNeed
    from offers.vocabularies import OccupationType, PremisesType, ProjectType, Status, Usage

    Delivery.objects.all().delete()
    Match.objects.all().delete()
    Premises.objects.all().delete()
    ProjectNeed.objects.all().delete()

    rng = random.Random(93)
    communes = []
    for index in range(40):
        commune, _created = Commune.objects.get_or_create(
            insee_code=f"93{index + 1:03d}",
            defaults={
                "name": f"Commune {index + 1}",
                "slug": f"bench-commune-{index + 1}",
                "departement_code": "93",
                "latitude": 48.85 + rng.random() * 0.15,
                "longitude": 2.30 + rng.random() * 0.25,
            },
        )
        communes.append(commune)
    holders = []
    for index in range(200):
        organisation, _created = Organisation.objects.get_or_create(
            slug=f"bench-porteur-{index}",
            defaults={"name": f"Porteur {index}", "kind": OrganisationKind.PROJECT_HOLDER},
        )
        user, _created = User.objects.get_or_create(email=f"bench-porteur-{index}@exemple.org")
        Membership.objects.get_or_create(user=user, organisation=organisation)
        holders.append(organisation)
    landlord, _created = Organisation.objects.get_or_create(
        slug="bench-bailleur", defaults={"name": "Bailleur", "kind": OrganisationKind.LANDLORD}
    )

    usages = list(Usage.values)
    needs = []
    for index in range(count):
        surface_min = rng.randint(30, 200)
        around = rng.random() < 0.3
        center = rng.choice(communes)
        needs.append(
            ProjectNeed(
                organisation=rng.choice(holders),
                title=f"Besoin {index}",
                project_type=rng.choice(ProjectType.values),
                description="Besoin de banc d'essai.",
                usages=rng.sample(usages, rng.randint(1, 3)),
                surface_min=surface_min,
                surface_max=surface_min + rng.randint(10, 150),
                budget_max=Decimal(rng.randint(300, 2500)),
                zone_communes=[] if around else [c.insee_code for c in rng.sample(communes, 5)],
                center_commune=center if around else None,
                latitude=center.latitude if around else None,
                longitude=center.longitude if around else None,
                radius_km=rng.choice([3.0, 5.0, 10.0]) if around else None,
                accessibility_required=rng.random() < 0.3,
                start_date=date(2026, 1, 1) + timedelta(days=rng.randint(0, 300)),
                status=Status.PUBLISHED,
            )
        )
    ProjectNeed.objects.bulk_create(needs, batch_size=2000)
    return Premises.objects.create(
        landlord=landlord,
        title="Local de banc d'essai",
        address="1 rue du Banc",
        commune=communes[0],
        premises_type=PremisesType.ASSOCIATIVE,
        total_surface=110,
        rent=Decimal("700"),
        charges=Decimal("100"),
        occupation_type=OccupationType.ASSOCIATIVE_LEASE,
        pmr_accessible=True,
        allowed_usages=[Usage.RECEPTION, Usage.MEETINGS, Usage.CAFE, Usage.OFFICE],
        available_from=date(2026, 3, 1),
        status=Status.PUBLISHED,
        published_at=None,
    )


def run(count: int) -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from notifications.models import Delivery
    from offers import services
    from portal.celery import app

    premises = populate(count)
    dispatched: list = []
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        with transaction.atomic():
            created = services.match_premises(premises.pk)
            # Time the commit, not the broker: keep the enqueue callbacks for later.
            dispatched = list(connection.run_on_commit)
            connection.run_on_commit = []
        elapsed = time.perf_counter() - started
    deliveries = Delivery.objects.count()
    enqueue_started = time.perf_counter()
    for _sids, callback, _robust in dispatched:
        callback()
    enqueue_elapsed = time.perf_counter() - enqueue_started
    with app.connection_for_write() as broker:
        purged = broker.default_channel.queue_purge(BENCH_QUEUE) or 0

    print(f"needs: {count}")
    print(f"matches created: {len(created)}")
    print(f"deliveries written: {deliveries}")
    print(f"match + deliveries (one transaction, committed): {elapsed * 1000:.0f} ms")
    print(f"SQL queries: {len(queries)}")
    print(
        f"enqueue instant deliveries to Redis: {enqueue_elapsed * 1000:.0f} ms "
        f"({purged} messages, purged)"
    )
    print("target ≤ 1000 ms:", "OK" if elapsed <= 1 else "MISSED")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=10_000)
    arguments = parser.parse_args()
    prepare_environment()
    run(arguments.needs)
