"""Load test (issue #10, DESIGN.md §8): 20 concurrent users against gunicorn with 2 workers.

    .venv/bin/python bench/load.py [--users 20] [--requests 3000] [--seconds 120]
                                   [--think 0] [--docs 100000] [--workers 2] [--skip-setup]

Targets: anonymous cached pages ≥ 300 req/s, search page p95 ≤ 200 ms at 20 concurrent
users, no errors.

Setup (skipped with --skip-setup, except the API tokens): the database `maillage_bench_load`
is prepared like bench/pages.py's (migrations, demo data, collectstatic: its
`prepare_database`), then filled up to `--docs` search documents with bench/search.py's
generator (ids `bench-<n>`, next to the demo's own documents). Twenty partner API tokens are
issued, one per simulated user (the partner rate limit is per token, as for twenty partners).

Then `gunicorn portal.wsgi` runs with the production settings (SSL redirect off, page cache
on: PAGECACHE_TIMEOUT=60) on 127.0.0.1 and two phases are driven from a thread pool, each
bounded by a number of requests and a time limit:

1. "cached pages": the users only read anonymous pages the page cache serves (home,
   agenda, directory, guides, a few organisation pages), after one warm-up pass;
2. "mix": what a crowd does — searches (each with a different query string, so none is
   answered by the page cache: the search itself is measured), directory and guide pages,
   organisation sheets, the JSON API (/api/v1/…) and the cached home/agenda pages;
3. "search only": every user searching, nothing else.

Users send their next request as soon as the previous answer arrives (a stress test), or
after a pause of `--think` seconds on average (people reading pages).

For each endpoint it prints p50/p95 latency, requests per second, the error rate (anything
but 2xx/3xx, or a connection failure) and the share answered by the page cache; for each
phase the gunicorn workers' CPU time per request (from /proc: a figure that holds on a busy
machine, unlike latencies); then one line against the targets (search p95: phase 2). Only
127.0.0.1 is ever contacted. The development database is never touched.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pages as page_bench  # noqa: E402
from bench import search as search_bench  # noqa: E402

LOAD_DB = "maillage_bench_load"
TOKENS = 20
TARGET_CACHED_RPS = 300
TARGET_SEARCH_P95_MS = 200

# (endpoint, weight) of the mix; URLs are drawn per request in `draw`.
MIX = [
    ("search", 30),
    ("directory list", 10),
    ("organisation", 15),
    ("guide", 10),
    ("api", 15),
    ("home (cached)", 10),
    ("agenda (cached)", 10),
]
SEARCH_WORDS = [q for group in search_bench.QUERIES.values() for q in group]
API_PATHS = [
    "/api/v1/organisations",
    "/api/v1/services",
    "/api/v1/evenements",
    "/api/v1/communes",
    "/api/v1/offres",
]


# --- data (runs in a child process with Django set up on the bench database) -----------------
def prepare_data(docs: int) -> None:
    """Top the search index up to `docs` documents, issue the API tokens, list page URLs;
    prints one JSON line."""
    search_bench.setup_django(os.environ["DATABASE_URL"])
    from django.db import connection

    from api.models import ApiToken
    from directory.models import Organisation
    from guides.models import GuidePage
    from search.backends.postgres import PostgresBackend
    from search.models import SearchDocument

    existing = SearchDocument.objects.count()
    missing = docs - existing
    if missing > 0:
        started = time.monotonic()
        backend = PostgresBackend()
        batch = []
        for kind, number, doc in search_bench.generate(missing):
            batch.append((kind, f"bench-{number}", doc))
            if len(batch) == 2000:
                backend.index_documents(batch)
                batch = []
        backend.index_documents(batch)
        backend.rebuild_lexicon()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
            cursor.execute("VACUUM ANALYZE search_searchterm")
        print(
            f"{missing} generated documents added in {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )
    organisations = Organisation.objects.published().order_by("pk")
    # Keys spread over several partners: each organisation holds a capped number of keys.
    partners = list(organisations[:TOKENS])
    ApiToken.objects.filter(name__startswith="bench-load").delete()
    keys = [
        ApiToken.issue(partners[n % len(partners)], f"bench-load-{n}")[1] for n in range(TOKENS)
    ]
    print(
        json.dumps(
            {
                "documents": SearchDocument.objects.count(),
                "tokens": keys,
                "organisations": [
                    f"/annuaire/organisations/{slug}/"
                    for slug in organisations.values_list("slug", flat=True)
                ],
                "guides": [page.url for page in GuidePage.objects.live().public()],
            }
        )
    )


def run_prepare(env: dict, docs: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--prepare-data", str(docs)],
        cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- traffic ----------------------------------------------------------------------------------
class Driver:
    def __init__(self, port: int, data: dict, think: float = 0.0):
        self.port = port
        self.think = think
        self.data = data
        self.counter = 0
        self.lock = threading.Lock()

    def next_number(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def draw(self, endpoint: str, rng: random.Random) -> tuple[str, dict]:
        if endpoint == "search":
            spec = rng.choice(SEARCH_WORDS)
            text, filters, radius = search_bench.parse_spec(spec)
            params = {"q": text, **filters, "_b": str(self.next_number())}
            if radius:
                params.update(pres_de="93010", rayon=str(int(radius)))
            return "/recherche/?" + urlencode(params), {}
        if endpoint == "organisation":
            return rng.choice(self.data["organisations"]), {}
        if endpoint == "guide":
            return rng.choice(self.data["guides"] or ["/guides/"]), {}
        if endpoint == "api":
            token = self.data["tokens"][rng.randrange(len(self.data["tokens"]))]
            return rng.choice(API_PATHS), {"Authorization": f"Bearer {token}"}
        return {
            "directory list": "/annuaire/",
            "home (cached)": "/",
            "agenda (cached)": "/agenda/",
        }[endpoint], {}

    def get(self, path: str, headers: dict) -> tuple[float, int, bool]:
        """(latency in s, status or 0 if the connection failed, served by the page cache)."""
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        hit = False
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = connection.getresponse()
            response.read()
            status = response.status
            hit = response.getheader("X-Page-Cache") == "hit"
        except OSError:
            status = 0
        finally:
            connection.close()
        return time.perf_counter() - started, status, hit

    def phase(self, mix, users: int, requests: int, seconds: float) -> tuple[dict, float]:
        """`users` threads, each drawing endpoints from `mix`, until `requests` requests were
        sent or `seconds` passed. Returns ({endpoint: [(latency, status)]}, elapsed)."""
        names = [name for name, weight in mix for _ in range(weight)]
        results: dict[str, list] = defaultdict(list)
        sent = 0
        deadline = time.monotonic() + seconds
        lock = threading.Lock()

        def user(number: int) -> None:
            nonlocal sent
            rng = random.Random(number)
            while True:
                with lock:
                    if sent >= requests or time.monotonic() > deadline:
                        return
                    sent += 1
                endpoint = rng.choice(names)
                path, headers = self.draw(endpoint, rng)
                sample = self.get(path, headers)
                with lock:
                    results[endpoint].append(sample)
                if self.think:  # a person reading the page (uniform, mean `think`)
                    time.sleep(rng.uniform(0, 2 * self.think))

        started = time.perf_counter()
        with ThreadPoolExecutor(users) as pool:
            list(pool.map(user, range(users)))
        return results, time.perf_counter() - started


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU time of the gunicorn workers (children of `master`), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid; utime and stime are fields 14 and 15 of stat
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def percentile(values: list[float], fraction: float) -> float:
    return search_bench.percentile(values, fraction)


def report(title: str, results: dict, elapsed: float, cpu: float) -> dict:
    count = sum(map(len, results.values()))
    print(f"\n{title}: {count} requests in {elapsed:.1f} s")
    header = (
        f"{'endpoint':18} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'errors':>7} "
        f"{'cached':>7}"
    )
    print(header)
    print("-" * len(header))
    rows = {}
    everything = []
    for endpoint in sorted(results):
        samples = results[endpoint]
        everything += samples
        rows[endpoint] = summarise(samples, elapsed)
        print_row(endpoint, rows[endpoint])
    rows["all"] = summarise(everything, elapsed)
    print_row("all", rows["all"])
    per_request = 1000 * cpu / count
    rows["all"]["cpu_ms"] = per_request
    print(
        f"gunicorn workers' CPU: {per_request:.1f} ms per request (PostgreSQL and Redis not "
        f"counted): {len(os.sched_getaffinity(0))} CPUs given to gunicorn alone would serve about "
        f"{len(os.sched_getaffinity(0)) * 1000 / per_request:.0f} req/s of this traffic"
    )
    return rows


def summarise(samples: list, elapsed: float) -> dict:
    latencies = [s[0] * 1000 for s in samples]
    errors = sum(1 for s in samples if not 200 <= s[1] < 400)
    return {
        "n": len(samples),
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "rps": len(samples) / elapsed,
        "errors": errors,
        "statuses": sorted({s[1] for s in samples}),
        "cached": sum(1 for s in samples if s[2]) / len(samples),
    }


def print_row(name: str, row: dict) -> None:
    rate = 100 * row["errors"] / row["n"]
    print(
        f"{name:18} {row['n']:6} {row['p50']:8.1f} {row['p95']:8.1f} {row['rps']:8.0f} "
        f"{rate:6.1f}% {100 * row['cached']:6.0f}%  {row['statuses']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=3000, help="per phase")
    parser.add_argument("--seconds", type=float, default=120, help="per phase, at most")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean pause of a user between two requests (s)"
    )
    parser.add_argument("--skip-setup", action="store_true", help="reuse the bench database")
    parser.add_argument("--prepare-data", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare_data:
        prepare_data(options.prepare_data)
        return

    # bench/pages.py's helpers, pointed at this bench's own database.
    page_bench.BENCH_DB = LOAD_DB
    port = page_bench.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": page_bench.bench_database_url(),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://maillage.example",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_KEY_PREFIX": "maillage-bench-load",
        "PAGECACHE_TIMEOUT": "60",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
    }
    if not options.skip_setup:
        page_bench.prepare_database(env)
    data = run_prepare(env, options.docs)
    print(
        f"{data['documents']} search documents, {len(data['organisations'])} organisation "
        f"pages, {len(data['guides'])} guides"
    )
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(options.workers), "--threads", "1", "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    driver = Driver(port, data, options.think)
    try:
        deadline = time.monotonic() + 60
        while driver.get("/", {})[1] != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)
        print(
            f"gunicorn {options.workers} workers on {os.cpu_count()} CPUs (shared with this "
            f"client), {options.users} users (think time {options.think:g} s), "
            f"≤ {options.requests} requests and "
            f"≤ {options.seconds:.0f} s per phase"
        )
        cached_mix = [
            ("home (cached)", 1),
            ("agenda (cached)", 1),
            ("directory list", 1),
            ("guide", 1),
        ]
        # Warm-up: every cached URL once (and the workers' imports and connections).
        for path in ["/", "/agenda/", "/annuaire/", *data["guides"]]:
            driver.get(path, {})
        phases = {}
        for name, title, mix in (
            ("cached", "Phase 1 — cached anonymous pages", cached_mix),
            ("mix", "Phase 2 — mix (search uncached by design)", MIX),
            ("search", "Phase 3 — search only (uncached)", [("search", 1)]),
        ):
            cpu = workers_cpu_seconds(server.pid)
            results, elapsed = driver.phase(mix, options.users, options.requests, options.seconds)
            cpu = workers_cpu_seconds(server.pid) - cpu
            phases[name] = report(title, results, elapsed, cpu)
        cached, mix = phases["cached"], phases["mix"]
    finally:
        server.terminate()
        server.wait(timeout=30)

    cached_rps = cached["all"]["rps"]
    search_p95 = mix["search"]["p95"]
    errors_search = phases["search"]["all"]["errors"]
    errors = cached["all"]["errors"] + mix["all"]["errors"] + errors_search
    verdict = (
        f"cached pages {cached_rps:.0f} req/s (target ≥ {TARGET_CACHED_RPS}: "
        f"{'met' if cached_rps >= TARGET_CACHED_RPS else 'NOT met'}) — "
        f"search p95 {search_p95:.0f} ms at {options.users} users (target ≤ "
        f"{TARGET_SEARCH_P95_MS}: {'met' if search_p95 <= TARGET_SEARCH_P95_MS else 'NOT met'})"
        f" — {errors} errors (target 0: {'met' if errors == 0 else 'NOT met'})"
    )
    print("\n" + verdict)


if __name__ == "__main__":
    main()
