"""Residence sheets: who sees them, what they show, one A4 page as PDF, login landing."""

import subprocess

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import MODERATORS_GROUP
from directory.models import (
    Membership,
    MembershipRole,
    OrganisationKind,
    ReferentRole,
    ResidenceReferent,
)
from orientation import candidates
from orientation.models import Situation
from tests.directory.factories import OrganisationFactory, ResidenceFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gardien(django_user_model, residence):
    user = django_user_model.objects.create_user("gardien@example.org", "x")
    Membership.objects.create(
        user=user, organisation=residence.landlord, role=MembershipRole.GARDIEN
    )
    residence.gardiens.add(user)
    return user


@pytest.fixture
def services(montreuil):
    """Three services per default situation, so the sheet is as full as it gets."""
    created = []
    for situation in Situation.objects.all():
        if situation.emergency_only:
            continue
        for index in range(3):
            organisation = OrganisationFactory(
                name=f"{situation.primary_typologies[0]} {situation.slug} {index}",
                typology=situation.primary_typologies[0],
                commune=montreuil,
                latitude=48.86 + index / 100,
                longitude=2.44,
            )
            created.append(
                ServiceFactory(
                    organisation=organisation,
                    name=f"Service {situation.label} n° {index}",
                    thematiques=situation.thematiques[:1],
                    categories=[],
                    publics=["tous-publics"],
                    eligibility_zone=[montreuil.insee_code],
                )
            )
    return created


def sheet_url(residence):
    return reverse("orientation:residence", args=[residence.pk])


def test_visitor_is_sent_to_login(client, residence):
    response = client.get(sheet_url(residence))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.get(reverse("orientation:residence_pdf", args=[residence.pk]))
    assert response.status_code == 302


def test_gardien_of_another_landlord_is_refused(client, django_user_model, residence):
    other_landlord = OrganisationFactory(name="Autre bailleur", kind=OrganisationKind.LANDLORD)
    other_residence = ResidenceFactory(landlord=other_landlord, name="Résidence voisine")
    stranger = django_user_model.objects.create_user("autre@example.org", "x")
    Membership.objects.create(
        user=stranger, organisation=other_landlord, role=MembershipRole.GARDIEN
    )
    other_residence.gardiens.add(stranger)
    client.force_login(stranger)
    assert client.get(sheet_url(residence)).status_code == 403
    assert client.get(reverse("orientation:residence_pdf", args=[residence.pk])).status_code == 403
    assert client.get(sheet_url(other_residence)).status_code == 200


def test_association_member_is_refused(client, django_user_model, residence):
    member = django_user_model.objects.create_user("asso@example.org", "x")
    Membership.objects.create(
        user=member, organisation=OrganisationFactory(kind=OrganisationKind.ESS)
    )
    client.force_login(member)
    assert client.get(sheet_url(residence)).status_code == 403


def test_landlord_staff_moderators_and_gardiens_see_the_sheet(
    client, django_user_model, residence, gardien
):
    staff = django_user_model.objects.create_user("staff@example.org", "x")
    Membership.objects.create(
        user=staff, organisation=residence.landlord, role=MembershipRole.MEMBER
    )
    moderator = django_user_model.objects.create_user(
        "moderateur@example.org", "x", moderated_departements=["93"]
    )
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    for user in (gardien, staff, moderator):
        client.force_login(user)
        response = client.get(sheet_url(residence))
        assert response.status_code == 200, user.email
        assert "Fiche résidence : Résidence des Tilleuls" in response.content.decode()


def test_a_moderator_sees_only_the_residence_sheets_of_the_departements_they_moderate(
    client, django_user_model, residence
):
    moderators = Group.objects.get_or_create(name=MODERATORS_GROUP)[0]
    of_paris = django_user_model.objects.create_user(
        "moderateur75@example.org", "x", moderated_departements=["75"]
    )
    of_nowhere = django_user_model.objects.create_user("moderateur@example.org", "x")
    for user in (of_paris, of_nowhere):
        user.groups.add(moderators)
        client.force_login(user)
        assert client.get(sheet_url(residence)).status_code == 403, user.email
        pdf_url = reverse("orientation:residence_pdf", args=[residence.pk])
        assert client.get(pdf_url).status_code == 403, user.email
    admin = django_user_model.objects.create_user("admin@example.org", "x", is_superuser=True)
    client.force_login(admin)
    assert client.get(sheet_url(residence)).status_code == 200


