"""Test settings: real PostgreSQL, real Redis, real Celery worker (see tests/conftest.py)."""

import os
import sys

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, LOGGING, TEMPLATES, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Several test runs can share one PostgreSQL/Redis: each gets its own database name,
# cache key prefix and Celery queue (set TEST_RUN_ID to separate them).
# Under pytest-xdist each worker process gets its own suffix too (pytest-django also
# suffixes the database name with the worker id).
TEST_RUN_ID = env("TEST_RUN_ID", default="") + os.environ.get("PYTEST_XDIST_WORKER", "")
DATABASES["default"]["TEST"] = {"NAME": f"test_maillage{TEST_RUN_ID}"}
DATABASES["default"]["CONN_MAX_AGE"] = 0
CACHES["default"]["KEY_PREFIX"] = f"maillage-test{TEST_RUN_ID}"
CELERY_TASK_DEFAULT_QUEUE = f"maillage-test{TEST_RUN_ID}"
# In-process mail goes to django.core.mail.outbox; the Celery worker started by the tests
# gets EMAIL_URL pointing at the loopback SMTP sink (tests/conftest.py) instead.
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
GEOCODER = env("GEOCODER", default="centroid")
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One media folder per test run and xdist worker: built PDFs must not collide.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=f"/tmp/maillage-test-media{TEST_RUN_ID}")  # noqa: S108
PRIVATE_MEDIA_ROOT = f"/tmp/maillage-test-private{TEST_RUN_ID}"  # noqa: S108
LOGGING["root"]["level"] = "WARNING"


class UndefinedTemplateVariable(Exception):
    """A template of the project named a variable its context does not have."""


class FailOnUndefinedVariable(str):
    """`string_if_invalid` that makes an unknown variable in one of our templates fail the test
    (pytest-django's `--fail-on-template-vars`, limited to templates/: Django's and Wagtail's
    own templates are not ours to fix, and there it stays a falsy "" so their `|default`
    filters apply as in production). `{% if %}`, `{% for %}` and `{% firstof %}` test
    presence and never reach it; in our templates `|default` does not save a missing variable
    (Django skips filters then): pass the variable, or use `{% if %}` / `{% firstof %}`."""

    def __bool__(self) -> bool:
        return _in_project_template()  # Django then asks whether "%s" is in us

    def __contains__(self, key: str) -> bool:
        return key == "%s" and _in_project_template()

    def __mod__(self, variable) -> str:
        raise UndefinedTemplateVariable(f"{variable!r} is undefined in {_rendering_origin()}")


def _in_project_template() -> bool:
    origin = _rendering_origin()
    return origin is not None and origin.startswith(PROJECT_TEMPLATES)


def _rendering_origin() -> str | None:
    """The file of the innermost template node being rendered."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "render_annotated":
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            return getattr(origin, "name", None)
        frame = frame.f_back
    return None


PROJECT_TEMPLATES = str(BASE_DIR / "templates")
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = FailOnUndefinedVariable()
AXES_ENABLED = True
# The anonymous page cache is off in tests (they change data between identical GETs);
# tests/core/test_pagecache.py turns it on.
PAGECACHE_TIMEOUT = 0
# Each count goes to Redis at once: a test reads what it counted without waiting for a thread.
COUNTERS_PUSH_SECONDS = 0
