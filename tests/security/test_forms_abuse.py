"""Forms that write data or send email on behalf of someone: each has a honeypot (a hidden
field bots fill in) and a rate limit (HTTP 429 with a French page past the limit).

- saved-search alert by email (anonymous, sends a confirmation email),
- contact request to an ESS offer (landlords),
- event registration (anonymous),
- invitation to an organisation (organisation admins; rate limit only: the form is behind a
  login and sends email to the invited address, which the limit bounds)."""

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Invitation, Membership, MembershipRole
from events.models import Registration
from notifications.models import Subscription
from offers.models import ContactRequest
from tests.portal.factories import UserFactory, clear_test_cache

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    clear_test_cache()
    yield
    clear_test_cache()


@pytest.fixture
def world():
    return build_world()


def alert(email="alerte-test@exemple.fr", **extra):
    return {"kind": "premises", "frequency": "daily", "email": email, "next": "/", **extra}


def test_alert_honeypot_creates_nothing(client):
    before = Subscription.objects.count()
    response = client.post(reverse("notifications:subscribe"), alert(site_web="http://spam"))
    assert response.status_code == 302
    assert Subscription.objects.count() == before
    assert not mail.outbox
    # The same form without the honeypot is accepted.
    client.post(reverse("notifications:subscribe"), alert())
    assert Subscription.objects.count() == before + 1


def test_alert_form_renders_the_honeypot_out_of_reach(client, world):
    html = client.get(reverse("offers:premises_list")).content.decode()
    assert 'name="site_web"' in html
    assert 'tabindex="-1"' in html


def test_alert_rate_limit(client):
    statuses = [
        client.post(reverse("notifications:subscribe"), alert(f"a{i}@exemple.fr")).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    refused = client.post(reverse("notifications:subscribe"), alert("z@exemple.fr"))
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    assert Subscription.objects.filter(email__endswith="@exemple.fr", user=None).count() == 10


def contact(world, **extra):
    return {
        "requester_organisation": world.sides["A"].landlord.pk,
        "message": "Bonjour, votre café social nous intéresse pour la résidence.",
        **extra,
    }


def test_contact_request_honeypot(client, world):
    client.force_login(world.users["landlord"])
    url = reverse("offers:offer", kwargs={"pk": world.sides["B"].offer.pk})
    before = ContactRequest.objects.count()
    response = client.post(url, contact(world, site_web="http://spam"))
    assert response.status_code == 200
    assert "Ce formulaire n&#x27;a pas pu être envoyé." in response.content.decode()
    assert ContactRequest.objects.count() == before
    assert client.post(url, contact(world)).status_code == 302
    assert ContactRequest.objects.count() == before + 1


def test_contact_request_rate_limit(client, world):
    client.force_login(world.users["landlord"])
    url = reverse("offers:offer", kwargs={"pk": world.sides["B"].offer.pk})
    statuses = [client.post(url, {"message": ""}).status_code for _ in range(21)]
    assert set(statuses[:20]) == {200}  # invalid form, shown again
    assert statuses[20] == 429


def registration(**extra):
    return {"name": "Awa Traoré", "email": "awa@exemple.fr", "seats": "1", **extra}


def test_event_registration_honeypot(client, world):
    occurrence = world.sides["A"].occurrence
    url = reverse("events:register", kwargs={"occurrence_id": occurrence.pk})
    before = Registration.objects.count()
    response = client.post(url, registration(website="http://spam"))
    assert response.status_code == 400
    assert Registration.objects.count() == before
    assert client.post(url, registration()).status_code == 302
    assert Registration.objects.count() == before + 1


def test_event_registration_rate_limit(client, world):
    from events.views import rate_limit_key

    occurrence = world.sides["A"].occurrence
    url = reverse("events:register", kwargs={"occurrence_id": occurrence.pk})
    try:
        statuses = [client.post(url, {"name": ""}).status_code for _ in range(11)]
    finally:
        from django.core.cache import cache

        cache.delete(rate_limit_key("127.0.0.1"))
    assert set(statuses[:10]) == {400}
    assert statuses[10] == 429


def test_invitation_rate_limit(client, world):
    admin = world.users["ess"]
    assert Membership.objects.filter(user=admin, role=MembershipRole.ADMIN).exists()
    client.force_login(admin)
    url = reverse("accounts:invite", kwargs={"slug": world.sides["A"].ess.slug})
    before = Invitation.objects.count()
    statuses = [
        client.post(url, {"email": f"invite{i}@exemple.fr", "role": "member"}).status_code
        for i in range(21)
    ]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert Invitation.objects.count() == before + 20
    # The counter is per account: another admin is not blocked by the first one.
    other = UserFactory(email="autre-admin@exemple.fr")
    Membership.objects.create(user=other, organisation=world.sides["A"].ess, role="admin")
    client.force_login(other)
    assert client.post(url, {"email": "x@exemple.fr", "role": "member"}).status_code == 302
