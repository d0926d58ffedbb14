"""RGPD: export of one's own data (and nobody else's), account deletion."""

import json

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from accounts import personal_data, rgpd
from accounts.models import User
from api.models import ApiToken
from directory.models import Invitation, Membership, MembershipRole, OrganisationKind
from events.registrations import Applicant, register
from feedback.reports import handle, report_error
from notifications import subscriptions
from notifications.models import SubscriptionKind
from notifications.outbox import notice, recipients_for_users, write
from offers import services
from offers.models import ContactRequest, Match, MatchMessage, ServiceCall, ServiceCallAnswer
from offers.vocabularies import OfferFamily
from orientation.callbacks import send_callback_request
from orientation.models import Situation
from tests.accounts.factories import PASSWORD, UserFactory, clear_test_cache, text
from tests.directory.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    ServiceFactory,
    real_commune,
)
from tests.events.conftest import event_index, make_event, organiser  # noqa: F401
from tests.offers.factories import NeedFactory, OfferFactory, PremisesFactory
from tests.orientation.factories import FavouriteFactory


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
    personal_data.register(
        "essai_app", "Données de l'app d'essai", export=lambda u: {"utilisateur": u.pk}
    )
    try:
        client.force_login(user)
        data = json.loads(client.get(reverse("accounts:export")).content)["donnees"]
        assert data["essai_app"] == {"utilisateur": user.pk}
        page = text(client.get(reverse("accounts:my_data")))
        assert "Données de l'app d'essai" in page
        assert "essai_app" not in page  # people read labels, not keys
    finally:
        personal_data.unregister("essai_app")


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
    with pytest.raises(rgpd.DeletionBlocked):
        rgpd.delete_account(admin.user)

    # Once another admin is named, deletion goes through.
    Membership.objects.exclude(pk=admin.pk).update(role=MembershipRole.ADMIN)
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=admin.user_id).exists()


