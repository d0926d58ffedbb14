"""Moderation: draft → submitted → published → archived, refusals with a reason, audit log,
emails to the territory's moderators and to the organisation's admins, update reminders."""

from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.roles import MODERATORS_GROUP
from directory import moderation, notifications
from directory.vocabularies import Status
from notifications.models import Channel, Delivery
from notifications.sending import deliver_many
from tests.accounts.factories import UserFactory
from tests.directory.factories import (
    MembershipFactory,
    OrganisationFactory,
    ServiceFactory,
    real_commune,
)

FILTER_DELIVERY_WARNING = pytest.mark.filterwarnings(
    "ignore:A permission policy for Delivery:DeprecationWarning"
)


def make_moderator(email, departements):
    user = UserFactory(email=email, moderated_departements=departements)
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


@pytest.fixture
def world(db):
    commune = real_commune("Bobigny")
    organisation = OrganisationFactory(name="Voisins Solidaires", commune=commune, postcode="93000")
    service = ServiceFactory(organisation=organisation, name="Visites", status=Status.DRAFT)
    return {
        "organisation": organisation,
        "service": service,
        "admin": MembershipFactory(organisation=organisation, role="admin").user,
        "member": MembershipFactory(organisation=organisation, role="member").user,
        "moderator": make_moderator("moderatrice93@exemple.fr", ["93"]),
        "other_moderator": make_moderator("moderateur94@exemple.fr", ["94"]),
    }


def actions_of(entry):
    return list(ModelLogEntry.objects.for_instance(entry).values_list("action", flat=True))


def test_full_lifecycle_is_logged(world, django_capture_on_commit_callbacks):
    service, member, moderator = world["service"], world["member"], world["moderator"]
    with django_capture_on_commit_callbacks(execute=False):
        moderation.submit(service, member)
    assert service.status == Status.SUBMITTED and service.submitted_at
    moderation.publish(service, moderator)
    assert service.status == Status.PUBLISHED and service.published_at
    assert service.verified_on == date.today() and service.verified_by == moderator
    moderation.archive(service, member)
    service.refresh_from_db()
    assert service.status == Status.ARCHIVED
    assert actions_of(service) == [moderation.ARCHIVE, moderation.PUBLISH, moderation.SUBMIT]
    entry = ModelLogEntry.objects.for_instance(service).get(action=moderation.PUBLISH)
    assert entry.user == moderator


def test_who_may_do_what(world, django_capture_on_commit_callbacks):
    service = world["service"]
    outsider = MembershipFactory().user  # member of another organisation
    with pytest.raises(PermissionDenied):
        moderation.submit(service, outsider)
    with pytest.raises(PermissionDenied):
        moderation.publish(service, world["member"])  # partners do not self-publish
    with pytest.raises(PermissionDenied):
        moderation.publish(service, world["other_moderator"])  # not their département
    with django_capture_on_commit_callbacks(execute=False):
        moderation.submit(service, world["member"])
    with pytest.raises(moderation.TransitionError):
        moderation.submit(service, world["member"])  # already submitted


def test_refusal_needs_a_reason_and_returns_to_draft(world, django_capture_on_commit_callbacks):
    service = world["service"]
    with django_capture_on_commit_callbacks(execute=False):
        moderation.submit(service, world["member"])
    with pytest.raises(moderation.TransitionError, match="motif"):
        moderation.refuse(service, world["moderator"], "  ")
    with django_capture_on_commit_callbacks(execute=False):
        moderation.refuse(service, world["moderator"], "Précisez les horaires de permanence.")
    service.refresh_from_db()
    assert service.status == Status.DRAFT
    assert service.refusal_reason == "Précisez les horaires de permanence."
    entry = ModelLogEntry.objects.for_instance(service).get(action=moderation.REFUSE)
    assert entry.data == {"reason": "Précisez les horaires de permanence."}


def test_submission_notice_goes_to_the_territorys_moderators(
    world, django_capture_on_commit_callbacks
):
    service = world["service"]
    with django_capture_on_commit_callbacks(execute=False):
        moderation.submit(service, world["member"])
    (delivery,) = Delivery.objects.filter(channel=Channel.EMAIL)
    assert (delivery.email, delivery.kind) == ("moderatrice93@exemple.fr", "moderation_submitted")
    assert delivery.item.action == moderation.SUBMIT
    context = delivery.item.notification_context(delivery.kind)
    assert context["title"] == "Visites"
    assert context["url"] == reverse("moderation_preview", args=["service", service.pk])


