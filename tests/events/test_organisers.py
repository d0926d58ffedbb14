"""Organisers see, export, promote and remove their registrations; nobody else does."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import User
from core.counters import PendingCount
from directory.models import Membership, MembershipRole
from events.models import RegistrationStatus
from events.registrations import Applicant, register


@pytest.fixture
def full_occurrence(make_event):
    occurrence = make_event(capacity=2).occurrences.get()
    register(
        occurrence.pk,
        Applicant(name="Élise Núñez", email="elise@example.org", seats=2, access_needs=["lsf"]),
    )
    register(occurrence.pk, Applicant(name="=HYPERLINK(1)", phone="+33612345678"))
    return occurrence


def member_of(organisation, email, role=MembershipRole.MEMBER):
    user = User.objects.create_user(email, "motdepasse-solide-123")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.mark.django_db
def test_organiser_exports_csv_with_bom(client, full_occurrence, organiser):
    client.force_login(member_of(organiser, "anim@voisins.example"))
    response = client.get(reverse("events:export_csv", args=[full_occurrence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "E-mail", "Téléphone"]
    assert rows[1][0] == "Élise Núñez" and rows[1][4] == "Inscrit"
    assert "Interprète en langue des signes (LSF)" in rows[1][5]
    assert rows[2][0] == "'=HYPERLINK(1)"  # formula neutralised
    assert rows[2][2] == "06 12 34 56 78" and rows[2][4] == "Sur liste d'attente"


@pytest.mark.django_db
def test_registrations_csv_starts_no_cell_with_a_formula(client, make_event, organiser):
    occurrence = make_event(capacity=20).occurrences.get()
    for hostile in ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        register(occurrence.pk, Applicant(name=hostile, email="a@example.org"))
    register(occurrence.pk, Applicant(name="Léa", phone="+447911123456"))  # a foreign number
    client.force_login(member_of(organiser, "anim@voisins.example"))
    response = client.get(reverse("events:export_csv", args=[occurrence.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 8
    assert [row[0] for row in rows[1:7]] == [
        "'=1+1",
        "'+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ]
    assert not [value for row in rows for value in row if value and value[0] in "=+-@\t\r"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["export_csv", "manage_occurrence"])
def test_other_organisations_and_gardiens_are_refused(
    client, full_occurrence, organiser, other_organisation, name
):
    url = reverse(f"events:{name}", args=[full_occurrence.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(member_of(other_organisation, "x@est-habitat.example", MembershipRole.ADMIN))
    assert client.get(url).status_code == 403
    client.force_login(member_of(organiser, "gardien@voisins.example", MembershipRole.GARDIEN))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_organiser_removes_and_promotes(
    client, full_occurrence, organiser, django_capture_on_commit_callbacks
):
    client.force_login(member_of(organiser, "anim@voisins.example"))
    page = client.get(reverse("events:manage_occurrence", args=[full_occurrence.pk]))
    assert page.status_code == 200
    assert "Élise Núñez" in page.content.decode()
    # The organiser reads the number in national format; the link dials E.164.
    assert '<a href="tel:+33612345678">06 12 34 56 78</a>' in page.content.decode()
    first, waiting = full_occurrence.registrations.order_by("created_at", "pk")
    url = reverse("events:manage_action", args=[full_occurrence.pk, first.pk])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"action": "remove"}, follow=True)
    assert "Sortis de la liste d&#x27;attente : =HYPERLINK(1)." in response.content.decode()
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    # Phone only: no email to send (the registration counters are not messages).
    assert [c for c in callbacks if not isinstance(c, PendingCount)] == []
    third = register(full_occurrence.pk, Applicant(name="Trois", phone="+33612345679", seats=2))
    assert third.status == RegistrationStatus.WAITLISTED
    client.post(
        reverse("events:manage_action", args=[full_occurrence.pk, third.pk]), {"action": "promote"}
    )
    third.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED  # the organiser's call, beyond capacity


@pytest.mark.django_db
def test_actions_on_another_organisations_registration_are_refused(
    client, full_occurrence, other_organisation
):
    client.force_login(member_of(other_organisation, "x@est-habitat.example"))
    registration = full_occurrence.registrations.first()
    url = reverse("events:manage_action", args=[full_occurrence.pk, registration.pk])
    assert client.post(url, {"action": "remove"}).status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_manage_index_lists_only_own_occurrences(
    client, full_occurrence, make_event, other_organisation
):
    foreign = make_event(organiser=other_organisation, title="Réunion bailleurs")
    client.force_login(member_of(other_organisation, "x@est-habitat.example"))
    page = client.get(reverse("events:manage_index"))
    assert [o.event.title for o in page.context["page_obj"]] == [foreign.title]
