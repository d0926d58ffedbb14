"""What several benchmarks share: percentiles and their own throw-away databases, next to the
database DATABASE_URL names (the project-local PostgreSQL by default), never that one."""

import os


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