def test_refusal_notice_goes_to_the_organisations_admins(world, django_capture_on_commit_callbacks):
    service = world["service"]
    with django_capture_on_commit_callbacks(execute=False):
        moderation.submit(service, world["member"])
        moderation.refuse(service, world["moderator"], "Il manque le public concerné.")
    refusals = Delivery.objects.filter(channel=Channel.EMAIL, kind="moderation_refused")
    # Admins of the organisation (the plain member is not one of them).
    assert [d.email for d in refusals] == [world["admin"].email]
    context = refusals[0].item.notification_context("moderation_refused")
    assert context["reason"] == "Il manque le public concerné."
    assert context["url"] == f"/admin/annuaire/services/edit/{service.pk}/"


def test_update_reminders_once_a_month_through_the_outbox(
    world, django_capture_on_commit_callbacks
):
    organisation = world["organisation"]
    organisation.verified_at = timezone.now() - timedelta(days=400)
    organisation.update_frequency = "yearly"
    organisation.save()
    ServiceFactory(organisation=organisation, name="Fraîche")  # up to date: not listed
    with django_capture_on_commit_callbacks(execute=False):
        assert notifications.send_update_reminders() == 1
    # Through the outbox: one email (and the inbox copy) for the admin, in the audit log.
    (delivery,) = Delivery.objects.filter(channel=Channel.EMAIL, kind="update_reminder")
    assert delivery.email == world["admin"].email
    assert Delivery.objects.filter(channel=Channel.INBOX, kind="update_reminder").count() == 1
    assert ModelLogEntry.objects.filter(action="directory.update_reminder").count() == 1
    assert deliver_many([delivery.pk])["sent"] == 1
    (message,) = mail.outbox
    assert message.to == [world["admin"].email]
    assert "Voisins Solidaires" in message.subject
    body = message.body
    assert "Voisins Solidaires" in body and "Fraîche" not in body
    assert f"/admin/annuaire/organisations/edit/{organisation.pk}/" in body
    # Sent once: sending again sends nothing.
    assert deliver_many([delivery.pk]).get("sent", 0) == 0
    # Reminded recently: nothing more for a month.
    assert notifications.send_update_reminders() == 0
    assert notifications.send_update_reminders(today=date.today() + timedelta(days=31)) == 0


@FILTER_DELIVERY_WARNING
def test_moderation_screen_refuses_with_reason(client, world, django_capture_on_commit_callbacks):
    service = world["service"]
    with django_capture_on_commit_callbacks(execute=False):
        moderation.submit(service, world["member"])
    url = reverse("moderation_preview", args=["service", service.pk])
    # The old address of the page still works.
    client.force_login(world["moderator"])
    assert (
        client.get(reverse("directory_moderate", args=["service", service.pk])).status_code == 200
    )
    client.force_login(world["member"])
    page = client.get(url)
    assert page.status_code == 200  # their own entry: they may archive it
    assert "Refuser" not in page.text  # partners do not moderate
    client.force_login(world["moderator"])
    assert "Refuser" in client.get(url).text
    # The refusal email is written to the outbox with the refusal and handed to Celery once
    # committed (see the test below for the worker itself).
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"action": "refuse", "reason": "Ajoutez un téléphone."})
    assert response.status_code == 302
    assert callbacks
    assert Delivery.objects.filter(kind="moderation_refused").exists()
    service.refresh_from_db()
    assert service.status == Status.DRAFT
    assert service.refusal_reason == "Ajoutez un téléphone."
    # A second refusal is not possible: the entry is a draft again.
    response = client.post(url, {"action": "refuse", "reason": "Encore ?"}, follow=True)
    assert "Impossible de refuser" in response.text


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_submission_email_is_sent_by_the_celery_worker(celery_worker, smtp):
    commune = real_commune("Montreuil")
    organisation = OrganisationFactory(name="Café social", commune=commune, postcode="93100")
    service = ServiceFactory(organisation=organisation, name="Café des aidants", status="draft")
    member = MembershipFactory(organisation=organisation, role="admin").user
    make_moderator("moderation93@exemple.fr", ["93"])
    make_moderator("moderation75@exemple.fr", ["75"])

    moderation.submit(service, member)  # autocommit: the outbox rows are sent at once

    messages = smtp.wait_for(1)
    assert len(messages) == 1
    assert messages[0]["X-Envelope-To"] == "moderation93@exemple.fr"
    subject = str(make_header(decode_header(messages[0]["Subject"])))
    assert subject == "[Maillage] Fiche à valider : Café des aidants"
    body = next(
        part.get_payload(decode=True).decode()
        for part in messages[0].walk()
        if part.get_content_type() == "text/plain"
    )
    assert f"/admin/moderation/service/{service.pk}/" in body
