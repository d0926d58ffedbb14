"""RGPD: export of one's own data (and nobody else's), account deletion."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import rgpd
from accounts.models import User
from directory.models import Invitation, Membership, MembershipRole
from tests.portal.factories import (
    PASSWORD,
    InvitationFactory,
    MembershipFactory,
    UserFactory,
    clear_test_cache,
    text,
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_test_cache()
    yield
    clear_test_cache()


@pytest.mark.django_db
def test_export_contains_my_data_and_not_others(client):
    mine = MembershipFactory(
        user__email="moi@exemple.fr", user__first_name="Inès", organisation__name="Mon asso"
    )
    other = MembershipFactory(user__email="autre@exemple.fr", organisation__name="Autre asso")
    InvitationFactory(organisation=mine.organisation, invited_by=mine.user, email="x@exemple.fr")
    InvitationFactory(organisation=other.organisation, invited_by=other.user, email="y@exemple.fr")
    client.force_login(mine.user)

    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="maillage-mes-')
    assert response["Cache-Control"] == "no-store"
    raw = response.content.decode()
    document = json.loads(raw)
    assert document["format"] == rgpd.EXPORT_FORMAT
    data = document["donnees"]
    assert data["profil"]["adresse_email"] == "moi@exemple.fr"
    assert data["profil"]["prenom"] == "Inès"
    assert data["adresses_email"] == [
        {"adresse": "moi@exemple.fr", "verifiee": True, "principale": True}
    ]
    assert [m["organisation"] for m in data["adhesions"]] == ["Mon asso"]
    assert [i["adresse_invitee"] for i in data["invitations_envoyees"]] == ["x@exemple.fr"]
    for foreign in ("autre@exemple.fr", "Autre asso", "y@exemple.fr"):
        assert foreign not in raw
    assert "password" not in raw and "pbkdf2" not in raw and "md5$" not in raw


@pytest.mark.django_db
def test_other_apps_can_register_exporters(client):
    user = UserFactory()

    @rgpd.register_exporter(name="essai_app")
    def sample(u):
        return {"utilisateur": u.pk}

    try:
        client.force_login(user)
        data = json.loads(client.get(reverse("accounts:export")).content)["donnees"]
        assert data["essai_app"] == {"utilisateur": user.pk}
        page = text(client.get(reverse("accounts:my_data")))
        assert "essai_app" in page
    finally:
        rgpd._exporters.pop("essai_app")


@pytest.mark.django_db
def test_delete_account_needs_the_password(client):
    membership = MembershipFactory()
    user = membership.user
    client.force_login(user)
    url = reverse("accounts:delete_account")
    response = client.post(url, {"password": "pas-le-bon"})
    assert response.status_code == 400
    assert "Mot de passe incorrect." in text(response)
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_account_removes_the_user_and_their_memberships(client):
    membership = MembershipFactory()
    user = membership.user
    InvitationFactory(email=user.email)  # addressed to them, never accepted
    sent = InvitationFactory(organisation=membership.organisation, invited_by=user)
    client.force_login(user)
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert list(Invitation.objects.all()) == [sent]
    sent.refresh_from_db()
    assert sent.invited_by is None
    assert "_auth_user_id" not in client.session
    from demo.home import ensure_home_page

    ensure_home_page()
    home = client.get("/", follow=True)
    assert "Votre compte et vos données ont été supprimés." in text(home)


@pytest.mark.django_db
def test_last_admin_cannot_delete_their_account(client):
    admin = MembershipFactory(role=MembershipRole.ADMIN, organisation__name="Asso bloquée")
    MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    url = reverse("accounts:delete_account")
    page = text(client.get(url))
    assert "Vous êtes le dernier administrateur" in page
    assert "Asso bloquée" in page
    client.post(url, {"password": PASSWORD})
    assert User.objects.filter(pk=admin.user_id).exists()
    with pytest.raises(rgpd.LastAdminError):
        rgpd.delete_account(admin.user)

    # Once another admin is named, deletion goes through.
    Membership.objects.exclude(pk=admin.pk).update(role=MembershipRole.ADMIN)
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=admin.user_id).exists()
