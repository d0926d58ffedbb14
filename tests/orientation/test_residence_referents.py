"""« D'abord, votre bailleur »: the landlord's own contacts for a residence, recorded by its
staff, shown first to its people and to nobody else; the residence list, the menu entry,
the rows of the sheet, and the way back to the sheet after logging in."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.roles import MODERATORS_GROUP
from directory.models import (
    Membership,
    MembershipRole,
    OrganisationKind,
    ReferentRole,
    ResidenceReferent,
)
from orientation.models import Situation
from tests.directory.factories import OrganisationFactory, ResidenceFactory, ServiceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:A permission policy for Delivery:DeprecationWarning"),
]

PASSWORD = "un-mot-de-passe-solide"


def member(django_user_model, organisation, email, role=MembershipRole.MEMBER):
    user = django_user_model.objects.create_user(email, PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def referent(residence):
    return ResidenceReferent.objects.create(
        residence=residence,
        role=ReferentRole.MANAGER,
        label="M. Martin, responsable de secteur",
        phone="01 45 00 00 01",
        email="secteur-est@office.example",
        opening_hours="Mo-Fr 09:00-12:00",
    )


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderateur@example.org", PASSWORD)
    user.moderated_departements = ["93"]
    user.save()
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


def test_the_landlords_staff_see_their_referent_first_on_the_sheet_and_in_orientation(
    client, django_user_model, residence, referent, moderator
):
    staff = member(django_user_model, residence.landlord, "staff@example.org")
    gardien = member(
        django_user_model, residence.landlord, "gardien@example.org", MembershipRole.GARDIEN
    )
    residence.gardiens.add(gardien)
    sheet = reverse("orientation:residence", args=[residence.pk])
    orientation = reverse("orientation:index")
    query = {"situation": "impayes", "residence": residence.pk}
    for user in (staff, gardien):
        client.force_login(user)
        page = client.get(sheet).content.decode()
        assert "D'abord, votre bailleur : Office Public Test" in page
        assert page.index("M. Martin, responsable de secteur") < page.index(
            "Qui appeler, selon la situation"
        )
        assert 'href="tel:+33145000001"' in page and "01 45 00 00 01" in page
        result = client.get(orientation, query).content.decode()
        assert "M. Martin, responsable de secteur" in result, user.email
    # The moderator sees the sheet, not the landlord's internal contacts.
    client.force_login(moderator)
    page = client.get(sheet).content.decode()
    assert "Fiche résidence" in page and "M. Martin" not in page


def test_nobody_outside_the_landlord_sees_its_referents_in_orientation(
    client, django_user_model, residence, referent
):
    other = OrganisationFactory(name="Autre bailleur", kind=OrganisationKind.LANDLORD)
    outsider = member(django_user_model, other, "autre@example.org")
    client.force_login(outsider)
    # Asking with someone else's residence: the form refuses it, and nothing leaks.
    response = client.get(
        reverse("orientation:index"), {"situation": "impayes", "residence": residence.pk}
    )
    assert "M. Martin" not in response.content.decode()


def test_the_landlord_records_a_referent_in_the_residence_form_and_another_landlord_cannot(
    client, django_user_model, residence, montreuil
):
    manager = member(
        django_user_model, residence.landlord, "chef@example.org", MembershipRole.ADMIN
    )
    client.force_login(manager)
    url = reverse("directory_residence:edit", args=[residence.pk])
    data = {
        "landlord": residence.landlord.pk,
        "name": residence.name,
        "slug": residence.slug,
        "address": residence.address,
        "postcode": residence.postcode,
        "commune": montreuil.pk,
        "units": "",
        "accessibility": "",
        "referents-TOTAL_FORMS": "1",
        "referents-INITIAL_FORMS": "0",
        "referents-MIN_NUM_FORMS": "0",
        "referents-MAX_NUM_FORMS": "1000",
        "referents-0-role": ReferentRole.CESF,
        "referents-0-label": "Conseillère sociale du secteur",
        "referents-0-phone": "01 45 00 00 02",
        "referents-0-email": "",
        "referents-0-opening_hours": "Tu,Th 14:00-17:00",
        "referents-0-ORDER": "1",
        "referents-0-id": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    referent = residence.referents.get()
    assert referent.label == "Conseillère sociale du secteur"
    assert referent.phone == "+33145000002" and not referent.is_public
    other = OrganisationFactory(name="Autre bailleur", kind=OrganisationKind.LANDLORD)
    client.force_login(member(django_user_model, other, "autre@example.org", MembershipRole.ADMIN))
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    # A gardien of the landlord orients, they do not edit the landlord's contacts.
    gardien = member(
        django_user_model, residence.landlord, "gardien@example.org", MembershipRole.GARDIEN
    )
    client.force_login(gardien)
    assert client.get(url).status_code in {302, 403, 404}


def test_landlord_staff_list_every_residence_of_their_landlord_and_a_gardien_theirs(
    client, django_user_model, residence, landlord
):
    second = ResidenceFactory(landlord=landlord, name="Résidence des Érables")
    elsewhere = ResidenceFactory(
        landlord=OrganisationFactory(name="Autre bailleur", kind=OrganisationKind.LANDLORD),
        name="Résidence d'un autre",
    )
    staff = member(django_user_model, landlord, "staff@example.org")
    client.force_login(staff)
    page = client.get(reverse("orientation:residences")).content.decode()
    for item in (residence, second):
        assert item.name in page
        assert f'href="/residences/{item.pk}/pdf/"' in page
        assert f'href="/guides/affiche/residence/{item.pk}.pdf?format=A3"' in page
        assert reverse("guides:residence_public", args=[item.pk, item.public_key]) in page
    assert elsewhere.name not in page
    # « Ma résidence » in the menu leads to the list (two residences).
    assert '<a href="/residences/" aria-current="page">Ma résidence</a>' in page

    # A gardien (a member of the landlord in the gardien role) has their own residence only.
    gardien = member(django_user_model, landlord, "gardien@example.org", MembershipRole.GARDIEN)
    second.gardiens.add(gardien)
    client.force_login(gardien)
    home = client.get(reverse("orientation:glossary")).content.decode()
    assert f'<a href="/residences/{second.pk}/" >Ma résidence</a>' in home
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="/residences/{second.pk}/"' in dashboard
    listing = client.get(reverse("orientation:residences")).content.decode()
    assert second.name in listing and residence.name not in listing

    nobody = django_user_model.objects.create_user("personne@example.org", PASSWORD)
    client.force_login(nobody)
    glossary = reverse("orientation:glossary")
    assert "Ma résidence" not in client.get(glossary).content.decode()
    client.logout()
    assert "Ma résidence" not in client.get(glossary).content.decode()


def test_each_row_names_the_service_and_its_organisation_and_danger_shows_numbers_only(
    client, django_user_model, residence, montreuil
):
    ccas = OrganisationFactory(
        name="CCAS de Montreuil", typology="CCAS", commune=montreuil, latitude=48.86,
        longitude=2.44,
    )  # fmt: skip
    for situation in Situation.objects.all():
        ServiceFactory(
            organisation=ccas,
            name=f"Accueil {situation.slug}",
            thematiques=situation.thematiques[:1],
            categories=[],
            publics=["tous-publics"],
            eligibility_zone=[montreuil.insee_code],
            phone="01 48 70 00 00",
            opening_hours="Tu,Th 14:00-17:00",
        )
    gardien = member(
        django_user_model, residence.landlord, "gardien@example.org", MembershipRole.GARDIEN
    )
    client.force_login(gardien)
    response = client.get(reverse("orientation:residence", args=[residence.pk]))
    rows = {row.situation.slug: row for row in response.context["rows"]}
    danger = rows["danger-immediat"]
    assert danger.results == []
    assert [item.number for item in danger.numbers] == ["15", "17", "18", "112", "114"]
    assert [item.number for item in rows["violences-conjugales"].numbers] == ["17", "114", "3919"]
    assert rows["impayes"].numbers == [] and rows["impayes"].results
    page = response.content.decode()
    cell = re.search(r"Danger immédiat.*?</tr>", page, re.S).group(0)
    assert "Accueil" not in cell and 'href="tel:15"' in cell
    organisation = '<span class="residence-sheet__organisation">CCAS de Montreuil</span>'
    assert f"Accueil impayes</strong> — {organisation}" in page
    # (the link also carries the attributes that count a click: `ping`, data-count-click)
    assert re.search(r'<a class="phone" href="tel:\+33148700000"[^>]*>01 48 70 00 00</a>', page)
    assert "mardi et jeudi de 14 h à 17 h" in page


def test_a_gardien_gets_back_to_the_sheet_they_asked_for_after_confirming_their_email(
    client, django_user_model, residence, landlord
):
    """The login form carries `next`, but an account whose address is not confirmed yet is
    sent to confirm it first and comes back to a login page without it: the sheet asked for
    was lost and a gardien of two residences landed on their dashboard."""
    gardien = member(django_user_model, landlord, "gardien@example.org", MembershipRole.GARDIEN)
    EmailAddress.objects.create(user=gardien, email=gardien.email, verified=False, primary=True)
    second = ResidenceFactory(landlord=landlord, name="Résidence des Érables")
    residence.gardiens.add(gardien)
    second.gardiens.add(gardien)
    sheet = reverse("orientation:residence", args=[second.pk])

    login_url = client.get(sheet)["Location"]
    assert login_url == f"{reverse('account_login')}?next={sheet}"
    client.get(login_url)
    credentials = {"login": gardien.email, "password": PASSWORD, "next": sheet}
    response = client.post(login_url, credentials)
    assert response["Location"] == reverse("account_email_verification_sent")
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[-1]
    response = client.post(path)
    assert response.status_code == 302
    client.get(response["Location"])  # the login page, without `next`
    response = client.post(reverse("account_login"), {"login": gardien.email, "password": PASSWORD})
    assert response["Location"] == reverse("orientation:after_login")
    assert client.get(response["Location"])["Location"] == sheet
    # Once only: the next login lands as usual.
    client.logout()
    client.post(reverse("account_login"), {"login": gardien.email, "password": PASSWORD})
    assert client.get(reverse("orientation:after_login"))["Location"] == reverse(
        "accounts:dashboard"
    )
