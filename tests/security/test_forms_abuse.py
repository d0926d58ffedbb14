"""Forms that write data or send email on behalf of someone: each has a honeypot (a hidden
field bots fill in) and a rate limit (HTTP 429 with a French page past the limit).

- saved-search alert by email (anonymous, sends a confirmation email),
- contact request to an ESS offer (landlords),
- event registration (anonymous),
- invitation to an organisation (organisation admins; rate limit only: the form is behind a
  login and sends email to the invited address, which the limit bounds).

Anonymous limits count the client address of `core.http.client_ip`: a forged
`X-Forwarded-For` changes nothing unless the connection comes from a proxy of
TRUSTED_PROXIES, and then each client behind the proxy has its own quota."""

import pytest
from allauth.account.adapter import get_adapter
from django.core import mail
from django.urls import reverse
from django.utils import translation

from directory.models import Invitation, Membership, MembershipRole
from events.models import Registration
from notifications.models import Subscription
from offers.models import ContactRequest
from tests.accounts.factories import UserFactory, clear_test_cache

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
    response = client.post(url, registration(site_web="http://spam"))
    assert response.status_code == 400
    assert Registration.objects.count() == before
    assert client.post(url, registration()).status_code == 302
    assert Registration.objects.count() == before + 1


def test_event_registration_rate_limit(client, world):
    occurrence = world.sides["A"].occurrence
    url = reverse("events:register", kwargs={"occurrence_id": occurrence.pk})
    statuses = [client.post(url, {"name": ""}) for _ in range(11)]
    assert {response.status_code for response in statuses[:10]} == {400}
    assert statuses[10].status_code == 429
    assert 1 <= int(statuses[10]["Retry-After"]) <= 3600


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


# --- X-Forwarded-For: rotating it bypasses no limiter ------------------------------------------
ATTACKER = "198.51.100.66"
PROXY = "10.0.0.5"


def forged(number: int) -> dict:
    """A request from ATTACKER claiming a new address each time."""
    return {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": f"203.0.113.{number % 250}"}


def behind_proxy(client_address: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {client_address}"}


@pytest.fixture
def proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def test_rotating_forwarded_for_does_not_bypass_the_alert_limit(client):
    url = reverse("notifications:subscribe")
    statuses = [
        client.post(url, alert(f"victime+{n}@exemple.fr"), **forged(n)).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    # At most ten confirmation emails to the victim's addresses, not one per forged header.
    assert Subscription.objects.filter(email__startswith="victime+").count() == 10


def test_behind_a_trusted_proxy_each_client_has_its_own_alert_quota(client, proxy):
    url = reverse("notifications:subscribe")
    first = [client.post(url, alert(), **behind_proxy("203.0.113.1")) for _ in range(11)]
    assert [response.status_code for response in first] == [302] * 10 + [429]
    assert client.post(url, alert(), **behind_proxy("203.0.113.2")).status_code == 302


def test_rotating_forwarded_for_does_not_bypass_the_signup_limit(client):
    url = reverse("account_signup")
    statuses = [client.post(url, {"email": "x"}, **forged(n)).status_code for n in range(21)]
    assert statuses[:20] == [200] * 20  # invalid form, shown again
    assert statuses[20] == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_signup_quota(client, proxy):
    url = reverse("account_signup")
    statuses = [
        client.post(url, {"email": "x"}, **behind_proxy("203.0.113.1")).status_code
        for _ in range(21)
    ]
    assert statuses[20] == 429
    assert client.post(url, {"email": "x"}, **behind_proxy("203.0.113.2")).status_code == 200


def test_rotating_forwarded_for_does_not_bypass_the_failed_login_limit(client):
    url = reverse("account_login")
    responses = [
        client.post(url, {"login": f"u{n}@exemple.fr", "password": "mauvais"}, **forged(n))
        for n in range(21)
    ]
    with translation.override("fr"):
        too_many = str(get_adapter().error_messages["too_many_login_attempts"])
    assert not [r for r in responses[:20] if too_many in r.context["form"].non_field_errors()]
    assert too_many in responses[20].context["form"].non_field_errors()


def test_rotating_forwarded_for_does_not_bypass_the_password_reset_limit(client):
    url = reverse("account_reset_password")
    statuses = [
        client.post(url, {"email": f"cible{n}@exemple.fr"}, **forged(n)).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]


def test_behind_a_trusted_proxy_each_client_has_its_own_password_reset_quota(client, proxy):
    url = reverse("account_reset_password")
    statuses = [
        client.post(url, {"email": f"c{n}@exemple.fr"}, **behind_proxy("203.0.113.1")).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    other = client.post(url, {"email": "c9@exemple.fr"}, **behind_proxy("203.0.113.2"))
    assert other.status_code == 302


def test_rotating_forwarded_for_does_not_bypass_the_event_registration_limit(client, world):
    url = reverse("events:register", kwargs={"occurrence_id": world.sides["A"].occurrence.pk})
    statuses = [client.post(url, {"name": ""}, **forged(n)).status_code for n in range(11)]
    assert statuses == [400] * 10 + [429]


def test_behind_a_trusted_proxy_each_client_has_its_own_registration_quota(client, world, proxy):
    url = reverse("events:register", kwargs={"occurrence_id": world.sides["A"].occurrence.pk})
    statuses = [
        client.post(url, {"name": ""}, **behind_proxy("203.0.113.1")).status_code for _ in range(11)
    ]
    assert statuses == [400] * 10 + [429]
    assert client.post(url, {"name": ""}, **behind_proxy("203.0.113.2")).status_code == 400


def test_rotating_forwarded_for_does_not_bypass_the_anonymous_api_limit(client, settings):
    settings.API_RATE_LIMITS = {"anonymous": (3, 60), "partner": (6, 60)}
    statuses = [client.get("/api/v1/communes", **forged(n)).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_each_api_client_has_its_own_quota(client, settings, proxy):
    settings.API_RATE_LIMITS = {"anonymous": (3, 60), "partner": (6, 60)}
    statuses = [
        client.get("/api/v1/communes", **behind_proxy("203.0.113.1")).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/communes", **behind_proxy("203.0.113.2")).status_code == 200
