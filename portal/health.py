"""`/health/`: is the database, Redis and a Celery worker reachable? JSON, 200 or 503.

The public (load balancers, uptime probes) gets the status only; connection errors name hosts,
ports and drivers, so their details go to the logs and to staff."""

import logging
import time

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .celery import app as celery_app


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


def check_celery() -> None:
    replies = celery_app.control.ping(timeout=1.0, limit=1)
    if not replies:
        raise RuntimeError("no Celery worker answered")


logger = logging.getLogger(__name__)

CHECKS = {"database": check_database, "redis": check_redis, "celery": check_celery}


def _is_staff(request) -> bool:
    # The user is loaded from the database: when the database is the one down, the visitor is
    # treated as the public (the check still answers).
    try:
        return bool(request.user.is_authenticated and request.user.is_staff)
    except Exception:
        return False


@never_cache
def health(request):
    started = time.monotonic()
    results = {}
    for name, check in CHECKS.items():
        if name == "celery" and results.get("redis") != "ok":
            results[name] = "skipped: broker unreachable"
            continue
        try:
            check()
        except Exception as exc:
            results[name] = f"error: {type(exc).__name__}: {exc}"
            logger.warning("health check %s failed: %s", name, results[name])
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    body = {"status": "ok" if healthy else "degraded"}
    if _is_staff(request):
        body["checks"] = results
        body["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
    return JsonResponse(body, status=200 if healthy else 503)
