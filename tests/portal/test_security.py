"""Security: login brute force (django-axes with allauth), CSP, production settings."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory, after_login_url, clear_test_cache, text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_test_cache()
    yield
    clear_test_cache()


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_failures_lock_the_account_even_with_the_right_password(client):
    user = UserFactory(email="alice@exemple.fr")
    for attempt in range(4):
        response = login(client, user.email, f"mauvais-{attempt}")
        assert response.status_code == 200
        assert "L’adresse e-mail ou le mot de passe sont incorrects" in text(response)
    response = login(client, user.email, "mauvais-5")
    assert response.status_code == 429
    page = text(response)
    assert "Connexion temporairement bloquée" in page
    assert "Après 5 essais infructueux" in page
    assert "Réessayez dans 15 minutes" in page

    response = login(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in text(response)
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_lockout_counts_an_address_whatever_its_case(client):
    user = UserFactory(email="bruno@exemple.fr")
    for attempt, email in enumerate(
        ["bruno@exemple.fr", "BRUNO@exemple.fr", "Bruno@Exemple.fr", "bruno@EXEMPLE.FR"]
    ):
        assert login(client, email, f"mauvais-{attempt}").status_code == 200
    assert login(client, "bRuNo@exemple.fr", "mauvais").status_code == 429
    assert login(client, user.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_lockout_is_lifted_after_the_cool_off(client):
    user = UserFactory(email="chloe@exemple.fr")
    for attempt in range(5):
        login(client, user.email, f"mauvais-{attempt}")
    assert login(client, user.email, PASSWORD).status_code == 429
    # Fifteen minutes later (AXES_COOLOFF_MINUTES), the right password works again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response.url == after_login_url()
    assert is_logged_in(client)


@pytest.mark.django_db
def test_lockout_is_per_account_and_address(client):
    locked = UserFactory(email="denis@exemple.fr")
    other = UserFactory(email="emma@exemple.fr")
    for attempt in range(5):
        login(client, locked.email, f"mauvais-{attempt}")
    assert login(client, locked.email, PASSWORD).status_code == 429
    # Same address, another account: not locked by someone else's failures.
    response = login(client, other.email, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_a_success_resets_the_failure_counter(client):
    user = UserFactory(email="farid@exemple.fr")
    for attempt in range(4):
        login(client, user.email, f"mauvais-{attempt}")
    assert login(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    for attempt in range(4):
        assert login(client, user.email, f"encore-{attempt}").status_code == 200
    assert login(client, user.email, PASSWORD).status_code == 302


def csp_of(response) -> str:
    return response.headers["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/comptes/login/", "/comptes/signup/"])
def test_public_pages_have_a_nonce_based_csp(client, url):
    from demo.home import ensure_home_page

    ensure_home_page()
    response = client.get(url)
    assert response.status_code == 200
    policy = csp_of(response)
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    # Every inline script of the page carries the nonce of this response.
    html = text(response)
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert scripts, "the base template has an inline script"
    for attributes in scripts:
        assert f'nonce="{nonce}"' in attributes
    assert " style=" not in html


@pytest.mark.django_db
def test_csp_nonce_changes_on_every_response(client):
    first = re.search(r"'nonce-([^']+)'", csp_of(client.get("/comptes/login/"))).group(1)
    second = re.search(r"'nonce-([^']+)'", csp_of(client.get("/comptes/login/"))).group(1)
    assert first != second


@pytest.mark.django_db
def test_admin_is_excluded_from_the_csp(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers


@pytest.mark.django_db
def test_lockout_page_is_served_with_the_csp(client):
    user = UserFactory()
    for attempt in range(5):
        response = login(client, user.email, f"mauvais-{attempt}")
    assert response.status_code == 429
    assert "'nonce-" in csp_of(response)


def production_env(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is set for Playwright by tests/browser/conftest.py when
        # both run in one process; production must run without it (async.E001).
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "SECURE_HSTS_SECONDS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "maillage.example",
            "SITE_URL": "https://maillage.example",
            "DATABASE_URL": "postgres://maillage@127.0.0.1:5544/maillage",
            "REDIS_URL": "redis://127.0.0.1:6390/0",
        }
    )
    env.update(overrides)
    return env


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=portal.settings.production",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = deploy_check(production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_catches_a_weakened_production_setting():
    # The check above is meaningful: turning HSTS off in production makes it fail.
    result = deploy_check(production_env(SECURE_HSTS_SECONDS="0"))
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_production_refuses_a_plain_http_site_url():
    result = deploy_check(production_env(SITE_URL="http://maillage.example"))
    assert result.returncode != 0
    assert "SITE_URL must be an https:// address" in result.stderr


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31_536_000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_production_headers_and_secure_cookies(client):
    user = UserFactory()
    response = client.get(reverse("account_login"), secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.cookies["csrftoken"]["secure"]
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
