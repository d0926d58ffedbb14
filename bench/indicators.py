"""Dashboards and counters benchmark (issue #18, "Must show"): with a year of counters for the
40 communes × every situation, the territory dashboard answers in p95 ≤ 150 ms server time, and
counting adds ≤ 1 ms to a page view.

    .venv/bin/python bench/indicators.py [--runs 10] [--views 300] [--keep] [--reuse]

It creates the database `maillage_bench_indicators` next to the configured one (dropping a
leftover of an earlier run unless `--reuse`), migrates it and loads the demo data
(`load_demo_data`, as bench/orientation.py does), then bulk-inserts (COPY) a year of
`DailyCounter` rows ending today, deterministic:

- orientations: every day × the 40 communes × every situation, one row (its number of
  answers), two on one day in seven (a second number of answers: the directory changed that
  day; the real counter makes one row per distinct dimension set);
- sheet views and clicks (call, email, directions) of every organisation and service of the
  demo, every day; callback requests (sent / acknowledged), event registrations, contact
  requests and zero-result searches, every day.

Measured through Django's test client in this process (server time, no network), as a
moderator of the 93 (their territory: the 40 communes): the dashboard `/pilotage/` with the
default period (30 days), the 12 last months, 12 months of one commune, 12 months of one
situation, and 90 chosen days; and an organisation's figures over 12 months as one of its
members. Each URL `--runs` times. Printed: p50 / p95 / max and SQL queries per page.

Counters on vs off: the anonymous sheet of an organisation (it counts a sheet view), `--views`
times each, alternating one request with counting on and one with `core.counters.count`
replaced by a no-op (inside this process only), so that both see the same machine load. The
difference of the medians (and of the means) is what counting adds to a page view; the
Redis increment itself happens after the response is built only when a transaction is open,
here at once (no transaction): the measure includes it.

The database is dropped at the end unless `--keep`; the development database is never
touched, and the counters this run puts in Redis are deleted (its own key prefix)."""

from __future__ import annotations

import argparse
import datetime
import json
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

BENCH_DB = "maillage_bench_indicators"
PREFIX = "maillage-bench-indicators"
TARGET_P95_MS = 150
TARGET_ADDED_MS = 1.0
DAYS = 365


