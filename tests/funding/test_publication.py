"""Publishing a call for projects alerts the eligible organisations once, through the outbox
and the real worker; a reminder goes once before the deadline; the call closes at it."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.test import override_settings
from django.utils import timezone

from core import moderation
from directory.models import MembershipRole, OrganisationKind
from funding import publication
from funding.models import CallForProjects, Status
from notifications import sending
from notifications.models import Channel, Delivery, DeliveryStatus
from tests.conftest import wait_until
from tests.directory.factories import OrganisationFactory, ServiceFactory, real_commune
from tests.offers.factories import UserFactory, member_of

from .factories import CallFactory


def eligible_world():
    """Two eligible ESS organisations in Montreuil working on social ties (one person belongs
    to both), and organisations that do not qualify: another kind, another theme, another
    commune, a gardien."""
    montreuil, saint_denis = real_commune("Montreuil"), real_commune("Saint-Denis")
    first = OrganisationFactory(
        name="Café des voisins", kind=OrganisationKind.ESS, commune=montreuil
    )
    second = OrganisationFactory(
        name="Voisins solidaires", kind=OrganisationKind.ESS, commune=montreuil
    )
    for organisation in (first, second):
        ServiceFactory(organisation=organisation, categories=["lien-social"])
    both = member_of(first, email="coordination@exemple.org")
    second.memberships.create(user=both, role=MembershipRole.MEMBER)
    other_member = member_of(second, email="benevole@exemple.org")
    member_of(first, role=MembershipRole.GARDIEN, email="gardien@exemple.org")
    landlord = OrganisationFactory(
        name="Bailleur", kind=OrganisationKind.LANDLORD, commune=montreuil
    )
    ServiceFactory(organisation=landlord, categories=["lien-social"])
    member_of(landlord, email="bailleur@exemple.org")
    other_theme = OrganisationFactory(name="Repas", kind=OrganisationKind.ESS, commune=montreuil)
    ServiceFactory(organisation=other_theme, categories=["alimentation"])
    member_of(other_theme, email="repas@exemple.org")
    elsewhere = OrganisationFactory(name="Nord", kind=OrganisationKind.ESS, commune=saint_denis)
    ServiceFactory(organisation=elsewhere, categories=["lien-social"])
    member_of(elsewhere, email="nord@exemple.org")
    return {both.email, other_member.email}


def call_for_ess_in_montreuil(**kwargs):
    return CallFactory(
        title="Fonds pour le lien social",
        eligible_kinds=[OrganisationKind.ESS],
        themes=["lien-social"],
        communes=["93048"],
        **kwargs,
    )


def site_admin():
    admin = UserFactory(is_superuser=True)
    admin.save()
    return admin


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_publishing_a_call_alerts_each_person_of_the_eligible_organisations_once(
    celery_worker, smtp
):
    expected = eligible_world()
    call = call_for_ess_in_montreuil(status=Status.SUBMITTED)

    moderation.publish(call, site_admin())

    messages = smtp.wait_for(2)
    assert sorted(m["X-Envelope-To"] for m in messages) == sorted(expected)
    assert wait_until(lambda: CallForProjects.objects.get(pk=call.pk).announced_at is not None)
    subject = str(make_header(decode_header(messages[0]["Subject"])))
    assert "Appel à projets : Fonds pour le lien social" in subject
    inbox = Delivery.objects.filter(channel=Channel.INBOX, kind=publication.ANNOUNCED_KIND)
    assert sorted(inbox.values_list("recipient__email", flat=True)) == sorted(expected)

    # Announcing again (a lost message resent by the daily task) notifies nobody twice.
    CallForProjects.objects.filter(pk=call.pk).update(announced_at=None)
    publication.announce(call.pk)
    sending.sweep_pending(older_than_seconds=0)
    assert wait_until(
        lambda: all(
            s == DeliveryStatus.SENT for s in Delivery.objects.values_list("status", flat=True)
        )
    )
    assert len(smtp.messages) == 2
    assert Delivery.objects.filter(kind=publication.ANNOUNCED_KIND).count() == 4


@pytest.mark.django_db
@override_settings(FUNDING_REMINDER_DAYS=7)
def test_eligible_organisations_are_reminded_once_a_week_before_the_deadline(
    django_capture_on_commit_callbacks,
):
    expected = eligible_world()
    now = timezone.now()
    soon = call_for_ess_in_montreuil(status=Status.PUBLISHED, deadline=now + timedelta(days=6))
    later = CallFactory(status=Status.PUBLISHED, deadline=now + timedelta(days=8))

    publication.send_reminders(now)
    publication.send_reminders(now + timedelta(hours=1))

    reminders = Delivery.objects.filter(kind=publication.REMINDER_KIND, channel=Channel.EMAIL)
    assert sorted(reminders.values_list("recipient__email", flat=True)) == sorted(expected)
    assert {d.object_id for d in reminders} == {soon.pk}
    soon.refresh_from_db()
    assert soon.reminded_at is not None
    later.refresh_from_db()
    assert later.reminded_at is None


@pytest.mark.django_db
def test_a_call_closes_at_its_deadline_and_is_no_longer_reminded(client):
    eligible_world()
    now = timezone.now()
    call = call_for_ess_in_montreuil(status=Status.PUBLISHED, deadline=now + timedelta(hours=2))

    assert publication.close_expired(now) == 0
    assert publication.close_expired(now + timedelta(hours=2)) == 1

    call.refresh_from_db()
    assert call.status == Status.CLOSED
    assert publication.send_reminders(now) == 0
    assert not Delivery.objects.filter(kind=publication.REMINDER_KIND).exists()
    page = client.get(call.get_absolute_url())
    assert "Clôturé" in page.content.decode()
