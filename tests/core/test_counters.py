"""core.counters: daily aggregate counters, flushed from Redis by the Celery beat task, that
never hold a person's identifier (issue #18, item 1)."""

import datetime
import ipaddress
import logging
import os
import re

import pytest
from celery import current_app
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from core import counters
from core.models import CounterFlush, DailyCounter, MonthlyCounter
from tests.accounts.factories import clear_test_cache
from tests.conftest import wait_until
from tests.directory.factories import OrganisationFactory, ServiceFactory
from tests.orientation.factories import SituationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_counters():
    clear_test_cache()
    yield
    clear_test_cache()


def rows(metric: str) -> dict:
    """{frozenset of dimension items: value} of today's rows of `metric`."""
    return {
        frozenset(row.dimensions.items()): row.value
        for row in DailyCounter.objects.filter(metric=metric, day=counters.today())
    }


def value(metric: str, **dimensions) -> int:
    wanted = frozenset((k, str(v)) for k, v in dimensions.items())
    return rows(metric).get(wanted, 0)


def test_each_event_is_counted_once_through_the_flush_task(celery_worker):
    counters.count("orientation", situation="isolement", commune="93048", answers=3)
    counters.count("orientation", situation="isolement", commune="93048", answers=3)
    counters.count("orientation", situation="isolement", commune="93066", answers=0)
    current_app.send_task("core.flush_counters")
    assert wait_until(
        lambda: value("orientation", situation="isolement", commune="93048", answers=3) == 2
    )
    assert value("orientation", situation="isolement", commune="93066", answers=0) == 1
    assert sum(rows("orientation").values()) == 3


def test_flushing_again_adds_nothing_and_later_counts_add_up():
    counters.count("sheet_view", kind="organisation", organisation=7)
    assert counters.flush() == 1
    assert counters.flush() == 0
    assert value("sheet_view", kind="organisation", organisation=7) == 1
    counters.count("sheet_view", kind="organisation", organisation=7)
    counters.flush()
    assert value("sheet_view", kind="organisation", organisation=7) == 2
    assert DailyCounter.objects.count() == 1


def test_a_flush_adds_the_counts_to_their_month_too_and_the_purge_forgets_old_months():
    counters.count("sheet_view", kind="organisation", organisation=7)
    counters.count("sheet_view", kind="organisation", organisation=7)
    counters.flush()
    counters.count("sheet_view", kind="organisation", organisation=7)
    counters.flush()
    [month] = MonthlyCounter.objects.all()
    assert month.month == counters.today().replace(day=1)
    assert (month.metric, month.dimensions, month.value) == (
        "sheet_view",
        {"kind": "organisation", "organisation": "7"},
        3,
    )
    assert value("sheet_view", kind="organisation", organisation=7) == 3

    old = (counters.today() - datetime.timedelta(days=100)).replace(day=1)
    MonthlyCounter.objects.create(month=old, metric="pdf", value=4)
    with override_settings(COUNTERS_RETENTION_DAYS=40):
        counters.purge(timezone.now())
    assert list(MonthlyCounter.objects.values_list("metric", flat=True)) == ["sheet_view"]


def test_a_flush_that_crashed_after_its_commit_does_not_count_twice(monkeypatch):
    counters.count("pdf", kind="service_sheet", service=3)
    client = counters._client()
    # The crash: the batch is added and committed, then the process dies before DEL.
    monkeypatch.setattr(type(client), "delete", lambda self, *keys: 0)
    counters.flush()
    monkeypatch.undo()
    assert counters._batch_keys(client), "the batch key outlived the crash"
    assert value("pdf", kind="service_sheet", service=3) == 1
    counters.flush()
    assert value("pdf", kind="service_sheet", service=3) == 1
    assert counters._batch_keys(client) == []


def test_a_flush_that_crashed_before_its_commit_loses_nothing(monkeypatch):
    counters.count("pdf", kind="service_sheet", service=4)
    counters.count("pdf", kind="service_sheet", service=4)

    # The crash: the statement fails inside the transaction, after the batch was claimed.
    monkeypatch.setattr(counters, "_UPSERT", "SELECT broken syntax here")
    with pytest.raises(Exception):  # noqa: B017 — the database refuses the statement
        counters.flush()
    monkeypatch.undo()
    assert DailyCounter.objects.count() == 0
    assert CounterFlush.objects.count() == 0
    counters.count("pdf", kind="service_sheet", service=4)  # counted while the worker was down
    counters.flush()
    assert value("pdf", kind="service_sheet", service=4) == 3


def test_a_count_is_written_only_once_the_transaction_commits():
    from django.db import transaction

    with transaction.atomic():
        counters.count("offer_contacted")
        transaction.set_rollback(True)
    with transaction.atomic():
        counters.count("offer_contacted")
    counters.flush()
    assert value("offer_contacted") == 1


def live_value(field: str) -> int:
    raw = counters._client().hget(counters._live_key(counters.today()), field)
    return int(raw or 0)


