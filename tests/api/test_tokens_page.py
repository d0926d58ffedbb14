"""« Mon espace → API »: organisation admins create keys (shown once) and revoke them."""

import pytest
from django.conf import settings

from api.models import ApiToken, hash_key
from directory.models import MembershipRole
from tests.directory.factories import OrganisationFactory
from tests.offers.factories import member_of

URL = "/mon-espace/api/"


@pytest.mark.django_db
def test_admin_creates_a_key_shown_once(client, organisation):
    admin = member_of(organisation, role=MembershipRole.ADMIN)
    client.force_login(admin)
    response = client.post(URL, {"organisation": organisation.pk, "name": "Site web"})
    assert response.status_code == 200
    token = ApiToken.objects.get(organisation=organisation)
    key = response.context["new_key"]
    assert token.key_hash == hash_key(key) and token.created_by == admin
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # The key is never shown again.
    again = client.get(URL).content.decode()
    assert key not in again and token.key_start in again
    # It works on the API.
    api = client.get("/api/v1/communes", headers={"X-Api-Key": key})
    assert api.status_code == 200


@pytest.mark.django_db
def test_admin_revokes_a_key(client, organisation):
    admin = member_of(organisation, role=MembershipRole.ADMIN)
    token, key = ApiToken.issue(organisation, "Ancienne intégration")
    client.force_login(admin)
    response = client.post(f"{URL}{token.pk}/revoquer/", follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.is_revoked
    refused = client.get("/api/v1/communes", headers={"X-Api-Key": key})
    assert refused.status_code == 401


@pytest.mark.django_db
def test_members_and_other_organisations_cannot_manage_keys(client, organisation):
    member = member_of(organisation, role=MembershipRole.MEMBER)
    other = OrganisationFactory(name="Une autre structure")
    foreign, _key = ApiToken.issue(other, "Pas à vous")
    client.force_login(member)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Seuls les administrateurs" in page.content.decode()
    response = client.post(URL, {"organisation": organisation.pk, "name": "Essai"})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(organisation=organisation).exists()
    assert client.post(f"{URL}{foreign.pk}/revoquer/").status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_revoked

    admin = member_of(organisation, role=MembershipRole.ADMIN)
    client.force_login(admin)
    # An admin of one organisation cannot create keys for another one.
    response = client.post(URL, {"organisation": other.pk, "name": "Intrusion"})
    assert response.status_code == 400
    assert ApiToken.objects.filter(organisation=other).count() == 1


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/comptes/" in response["Location"]


@pytest.mark.django_db
def test_an_organisation_cannot_hold_more_active_keys_than_the_cap(client, organisation, settings):
    settings.API_MAX_ACTIVE_TOKENS_PER_ORGANISATION = 2
    admin = member_of(organisation, role=MembershipRole.ADMIN)
    client.force_login(admin)
    for name in ("Site web", "Outil de suivi"):
        assert client.post(URL, {"organisation": organisation.pk, "name": name}).status_code == 200
    response = client.post(URL, {"organisation": organisation.pk, "name": "Une de trop"})
    assert response.status_code == 400
    [error] = response.context["form"].non_field_errors()
    assert "a déjà 2 clés d'API actives, le maximum : révoquez-en une" in error
    assert "révoquez-en une avant d&#x27;en créer une nouvelle" in response.content.decode()
    assert ApiToken.objects.filter(organisation=organisation).count() == 2
    # Revoking one frees a place; another organisation has its own quota.
    ApiToken.objects.filter(organisation=organisation).first().revoke()
    response = client.post(URL, {"organisation": organisation.pk, "name": "Remplaçante"})
    assert response.status_code == 200 and response.context["new_key"]
    assert ApiToken.objects.active().filter(organisation=organisation).count() == 2


def test_the_cap_on_active_keys_defaults_to_five():
    assert settings.API_MAX_ACTIVE_TOKENS_PER_ORGANISATION == 5