def forget_redis_keys() -> None:
    """The Celery queue of the demo load and this run's counters (own prefixes only)."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(PREFIX)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


# --- a year of counters ------------------------------------------------------------------------
def counter_rows():
    """(day, metric, dimensions JSON, value) of a year of counters; deterministic. The
    communes, situations and entries are read before the first row is yielded (never during
    the COPY, which holds the connection)."""
    from core import counters
    from directory.models import Commune, Organisation, Service
    from orientation.models import Situation

    communes = list(
        Commune.objects.served().order_by("insee_code").values_list("insee_code", flat=True)
    )
    situations = list(Situation.objects.order_by("pk").values_list("slug", flat=True))
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    services = list(Service.objects.order_by("pk").values_list("pk", "organisation_id"))
    today = counters.today()

    def dims(**values) -> str:
        return json.dumps({k: str(v) for k, v in values.items()}, sort_keys=True)

    return _generated(today, communes, situations, organisations, services, dims)


def _generated(today, communes, situations, organisations, services, dims):
    for offset in range(DAYS):
        day = today - datetime.timedelta(days=offset)
        for c_index, commune in enumerate(communes):
            for s_index, situation in enumerate(situations):
                seed = offset * 7 + c_index * 3 + s_index
                base = (c_index * 3 + s_index) % 9  # this pair's number of answers
                for answers in range(1 + (seed % 7 == 0)):
                    yield (
                        day,
                        "orientation",
                        dims(commune=commune, situation=situation, answers=base + answers),
                        1 + (seed + answers) % 4,
                    )
        for o_index, organisation in enumerate(organisations):
            seed = offset + o_index
            yield (
                day,
                "sheet_view",
                dims(kind="organisation", organisation=organisation),
                1 + seed % 6,
            )
            for metric in ("click_call", "click_email", "click_directions"):
                if seed % 3 == 0:
                    yield day, metric, dims(kind="organisation", organisation=organisation), 1
            if seed % 5 == 0:
                yield (
                    day,
                    "callback_request",
                    dims(
                        outcome="sent",
                        organisation=organisation,
                        situation=situations[seed % len(situations)],
                    ),
                    1,
                )
                yield day, "offer_contacted", dims(organisation=organisation), 1
            if seed % 7 == 0:
                yield (
                    day,
                    "event_registration",
                    dims(outcome="confirmed", organisation=organisation),
                    2,
                )
        for v_index, (service, organisation) in enumerate(services):
            yield (
                day,
                "sheet_view",
                dims(kind="service", service=service, organisation=organisation),
                1 + (offset + v_index) % 4,
            )
        yield day, "search_zero_result", dims(), 5 + offset % 11
        yield day, "pdf", dims(kind="residence_sheet"), 2


def insert_counters() -> int:
    from django.db import connection

    started = time.monotonic()
    total = 0
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_dailycounter")
        raw = cursor.cursor
        rows = counter_rows()  # its queries run now, before the COPY holds the connection
        with raw.copy("COPY core_dailycounter (day, metric, dimensions, value) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                total += 1
        cursor.execute("TRUNCATE core_monthlycounter")
        # What the flush adds to the months as it adds days (core.counters.add_rows).
        cursor.execute(
            "INSERT INTO core_monthlycounter (month, metric, dimensions, value) "
            "SELECT date_trunc('month', day)::date, metric, dimensions, SUM(value) "
            "FROM core_dailycounter GROUP BY 1, 2, 3"
        )
        cursor.execute("VACUUM ANALYZE core_dailycounter")
        cursor.execute("VACUUM ANALYZE core_monthlycounter")
    print(f"{total} daily counter rows inserted in {time.monotonic() - started:.0f} s", flush=True)
    return total


# --- measuring ---------------------------------------------------------------------------------
def logged_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def moderator():
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import MODERATORS_GROUP

    user, _created = User.objects.get_or_create(
        email="bench-pilotage@exemple.fr", defaults={"moderated_departements": ["93"]}
    )
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


def member_and_organisation():
    from accounts.models import User
    from directory.models import Membership, MembershipRole, Organisation

    organisation = Organisation.objects.public().exclude(commune=None).order_by("pk").first()
    user, _created = User.objects.get_or_create(email="bench-membre@exemple.fr")
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": MembershipRole.MEMBER}
    )
    return user, organisation


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed


def queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def measure_pages(runs: int) -> list[dict]:
    from django.urls import reverse

    from orientation.models import Situation

    situation = Situation.objects.order_by("pk").first().slug
    today = datetime.date.today()
    dashboard = reverse("steering:dashboard")
    start = (today - datetime.timedelta(days=89)).isoformat()
    pages = [
        ("dashboard, 30 days", dashboard),
        ("dashboard, 12 months", f"{dashboard}?periode=12m"),
        ("dashboard, 12 m, 1 commune", f"{dashboard}?periode=12m&commune=93048"),
        ("dashboard, 12 m, 1 situation", f"{dashboard}?periode=12m&situation={situation}"),
        ("dashboard, 90 days chosen", f"{dashboard}?du={start}&au={today.isoformat()}"),
    ]
    client = logged_in_client(moderator())
    member, organisation = member_and_organisation()
    member_client = logged_in_client(member)
    figures = reverse("steering:organisation", args=[organisation.slug])
    rows = []
    for label, url, who in [
        *((label, url, client) for label, url in pages),
        ("organisation, 30 days", figures, member_client),
        ("organisation, 12 months", f"{figures}?periode=12m", member_client),
    ]:
        who.get(url)  # warm: imports, translations, connection
        times = [timed(who, url) for _ in range(runs)]
        rows.append(
            {
                "label": label,
                "p50": statistics.median(times),
                "p95": percentile(times, 0.95),
                "max": max(times),
                "queries": queries(who, url),
            }
        )
    return rows


def measure_counting(views: int, push_seconds: float) -> dict:
    """Counters on vs off on a sheet page; `push_seconds` as COUNTERS_PUSH_SECONDS (0: each
    count sent to Redis in the request, as the tests do; 1: production's default, a thread
    pushes them)."""
    from django.conf import settings
    from django.test import Client

    from core import counters

    settings.COUNTERS_PUSH_SECONDS = push_seconds

    _user, organisation = member_and_organisation()
    url = organisation.get_absolute_url()
    client = Client()
    real_count = counters.count
    client.get(url)
    on, off = [], []
    try:
        for _ in range(views):
            counters.count = real_count
            on.append(timed(client, url))
            counters.count = lambda metric, **dimensions: None
            off.append(timed(client, url))
    finally:
        counters.count = real_count
    counters.push()
    return {
        "push_seconds": push_seconds,
        "views": views,
        "on_p50": statistics.median(on),
        "off_p50": statistics.median(off),
        "on_mean": statistics.fmean(on),
        "off_mean": statistics.fmean(off),
        "on_p95": percentile(on, 0.95),
        "off_p95": percentile(off, 0.95),
    }


def report(total: int, pages: list[dict], countings: list[dict]) -> None:
    print(f"\n{total} daily counter rows ({DAYS} days); times in ms, server time (test client)")
    print(f"{'page':<30} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>8}")
    for row in pages:
        print(
            f"{row['label']:<30} {row['p50']:>7.1f} {row['p95']:>7.1f} {row['max']:>7.1f} "
            f"{row['queries']:>8}"
        )
    worst = max(row["p95"] for row in pages)
    verdict = "met" if worst <= TARGET_P95_MS else "NOT met"
    print(f"worst p95 {worst:.1f} ms (target ≤ {TARGET_P95_MS} ms): {verdict}")
    for counting in countings:
        added_p50 = counting["on_p50"] - counting["off_p50"]
        added_mean = counting["on_mean"] - counting["off_mean"]
        print(
            f"\nsheet page, COUNTERS_PUSH_SECONDS={counting['push_seconds']:g}, "
            f"{counting['views']} views each, alternating: counters on p50 "
            f"{counting['on_p50']:.2f} / p95 {counting['on_p95']:.2f}, off p50 "
            f"{counting['off_p50']:.2f} / p95 {counting['off_p95']:.2f}"
        )
        verdict = "met" if max(added_p50, added_mean) <= TARGET_ADDED_MS else "NOT met"
        print(
            f"added per page view: {added_p50:.3f} ms (medians), {added_mean:.3f} ms (means) "
            f"(target ≤ {TARGET_ADDED_MS} ms): {verdict}"
        )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 CPUs shared)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="requests per dashboard URL")
    parser.add_argument("--views", type=int, default=300, help="sheet views, on and off each")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database as it is")
    options = parser.parse_args()
    reuse = options.reuse and database_exists(BENCH_DB)
    if not reuse:
        load_demo_database(BENCH_DB, PREFIX)
    setup_django(BENCH_DB, "_bench_indicators", cache_prefix=PREFIX)
    forget_redis_keys()
    from core.models import DailyCounter

    try:
        total = DailyCounter.objects.count() if reuse else 0
        if total < 100_000:  # not a kept bench database (the demo has its own small year)
            total = insert_counters()
        pages = measure_pages(options.runs)
        # Production's default (a thread pushes the counts), then each count sent in the
        # request (COUNTERS_PUSH_SECONDS=0) for comparison.
        countings = [measure_counting(options.views, seconds) for seconds in (1.0, 0.0)]
        report(total, pages, countings)
    finally:
        forget_redis_keys()
        from django.db import connections

        connections.close_all()
        if not options.keep:
            drop_database(BENCH_DB)


if __name__ == "__main__":
    main()
