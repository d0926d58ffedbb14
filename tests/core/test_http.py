"""core.http.client_ip: X-Forwarded-For counts only behind the proxies of TRUSTED_PROXIES."""

import pytest
from allauth.account.adapter import get_adapter
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from core.http import client_ip, parse_ip

PROXY = "10.0.0.5"


def request(remote=PROXY, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    assert client_ip(request("198.51.100.7", "203.0.113.9, 192.0.2.1")) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_forwarded_client_is_used(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_a_client_cannot_prepend_a_fake_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # The client wrote "1.2.3.4"; the proxy appended the address it saw.
    assert client_ip(request(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_chains_of_trusted_proxies_and_networks_are_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    forwarded = "1.2.3.4, 203.0.113.9, 10.1.2.3, 10.9.9.9"
    assert client_ip(request(PROXY, forwarded)) == "203.0.113.9"
    assert client_ip(request("2001:db8::1", "2001:db8::2, 192.0.2.44")) == "192.0.2.44"


def test_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_invalid_values_are_ignored_safely(settings):
    settings.TRUSTED_PROXIES = [PROXY, "not-a-network", "300.1.1.1/8"]
    # Junk to the right of the real client: the walk stops, the proxy stays the client.
    assert client_ip(request(PROXY, "203.0.113.9, <script>")) == PROXY
    assert client_ip(request(PROXY, "")) == PROXY
    assert client_ip(request(PROXY, "unknown, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("", "203.0.113.9")) == ""
    assert client_ip(request("garbage", "203.0.113.9")) == ""


def test_only_trusted_hops_give_the_leftmost_one(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request(PROXY, "10.1.1.1, 10.2.2.2")) == "10.1.1.1"


def test_trusted_proxies_from_a_comma_separated_string(settings):
    settings.TRUSTED_PROXIES = f"{PROXY}, 192.0.2.0/24"
    assert client_ip(request("192.0.2.10", "203.0.113.9")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("203.0.113.7:5123", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("", None),
        ("unknown", None),
        ("1.2.3", None),
    ],
)
def test_parse_ip(value, expected):
    parsed = parse_ip(value)
    assert (str(parsed) if parsed else None) == expected


def test_login_lockout_and_allauth_limits_count_the_same_address(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    behind = request(PROXY, "1.2.3.4, 203.0.113.9")
    assert get_client_ip_address(behind) == "203.0.113.9"  # django-axes
    assert get_adapter().get_client_ip(behind) == "203.0.113.9"  # allauth's rate limits
    settings.TRUSTED_PROXIES = []
    assert get_client_ip_address(behind) == PROXY
    assert get_adapter().get_client_ip(behind) == PROXY