# --- The registry: a user who has every kind of data ---------------------------------------
def _text_columns_containing(value: str) -> dict[str, int]:
    """Every table's text, varchar and email columns (Django's view of them: CharField,
    TextField and their subclasses) that contain `value`, with how many rows match."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        fields = [
            f.column
            for f in meta.local_concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if not fields:
            continue
        condition = " OR ".join(f'"{column}" ILIKE %s' for column in fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT count(*) FROM "{meta.db_table}" WHERE {condition}',  # noqa: S608
                [f"%{value}%"] * len(fields),
            )
            count = cursor.fetchone()[0]
        if count:
            found[meta.db_table] = count
    return found


@pytest.fixture
def user_with_every_kind_of_data(make_event):  # noqa: F811
    email = "ines.martin@exemple.fr"
    membership = MembershipFactory(
        user__email=email, organisation__name="Maison des voisins", role=MembershipRole.ADMIN
    )
    user, organisation = membership.user, membership.organisation
    InvitationFactory(organisation=organisation, invited_by=user, email="collegue@exemple.fr")
    InvitationFactory(email=email.upper(), accepted_at=timezone.now(), accepted_by=user)
    InvitationFactory(email=email)
    # Lockout logs, as django-axes writes them for the login typed.
    for ip in ("192.0.2.1", "192.0.2.2"):
        AccessAttempt.objects.create(
            username=email,
            ip_address=ip,
            user_agent="Firefox",
            get_data="",
            post_data=f"login={email}&password=********",
            http_accept="*/*",
            path_info="/comptes/connexion/",
            failures_since_start=3,
        )
        AccessFailureLog.objects.create(
            username=email, ip_address=ip, user_agent="Firefox", http_accept="*/*", path_info="/"
        )
    AccessLog.objects.create(
        username=email,
        ip_address="192.0.2.3",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/",
    )
    # Alerts: one with the account, one made by email before signing up (with its
    # confirmation email in the outbox), and an inbox notification.
    subscriptions.subscribe(
        kind=SubscriptionKind.PREMISES,
        filters={"commune": "93048"},
        label="Locaux Montreuil",
        frequency="daily",
        user=user,
    )
    subscriptions.subscribe(
        kind=SubscriptionKind.OFFERS, filters={}, label="Offres", frequency="instant", email=email
    )
    # Favourites, contact requests, match messages, API keys.
    FavouriteFactory(user=user, service=ServiceFactory(name="Portage de repas"))
    offer = OfferFactory(title="Café des aidants")
    services.send_contact_request(
        offer=offer, organisation=organisation, user=user, message="Pour la résidence Jaurès ?"
    )
    # An answer to a landlord's call for services, written in the name of an ESS provider.
    ServiceCallAnswer.objects.create(
        call=ServiceCall.objects.create(
            landlord=OrganisationFactory(kind=OrganisationKind.LANDLORD),
            title="Animation du hall",
            description="Un café mensuel.",
            family=OfferFamily.SOCIAL_COHESION,
            period_start=timezone.localdate(),
            closes_on=timezone.localdate(),
        ),
        provider=offer.provider,
        author=user,
        message="Nous venons le mardi",
    )
    match = Match.objects.create(
        need=NeedFactory(organisation=organisation, title="Café social"),
        premises=PremisesFactory(title="Local Jaurès"),
        score=80,
    )
    services.send_match_message(
        match, organisation_id=organisation.pk, user=user, body="Pouvons-nous visiter ?"
    )
    ApiToken.issue(organisation, "Outil de suivi", created_by=user)
    # An event registration by email (no account needed), and its confirmation in the outbox.
    event = make_event(title="Atelier tablette", capacity=10)
    register(event.occurrences.first().pk, Applicant(name="Inès", email=email, phone=""))
    # An inbox notification addressed to the account.
    write([notice(recipients_for_users([user.pk])[user.pk], offer, "alert")])
    # A callback request, with the sender's professional contact.
    send_callback_request(
        sender=user,
        service=ServiceFactory(name="Visites de convivialité"),
        situation=Situation.objects.get(slug="isolement"),
        commune=real_commune("Montreuil"),
        sender_phone="+33148000001",
        sender_email=email,
        note="Plutôt le matin",
        consent=True,
    )
    # Errors reported on sheets without logging in, under the same address: one open, one
    # answered (the reply waits in the outbox).
    reported = OrganisationFactory(name="CCAS de Bondy")
    report_error(
        organisation=reported, subject="hours", message="Fermé le lundi.", reporter_email=email
    )
    answered = report_error(
        organisation=reported, subject="contact", message="Mauvais numéro.", reporter_email=email
    )
    handle(answered.pk, status="fixed", answer="Corrigé.", user=None)
    return user


@pytest.mark.django_db
def test_my_export_contains_every_kind_of_data_i_have(client, user_with_every_kind_of_data):
    user = user_with_every_kind_of_data
    client.force_login(user)
    data = json.loads(client.get(reverse("accounts:export")).content)["donnees"]

    assert data["profil"]["adresse_email"] == user.email
    assert [a["adresse"] for a in data["adresses_email"]] == [user.email]
    assert [m["organisation"] for m in data["adhesions"]] == ["Maison des voisins"]
    assert [i["adresse_invitee"] for i in data["invitations_envoyees"]] == ["collegue@exemple.fr"]
    assert len(data["invitations_recues"]) == 2
    assert {c["adresse_ip"] for c in data["connexions"]} >= {"192.0.2.1", "192.0.2.2", "192.0.2.3"}
    assert sorted(a["intitule"] for a in data["alertes"]) == ["Locaux Montreuil", "Offres"]
    assert {(n["type"], n["canal"]) for n in data["notifications"]} >= {
        ("subscription_confirm", "email"),
        ("alert", "inbox"),
        ("event_confirmed", "email"),
    }
    assert data["preferences_notifications"] is None
    assert [f["service"] for f in data["services_favoris"]] == ["Portage de repas"]
    [request] = data["demandes_de_contact"]
    assert request["offre"] == "Café des aidants"
    assert request["message"] == "Pour la résidence Jaurès ?"
    assert request["demandee_par_moi"] is True
    assert [m["message"] for m in data["messages"]] == ["Pouvons-nous visiter ?"]
    assert [a["message"] for a in data["reponses_aux_appels"]] == ["Nous venons le mardi"]
    [token] = data["cles_api"]
    assert token["nom"] == "Outil de suivi" and token["organisation"] == "Maison des voisins"
    [registration] = data["inscriptions_evenements"]
    assert registration["evenement"] == "Atelier tablette"
    assert registration["adresse_email"] == user.email
    [report] = data["signalements"]
    assert report["fiche"] == "CCAS de Bondy" and report["votre_email"] == user.email
    [callback] = data["demandes_de_rappel"]
    assert callback["service"] == "Visites de convivialité"
    assert callback["votre_email"] == user.email and callback["note"] == "Plutôt le matin"
    # Every section of the registry has something to show for this user.
    empty = [name for name, rows in data.items() if rows in (None, [], {})]
    assert empty == ["preferences_notifications"]


@pytest.mark.django_db
def test_after_deleting_my_account_my_email_is_in_no_table(client, user_with_every_kind_of_data):
    user = user_with_every_kind_of_data
    email = user.email
    before = _text_columns_containing(email)
    # The scan sees the address where the data above put it.
    for table in (
        "accounts_user",
        "account_emailaddress",
        "accounts_invitation",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
        "notifications_subscription",
        "notifications_delivery",
        "events_registration",
        "orientation_callbackrequest",
        "feedback_report",
    ):
        assert table in before, table
    client.force_login(user)
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302

    assert _text_columns_containing(email) == {}
    # What belongs to the organisations stays, without the person.
    assert ApiToken.objects.get().created_by is None
    assert ContactRequest.objects.get().requester is None
    assert MatchMessage.objects.get().sender is None
    assert Invitation.objects.get().email == "collegue@exemple.fr"
