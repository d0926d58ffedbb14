"""End to end with the real Redis broker, the real Celery worker and the real SMTP sink:
notifications arrive exactly once — across re-publication, overlapping saved searches, a
worker killed with SIGKILL mid-batch, and a Redis restart."""

import asyncio
import os
import signal
import socket
import time
from collections import Counter
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from core import moderation
from directory.models import OrganisationKind
from notifications import sending
from notifications.models import Channel, Delivery, DeliveryStatus, Subscription
from notifications.subscriptions import subscribe
from offers import services
from offers.models import Match
from offers.vocabularies import Status
from tests.conftest import SmtpSink, ThrowAwayRedis, WorkerProcess, free_port, wait_until
from tests.directory.factories import real_commune

from .factories import (
    NeedFactory,
    OrganisationFactory,
    PremisesFactory,
    UserFactory,
    member_of,
)

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def body_of(message: Message, subtype: str) -> str:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no text/{subtype} part")


def subject_of(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def holders_with_needs(count: int):
    real_commune("Montreuil")
    people = []
    for index in range(count):
        organisation = OrganisationFactory(name=f"Porteur {index}")
        person = member_of(organisation, email=f"porteur{index}@exemple.org")
        NeedFactory(organisation=organisation, title=f"Café social {index}")
        people.append(person)
    return people


def publish(entry) -> None:
    """A site admin publishes (autocommit: the announcement is queued at once)."""
    admin = User.objects.filter(is_superuser=True).first()
    if admin is None:
        admin = UserFactory(is_superuser=True)
        admin.save()
    moderation.publish(entry, admin)


def all_sent(count: int) -> bool:
    statuses = list(Delivery.objects.values_list("status", flat=True))
    return len(statuses) == count and all(s == DeliveryStatus.SENT for s in statuses)


def test_publishing_premises_notifies_each_matching_holder_exactly_once(celery_worker, smtp):
    people = holders_with_needs(3)
    # A need elsewhere, and one for a much bigger place: no match, no email.
    other = OrganisationFactory()
    member_of(other, email="ailleurs@exemple.org")
    NeedFactory(organisation=other, zone_communes=["93066"])
    NeedFactory(organisation=other, surface_min=400, surface_max=600)
    premises = PremisesFactory(status=Status.SUBMITTED, title="Rez-de-chaussée Croix-de-Chavaux")

    publish(premises)

    messages = smtp.wait_for(3)
    assert wait_until(lambda: all_sent(6))
    assert len(messages) == 3
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == sorted(p.email for p in people)
    message = smtp.to(people[0].email)[0]
    assert "Un local correspond à votre besoin « Café social 0 »" in subject_of(message)
    text, html = body_of(message, "plain"), body_of(message, "html")
    assert "Rez-de-chaussée Croix-de-Chavaux" in text
    assert "même commune" in text and "accessible PMR" in html
    assert f"/offres/correspondances/{Match.objects.get(need__title='Café social 0').pk}/" in text
    inbox = Delivery.objects.filter(channel=Channel.INBOX, status=DeliveryStatus.SENT)
    assert sorted(inbox.values_list("recipient__email", flat=True)) == sorted(
        p.email for p in people
    )
    assert Match.objects.count() == 3

    # Publishing it again (after an edit, say) matches the same needs: nothing new is sent.
    premises.refresh_from_db()
    services.edited(premises)
    assert wait_until(lambda: Premises_announced(premises.pk))
    sending.sweep_pending(older_than_seconds=0)
    time.sleep(1.5)
    assert len(smtp.messages) == 3
    assert Delivery.objects.count() == 6
    assert Match.objects.count() == 3


def test_editing_a_published_need_finds_new_matches_and_tells_both_sides_once(
    celery_worker, smtp, client
):
    real_commune("Montreuil")
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD, name="Bailleur de l'Est")
    landlord_member = member_of(landlord, email="bailleur@exemple.org")
    PremisesFactory(landlord=landlord, status=Status.PUBLISHED, title="Local Croix-de-Chavaux")
    holder = OrganisationFactory(name="Café des voisins")
    holder_member = member_of(holder, email="porteur@exemple.org")
    # Published for Saint-Denis only: the Montreuil premises does not match.
    need = NeedFactory(organisation=holder, status=Status.SUBMITTED, zone_communes=["93066"])
    publish(need)
    assert wait_until(lambda: need_announced(need.pk))
    assert Match.objects.count() == 0

    client.force_login(holder_member)
    data = {
        "organisation": holder.pk,
        "title": "Café social",
        "project_type": need.project_type,
        "description": need.description,
        "usages": ["reunions"],
        "surface_min": 80,
        "surface_max": 150,
        "zone_communes": ["93048"],  # now Montreuil too
        "start_date": "2026-03-01",
    }
    response = client.post(reverse("offers:edit", args=["besoins", need.pk]), data)
    assert response.status_code == 302
    messages = smtp.wait_for(2)
    assert len(messages) == 2
    subjects = {m["X-Envelope-To"]: subject_of(m) for m in messages}
    assert subjects == {
        holder_member.email: "[Maillage] Un local correspond à votre besoin « Café social »",
        landlord_member.email: (
            "[Maillage] Un projet correspond à votre local « Local Croix-de-Chavaux »"
        ),
    }
    assert Match.objects.get().need_id == need.pk

    # Edited again: the same match, nothing sent twice.
    data["title"] = "Café social des Ruffins"
    client.post(reverse("offers:edit", args=["besoins", need.pk]), data)
    assert wait_until(lambda: need_announced(need.pk))
    sending.sweep_pending(older_than_seconds=0)
    time.sleep(1.5)
    assert len(smtp.messages) == 2
    assert Match.objects.count() == 1


