"""core.ratelimit: one fixed-window limiter, per account or per client address."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from core.ratelimit import hit, parse_rate, ratelimit, visitor_key
from tests.accounts.factories import UserFactory, clear_test_cache


@pytest.fixture(autouse=True)
def fresh_counters():
    clear_test_cache()
    yield
    clear_test_cache()


@pytest.mark.parametrize(
    ("rate", "expected"), [("20/h", (20, 3600)), ("5/m", (5, 60)), ("3/d", (3, 86400))]
)
def test_parse_rate(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["20", "20/y", "x/h", "-1/h", ""])
def test_a_bad_rate_is_a_clear_error(rate):
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate(rate)


def test_hit_counts_in_a_fixed_window_then_refuses():
    now = 1_000_000.0
    decisions = [hit("test:window", 3, 60, now=now + n) for n in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[-1].retry_after == 17  # now is second 40 of its minute; hit at 43
    # The next window starts afresh.
    assert hit("test:window", 3, 60, now=now + 60).allowed


def test_keys_are_counted_apart():
    assert [hit("test:a", 1, 60).allowed for _ in range(2)] == [True, False]
    assert hit("test:b", 1, 60).allowed


def _request(user=None, **meta):
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7", **meta)
    request.user = user or AnonymousUser()
    request.csp_nonce = "nonce"  # set by django-csp's middleware on every real request
    return request


@pytest.mark.django_db
def test_visitors_are_counted_per_account_when_logged_in():
    user = UserFactory()
    assert visitor_key(_request(user)) == f"user:{user.pk}"
    assert visitor_key(_request()) == "ip:198.51.100.7"
    assert visitor_key(_request(HTTP_X_FORWARDED_FOR="203.0.113.1")) == "ip:198.51.100.7"


@pytest.mark.django_db
def test_decorated_view_answers_429_with_retry_after():
    @ratelimit("test-view", "2/m", template="accounts/rate_limited.html")
    def view(request):
        return HttpResponse("ok")

    statuses = [view(_request(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")) for n in range(3)]
    assert [response.status_code for response in statuses] == [200, 200, 429]
    assert 1 <= int(statuses[-1]["Retry-After"]) <= 60
    assert "Trop de demandes" in statuses[-1].content.decode()
    # GET is not counted unless asked.
    get = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    get.user = AnonymousUser()
    assert view(get).status_code == 200
