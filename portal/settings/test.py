"""Test settings: real PostgreSQL, real Redis, real Celery worker (see tests/conftest.py)."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, LOGGING, env

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
LOGGING["root"]["level"] = "WARNING"
# Unknown template variables fail loudly in tests (STYLE.md): see tests/conftest.py.
AXES_ENABLED = True
# The anonymous page cache is off in tests (they change data between identical GETs);
# tests/core/test_pagecache.py turns it on.
PAGECACHE_TIMEOUT = 0
