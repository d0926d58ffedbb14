"""Organisation membership: invitations (real Celery worker + SMTP), leave, remove, roles,
and isolation between organisations."""

import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from directory import membership as rules
from directory.models import Invitation, Membership, MembershipRole
from notifications.models import Delivery
from notifications.sending import deliver_many, sweep_pending
from tests.accounts.factories import PASSWORD, UserFactory, clear_test_cache, text
from tests.directory.factories import InvitationFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_test_cache()
    yield
    clear_test_cache()


def admin_of(organisation=None, **kwargs) -> Membership:
    if organisation is not None:
        kwargs["organisation"] = organisation
    return MembershipFactory(role=MembershipRole.ADMIN, **kwargs)


def invitation_url(invitation) -> str:
    return reverse("accounts:invitation", args=[invitation.token])


def text_part(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


# --- Invitations ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_invitation_email_goes_through_celery_and_smtp_then_a_new_user_joins(
    client, celery_worker, smtp
):
    admin = admin_of(organisation__name="Voisins Solidaires")
    organisation = admin.organisation
    client.force_login(admin.user)
    response = client.post(
        reverse("accounts:invite", args=[organisation.slug]),
        {"email": "Nouvelle.Recrue@Exemple.fr", "role": MembershipRole.GARDIEN},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:invitations", args=[organisation.slug])
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "nouvelle.recrue@exemple.fr"
    assert invitation.invited_by == admin.user

    messages = smtp.wait_for(1)
    assert len(messages) == 1
    message = messages[0]
    assert message["X-Envelope-To"] == "nouvelle.recrue@exemple.fr"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "[Maillage] Invitation à rejoindre Voisins Solidaires"
    body = text_part(message)
    link = settings.SITE_URL + invitation_url(invitation)
    assert link in body
    assert "Gardien / personnel de proximité" in body
    assert "Créez votre compte" in body
    # Through the outbox: one row, sent; running the sender again sends nothing more.
    [delivery] = Delivery.objects.filter(kind="invitation")
    assert (delivery.email, delivery.status) == ("nouvelle.recrue@exemple.fr", "sent")
    assert deliver_many([delivery.pk]) == {"skipped": 1}
    sweep_pending(older_than_seconds=0)
    assert len(smtp.wait_for(2, timeout=2)) == 1

    # The invitee follows the link, signs up (no second confirmation email) and accepts.
    client.logout()
    page = client.get(invitation_url(invitation))
    assert page.status_code == 200
    html = text(page)
    assert "Invitation à rejoindre Voisins Solidaires" in html
    signup_url = reverse("account_signup") + "?next=" + invitation_url(invitation)
    assert f'href="{signup_url}"' in html
    signup = client.get(signup_url)
    assert 'value="nouvelle.recrue@exemple.fr"' in text(signup)
    response = client.post(
        signup_url,
        {
            "email": "nouvelle.recrue@exemple.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": invitation_url(invitation),
        },
    )
    assert response.status_code == 302
    assert response.url == invitation_url(invitation)
    new_user = User.objects.get(email="nouvelle.recrue@exemple.fr")
    assert new_user.emailaddress_set.get().verified
    response = client.post(invitation_url(invitation))
    assert response.status_code == 302
    assert response.url == reverse("accounts:organisation", args=[organisation.slug])
    membership = Membership.objects.get(user=new_user, organisation=organisation)
    assert membership.role == MembershipRole.GARDIEN
    invitation.refresh_from_db()
    assert invitation.accepted_by == new_user
    assert invitation.accepted_at is not None


@pytest.mark.django_db
def test_invitation_accepted_by_an_existing_user_after_login(client):
    invitation = InvitationFactory(email="existant@exemple.fr", role=MembershipRole.ADMIN)
    user = UserFactory(email="existant@exemple.fr")
    page = client.get(invitation_url(invitation))
    assert "Un compte existe déjà pour votre adresse" in text(page)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "next": invitation_url(invitation)},
    )
    assert response.status_code == 302
    assert response.url == invitation_url(invitation)
    page = client.get(invitation_url(invitation))
    assert "Accepter et rejoindre l'organisation" in text(page)
    client.post(invitation_url(invitation))
    membership = Membership.objects.get(user=user)
    assert membership.organisation == invitation.organisation
    assert membership.role == MembershipRole.ADMIN


