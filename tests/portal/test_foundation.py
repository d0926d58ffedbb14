import importlib
import logging

import pytest
from django.test import Client

from accounts.models import User


@pytest.mark.parametrize("mode", ["dev", "test", "production"])
def test_settings_load_in_each_mode(mode, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "maillage.example")
    monkeypatch.setenv("SITE_URL", "https://maillage.example")
    module = importlib.import_module(f"portal.settings.{mode}")
    module = importlib.reload(module)
    assert module.LANGUAGE_CODE == "fr"
    assert module.TIME_ZONE == "Europe/Paris"
    assert ("en", "English") in [(code, str(name)) for code, name in module.LANGUAGES]
    assert module.CELERY_TASK_ACKS_LATE is True
    assert module.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    if mode == "production":
        assert module.DEBUG is False
        assert module.SESSION_COOKIE_SECURE and module.CSRF_COOKIE_SECURE
        assert module.SECURE_HSTS_SECONDS >= 31_536_000


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ALLOWED_HOSTS", "maillage.example")
    import environ

    with pytest.raises(environ.ImproperlyConfigured):
        importlib.reload(importlib.import_module("portal.settings.production"))


@pytest.mark.django_db
def test_health_reports_every_dependency_to_staff(client: Client, celery_worker):
    client.force_login(User.objects.create_user("exploitant@example.org", "x", is_staff=True))
    response = client.get("/health/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "redis": "ok", "celery": "ok"}


@pytest.mark.django_db
def test_health_fails_when_redis_is_down(client: Client, settings):
    # Nothing listens on port 1: the Redis check must fail and the endpoint say so.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    client.force_login(User.objects.create_user("exploitant@example.org", "x", is_staff=True))
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["redis"].startswith("error")
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_the_public_sees_the_health_status_but_no_connection_error(
    client: Client, settings, caplog
):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with caplog.at_level(logging.WARNING, logger="portal.health"):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded"}
    assert "127.0.0.1" not in response.content.decode()
    # The details stay in the logs for the operators.
    assert "health check redis failed: error: ConnectionError" in caplog.text
    client.force_login(User.objects.create_user("membre@example.org", "x"))
    assert client.get("/health/").json() == {"status": "degraded"}


@pytest.mark.django_db(transaction=True)
def test_celery_task_runs_in_the_real_worker(celery_worker):
    from portal.tasks import ping

    result = ping.delay("maillage")
    assert result.get(timeout=30) == "pong:maillage"


@pytest.mark.django_db(transaction=True)
def test_heartbeat_task_writes_to_the_shared_cache(celery_worker):
    from django.core.cache import cache

    from portal.tasks import HEARTBEAT_KEY, heartbeat

    cache.delete(HEARTBEAT_KEY)
    written = heartbeat.delay().get(timeout=30)
    assert cache.get(HEARTBEAT_KEY) == written
