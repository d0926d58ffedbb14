"""Nobody can lock a chosen account out: failures sent from several addresses block the
account for unknown browsers only; the owner still logs in from a browser where they logged
in before, or after following a password reset link."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.lockout import KNOWN_DEVICE_COOKIE
from tests.accounts.factories import PASSWORD, UserFactory, clear_test_cache

OWNER_IP = "203.0.113.7"
ATTACKER_IPS = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
NEW_PASSWORD = "un-nouveau-mot-de-passe-93!"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_test_cache()
    yield
    clear_test_cache()


def browser(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def log_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def attack(email: str) -> None:
    """Twelve wrong passwords from three addresses: four each, under django-axes' limit
    per address, above allauth's limit per account (10 in 15 minutes)."""
    for attempt in range(12):
        log_in(browser(ATTACKER_IPS[attempt % 3]), email, f"devine-{attempt}")


@pytest.fixture
def owner(db):
    return UserFactory(email="gardienne@exemple.fr")


@pytest.mark.django_db
def test_an_attacker_from_several_addresses_locks_the_account_for_unknown_browsers(owner):
    attack(owner.email)
    stranger = browser(OWNER_IP)
    response = log_in(stranger, owner.email, PASSWORD)
    assert response.status_code == 200
    assert not logged_in(stranger)
    assert KNOWN_DEVICE_COOKIE not in response.cookies


@pytest.mark.django_db
def test_the_owner_still_logs_in_from_a_browser_they_used_before(owner):
    own_browser = browser(OWNER_IP)
    first = log_in(own_browser, owner.email, PASSWORD)
    assert first.status_code == 302
    cookie = first.cookies[KNOWN_DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    own_browser.post(reverse("account_logout"))
    assert not logged_in(own_browser)

    attack(owner.email)
    response = log_in(own_browser, owner.email, PASSWORD)
    assert response.status_code == 302
    assert logged_in(own_browser)
    # The cookie names this account only: another account stays locked in that browser.
    other = UserFactory(email="voisin@exemple.fr")
    attack(other.email)
    own_browser.post(reverse("account_logout"))
    assert log_in(own_browser, other.email, PASSWORD).status_code == 200
    assert not logged_in(own_browser)
    # A forged cookie is worth nothing.
    forger = browser(OWNER_IP)
    forger.cookies[KNOWN_DEVICE_COOKIE] = cookie.value[:-3] + "abc"
    assert log_in(forger, other.email, PASSWORD).status_code == 200


@pytest.mark.django_db
def test_a_password_change_forgets_the_known_browsers(owner):
    own_browser = browser(OWNER_IP)
    assert log_in(own_browser, owner.email, PASSWORD).status_code == 302
    own_browser.post(reverse("account_logout"))
    owner.set_password(NEW_PASSWORD)
    owner.save()
    attack(owner.email)
    assert log_in(own_browser, owner.email, NEW_PASSWORD).status_code == 200
    assert not logged_in(own_browser)


@pytest.mark.django_db
def test_after_a_reset_link_the_owner_logs_in_anywhere(owner):
    # django-axes' pair (account, address) is locked too when the owner shares the
    # attacker's address (a public Wi-Fi): five failures from there.
    shared = browser(ATTACKER_IPS[0])
    for attempt in range(5):
        log_in(shared, owner.email, f"encore-{attempt}")
    assert log_in(shared, owner.email, PASSWORD).status_code == 429
    attack(owner.email)
    assert (
        not logged_in(shared)
        and log_in(browser(OWNER_IP), owner.email, PASSWORD).status_code == 200
    )

    requester = browser(OWNER_IP)
    requester.post(reverse("account_reset_password"), {"email": owner.email})
    [message] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/comptes/password/reset/key/\S+)", message.body).group(1)
    form_url = requester.get(path).url
    response = requester.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.url == reverse("account_reset_password_from_key_done")

    for anywhere in (browser("192.0.2.55"), browser(ATTACKER_IPS[0])):
        response = log_in(anywhere, owner.email, NEW_PASSWORD)
        assert response.status_code == 302
        assert logged_in(anywhere)
