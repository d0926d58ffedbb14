"""Saved searches on /appels-a-projets/: a matching call, once published, reaches each
subscriber once through the outbox and the real worker — at once, or in their digest."""

import time
from email.header import decode_header, make_header

import pytest
from celery import current_app
from django.contrib.messages import get_messages
from django.urls import reverse

from core import moderation
from funding.models import CallForProjects, CallKind, Status
from notifications import sending
from notifications.models import Channel, Delivery, DeliveryStatus, Subscription
from tests.conftest import wait_until
from tests.offers.factories import UserFactory

from .factories import CallFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def subject_of(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def save_search(client, user, query: str, frequency: str) -> None:
    client.force_login(user)
    response = client.post(
        reverse("notifications:subscribe"),
        {
            "kind": "funding",
            "query": query,
            "label": "Appels à projets",
            "frequency": frequency,
            "next": f"/appels-a-projets/?{query}",
        },
    )
    assert response.status_code == 302, response.status_code
    problems = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert not problems, problems


def body_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/plain part")


def person(email: str):
    user = UserFactory(email=email)
    user.save()  # the factory's password is set after its first save
    return user


def site_admin():
    admin = UserFactory(is_superuser=True, email="admin@exemple.org")
    admin.save()
    return admin


def announced(pk: int) -> bool:
    return CallForProjects.objects.filter(pk=pk, announced_at__isnull=False).exists()


def test_a_published_call_alerts_each_matching_saved_search_once_instant_or_in_the_digest(
    celery_worker, smtp, client
):
    # The list page offers the alert form for its filters.
    page = client.get("/appels-a-projets/?theme=numerique").content.decode()
    assert 'name="kind" value="funding"' in page and "theme=numerique" in page

    veille = person("veille@exemple.org")
    save_search(client, veille, "theme=numerique", "instant")
    save_search(client, veille, "type=fonds&etat=ouverts", "instant")  # overlapping
    digest = person("resume@exemple.org")
    save_search(client, digest, "type=fonds", "daily")
    other = person("autre@exemple.org")
    save_search(client, other, "theme=lien-social", "instant")
    closed_only = person("clos@exemple.org")
    save_search(client, closed_only, "etat=clotures", "instant")
    assert Subscription.objects.filter(kind="funding").count() == 5

    call = CallFactory(
        title="Fonds numérique inclusif",
        kind=CallKind.FUND,
        themes=["numerique"],
        status=Status.SUBMITTED,
    )
    admin = site_admin()
    moderation.publish(call, admin)

    messages = smtp.wait_for(1)
    assert wait_until(lambda: announced(call.pk))
    assert [m["X-Envelope-To"] for m in messages] == ["veille@exemple.org"]
    assert subject_of(messages[0]).endswith("Fonds numérique inclusif")
    assert messages[0]["List-Unsubscribe"]
    # The daily subscriber's email waits for the digest, which then carries it.
    waiting = Delivery.objects.get(recipient__email="resume@exemple.org", channel=Channel.EMAIL)
    assert waiting.digest_frequency == "daily" and waiting.status == DeliveryStatus.PENDING
    smtp.clear()
    current_app.send_task("notifications.send_digests", args=["daily"])
    digest_mail = smtp.wait_for(1)
    assert [m["X-Envelope-To"] for m in digest_mail] == ["resume@exemple.org"]
    assert "Fonds numérique inclusif" in body_of(digest_mail[0])

    # Published again after an edit, and swept: nobody hears of it twice.
    smtp.clear()
    call.refresh_from_db()
    call.status = Status.SUBMITTED
    call.save()
    moderation.publish(call, admin)
    assert wait_until(lambda: announced(call.pk))
    sending.sweep_pending(older_than_seconds=0)
    time.sleep(1.5)
    assert smtp.messages == []
    emails = Delivery.objects.filter(channel=Channel.EMAIL, kind="alert")
    assert sorted(emails.values_list("recipient__email", flat=True)) == [
        "resume@exemple.org",
        "veille@exemple.org",
    ]
