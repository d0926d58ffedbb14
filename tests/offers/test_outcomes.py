"""Outcomes of matches and contact requests, and the register of agreements: only the two
parties move an outcome or see an agreement's documents; both are told of each change."""

from datetime import date, timedelta
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import OrganisationKind
from notifications.models import Delivery
from offers import services, tasks
from offers.models import (
    Agreement,
    AgreementDocument,
    AgreementReminder,
    Match,
    MatchMessage,
    OutcomeChange,
)
from offers.outcomes import TRANSITIONS, allowed_next, check_transition
from offers.vocabularies import Outcome

from .factories import (
    NeedFactory,
    OfferFactory,
    OrganisationFactory,
    PremisesFactory,
    ResidenceFactory,
    UserFactory,
    member_of,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- The state machine (pure) -------------------------------------------------------------------


def test_outcomes_move_only_along_the_allowed_transitions():
    assert allowed_next(Outcome.NONE) == [
        Outcome.VISIT_PLANNED,
        Outcome.AGREEMENT_SIGNED,
        Outcome.NO_FOLLOW_UP,
    ]
    assert allowed_next(Outcome.AGREEMENT_SIGNED) == [Outcome.OCCUPIED, Outcome.ENDED]
    assert allowed_next(Outcome.OCCUPIED) == [Outcome.ENDED]
    assert allowed_next(Outcome.ENDED) == []
    assert allowed_next(Outcome.NO_FOLLOW_UP) == []
    for current, targets in TRANSITIONS.items():
        for target in Outcome.values:
            if target in targets and target != Outcome.NONE:
                check_transition(
                    current, target, visit_date=date(2027, 1, 5), reason="Plus de budget"
                )
            else:
                with pytest.raises(ValidationError):
                    check_transition(
                        current, target, visit_date=date(2027, 1, 5), reason="Plus de budget"
                    )


def test_a_visit_needs_its_date_and_no_follow_up_its_reason_in_french():
    with pytest.raises(ValidationError) as visit:
        check_transition(Outcome.NONE, Outcome.VISIT_PLANNED)
    assert visit.value.message_dict == {"visit_date": ["Indiquez la date de la visite."]}
    with pytest.raises(ValidationError) as no_follow_up:
        check_transition(Outcome.VISIT_PLANNED, Outcome.NO_FOLLOW_UP, reason="  ")
    assert no_follow_up.value.message_dict == {
        "reason": ["Indiquez pourquoi il n'y a pas de suite."]
    }
    with pytest.raises(ValidationError) as backwards:
        check_transition(Outcome.OCCUPIED, Outcome.VISIT_PLANNED, visit_date=date(2027, 1, 5))
    assert backwards.value.messages == [
        "Impossible de passer de « Lieux occupés » à « Visite prévue »."
    ]


# --- Transitions and their permissions ----------------------------------------------------------


@pytest.fixture
def match(db):
    landlord = OrganisationFactory(name="Bailleur Est", kind=OrganisationKind.LANDLORD)
    holder = OrganisationFactory(name="Café des voisins")
    premises = PremisesFactory(landlord=landlord)
    return Match.objects.create(need=NeedFactory(organisation=holder), premises=premises, score=80)


def recipients(kind="outcome_changed"):
    return sorted(
        Delivery.objects.filter(kind=kind, channel="email").values_list(
            "recipient__email", flat=True
        )
    )


def test_a_party_plans_a_visit_and_both_parties_are_notified_and_it_is_logged(client, match):
    landlord_member = member_of(match.premises.landlord, email="gestion@bailleur.example")
    member_of(match.need.organisation, email="porteur@cafe.example")
    client.force_login(landlord_member)

    response = client.post(
        reverse("offers:match_outcome", args=[match.pk]),
        {"outcome": Outcome.VISIT_PLANNED, "visit_date": "2027-01-05", "reason": ""},
    )

    assert response.status_code == 302
    match.refresh_from_db()
    assert match.outcome == Outcome.VISIT_PLANNED
    assert match.visit_date == date(2027, 1, 5)
    change = OutcomeChange.objects.get()
    assert (change.from_outcome, change.to_outcome) == (Outcome.NONE, Outcome.VISIT_PLANNED)
    assert change.by_organisation == match.premises.landlord
    assert change.by_user == landlord_member
    assert recipients() == ["gestion@bailleur.example", "porteur@cafe.example"]
    page = client.get(reverse("offers:match", args=[match.pk]))
    assert "Visite prévue" in page.content.decode()


def test_each_change_notifies_again_and_the_other_party_may_move_it_next(client, match):
    landlord_member = member_of(match.premises.landlord)
    holder_member = member_of(match.need.organisation)
    services.change_outcome(
        match, user=landlord_member, target=Outcome.VISIT_PLANNED, visit_date=date(2027, 1, 5)
    )
    client.force_login(holder_member)
    client.post(
        reverse("offers:match_outcome", args=[match.pk]),
        {"outcome": Outcome.AGREEMENT_SIGNED, "visit_date": "", "reason": ""},
    )
    match.refresh_from_db()
    assert match.outcome == Outcome.AGREEMENT_SIGNED
    assert OutcomeChange.objects.count() == 2
    assert Delivery.objects.filter(kind="outcome_changed", channel="email").count() == 4
    page = client.get(reverse("offers:match", args=[match.pk])).content.decode()
    assert reverse("offers:agreement_create") + f"?correspondance={match.pk}" in page


def test_a_third_party_cannot_change_an_outcome(client, match):
    stranger = member_of(OrganisationFactory(kind=OrganisationKind.LANDLORD))
    client.force_login(stranger)
    response = client.post(
        reverse("offers:match_outcome", args=[match.pk]),
        {"outcome": Outcome.NO_FOLLOW_UP, "reason": "Je ne suis pas concerné"},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.change_outcome(match, user=stranger, target=Outcome.NO_FOLLOW_UP, reason="x")
    match.refresh_from_db()
    assert match.outcome == Outcome.NONE
    assert not OutcomeChange.objects.exists()
    assert not Delivery.objects.exists()


def test_a_site_admin_who_is_not_a_party_gets_403(client, match):
    admin = UserFactory(is_superuser=True, is_staff=True)
    admin.save()
    client.force_login(admin)
    response = client.post(
        reverse("offers:match_outcome", args=[match.pk]),
        {"outcome": Outcome.NO_FOLLOW_UP, "reason": "Test"},
    )
    assert response.status_code == 403
    assert not OutcomeChange.objects.exists()


def test_a_forbidden_move_is_refused_with_a_french_message(client, match):
    member = member_of(match.need.organisation)
    client.force_login(member)
    response = client.post(
        reverse("offers:match_outcome", args=[match.pk]),
        {"outcome": Outcome.VISIT_PLANNED, "visit_date": "", "reason": ""},
    )
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["Indiquez la date de la visite."]
    response = client.post(
        reverse("offers:match_outcome", args=[match.pk]),
        {"outcome": Outcome.ENDED, "visit_date": "", "reason": ""},
    )
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Sélectionnez un choix valide" in m for m in shown)
    match.refresh_from_db()
    assert match.outcome == Outcome.NONE


def test_the_provider_records_no_follow_up_on_a_contact_request_and_both_hear_of_it(client, db):
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD)
    asker = member_of(landlord, email="demandeur@bailleur.example")
    offer = OfferFactory()
    provider = member_of(offer.provider, email="asso@ess.example")
    contact = services.send_contact_request(
        offer=offer, organisation=landlord, user=asker, message="Bonjour"
    )
    client.force_login(provider)
    client.post(
        reverse("offers:contact_request_outcome", args=[contact.pk]),
        {"outcome": Outcome.NO_FOLLOW_UP, "reason": "Pas de créneau cette année"},
    )
    contact.refresh_from_db()
    assert contact.outcome == Outcome.NO_FOLLOW_UP
    assert contact.no_follow_up_reason == "Pas de créneau cette année"
    assert recipients() == ["asso@ess.example", "demandeur@bailleur.example"]

    stranger = member_of(OrganisationFactory(kind=OrganisationKind.ESS))
    client.force_login(stranger)
    response = client.post(
        reverse("offers:contact_request_outcome", args=[contact.pk]),
        {"outcome": Outcome.ENDED},
    )
    assert response.status_code == 404


# --- The register of agreements -----------------------------------------------------------------


@pytest.fixture
def agreement(db):
    landlord = OrganisationFactory(name="Bailleur Est", kind=OrganisationKind.LANDLORD)
    association = OrganisationFactory(name="Asso du quartier", kind=OrganisationKind.ESS)
    return Agreement.objects.create(
        landlord=landlord,
        association=association,
        kind="cot",
        scope="Local du rez-de-chaussée pour un café social.",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
        free_of_charge=True,
    )


def test_agreement_documents_are_visible_only_to_the_two_parties_and_site_admins(client, agreement):
    party = member_of(agreement.association)
    client.force_login(party)
    response = client.post(
        reverse("offers:agreement", args=[agreement.pk]),
        {"title": "Convention signée", "file": SimpleUploadedFile("convention.pdf", PDF)},
    )
    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    # Stored outside the public media folder.
    assert Path(document.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not Path(document.file.path).is_relative_to(settings.MEDIA_ROOT)
    url = document.get_absolute_url()
    assert b"".join(client.get(url).streaming_content) == PDF

    other_side = member_of(agreement.landlord)
    client.force_login(other_side)
    assert b"".join(client.get(url).streaming_content) == PDF
    admin = UserFactory(is_superuser=True, is_staff=True)
    admin.save()
    client.force_login(admin)
    assert client.get(url).status_code == 200

    stranger = member_of(OrganisationFactory(kind=OrganisationKind.LANDLORD))
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(reverse("offers:agreement", args=[agreement.pk])).status_code == 404
    assert "Bailleur Est" not in client.get(reverse("offers:agreements")).content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


@pytest.mark.django_db(transaction=True)
def test_either_party_deletes_a_document_after_confirming_and_its_file_is_removed(client):
    landlord = OrganisationFactory(name="Bailleur Est", kind=OrganisationKind.LANDLORD)
    association = OrganisationFactory(name="Asso du quartier", kind=OrganisationKind.ESS)
    agreement = Agreement.objects.create(
        landlord=landlord,
        association=association,
        kind="cot",
        scope="Local du rez-de-chaussée.",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
        free_of_charge=True,
    )
    client.force_login(member_of(association))
    client.post(
        reverse("offers:agreement", args=[agreement.pk]),
        {"title": "Convention signée", "file": SimpleUploadedFile("convention.pdf", PDF)},
    )
    document = AgreementDocument.objects.get()
    path = Path(document.file.path)
    assert path.exists()
    delete_url = reverse("offers:agreement_document_delete", args=[agreement.pk, document.pk])

    # A stranger neither sees the confirmation nor deletes.
    client.force_login(member_of(OrganisationFactory(kind=OrganisationKind.LANDLORD)))
    assert client.get(delete_url).status_code == 404
    assert client.post(delete_url).status_code == 404
    assert AgreementDocument.objects.exists() and path.exists()

    # The other party (the landlord, who did not upload it) is asked to confirm first.
    client.force_login(member_of(landlord))
    page = client.get(delete_url)
    assert page.status_code == 200
    assert "Supprimer « Convention signée »" in page.content.decode()
    assert AgreementDocument.objects.exists() and path.exists()

    response = client.post(delete_url)
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert not AgreementDocument.objects.exists()
    assert not path.exists()
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_document_whose_content_is_not_its_extension_is_refused_in_french(client, agreement):
    client.force_login(member_of(agreement.landlord))
    response = client.post(
        reverse("offers:agreement", args=[agreement.pk]),
        {"title": "Faux", "file": SimpleUploadedFile("convention.pdf", b"\x89PNG\r\n\x1a\n....")},
    )
    assert response.status_code == 200
    assert "Le contenu de ce fichier ne correspond pas à son extension" in response.content.decode()
    assert not AgreementDocument.objects.exists()


def test_an_agreement_is_created_from_a_signed_match_with_its_parties(client, match):
    residence = ResidenceFactory(landlord=match.premises.landlord)
    member = member_of(match.need.organisation)
    client.force_login(member)
    url = reverse("offers:agreement_create") + f"?correspondance={match.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["landlord"] == match.premises.landlord_id
    response = client.post(
        url,
        {
            "landlord": match.premises.landlord_id,
            "association": match.need.organisation_id,
            "residences": [residence.pk],
            "kind": "bail_associatif",
            "scope": "Local de 120 m² pour le café.",
            "start_date": "2027-01-01",
            "end_date": "2029-12-31",
            "rent": "450",
        },
    )
    agreement = Agreement.objects.get()
    assert response.url == agreement.get_absolute_url()
    assert agreement.match == match
    assert list(agreement.residences.all()) == [residence]


def test_agreement_validation_errors_are_in_french(client, match):
    member = member_of(match.need.organisation)
    client.force_login(member)
    data = {
        "landlord": match.premises.landlord_id,
        "association": match.need.organisation_id,
        "kind": "cot",
        "scope": "Local",
        "start_date": "2027-06-01",
        "end_date": "2027-01-01",
    }
    page = client.post(reverse("offers:agreement_create"), data).content.decode()
    assert "La date de fin doit être postérieure à la date de début." in page
    assert "Indiquez le loyer, ou cochez « à titre gratuit »." in page

    stranger = member_of(OrganisationFactory())
    client.force_login(stranger)
    data.update(end_date="2027-12-31", free_of_charge="on")
    page = client.post(reverse("offers:agreement_create"), data).content.decode()
    assert "Votre organisation doit être l&#x27;une des deux parties de la convention." in page
    assert not Agreement.objects.exists()


# --- Renewal reminder ---------------------------------------------------------------------------


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_renewal_reminder_reaches_both_parties_once_per_end_date(celery_worker, smtp):
    landlord = OrganisationFactory(name="Bailleur Est", kind=OrganisationKind.LANDLORD)
    association = OrganisationFactory(name="Asso du quartier", kind=OrganisationKind.ESS)
    member_of(landlord, email="gestion@bailleur.example")
    member_of(association, email="contact@asso.example")
    today = date.today()
    ending = Agreement.objects.create(
        landlord=landlord,
        association=association,
        kind="cot",
        scope="Local",
        start_date=today - timedelta(days=300),
        end_date=today + timedelta(days=settings.AGREEMENT_RENEWAL_REMINDER_DAYS - 1),
        free_of_charge=True,
    )
    Agreement.objects.create(  # too far away to be reminded yet
        landlord=landlord,
        association=association,
        kind="partenariat",
        scope="Autre",
        start_date=today,
        end_date=today + timedelta(days=settings.AGREEMENT_RENEWAL_REMINDER_DAYS + 30),
        free_of_charge=True,
    )

    assert tasks.remind_agreement_renewals.apply().get() == 1
    smtp.wait_for(2)
    assert tasks.remind_agreement_renewals.apply().get() == 0
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == [
        "contact@asso.example",
        "gestion@bailleur.example",
    ]
    subject = str(make_header(decode_header(smtp.messages[0]["Subject"])))
    assert "Convention à renouveler : elle prend fin le" in subject

    # A new end date re-arms the reminder.
    ending.end_date = today + timedelta(days=10)
    ending.save()
    assert tasks.remind_agreement_renewals.apply().get() == 1
    smtp.wait_for(4)
    assert tasks.remind_agreement_renewals.apply().get() == 0
    assert len(smtp.messages) == 4


def test_items_notified_through_their_parent_open_its_page_under_its_title(match, agreement):
    """Messages, outcome changes and renewal reminders (NotifiesAboutParent) are announced
    with their match's or agreement's title and link, and loaded with what the texts need."""
    message = MatchMessage.objects.create(
        match=match, sender_organisation=match.premises.landlord, body="Bonjour"
    )
    change = OutcomeChange.objects.create(
        match=match, to_outcome=Outcome.AGREEMENT_SIGNED, by_organisation=match.need.organisation
    )
    reminder = AgreementReminder.objects.create(agreement=agreement, end_date=agreement.end_date)
    for item, parent in ((message, match), (change, match), (reminder, agreement)):
        context = item.notification_context("any")
        assert context == {"title": str(parent), "url": parent.get_absolute_url(), "object": item}
        assert type(item).notification_queryset().get(pk=item.pk) == item
