"""Callback requests: a gardien asks a service to call them back about a resident, without
a case file (issue #15, part 4). Validation of what can be written, who sees and answers
what, signed links, rate limit, expiry and purge, personal data."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import personal_data
from directory.models import (
    Membership,
    MembershipRole,
    OrganisationKind,
    ReferentRole,
    ResidenceReferent,
)
from directory.vocabularies import Category
from notifications.models import Channel, Delivery
from notifications.outbox import notice, notify
from orientation import callbacks
from orientation.callback_tokens import answer_token, read_answer_token
from orientation.forms import CallbackAnswerForm, CallbackRequestForm
from orientation.models import (
    CALLBACK_ANSWERED,
    CALLBACK_REQUEST,
    CallbackRequest,
    CallbackStatus,
    Situation,
)
from orientation.privacy import identifying_content
from orientation.tasks import expire_and_purge_callbacks
from tests.accounts.factories import UserFactory, clear_test_cache
from tests.directory.factories import OrganisationFactory, ServiceFactory

from .factories import CallbackRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gardien(residence):
    user = UserFactory(email="gardien@bailleur.example")
    Membership.objects.create(
        user=user, organisation=residence.landlord, role=MembershipRole.GARDIEN
    )
    residence.gardiens.add(user)
    return user


@pytest.fixture
def association(montreuil):
    return OrganisationFactory(name="Les Petits Frères Test", commune=montreuil)


@pytest.fixture
def service(association):
    return ServiceFactory(
        organisation=association,
        name="Visites à domicile",
        categories=[Category.LIEN_SOCIAL],
        thematiques=[],
        email="visites@petits-freres.example",
        eligibility_zone=["93048"],
    )


@pytest.fixture
def association_admin(association):
    user = UserFactory(email="coordinatrice@petits-freres.example")
    Membership.objects.create(user=user, organisation=association, role=MembershipRole.ADMIN)
    return user


def valid_post(residence, **overrides):
    return {
        "situation": "isolement",
        "residence": str(residence.pk),
        "consent": "on",
        "sender_organisation": str(residence.landlord.pk),
        "sender_phone": "01 48 70 12 34",
        "sender_email": "gardien@bailleur.example",
        "note": "De préférence le matin, la personne a déjà appelé le CCAS.",
        **overrides,
    }


# --- What a note may say -----------------------------------------------------------------------
REFUSED_NOTES = {
    "Mme Dupont est très seule": "name",
    "M. Martin ne sort plus": "name",
    "Monsieur Diallo a besoin d'aide": "name",
    "Voir avec Jean Dupont": "name",
    "Pour Marie-Claire DURAND": "name",
    "Appeler au 06 12 34 56 78": "phone",
    "Joignable au 0612345678": "phone",
    "ou au +33 6 12 34 56 78": "phone",
    "Écrire à jean.dupont@gmail.com": "email",
    "Appartement 12, sonner fort": "flat",
    "appt 4B": "flat",
    "Porte 3 au fond du couloir": "flat",
    "Au 3e étage sans ascenseur": "flat",
    "Bâtiment C": "flat",
    "logement n° 24": "flat",
    "Née le 12 mars 1948": "birth",
    "Date de naissance connue": "birth",
    "12/03/1948": "birth",
}
ACCEPTED_NOTES = [
    "De préférence le matin.",
    "La personne a déjà appelé le CCAS sans réponse.",
    "Elle préfère être rappelée après 14 h.",
    "Le Point Conseil Budget a déjà été contacté.",
    "Près de la Résidence Les Tilleuls, à Saint Denis.",
    "Situation qui dure depuis trois semaines.",
    "Le logement a été signalé au bailleur en mars.",
]


@pytest.mark.parametrize("note, kind", REFUSED_NOTES.items())
def test_a_note_that_could_identify_the_resident_is_refused(note, kind, gardien, residence):
    assert identifying_content(note)[0] == kind
    form = CallbackRequestForm(valid_post(residence, note=note), user=gardien)
    assert not form.is_valid()
    assert "note" in form.errors
    assert "retirez" in form.errors["note"][0]


@pytest.mark.parametrize("note", ACCEPTED_NOTES)
def test_a_note_about_the_situation_is_accepted(note, gardien, residence):
    assert identifying_content(note) == ("", "")
    form = CallbackRequestForm(valid_post(residence, note=note), user=gardien)
    assert form.is_valid(), form.errors


def test_a_note_longer_than_280_characters_is_refused(gardien, residence):
    form = CallbackRequestForm(valid_post(residence, note="matin " * 50), user=gardien)
    assert not form.is_valid() and "note" in form.errors


def test_a_request_needs_the_residents_agreement(gardien, residence):
    data = valid_post(residence)
    del data["consent"]
    form = CallbackRequestForm(data, user=gardien)
    assert not form.is_valid()
    assert "accord" in form.errors["consent"][0]


def test_no_callback_can_be_asked_for_an_immediate_danger(gardien, residence):
    form = CallbackRequestForm(valid_post(residence, situation="danger-immediat"), user=gardien)
    assert not form.is_valid() and "situation" in form.errors


def test_a_request_answered_before_its_email_left_is_not_sent(gardien, service):
    callback = CallbackRequestFactory(sender=gardien, service=service)
    assert not callback.notification_is_obsolete(CALLBACK_REQUEST)
    callbacks.answer(callback.pk, status=CallbackStatus.DECLINED)
    callback.refresh_from_db()
    assert callback.notification_is_obsolete(CALLBACK_REQUEST)
    assert not callback.notification_is_obsolete(CALLBACK_ANSWERED)


def test_the_database_refuses_a_request_without_agreement(service, gardien):
    with pytest.raises(Exception, match="orientation_callback_consent_given"):
        CallbackRequestFactory(service=service, sender=gardien, consent=False)


def test_the_senders_phone_is_stored_in_international_format(gardien, residence):
    form = CallbackRequestForm(valid_post(residence), user=gardien)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["sender_phone"] == "+33148701234"
    assert form.cleaned_data["place_commune"] == residence.commune


def test_a_suggestion_may_give_a_service_number_but_not_a_name():
    ok = CallbackAnswerForm({"decision": "declined", "suggestion": "Le CMP, 01 43 93 93 93"})
    assert ok.is_valid(), ok.errors
    refused = CallbackAnswerForm({"decision": "declined", "suggestion": "Mme Durand, apt 4"})
    assert not refused.is_valid()


# --- Asking ------------------------------------------------------------------------------------
def test_the_gardien_sees_ask_a_callback_on_each_result(client, gardien, residence, service):
    client.force_login(gardien)
    response = client.get(
        reverse("orientation:index"), {"situation": "isolement", "residence": residence.pk}
    )
    url = reverse("orientation:callback_new", args=[service.slug])
    assert f"{url}?situation=isolement&amp;residence={residence.pk}" in response.text


def test_a_visitor_and_an_association_member_see_no_callback_button(
    client, association_admin, service
):
    for user in (None, association_admin):
        if user:
            client.force_login(user)
        response = client.get(
            reverse("orientation:index"), {"situation": "isolement", "commune": "93048"}
        )
        assert "Visites à domicile" in response.text
        assert "Demander un rappel" not in response.text


def test_no_callback_is_offered_for_an_immediate_danger(client, gardien, residence, service):
    client.force_login(gardien)
    response = client.get(
        reverse("orientation:index"), {"situation": "danger-immediat", "residence": residence.pk}
    )
    assert "Demander un rappel" not in response.text


def test_the_form_is_prefilled_with_the_senders_professional_contact(
    client, gardien, residence, service
):
    client.force_login(gardien)
    response = client.get(
        reverse("orientation:callback_new", args=[service.slug]),
        {"situation": "isolement", "residence": residence.pk},
    )
    form = response.context["form"]
    assert form["sender_email"].value() == "gardien@bailleur.example"
    assert form["sender_organisation"].value() == residence.landlord.pk
    assert form["sender_phone"].value() == "01 48 00 00 00"  # the landlord's, nationally
    assert form["situation"].value() == "isolement"


def test_only_gardiens_and_landlord_staff_may_ask(client, association_admin, service):
    url = reverse("orientation:callback_new", args=[service.slug])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(association_admin)
    assert client.get(url).status_code == 403


def test_sending_writes_the_outbox_rows_for_the_service_and_its_members(
    client, gardien, residence, service, association_admin, django_capture_on_commit_callbacks
):
    client.force_login(gardien)
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("orientation:callback_new", args=[service.slug]), valid_post(residence)
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("orientation:callbacks_sent")
    callback = CallbackRequest.objects.get()
    assert callback.sender == gardien
    assert callback.recipient_organisation == service.organisation
    assert callback.commune == residence.commune
    assert callback.status == CallbackStatus.SENT
    rows = set(Delivery.objects.values_list("recipient_key", "kind", "channel"))
    assert rows == {
        ("e:visites@petits-freres.example", CALLBACK_REQUEST, Channel.EMAIL),
        (f"u:{association_admin.pk}", CALLBACK_REQUEST, Channel.EMAIL),
        (f"u:{association_admin.pk}", CALLBACK_REQUEST, Channel.INBOX),
    }


@pytest.fixture
def referent(residence):
    return ResidenceReferent.objects.create(
        residence=residence,
        role=ReferentRole.CESF,
        label="Conseillère en économie sociale et familiale",
        email="cesf@bailleur.example",
        phone="+33148700001",
    )


def test_the_gardien_asks_the_landlords_own_contact_to_call_back(
    client, gardien, residence, referent, django_capture_on_commit_callbacks
):
    manager = UserFactory(email="agence@bailleur.example")
    Membership.objects.create(
        user=manager, organisation=residence.landlord, role=MembershipRole.MEMBER
    )
    client.force_login(gardien)
    page = client.get(reverse("orientation:residence", args=[residence.pk])).content.decode()
    url = reverse("orientation:callback_referent", args=[referent.pk])
    assert f'href="{url}?residence={residence.pk}"' in page
    form = client.get(url, {"residence": residence.pk})
    assert "Demander un rappel à « Conseillère en économie sociale et familiale »" in form.text
    with django_capture_on_commit_callbacks():
        response = client.post(url, valid_post(residence))
    assert response.status_code == 302
    callback = CallbackRequest.objects.get()
    assert (callback.referent, callback.service) == (referent, None)
    assert callback.recipient_organisation == residence.landlord
    rows = set(Delivery.objects.values_list("recipient_key", "kind", "channel"))
    assert rows == {
        ("e:cesf@bailleur.example", CALLBACK_REQUEST, Channel.EMAIL),
        (f"u:{manager.pk}", CALLBACK_REQUEST, Channel.EMAIL),
        (f"u:{manager.pk}", CALLBACK_REQUEST, Channel.INBOX),
    }
    # The landlord's staff answer it in their space, like a service would.
    assert callbacks.received_by(manager).get() == callback


def test_another_landlords_gardien_cannot_ask_its_contacts(client, referent, montreuil):
    other = OrganisationFactory(kind=OrganisationKind.LANDLORD, commune=montreuil)
    stranger = UserFactory()
    Membership.objects.create(user=stranger, organisation=other, role=MembershipRole.GARDIEN)
    client.force_login(stranger)
    url = reverse("orientation:callback_referent", args=[referent.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert not CallbackRequest.objects.exists()


def test_a_request_goes_to_a_service_or_a_landlord_contact_never_both(
    gardien, residence, service, referent
):
    common = {
        "sender": gardien,
        "situation": Situation.objects.get(slug="isolement"),
        "commune": None,
        "residence": residence,
        "sender_phone": "01 48 70 12 34",
        "sender_email": gardien.email,
        "consent": True,
    }
    with pytest.raises(ValueError):
        callbacks.send_callback_request(service=service, referent=referent, **common)
    with pytest.raises(ValueError):
        callbacks.send_callback_request(**common)
    with pytest.raises(IntegrityError):
        CallbackRequest.objects.create(
            sender=gardien, service=service, referent=referent,
            recipient_organisation=service.organisation, commune=residence.commune,
            sender_phone="01 48 70 12 34", sender_email=gardien.email, consent=True,
        )  # fmt: skip


def test_an_eleventh_request_within_the_hour_is_refused(client, gardien, residence, service):
    clear_test_cache()
    client.force_login(gardien)
    url = reverse("orientation:callback_new", args=[service.slug])
    limit = int(settings.CALLBACK_RATE.split("/")[0])
    for _ in range(limit):
        assert client.post(url, valid_post(residence)).status_code == 302
    response = client.post(url, valid_post(residence))
    assert response.status_code == 429
    assert CallbackRequest.objects.count() == limit
    clear_test_cache()


# --- Seeing and answering ----------------------------------------------------------------------
def test_each_user_sees_only_requests_they_sent_or_their_organisation_received(
    client, gardien, service, association_admin, montreuil
):
    mine = CallbackRequestFactory(sender=gardien, service=service)
    other_service = ServiceFactory(name="Portage de repas")
    theirs = CallbackRequestFactory(service=other_service)
    client.force_login(gardien)
    sent = client.get(reverse("orientation:callbacks_sent")).context["requests"]
    assert list(sent) == [mine]
    assert list(client.get(reverse("orientation:callbacks_received")).context["requests"]) == []
    client.force_login(association_admin)
    received = client.get(reverse("orientation:callbacks_received")).context["requests"]
    assert list(received) == [mine]
    assert theirs not in received


def test_the_received_list_costs_a_fixed_number_of_queries(client, service, association_admin):
    client.force_login(association_admin)
    url = reverse("orientation:callbacks_received")
    CallbackRequestFactory(service=service)
    client.get(url)  # warm the per-process caches (footer, menu)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    CallbackRequestFactory.create_batch(4, service=service)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(response.context["requests"]) == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_another_organisation_cannot_answer_a_request(client, service):
    callback = CallbackRequestFactory(service=service)
    stranger = UserFactory()
    Membership.objects.create(
        user=stranger, organisation=OrganisationFactory(), role=MembershipRole.ADMIN
    )
    client.force_login(stranger)
    response = client.post(
        reverse("orientation:callback_respond", args=[callback.pk]), {"decision": "acknowledged"}
    )
    assert response.status_code == 404
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.SENT


def test_the_organisation_answers_in_its_space_and_the_sender_is_told(
    client, gardien, service, association_admin, django_capture_on_commit_callbacks
):
    callback = CallbackRequestFactory(sender=gardien, service=service)
    client.force_login(association_admin)
    with django_capture_on_commit_callbacks():
        client.post(
            reverse("orientation:callback_respond", args=[callback.pk]),
            {"decision": "declined", "suggestion": "Le CCAS de Montreuil"},
        )
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.DECLINED
    assert callback.suggestion == "Le CCAS de Montreuil"
    assert callback.answered_by == association_admin
    assert callback.closed_at is not None
    told = set(
        Delivery.objects.filter(kind=CALLBACK_ANSWERED).values_list("recipient_id", "channel")
    )
    assert told == {(gardien.pk, Channel.EMAIL), (gardien.pk, Channel.INBOX)}


def test_the_signed_link_answers_without_logging_in(client, gardien, service):
    callback = CallbackRequestFactory(sender=gardien, service=service)
    url = reverse("orientation:callback_answer", args=[answer_token(callback.pk)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Je rappelle" in page.text and "Un habitant de Montreuil" in page.text
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.SENT  # showing the page changes nothing
    client.post(url, {"decision": "acknowledged"})
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.ACKNOWLEDGED
    assert callback.answered_by is None
    assert Delivery.objects.filter(kind=CALLBACK_ANSWERED, recipient=gardien).exists()


def test_a_request_is_answered_once(gardien, service):
    callback = CallbackRequestFactory(sender=gardien, service=service)
    callbacks.answer(callback.pk, status=CallbackStatus.ACKNOWLEDGED)
    with pytest.raises(callbacks.CallbackClosed):
        callbacks.answer(callback.pk, status=CallbackStatus.DECLINED)
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.ACKNOWLEDGED


def test_a_forged_link_is_refused(client, service):
    callback = CallbackRequestFactory(service=service)
    token = answer_token(callback.pk)
    forged = signing.dumps(callback.pk + 1, salt="orientation.callback.answer", key="another-key")
    for bad in (token[:-2] + "xx", forged, "nimportequoi"):
        response = client.post(
            reverse("orientation:callback_answer", args=[bad]), {"decision": "acknowledged"}
        )
        assert response.status_code == 404
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.SENT


def test_an_expired_link_is_refused(client, service):
    callback = CallbackRequestFactory(service=service)
    past = timezone.now() - timedelta(days=settings.CALLBACK_EXPIRY_DAYS, hours=1)
    with mock.patch("django.core.signing.time.time", return_value=past.timestamp()):
        old_token = answer_token(callback.pk)
    assert read_answer_token(old_token) is None
    response = client.get(reverse("orientation:callback_answer", args=[old_token]))
    assert response.status_code == 404
    assert "plus valable" in response.text


# --- Expiry, purge, personal data ---------------------------------------------------------------
def test_unanswered_requests_expire_and_closed_ones_are_purged_with_their_messages(service):
    now = timezone.now()
    expiry = timedelta(days=settings.CALLBACK_EXPIRY_DAYS)
    retention = timedelta(days=settings.CALLBACK_RETENTION_DAYS)
    fresh = CallbackRequestFactory(service=service, created_at=now - expiry + timedelta(hours=1))
    stale = CallbackRequestFactory(service=service, created_at=now - expiry - timedelta(hours=1))
    old = CallbackRequestFactory(
        service=service,
        created_at=now - retention - expiry,
        status=CallbackStatus.ACKNOWLEDGED,
        closed_at=now - retention - timedelta(days=1),
    )
    notify(notice(r, old, CALLBACK_REQUEST) for r in callbacks.recipients_of(old))
    assert Delivery.objects.filter(object_id=old.pk).exists()

    assert callbacks.expire_and_purge(now) == {"expired": 1, "purged": 1}
    fresh.refresh_from_db()
    stale.refresh_from_db()
    assert fresh.status == CallbackStatus.SENT
    assert stale.status == CallbackStatus.EXPIRED and stale.closed_at == now
    # Its sender is told once, so that they call someone else.
    told = Delivery.objects.filter(object_id=stale.pk, kind=CALLBACK_ANSWERED)
    assert set(told.values_list("recipient_id", flat=True)) == {stale.sender_id}
    assert callbacks.expire_unanswered(now) == 0  # closed: never expired (nor told) twice
    assert not CallbackRequest.objects.filter(pk=old.pk).exists()
    assert not Delivery.objects.filter(object_id=old.pk, kind=CALLBACK_REQUEST).exists()
    # An expired request can no longer be answered, by link or otherwise.
    with pytest.raises(callbacks.CallbackClosed):
        callbacks.answer(stale.pk, status=CallbackStatus.ACKNOWLEDGED)


def test_expiry_and_purge_run_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["orientation-expire-and-purge-callbacks"]
    assert entry["task"] == "orientation.expire_and_purge_callbacks"
    assert expire_and_purge_callbacks.name == entry["task"]


def test_the_senders_requests_are_in_their_data_export_and_erased_with_the_account(
    gardien, service
):
    callback = CallbackRequestFactory(sender=gardien, service=service, note="Plutôt le matin")
    exported = personal_data.export(gardien)["demandes_de_rappel"]
    assert exported[0]["note"] == "Plutôt le matin"
    assert exported[0]["votre_email"] == gardien.email
    personal_data.erase(gardien)
    assert not CallbackRequest.objects.filter(pk=callback.pk).exists()


def test_a_landlord_manager_may_ask_too(client, landlord, service):
    manager = UserFactory()
    Membership.objects.create(user=manager, organisation=landlord, role=MembershipRole.MEMBER)
    assert landlord.kind == OrganisationKind.LANDLORD
    assert callbacks.can_request_callback(manager)
    client.force_login(manager)
    url = reverse("orientation:callback_new", args=[service.slug])
    assert client.get(url, {"situation": "isolement", "commune": "93048"}).status_code == 200
    assert Situation.objects.filter(slug="isolement").exists()