def need_announced(pk) -> bool:
    from offers.models import ProjectNeed

    return ProjectNeed.objects.filter(pk=pk, announced_at__isnull=False).exists()


def Premises_announced(pk) -> bool:
    from offers.models import Premises

    return Premises.objects.filter(pk=pk, announced_at__isnull=False).exists()


def test_overlapping_saved_searches_notify_once_with_one_click_unsubscribe(
    celery_worker, smtp, client
):
    real_commune("Montreuil")
    organisation = OrganisationFactory()
    person = member_of(organisation, email="veille@exemple.org")
    subscribe(
        kind="premises",
        filters={"commune": "93048"},
        label="Montreuil",
        frequency="instant",
        user=person,
    )
    subscribe(
        kind="premises",
        filters={"pmr": "on"},
        label="Accessibles",
        frequency="instant",
        user=person,
    )
    # A search the premises does not satisfy, and an unconfirmed email-only one.
    subscribe(
        kind="premises",
        filters={"commune": "93066"},
        label="Saint-Denis",
        frequency="instant",
        user=member_of(OrganisationFactory(), email="autre@exemple.org"),
    )
    premises = PremisesFactory(status=Status.SUBMITTED)
    # The unconfirmed subscriber receives only the confirmation link, never an alert.
    subscribe(
        kind="premises",
        filters={},
        label="Tout",
        frequency="instant",
        email="Sans.Compte@exemple.org",
    )
    assert subject_of(smtp.wait_for(1)[0]).endswith("Confirmez votre alerte")
    smtp.clear()

    publish(premises)

    assert wait_until(lambda: Delivery.objects.filter(kind="alert", status="sent").count() == 2), (
        list(Delivery.objects.values_list("kind", "channel", "status", "last_error"))
    )
    time.sleep(1)
    assert [m["X-Envelope-To"] for m in smtp.messages] == ["veille@exemple.org"]
    message = smtp.messages[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url.startswith(settings.SITE_URL)
    # One-click: the mail client POSTs to the URL, without any cookie or CSRF token.
    response = client.post(unsubscribe_url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    live = Subscription.objects.filter(user=person, is_active=True)
    assert live.count() == 1


class SlowSink(SmtpSink):
    """Accepts each message only after a pause, like a busy relay, and knows which clients
    are waiting for its answer. A client killed while waiting never got the acceptance: the
    message is not recorded (aiosmtpd cancels the handler when the connection drops)."""

    delay = 1.0

    def __init__(self) -> None:
        super().__init__()
        # peer → when it started waiting for the acceptance
        self.waiting: dict = {}

    async def handle_DATA(self, server, session, envelope):
        self.waiting[session.peer] = time.monotonic()
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.waiting.pop(session.peer, None)
        if not _client_alive(server.transport):
            return "421 Client gone before acceptance"
        return await super().handle_DATA(server, session, envelope)

    def both_mid_wait(self) -> bool:
        """Both senders wait for an answer and neither is about to get it: a kill now
        cannot fall between an acceptance and the sender's commit."""
        started = list(self.waiting.copy().values())  # copied atomically under the GIL
        return len(started) == 2 and all(_mid_wait(t, self.delay) for t in started)


def _mid_wait(started: float, delay: float) -> bool:
    """Well inside the pause: far from both the previous and the next acceptance."""
    elapsed = time.monotonic() - started
    return 0.1 * delay <= elapsed <= 0.8 * delay


def _client_alive(transport) -> bool:
    """Whether the peer still holds the connection (EOF or reset means it is gone)."""
    if transport is None or transport.is_closing():
        return False
    probe = socket.fromfd(
        transport.get_extra_info("socket").fileno(), socket.AF_INET, socket.SOCK_STREAM
    )
    try:
        return probe.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True  # nothing to read: connected and silent, as a waiting client is
    except OSError:
        return False
    finally:
        probe.close()


def pool_children(worker: WorkerProcess) -> list[int]:
    """Pids of the worker's pool processes (fixed for its lifetime: no max-tasks-per-child)."""
    main = worker.process.pid
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == main:
                children.append(int(entry))
    return children


def kill_at_once(worker: WorkerProcess, children: list[int]) -> None:
    """SIGKILL the pool children then the main process, without spawning `pkill` (whose
    start-up delay would make the instant of the kill unpredictable)."""
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    worker.kill()


def test_worker_killed_mid_batch_then_sweeper_delivers_each_once(celery_worker, smtp, tmp_path):
    people = holders_with_needs(40)
    premises = PremisesFactory(status=Status.SUBMITTED)
    sink = SlowSink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    # The session worker would send to the fast sink: this test runs its own.
    celery_worker.stop()
    env = {**celery_worker.env, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
    first = WorkerProcess(env, tmp_path / "first.log")
    second = WorkerProcess(env, tmp_path / "second.log")
    try:
        first.start()
        publish(premises)
        # Kill mid-batch while both senders wait for the relay's acceptance: the moment a
        # crash most likely hits. (Between an acceptance and the sender's COMMIT lies the
        # window no SMTP client can close: see portal/notifications/sending.py.)
        children = pool_children(first)
        assert len(children) == 2
        assert wait_until(lambda: len(sink.messages) >= 5 and sink.both_mid_wait(), 60, 0.005)
        kill_at_once(first, children)
        delivered_before = len(sink.messages)
        assert delivered_before < 40, "the batch finished before the kill: raise the count"
        assert Delivery.objects.filter(channel="email", status="pending").exists()

        second.start()
        # What the beat sweeper does every minute: re-enqueue what is still pending.
        sending.sweep_pending(older_than_seconds=0)
        assert wait_until(lambda: all_sent(80), timeout=60)
        time.sleep(0.5)
        received = Counter(m["X-Envelope-To"] for m in sink.messages)
        duplicates = {address: n for address, n in received.items() if n > 1}
        assert duplicates == {}
        assert set(received) == {p.email for p in people}
    finally:
        first.kill()
        second.stop()
        controller.stop()
        celery_worker.start()


class point_celery_at:
    """Make this process's Celery app publish to another broker for the test's duration."""

    def __init__(self, url: str) -> None:
        from portal.celery import app

        self.app = app
        self.url = url

    def _reset(self) -> None:
        # The app's connection pool is also kombu's global pool for that broker: closing it
        # alone would leave a closed pool in kombu's registry for every later test of this
        # process ("Acquire on closed pool"). Reset the registry as a whole instead.
        from kombu import pools

        pools.reset()
        self.app._pool = None
        self.app.amqp._producer_pool = None

    def __enter__(self):
        self.previous = self.app.conf.broker_url
        self.app.conf.broker_url = self.url
        self._reset()
        return self

    def __exit__(self, *exc):
        self.app.conf.broker_url = self.previous
        self._reset()


def test_redis_down_while_matching_then_back_delivers_once(celery_worker, smtp, tmp_path):
    people = holders_with_needs(1)
    premises = PremisesFactory(status=Status.PUBLISHED)
    redis_server = ThrowAwayRedis(tmp_path)
    redis_server.start()
    env = {
        **celery_worker.env,
        "CELERY_BROKER_URL": redis_server.url,
        "CELERY_RESULT_BACKEND": redis_server.url,
    }
    worker = WorkerProcess(env, tmp_path / "worker.log")
    worker.nodename = f"redis-restart-{os.getpid()}@%h"
    try:
        with point_celery_at(redis_server.url):
            worker.start()
            redis_server.stop()

            # The match and its outbox rows are committed; enqueuing fails quietly.
            created = services.match_premises(premises.pk)
            assert len(created) == 1
            assert Delivery.objects.filter(status="pending").count() == 2
            time.sleep(0.5)
            assert smtp.messages == []

            redis_server.start()
            sending.sweep_pending(older_than_seconds=0)
            assert wait_until(lambda: all_sent(2), timeout=60)
        time.sleep(0.5)
        assert [m["X-Envelope-To"] for m in smtp.messages] == [people[0].email]
    finally:
        worker.stop()
        redis_server.stop()
