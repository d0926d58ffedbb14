"""Page throughput benchmark (DESIGN.md §8: "Cached page ≥ 300 req/s"), with a real server.

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 8] [--workers 2]

It creates (or reuses) the database `maillage_bench_pages` next to the configured one,
migrates it and loads the demo data (`load_demo_data`, about a minute the first time), then
starts `gunicorn portal.wsgi` with the production settings on 127.0.0.1 (SSL redirect off:
no TLS proxy here) and drives it from a thread pool with a bounded number of requests per
page. For each page it prints p50/p95 latency and requests per second, twice:

- "uncached": a different query string on every request (`?_b=<n>`), so that no cache
  keyed by URL can answer;
- "repeat": the same URL every time, what a page cache (or a CDN) would serve.

The ratio repeat/uncached shows what caching brings. The development database is never
touched.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "maillage_bench_pages"
PAGES = {
    "home": "/",
    "directory": "/annuaire/",
    "search": "/recherche/?q=aide+%C3%A0+domicile",
    "agenda": "/agenda/",
    "static CSS (whitenoise)": None,  # filled at run time: the hashed main.css
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_database_url() -> str:
    import environ

    env = environ.Env()
    environ.Env.read_env(ROOT / ".env")
    url = env.db_url("DATABASE_URL", default="postgres://maillage@127.0.0.1:5544/maillage")
    auth = url["USER"] + (f":{url['PASSWORD']}" if url.get("PASSWORD") else "")
    return f"postgres://{auth}@{url['HOST']}:{url['PORT']}/{BENCH_DB}"


def run(args: list[str], env: dict) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def prepare_database(env: dict) -> None:
    import psycopg

    base = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
    dev_env = {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    run(["manage.py", "migrate", "--noinput", "-v", "0"], dev_env)
    started = time.monotonic()
    run(["manage.py", "load_demo_data"], dev_env)
    print(f"demo data ready in {time.monotonic() - started:.0f} s")
    run(["manage.py", "collectstatic", "--noinput", "-v", "0"], env)


def get(url: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        body = response.read()
        status = response.status
    return time.perf_counter() - started, status, len(body)


def measure(base: str, path: str, requests: int, concurrency: int, bust: bool) -> dict:
    separator = "&" if "?" in path else "?"
    urls = [f"{base}{path}{separator}_b={n}" if bust else f"{base}{path}" for n in range(requests)]
    for url in urls[: concurrency * 2]:  # warm the workers (imports, connections)
        get(url)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(get, urls))
    elapsed = time.perf_counter() - started
    latencies = sorted(r[0] * 1000 for r in results)
    statuses = {r[1] for r in results}
    return {
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "rps": requests / elapsed,
        "statuses": statuses,
        "kb": results[0][2] / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-setup", action="store_true", help="reuse the bench database")
    options = parser.parse_args()

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://maillage.example",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_KEY_PREFIX": "maillage-bench-pages",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
    }
    if not options.skip_setup:
        prepare_database(env)
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(options.workers), "--threads", "1", "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(base + "/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        html = urllib.request.urlopen(base + "/").read().decode()  # noqa: S310 (loopback)
        css = html.split('href="/static/css/main', 1)[1].split('"', 1)[0]
        PAGES["static CSS (whitenoise)"] = "/static/css/main" + css
        print(
            f"gunicorn {options.workers} workers on {os.cpu_count()} CPUs, "
            f"{options.requests} requests per page, concurrency {options.concurrency}\n"
        )
        header = f"{'page':26} {'mode':9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'KB':>6}"
        print(header)
        print("-" * len(header))
        for name, path in PAGES.items():
            row = {}
            for mode, bust in (("uncached", True), ("repeat", False)):
                result = measure(base, path, options.requests, options.concurrency, bust)
                row[mode] = result
                print(
                    f"{name:26} {mode:9} {result['p50']:8.1f} {result['p95']:8.1f} "
                    f"{result['rps']:8.0f} {result['kb']:6.1f}  {sorted(result['statuses'])}"
                )
            ratio = row["repeat"]["rps"] / row["uncached"]["rps"]
            print(f"{'':26} {'ratio':9} repeat/uncached = {ratio:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