def test_a_web_process_does_not_wait_for_redis_its_thread_pushes_the_counts(settings):
    settings.COUNTERS_PUSH_SECONDS = 0.3
    field = counters.field_for("sheet_view", {"kind": "organisation", "organisation": 8})
    for _ in range(3):
        counters.count("sheet_view", kind="organisation", organisation=8)
    assert live_value(field) == 0  # held by the process, not yet in Redis
    assert wait_until(lambda: live_value(field) == 3, timeout=5)
    counters.count("sheet_view", kind="organisation", organisation=8)
    counters.flush()  # pushes what this process still holds first
    assert value("sheet_view", kind="organisation", organisation=8) == 4


def test_a_forked_child_does_not_push_its_parents_pending_counts_again(settings, monkeypatch):
    settings.COUNTERS_PUSH_SECONDS = 30
    monkeypatch.setattr(counters, "_start_pusher", lambda: None)  # nothing pushes meanwhile
    counters.count("sheet_view", kind="organisation", organisation=9)
    assert counters._pending
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child reports what it holds, and exits at once
        os.write(writer, str(len(counters._pending)).encode())
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(reader, 16) == b"0"
    counters.flush()
    assert value("sheet_view", kind="organisation", organisation=9) == 1


@pytest.mark.parametrize(
    ("dimensions", "message"),
    [
        ({"email": "x"}, "Unknown counter dimension"),
        ({"user": 3}, "Unknown counter dimension"),
        ({"kind": "jean@example.org"}, "address or a phone"),
        ({"kind": "06 12 34 56 78"}, "address or a phone"),
        ({"outcome": "0612345678"}, "address or a phone"),
        ({"kind": "x" * 200}, "1 to 80"),
        ({"kind": ["a"]}, "string or an integer"),
    ],
)
def test_a_person_like_dimension_is_refused_with_a_clear_error(dimensions, message):
    with pytest.raises(ValueError, match=message):
        counters.count("sheet_view", **dimensions)


def test_an_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="Unknown counter metric"):
        counters.count("visitor_ip")


def test_when_redis_is_down_the_count_is_dropped_and_logged_once(monkeypatch, caplog, client):
    class DownClient:
        def pipeline(self, **kwargs):
            raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(counters, "_client", DownClient)
    monkeypatch.setattr(counters, "_warned_down", False)
    organisation = OrganisationFactory()
    with caplog.at_level(logging.WARNING, logger="core.counters"):
        first = client.get(organisation.get_absolute_url())
        second = client.get(organisation.get_absolute_url())
    assert first.status_code == second.status_code == 200
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
    assert "Counters dropped" in caplog.records[0].message


# --- Zero-result search terms -------------------------------------------------------------


def search_nothing(client, text: str):
    response = client.get(reverse("search:search"), {"q": text})
    assert response.status_code == 200
    return response


@override_settings(COUNTERS_TERM_MIN_SEEN=3)
def test_a_zero_result_term_is_kept_only_once_seen_k_times_normalised(client):
    search_nothing(client, "Zorglubité")
    search_nothing(client, "zorglubite")
    counters.flush()
    assert value("search_zero_result") == 2
    assert rows("search_zero_result_term") == {}, "seen fewer than k times: not stored"
    search_nothing(client, "ZORGLUBITÉ")
    search_nothing(client, "zorglubite")
    counters.flush()
    assert rows("search_zero_result_term") == {frozenset({("term", "zorglubite")}): 4}


@override_settings(COUNTERS_TERM_MIN_SEEN=1)
def test_a_zero_result_term_with_a_digit_or_an_at_sign_is_never_stored(client):
    for text in ("xqzw 0612345678", "jean.xqzw@example.org", "xqzw 93"):
        search_nothing(client, text)
    counters.flush()
    assert value("search_zero_result") == 3
    assert rows("search_zero_result_term") == {}
    redis = counters._client()
    pattern = f"{counters._prefix()}:*".encode()
    redis_dump = b" ".join(b" ".join(redis.hkeys(key)) for key in redis.scan_iter(pattern))
    assert b"0612" not in redis_dump and b"@" not in redis_dump


# --- Instrumented pages and the click endpoint --------------------------------------------


def test_sheet_views_and_orientations_are_counted_once_each(client, montreuil):
    SituationFactory(slug="isolement")  # transactional tests empty the seeded situations
    service = ServiceFactory(commune=montreuil, organisation__commune=montreuil)
    client.get(service.organisation.get_absolute_url())
    client.get(service.get_absolute_url())
    client.get(reverse("orientation:index"), {"situation": "isolement", "commune": "93048"})
    counters.flush()
    organisation = service.organisation_id
    assert value("sheet_view", kind="organisation", organisation=organisation) == 1
    assert value("sheet_view", kind="service", service=service.pk, organisation=organisation) == 1
    [(dimensions, count)] = rows("orientation").items()
    assert count == 1
    assert dict(dimensions)["situation"] == "isolement"
    assert dict(dimensions)["commune"] == "93048"
    assert dict(dimensions)["answers"].isdigit()


