"""Accounts: signup, email verification, password reset, accessible forms, roles."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import is_professional
from directory.models import Organisation, OrganisationKind
from directory.roles import (
    Role,
    administered_organisation_ids,
    can_administer_organisation,
    can_manage_organisation,
    managed_organisation_ids,
    roles_of,
)
from tests.accounts.factories import PASSWORD, UserFactory, after_login_url, clear_test_cache, text
from tests.directory.factories import MembershipFactory

NEW_PASSWORD = "un-autre-mot-de-passe-93!"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_test_cache()
    yield
    clear_test_cache()


def link_in(message, pattern: str) -> str:
    found = re.search(r"https?://[^\s]+" + pattern + r"[^\s]*", message.body)
    assert found, message.body
    return re.sub(r"^https?://[^/]+", "", found.group(0))


@pytest.mark.django_db
def test_signup_verification_and_login(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Nadia@Exemple.fr", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="nadia@exemple.fr")
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session

    # The confirmation email, in French.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@exemple.fr"]
    assert message.subject.startswith("[Maillage] ")
    assert "Confirmez votre adresse e-mail" in message.subject
    confirm_path = link_in(message, "/comptes/confirm-email/")

    # Before confirming, logging in only re-sends the confirmation.
    response = client.post(
        reverse("account_login"), {"login": "nadia@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Confirmez que nadia@exemple.fr est bien votre adresse e-mail" in text(page)
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        reverse("account_login"), {"login": "nadia@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == after_login_url()
    assert client.session["_auth_user_id"] == str(user.pk)
    dashboard = client.get(reverse("accounts:dashboard"))
    assert "Connecté avec l'adresse nadia@exemple.fr" in text(dashboard)


@pytest.mark.django_db
def test_signup_refuses_an_existing_address_and_weak_passwords(client):
    UserFactory(email="deja@exemple.fr")
    response = client.post(
        reverse("account_signup"),
        {"email": "nouveau@exemple.fr", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="nouveau@exemple.fr").exists()
    assert "Ce mot de passe est trop court" in text(response)


@pytest.mark.django_db
def test_signup_honeypot_blocks_bots(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "robot@exemple.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "site_web": "https://spam.example",
        },
    )
    assert response.status_code == 200
    assert "Ce formulaire n'a pas pu être envoyé." in text(response)
    assert not User.objects.filter(email="robot@exemple.fr").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_full_flow(client):
    user = UserFactory(email="oscar@exemple.fr")
    response = client.post(reverse("account_reset_password"), {"email": "oscar@exemple.fr"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    done = client.get(response.url)
    assert "Si un compte existe pour cette adresse" in text(done)

    assert len(mail.outbox) == 1
    key_path = link_in(mail.outbox[0], "/comptes/password/reset/key/")
    response = client.get(key_path)
    # allauth moves the key into the session and redirects to a key-less URL.
    assert response.status_code == 302
    form_url = response.url
    page = client.get(form_url)
    assert "Nouveau mot de passe" in text(page)
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    # The link is single use.
    reused = client.get(key_path, follow=True)
    assert "Ce lien de réinitialisation a expiré ou a déjà servi." in text(reused)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_password_reset_of_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.fr"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    # allauth tells the owner of the address that no account exists, without a reset link.
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_login_form_is_accessible(client):
    page = text(client.get(reverse("account_login")))
    assert '<label for="id_login">' in page
    assert re.search(r'<input[^>]+name="login"[^>]+autocomplete="email"', page)
    assert re.search(r'<input[^>]+name="password"[^>]+autocomplete="current-password"', page)
    assert '<html lang="fr"' in page
    # The honeypot is out of the tab order and never autofilled.
    assert re.search(r'<input[^>]+tabindex="-1"[^>]+name="site_web"', page) or re.search(
        r'<input[^>]+name="site_web"[^>]+tabindex="-1"', page
    )

    response = client.post(reverse("account_login"), {"login": "pas-une-adresse", "password": ""})
    page = text(response)
    assert response.status_code == 200
    login_input = re.search(r'<input[^>]+name="login"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in login_input
    described = re.search(r'aria-describedby="([^"]+)"', login_input).group(1).split()
    assert "id_login_error" in described
    assert 'id="id_login_error"' in page
    assert 'role="alert"' in page


@pytest.mark.django_db
def test_account_pages_render_in_french(client):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Maillage" in text(response)
    user = UserFactory()
    client.force_login(user)
    for name in ["account_email", "account_change_password", "account_logout"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert "Mes adresses e-mail" in text(client.get(reverse("account_email")))


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client):
    for name in ["accounts:dashboard", "accounts:my_data", "accounts:export"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


# --- Roles (DESIGN.md §4) ---------------------------------------------------------------------


@pytest.fixture
def demo_accounts(db):
    from demo import accounts as accounts_demo
    from demo import directory as directory_demo

    directory_demo.load()
    summary = accounts_demo.load()
    assert "6 comptes" in summary
    return {user.email.split("@")[0]: user for user in User.objects.all()}


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("admin", {Role.VISITOR, Role.ADMIN}),
        ("moderateur", {Role.VISITOR, Role.MODERATOR}),
        ("gardien", {Role.VISITOR, Role.GARDIEN}),
        ("bailleur", {Role.VISITOR, Role.LANDLORD_MANAGER, Role.GARDIEN}),
        ("association", {Role.VISITOR, Role.ESS_MEMBER}),
        ("porteur", {Role.VISITOR, Role.PROJECT_HOLDER}),
    ],
)
def test_roles_of_each_demo_account(demo_accounts, login, expected):
    assert roles_of(demo_accounts[login]) == expected


def test_anonymous_visitors_are_only_visitors(db):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert roles_of(anonymous) == {Role.VISITOR}
    assert not is_professional(anonymous)
    assert managed_organisation_ids(anonymous) == set()


def test_demo_permissions(demo_accounts):
    landlord = Organisation.objects.get(slug="seine-saint-denis-habitat")
    association = Organisation.objects.get(slug="association-voisins-solidaires-93")
    gardien = demo_accounts["gardien"]
    bailleur = demo_accounts["bailleur"]
    assert is_professional(gardien)
    assert not can_manage_organisation(gardien, landlord)
    assert not can_administer_organisation(gardien, landlord)
    assert can_manage_organisation(bailleur, landlord)
    assert can_administer_organisation(bailleur, landlord)
    assert not can_manage_organisation(bailleur, association)
    assert administered_organisation_ids(bailleur) == {landlord.pk}
    assert can_administer_organisation(demo_accounts["admin"], association)
    assert is_professional(demo_accounts["moderateur"])


def test_demo_loader_is_idempotent_and_logs_in(demo_accounts, client):
    from demo import accounts as accounts_demo

    count = User.objects.count()
    accounts_demo.load()
    assert User.objects.count() == count
    response = client.post(
        reverse("account_login"),
        {"login": "bailleur@maillage.example", "password": accounts_demo.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == after_login_url()


@pytest.mark.django_db
def test_dashboard_lists_organisations_roles_and_links(client):
    membership = MembershipFactory(role="admin", organisation__kind=OrganisationKind.LANDLORD)
    MembershipFactory(user=membership.user, role="gardien")
    client.force_login(membership.user)
    page = text(client.get(reverse("accounts:dashboard")))
    assert membership.organisation.name in page
    assert "Administrateur de l'organisation" in page
    assert "Gestionnaire chez un bailleur" in page
    assert reverse("accounts:invite", args=[membership.organisation.slug]) in page
    assert reverse("accounts:my_data") in page


@pytest.mark.django_db
def test_dashboard_leads_partners_and_moderators_to_their_work(client):
    """Login lands on "Mon espace": it must lead to the partner space and, for moderators,
    to the one moderation queue (nothing else links it)."""
    from django.contrib.auth.models import Group

    from accounts.roles import MODERATORS_GROUP

    partner_links = [reverse("offers:dashboard"), reverse("offers:requests")]
    moderation_links = [reverse("moderation_queue")]
    member = MembershipFactory(role="member", organisation__kind=OrganisationKind.ESS).user
    gardien = MembershipFactory(role="gardien").user
    moderator = UserFactory(moderated_departements=["93"])
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    pages = {}
    for name, user in {"member": member, "gardien": gardien, "moderator": moderator}.items():
        client.force_login(user)
        pages[name] = client.get(reverse("accounts:dashboard")).content.decode()
    assert all(f'href="{link}"' in pages["member"] for link in partner_links)
    assert not any(f'href="{link}"' in pages["member"] for link in moderation_links)
    assert all(f'href="{link}"' in pages["moderator"] for link in moderation_links)
    assert not any(f'href="{link}"' in pages["gardien"] for link in partner_links)