def test_sheet_lists_nearest_services_per_situation(client, gardien, residence, services):
    client.force_login(gardien)
    response = client.get(sheet_url(residence))
    content = response.content.decode()
    rows = response.context["rows"]
    assert len(rows) == Situation.objects.count()
    for row in rows:
        if row.situation.emergency_only:
            assert row.results == [], row.situation.slug  # emergency numbers only
            continue
        assert len(row.results) == 2, row.situation.slug
        # Nearest first: the services are 0, 1, 2 hundredths of a degree north.
        assert row.results[0].service.name.endswith("n° 0"), row.situation.slug
    assert "Entrée de plain-pied." in content
    assert "Ascenseur" in content
    assert 'href="tel:+33148111111"' in content


def test_sheet_query_count_does_not_grow_with_services(
    client, gardien, residence, services, montreuil
):
    client.force_login(gardien)
    client.get(sheet_url(residence))  # warm the session and site caches
    # Both counts include reading the commune's candidates (the directory changes below).
    candidates.forget()
    with CaptureQueriesContext(connection) as first:
        assert client.get(sheet_url(residence)).status_code == 200
    for index in range(10):
        ServiceFactory(
            organisation=OrganisationFactory(typology="CCAS", commune=montreuil),
            name=f"Encore un service {index}",
            thematiques=[],
            categories=[],
        )
    with CaptureQueriesContext(connection) as second:
        assert client.get(sheet_url(residence)).status_code == 200
    assert len(second) == len(first) <= 16


def pdf_info(path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, value in (line.split(":", 1) for line in output.stdout.splitlines() if ":" in line)
    }


def test_pdf_export_is_one_tagged_a4_page(client, gardien, residence, services, tmp_path):
    """Even with every situation full and the landlord's contacts first."""
    for role in (ReferentRole.MANAGER, ReferentRole.CESF, ReferentRole.SENIORS):
        ResidenceReferent.objects.create(
            residence=residence,
            role=role,
            label=f"Contact {role.label} du secteur Est",
            phone="01 45 00 00 01",
            email="secteur-est@office.example",
            opening_hours="Mo-Fr 09:00-12:00,14:00-17:00",
        )
    client.force_login(gardien)
    response = client.get(reverse("orientation:residence_pdf", args=[residence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "fiche-residence-" in response["Content-Disposition"]
    path = tmp_path / "fiche.pdf"
    path.write_bytes(response.content)
    info = pdf_info(path)
    assert info["Title"] == "Fiche résidence : Résidence des Tilleuls — Maillage"
    path.with_suffix(".keep").write_bytes(response.content)
    assert info["Pages"] == "1"
    assert info["Tagged"] == "yes"
    assert info["Page size"].startswith("595.")  # A4 width in points
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Qui appeler, selon la situation" in text
    assert "Violences conjugales" in text
    assert "Contact Service seniors du secteur Est" in text


def test_gardien_of_one_residence_lands_on_its_sheet(client, gardien, residence):
    client.force_login(gardien)
    response = client.get(reverse("orientation:after_login"))
    assert response["Location"] == sheet_url(residence)


def test_others_land_on_their_dashboard(client, django_user_model, gardien, landlord):
    ResidenceFactory(landlord=landlord, name="Seconde résidence").gardiens.add(gardien)
    client.force_login(gardien)
    assert client.get(reverse("orientation:after_login"))["Location"] == reverse(
        "accounts:dashboard"
    )
    nobody = django_user_model.objects.create_user("nobody@example.org", "x")
    client.force_login(nobody)
    assert client.get(reverse("orientation:after_login"))["Location"] == reverse(
        "accounts:dashboard"
    )


def test_login_redirect_setting_points_here(settings):
    assert reverse(settings.LOGIN_REDIRECT_URL) == reverse("orientation:after_login")


def test_orientation_offers_the_users_residences(client, gardien, residence):
    client.force_login(gardien)
    response = client.get(reverse("orientation:index"), {"residence": residence.pk})
    form = response.context["form"]
    assert list(form.fields["residence"].queryset) == [residence]
    assert f'<option value="{residence.pk}" selected>' in response.content.decode()
    response = client.get(
        reverse("orientation:index"), {"situation": "isolement", "residence": residence.pk}
    )
    assert response.context["commune"] == residence.commune