def test_a_click_on_a_sheet_link_is_counted_without_cookie_or_csrf_token(montreuil):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    service = ServiceFactory(commune=montreuil, organisation__commune=montreuil)
    url = reverse("directory:count_click")
    # navigator.sendBeacon: form-encoded body.
    response = browser.post(url, {"m": "click_call", "k": "service", "id": service.pk})
    assert response.status_code == 204
    # <a ping>: the body is "PING", the parameters are in the query string.
    query = f"?m=click_directions&k=organisation&id={service.organisation_id}"
    response = browser.post(url + query, "PING", content_type="text/ping")
    assert response.status_code == 204
    assert not response.cookies
    counters.flush()
    assert (
        value(
            "click_call", kind="service", service=service.pk, organisation=service.organisation_id
        )
        == 1
    )
    assert value("click_directions", kind="organisation", organisation=service.organisation_id) == 1


def test_the_click_endpoint_refuses_unknown_metrics_and_entries(client, montreuil):
    from directory.models import Status

    service = ServiceFactory(commune=montreuil, organisation__commune=montreuil)
    hidden = ServiceFactory(status=Status.SUBMITTED)
    url = reverse("directory:count_click")
    for params in (
        {"m": "sheet_view", "k": "service", "id": service.pk},
        {"m": "anything", "k": "service", "id": service.pk},
        {"m": "click_call", "k": "user", "id": service.pk},
        {"m": "click_call", "k": "service", "id": 999999},
        {"m": "click_call", "k": "service", "id": "12abc"},
        {"m": "click_call", "k": "service", "id": hidden.pk},
    ):
        assert client.post(url, params).status_code == 400, params
    assert client.get(url, {"m": "click_call", "k": "service", "id": service.pk}).status_code == 405
    counters.flush()
    assert DailyCounter.objects.count() == 0


def test_the_click_endpoint_is_rate_limited(client, montreuil, monkeypatch):
    from directory import counting_views

    monkeypatch.setattr(counting_views, "CLICK_RATE", (2, 3600))
    service = ServiceFactory(commune=montreuil, organisation__commune=montreuil)
    url = reverse("directory:count_click")
    params = {"m": "click_email", "k": "service", "id": service.pk}
    assert [client.post(url, params).status_code for _ in range(3)] == [204, 204, 429]


# --- No identifier of a person, ever; retention ----------------------------------------------

PERSON_COLUMNS = re.compile(r"user|email|mail|phone|tel|ip|address|name|session|token", re.I)
EMAIL = re.compile(r"@")
PHONE = re.compile(r"\d{8,}")


def _looks_like_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def test_the_counter_table_holds_no_identifier_of_a_person(client, montreuil):
    SituationFactory(slug="isolement")
    service = ServiceFactory(commune=montreuil, organisation__commune=montreuil)
    user_agent = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", "REMOTE_ADDR": "203.0.113.9"}
    client.get(service.get_absolute_url(), **user_agent)
    client.get(service.organisation.get_absolute_url(), **user_agent)
    client.get(reverse("orientation:index"), {"situation": "isolement", "commune": "93048"})
    with override_settings(COUNTERS_TERM_MIN_SEEN=1):
        for text in ("jean.dupont@example.org", "06 12 34 56 78", "Mme Xqzwy"):
            client.get(reverse("search:search"), {"q": text})
    client.post(
        reverse("directory:count_click"), {"m": "click_call", "k": "service", "id": service.pk}
    )
    counters.flush()
    assert DailyCounter.objects.exists()

    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, "core_dailycounter")
        ]
    assert columns == ["id", "day", "metric", "dimensions", "value"]
    assert not [c for c in columns if PERSON_COLUMNS.search(c)]
    for row in DailyCounter.objects.all():
        assert set(row.dimensions) <= set(counters.DIMENSIONS), row
        for text in [row.metric, *row.dimensions.values()]:
            assert not EMAIL.search(text), row
            assert not PHONE.search(text.replace(" ", "")), row
            assert not _looks_like_ip(text), row
    # A name typed in the search box is a term like any other: kept only normalised, and
    # only because k=1 here; what matters is that nothing beside it identifies the person.
    assert value("search_zero_result") == 3


def test_counters_past_the_retention_period_are_purged():
    today = counters.today()
    DailyCounter.objects.create(day=today - datetime.timedelta(days=11), metric="pdf", value=5)
    DailyCounter.objects.create(day=today - datetime.timedelta(days=9), metric="pdf", value=2)
    with override_settings(COUNTERS_RETENTION_DAYS=10):
        assert counters.purge(timezone.now()) == 1
    assert list(DailyCounter.objects.values_list("value", flat=True)) == [2]


def test_a_sheet_served_from_the_page_cache_is_counted_too(client, montreuil, settings):
    settings.PAGECACHE_TIMEOUT = 60
    service = ServiceFactory(commune=montreuil, organisation__commune=montreuil)
    first = client.get(service.get_absolute_url())
    second = client.get(service.get_absolute_url())
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    counters.flush()
    assert (
        value(
            "sheet_view", kind="service", service=service.pk, organisation=service.organisation_id
        )
        == 2
    )
