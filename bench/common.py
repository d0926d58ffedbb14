"""What several benchmarks share: percentiles and their own throw-away databases, next to the
database DATABASE_URL names (the project-local PostgreSQL by default), never that one."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values, fraction):
    """The value at `fraction` (0–1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def base_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://maillage@127.0.0.1:5544/maillage")


def database_url(name: str) -> str:
    """The URL of the database `name` on the same server."""
    return base_url().rsplit("/", 1)[0] + f"/{name}"


def admin_connection():
    import psycopg

    return psycopg.connect(database_url("postgres"), autocommit=True)


def database_exists(name: str) -> bool:
    with admin_connection() as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return row.fetchone() is not None


def drop_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(name: str) -> None:
    """A fresh, empty database `name` (dropped first if it exists)."""
    drop_database(name)
    with admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def load_demo_database(name: str, queue: str) -> None:
    """A fresh database `name` with the demo data, migrated and loaded by child processes with
    the dev settings (as bench/pages.py); the tasks queued while loading go to the Celery queue
    `queue` (also the cache key prefix), which the caller empties afterwards."""
    create_database(name)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "CELERY_QUEUE": queue,
        "CACHE_KEY_PREFIX": queue,
    }
    started = time.monotonic()
    for args in (["migrate", "--noinput", "-v", "0"], ["load_demo_data"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    print(f"demo data ready in {time.monotonic() - started:.0f} s", flush=True)


def setup_django(name: str, run_id: str, cache_prefix: str | None = None) -> None:
    """Django in this process on the benchmark's database `name` (test settings), with
    persistent connections as in production (test settings close them after each request)."""
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    if cache_prefix:
        os.environ["CACHE_KEY_PREFIX"] = cache_prefix
    os.environ.setdefault("TEST_RUN_ID", run_id)
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["CONN_MAX_AGE"] = 60