@pytest.mark.django_db
def test_invitation_is_single_use(client):
    invitation = InvitationFactory(email="unique@exemple.fr")
    user = UserFactory(email="unique@exemple.fr")
    client.force_login(user)
    client.post(invitation_url(invitation))
    assert Membership.objects.filter(user=user).count() == 1
    second = client.get(invitation_url(invitation))
    assert second.status_code == 410
    assert "Cette invitation a déjà été utilisée" in text(second)
    again = client.post(invitation_url(invitation))
    assert again.status_code == 410
    # Someone else holding the same link cannot use it either.
    client.force_login(UserFactory())
    assert client.post(invitation_url(invitation)).status_code == 410
    assert Membership.objects.filter(organisation=invitation.organisation).count() == 1


@pytest.mark.django_db
def test_expired_invitation_is_refused(client):
    invitation = InvitationFactory(
        email="tard@exemple.fr", expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(UserFactory(email="tard@exemple.fr"))
    response = client.post(invitation_url(invitation))
    assert response.status_code == 410
    assert "Cette invitation a expiré" in text(response)
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_unknown_invitation_token_is_a_french_404(client):
    response = client.get(reverse("accounts:invitation", args=["pas-un-jeton"]))
    assert response.status_code == 404
    assert "Ce lien d'invitation n'existe pas" in text(response)


@pytest.mark.django_db
def test_invitation_for_another_address_is_refused(client):
    invitation = InvitationFactory(email="destinataire@exemple.fr")
    intruder = UserFactory(email="autre@exemple.fr")
    client.force_login(intruder)
    response = client.post(invitation_url(invitation))
    assert response.status_code == 403
    html = text(response)
    assert "Cette invitation ne vous est pas adressée" in html
    assert "d***@exemple.fr" in html
    assert "destinataire@exemple.fr" not in html
    assert not Membership.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_invitation_to_a_verified_secondary_address_is_accepted(client):
    from allauth.account.models import EmailAddress

    invitation = InvitationFactory(email="pro@exemple.fr")
    user = UserFactory(email="perso@exemple.fr")
    EmailAddress.objects.create(user=user, email="pro@exemple.fr", verified=False)
    client.force_login(user)
    assert client.post(invitation_url(invitation)).status_code == 403
    EmailAddress.objects.filter(email="pro@exemple.fr").update(verified=True)
    assert client.post(invitation_url(invitation)).status_code == 302
    assert Membership.objects.filter(user=user, organisation=invitation.organisation).exists()


@pytest.mark.django_db
def test_revoked_invitation_no_longer_works(client):
    admin = admin_of()
    invitation = InvitationFactory(organisation=admin.organisation, invited_by=admin.user)
    client.force_login(admin.user)
    pending = client.get(reverse("accounts:invitations", args=[admin.organisation.slug]))
    assert invitation.email in text(pending)
    response = client.post(
        reverse("accounts:revoke_invitation", args=[admin.organisation.slug, invitation.pk])
    )
    assert response.status_code == 302
    pending = client.get(reverse("accounts:invitations", args=[admin.organisation.slug]))
    assert f"L'invitation de {invitation.email} est révoquée." in text(pending)
    assert f'<th scope="row">{invitation.email}</th>' not in text(pending)
    assert "Aucune invitation en attente." in text(pending)
    client.logout()
    response = client.get(invitation_url(invitation))
    assert response.status_code == 410
    assert "annulée par l'organisation" in text(response)


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_pending_one(django_capture_on_commit_callbacks):
    admin = admin_of()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = rules.create_invitation(
            organisation=admin.organisation, email="x@exemple.fr", role="member", invited_by=None
        )
        second = rules.create_invitation(
            organisation=admin.organisation, email="X@exemple.fr", role="admin", invited_by=None
        )
    # One outbox row per invitation, handed to Celery after commit.
    assert len(callbacks) == 2
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_usable
    # The replaced invitation's email, not sent yet, is not sent at all.
    rows = {d.object_id: d.pk for d in Delivery.objects.filter(kind="invitation")}
    assert deliver_many([rows[first.pk], rows[second.pk]]) == {"obsolete": 1, "sent": 1}
    assert [m.to for m in mail.outbox] == [["x@exemple.fr"]]
    assert "Administrateur de l'organisation" in mail.outbox[0].body


@pytest.mark.django_db
def test_an_invitee_with_an_account_also_finds_the_invitation_in_their_inbox(client):
    admin = admin_of(organisation__name="Asso des Lilas")
    invitee = UserFactory(email="deja.inscrite@exemple.fr", language="en")
    invitation = rules.create_invitation(
        organisation=admin.organisation, email=invitee.email, role="member", invited_by=admin.user
    )
    rows = Delivery.objects.filter(kind="invitation", object_id=invitation.pk)
    assert sorted(rows.values_list("channel", "recipient_id", "language")) == [
        ("email", invitee.pk, "en"),
        ("inbox", invitee.pk, "en"),
    ]
    deliver_many(list(rows.values_list("pk", flat=True)))
    assert [m.to for m in mail.outbox] == [[invitee.email]]
    client.force_login(invitee)
    assert "Asso des Lilas" in text(client.get(reverse("notifications:inbox")))
    opened = client.post(reverse("notifications:open", args=[rows.get(channel="inbox").pk]))
    assert opened.url == invitation_url(invitation)


@pytest.mark.django_db
def test_inviting_a_current_member_is_refused(client):
    admin = admin_of()
    member = MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    response = client.post(
        reverse("accounts:invite", args=[admin.organisation.slug]),
        {"email": member.user.email.upper(), "role": "member"},
    )
    assert response.status_code == 200
    assert "déjà membre" in text(response)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invite_form_errors_are_in_french_and_linked(client):
    admin = admin_of()
    client.force_login(admin.user)
    response = client.post(
        reverse("accounts:invite", args=[admin.organisation.slug]),
        {"email": "pas-une-adresse", "role": "chef"},
    )
    html = text(response)
    assert "Saisissez une adresse de courriel valide." in html
    assert "Sélectionnez un choix valide." in html
    assert re.search(r'<input[^>]+aria-describedby="id_email_helptext id_email_error"', html)
    assert 'id="id_email_helptext"' in html
    assert 'id="id_email_error"' in html
    assert re.search(r'<select[^>]+aria-invalid="true"', html)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invitation_form_is_rate_limited(client):
    admin = admin_of()
    client.force_login(admin.user)
    url = reverse("accounts:invite", args=[admin.organisation.slug])
    for n in range(20):
        response = client.post(url, {"email": f"p{n}@exemple.fr", "role": "member"})
        assert response.status_code == 302
    response = client.post(url, {"email": "p21@exemple.fr", "role": "member"})
    assert response.status_code == 429
    assert "Trop de demandes" in text(response)
    assert Invitation.objects.count() == 20
    # Reading the form is not limited.
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_admin_of_another_organisation_cannot_invite(client):
    admin_a = admin_of()
    admin_b = admin_of()
    client.force_login(admin_a.user)
    organisation_b = admin_b.organisation
    response = client.post(
        reverse("accounts:invite", args=[organisation_b.slug]),
        {"email": "pirate@exemple.fr", "role": "admin"},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_plain_member_cannot_invite(client):
    member = MembershipFactory(role=MembershipRole.MEMBER)
    client.force_login(member.user)
    url = reverse("accounts:invite", args=[member.organisation.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"email": "ami@exemple.fr", "role": "admin"})
    assert response.status_code == 403
    assert "Seuls les administrateurs" in text(response)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_organisation_b_is_invisible_to_members_of_a(client):
    admin_a = admin_of()
    admin_b = admin_of()
    member_b = MembershipFactory(organisation=admin_b.organisation)
    invitation_b = InvitationFactory(organisation=admin_b.organisation)
    slug_b = admin_b.organisation.slug
    client.force_login(admin_a.user)
    assert client.get(reverse("accounts:organisation", args=[slug_b])).status_code == 404
    assert client.get(reverse("accounts:invitations", args=[slug_b])).status_code == 404
    assert client.get(reverse("accounts:leave", args=[slug_b])).status_code == 404
    assert (
        client.post(
            reverse("accounts:revoke_invitation", args=[slug_b, invitation_b.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("accounts:remove_member", args=[slug_b, member_b.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("accounts:change_role", args=[slug_b, member_b.pk]), {"role": "admin"}
        ).status_code
        == 404
    )
    # A's admin cannot reach B's member through A's URL either.
    slug_a = admin_a.organisation.slug
    assert (
        client.post(reverse("accounts:remove_member", args=[slug_a, member_b.pk])).status_code
        == 404
    )
    invitation_b.refresh_from_db()
    assert invitation_b.revoked_at is None
    member_b.refresh_from_db()
    assert member_b.role == MembershipRole.MEMBER


# --- Members page, roles, remove, leave ----------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_members_page_query_count_does_not_grow_with_members(client):
    admin = admin_of()
    client.force_login(admin.user)
    url = reverse("accounts:organisation", args=[admin.organisation.slug])
    client.get(url)  # warm the session and site caches
    alone = count_queries(client, url)
    for _ in range(15):
        MembershipFactory(organisation=admin.organisation)
    assert count_queries(client, url) == alone
    # Session, user, organisation, admin check, pending count, members, plus the site
    # shell's context processors (permissions for the user bar, notifications, site).
    assert alone <= 12
    assert text(client.get(url)).count("<tr>") == 17  # header + 16 members


@pytest.mark.django_db
def test_invitations_page_query_count_does_not_grow_with_invitations(client):
    admin = admin_of()
    client.force_login(admin.user)
    url = reverse("accounts:invitations", args=[admin.organisation.slug])
    client.get(url)
    InvitationFactory(organisation=admin.organisation, invited_by=admin.user)
    one = count_queries(client, url)
    for _ in range(10):
        InvitationFactory(organisation=admin.organisation, invited_by=MembershipFactory().user)
    assert count_queries(client, url) == one
    assert one <= 12
    assert text(client.get(url)).count("Révoquer") == 11


@pytest.mark.django_db
def test_members_see_their_colleagues_but_no_admin_controls(client):
    member = MembershipFactory()
    colleague = MembershipFactory(organisation=member.organisation)
    client.force_login(member.user)
    html = text(client.get(reverse("accounts:organisation", args=[member.organisation.slug])))
    assert colleague.user.email in html
    assert "Changer le rôle" not in html
    assert "Inviter une personne" not in html


@pytest.mark.django_db
def test_admin_changes_a_role_and_removes_a_member(client):
    admin = admin_of()
    member = MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    slug = admin.organisation.slug
    response = client.post(reverse("accounts:change_role", args=[slug, member.pk]), {"role": "x"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == MembershipRole.MEMBER
    client.post(reverse("accounts:change_role", args=[slug, member.pk]), {"role": "gardien"})
    member.refresh_from_db()
    assert member.role == MembershipRole.GARDIEN

    confirm = client.get(reverse("accounts:remove_member", args=[slug, member.pk]))
    assert member.user.email in text(confirm)
    response = client.post(reverse("accounts:remove_member", args=[slug, member.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert User.objects.filter(pk=member.user_id).exists()


@pytest.mark.django_db
def test_plain_member_cannot_remove_or_promote(client):
    member = MembershipFactory()
    admin = admin_of(organisation=member.organisation)
    client.force_login(member.user)
    slug = member.organisation.slug
    assert client.post(reverse("accounts:remove_member", args=[slug, admin.pk])).status_code == 403
    response = client.post(
        reverse("accounts:change_role", args=[slug, member.pk]), {"role": "admin"}
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.role == MembershipRole.MEMBER
    assert Membership.objects.filter(pk=admin.pk).exists()


@pytest.mark.django_db
def test_last_admin_cannot_demote_themself(client):
    admin = admin_of()
    MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    response = client.post(
        reverse("accounts:change_role", args=[admin.organisation.slug, admin.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "Vous êtes le dernier administrateur" in text(response)
    admin.refresh_from_db()
    assert admin.role == MembershipRole.ADMIN


@pytest.mark.django_db
def test_sole_admin_of_an_organisation_without_other_members_cannot_demote_themself(client):
    admin = admin_of()
    client.force_login(admin.user)
    for role in ("member", "gardien"):
        response = client.post(
            reverse("accounts:change_role", args=[admin.organisation.slug, admin.pk]),
            {"role": role},
            follow=True,
        )
        assert "doit garder un administrateur" in text(response)
        admin.refresh_from_db()
        assert admin.role == MembershipRole.ADMIN


@pytest.mark.django_db
def test_an_admin_may_step_down_once_another_admin_is_named():
    admin = admin_of()
    successor = MembershipFactory(organisation=admin.organisation, role=MembershipRole.ADMIN)
    rules.change_role(admin, MembershipRole.MEMBER)
    admin.refresh_from_db()
    assert admin.role == MembershipRole.MEMBER
    with pytest.raises(rules.LastAdminError):
        rules.change_role(successor, MembershipRole.GARDIEN)


@pytest.mark.django_db
def test_member_leaves(client):
    member = MembershipFactory()
    admin_of(organisation=member.organisation)
    client.force_login(member.user)
    url = reverse("accounts:leave", args=[member.organisation.slug])
    assert "Nouvel administrateur" not in text(client.get(url))
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_last_admin_must_name_a_successor_to_leave(client):
    admin = admin_of()
    colleague = MembershipFactory(organisation=admin.organisation, role=MembershipRole.GARDIEN)
    client.force_login(admin.user)
    url = reverse("accounts:leave", args=[admin.organisation.slug])
    page = text(client.get(url))
    assert "Vous êtes le dernier administrateur" in page
    assert colleague.user.email in page
    response = client.post(url)
    assert response.status_code == 400
    assert Membership.objects.filter(pk=admin.pk).exists()
    # A member of another organisation cannot be named.
    stranger = MembershipFactory()
    assert client.post(url, {"successor": stranger.pk}).status_code == 400
    stranger.refresh_from_db()
    assert stranger.role == MembershipRole.MEMBER

    response = client.post(url, {"successor": colleague.pk})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=admin.pk).exists()
    colleague.refresh_from_db()
    assert colleague.role == MembershipRole.ADMIN


@pytest.mark.django_db
def test_sole_member_admin_may_leave():
    admin = admin_of()
    rules.leave(admin)
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_one_of_two_admins_may_leave_and_be_removed():
    first = admin_of()
    second = admin_of(organisation=first.organisation)
    MembershipFactory(organisation=first.organisation)
    rules.remove_member(second, by=first.user)
    with pytest.raises(rules.LastAdminError):
        rules.leave(first)
    with pytest.raises(rules.MembershipError):
        rules.remove_member(first, by=first.user)


@pytest.mark.django_db
def test_closed_signup_opens_only_for_a_valid_invitation(client, settings):
    settings.ACCOUNT_ALLOW_SIGNUP = False
    closed = client.get(reverse("account_signup"))
    assert "Inscriptions fermées" in text(closed)
    invitation = InvitationFactory(email="invitee@exemple.fr")
    client.get(invitation_url(invitation))
    response = client.post(
        reverse("account_signup"),
        {"email": "invitee@exemple.fr", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="invitee@exemple.fr").exists()

    # A revoked invitation does not keep the door open.
    other = Client()
    revoked = InvitationFactory(email="plus-tard@exemple.fr")
    other.get(invitation_url(revoked))
    rules.revoke_invitation(revoked)
    assert "Inscriptions fermées" in text(other.get(reverse("account_signup")))


def test_mask_email_keeps_the_domain_only():
    from directory.member_views import mask_email

    assert mask_email("destinataire@exemple.fr") == "d***@exemple.fr"


def test_axes_username_is_the_lowercased_login():
    from django.test import RequestFactory

    from accounts.lockout import username_of

    request = RequestFactory().post("/comptes/login/", {"login": " Jean@X.fr "})
    assert username_of(request, None) == "jean@x.fr"
    assert username_of(request, {"email": "Marie@X.fr", "password": "***"}) == "marie@x.fr"
    assert username_of(request, {"login": None, "email": "A@b.fr"}) == "a@b.fr"
    assert username_of(RequestFactory().post("/", {}), {}) is None
