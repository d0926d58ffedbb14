"""Partners edit their own organisation's entries in the Wagtail admin, and nothing else:
no listing, reading, editing or deleting another organisation's entries or drafts."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import MODERATORS_GROUP
from directory.models import OrganisationKind, Service
from directory.permissions import PARTNERS_GROUP
from directory.vocabularies import Status
from tests.accounts.factories import UserFactory
from tests.directory.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    ResidenceFactory,
    ServiceFactory,
    real_commune,
)

pytestmark = [
    pytest.mark.django_db,
    # Raised by another app's admin viewset (notifications) when the admin URLs load.
    pytest.mark.filterwarnings("ignore:A permission policy for Delivery:DeprecationWarning"),
]


@pytest.fixture
def setup():
    commune = real_commune("Montreuil")
    org_a = OrganisationFactory(name="Association A", commune=commune, postcode="93100")
    org_b = OrganisationFactory(name="Association B", commune=commune, postcode="93100")
    service_a = ServiceFactory(organisation=org_a, name="Service de A")
    draft_b = ServiceFactory(organisation=org_b, name="Brouillon secret de B", status=Status.DRAFT)
    member_a = MembershipFactory(organisation=org_a, role="admin").user
    return {
        "commune": commune,
        "org_a": org_a,
        "org_b": org_b,
        "service_a": service_a,
        "draft_b": draft_b,
        "member_a": member_a,
    }


def test_membership_gives_admin_access_through_partners_group(setup):
    member = setup["member_a"]
    assert member.groups.filter(name=PARTNERS_GROUP).exists()
    assert member.has_perm("wagtailadmin.access_admin")
    gardien = MembershipFactory(organisation=setup["org_a"], role="gardien").user
    assert not gardien.has_perm("wagtailadmin.access_admin")
    # Leaving the organisation removes the access.
    member.memberships.all().delete()
    member = type(member).objects.get(pk=member.pk)
    assert not member.has_perm("wagtailadmin.access_admin")


def test_member_lists_only_own_services_and_organisations(client, setup):
    client.force_login(setup["member_a"])
    services = client.get(reverse("directory_service:index"))
    assert services.status_code == 200
    assert "Service de A" in services.text
    assert "Brouillon secret de B" not in services.text
    organisations = client.get(reverse("directory_organisation:index"))
    assert "Association A" in organisations.text
    assert "Association B" not in organisations.text
    # Search in the listing does not reach other organisations either.
    found = client.get(reverse("directory_service:index"), {"q": "secret"})
    assert "Brouillon secret de B" not in found.text


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_member_cannot_open_another_organisations_entries(client, setup, view):
    client.force_login(setup["member_a"])
    draft_b = setup["draft_b"]
    assert client.get(reverse(f"directory_service:{view}", args=[draft_b.pk])).status_code == 404
    org_b = setup["org_b"]
    response = client.get(reverse(f"directory_organisation:{view}", args=[org_b.pk]))
    assert response.status_code in {403, 404}
    assert (
        client.get(reverse("directory_moderate", args=["service", draft_b.pk])).status_code == 404
    )


def test_member_cannot_edit_or_delete_another_organisations_entries_by_post(client, setup):
    client.force_login(setup["member_a"])
    draft_b = setup["draft_b"]
    response = client.post(reverse("directory_service:edit", args=[draft_b.pk]), {"name": "Piraté"})
    assert response.status_code == 404
    response = client.post(reverse("directory_service:delete", args=[draft_b.pk]))
    assert response.status_code == 404
    draft_b.refresh_from_db()
    assert draft_b.name == "Brouillon secret de B"


def test_member_edits_own_service_and_phone_is_normalised(client, setup):
    client.force_login(setup["member_a"])
    service = setup["service_a"]
    edit_url = reverse("directory_service:edit", args=[service.pk])
    form = client.get(edit_url)
    assert form.status_code == 200
    # The organisation choice offers only the member's organisations.
    choices = list(form.context["form"].fields["organisation"].queryset)
    assert choices == [setup["org_a"]]
    data = {
        "organisation": setup["org_a"].pk,
        "name": "Visites de convivialité",
        "slug": service.slug,
        "description": "Des bénévoles rendent visite aux personnes isolées chaque semaine.",
        "phone": "01 48 70 12 34",
        "email": "",
        "fees": "gratuit",
        "update_frequency": "yearly",
        "eligibility_zone": "93048",
        "stops-TOTAL_FORMS": "0",
        "stops-INITIAL_FORMS": "0",
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "1000",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    service.refresh_from_db()
    assert service.name == "Visites de convivialité"
    assert service.phone == "+33148701234"
    assert service.eligibility_zone == ["93048"]

    # Attaching it to organisation B is refused.
    data["organisation"] = setup["org_b"].pk
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_partner_states_that_their_service_has_a_waiting_list(client, setup):
    client.force_login(setup["member_a"])
    service = setup["service_a"]
    edit_url = reverse("directory_service:edit", args=[service.pk])
    data = {
        "organisation": setup["org_a"].pk,
        "name": service.name,
        "slug": service.slug,
        "description": "Des bénévoles rendent visite aux personnes isolées chaque semaine.",
        "fees": "gratuit",
        "update_frequency": "yearly",
        "capacity": "attente",
        "capacity_until": "2099-06-30",
        "stops-TOTAL_FORMS": "0",
        "stops-INITIAL_FORMS": "0",
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "1000",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    service.refresh_from_db()
    assert service.capacity_text == "Liste d'attente jusqu'au 30 juin 2099"
    # A date without a waiting list is a clear error.
    response = client.post(edit_url, {**data, "capacity": "complet"})
    assert response.status_code == 200
    assert "liste d" in str(response.context["form"].errors["capacity_until"]).lower()


def test_member_gets_french_errors_in_admin_form(client, setup):
    client.force_login(setup["member_a"])
    org = setup["org_a"]
    response = client.post(
        reverse("directory_organisation:edit", args=[org.pk]),
        {
            "name": org.name,
            "slug": org.slug,
            "kind": org.kind,
            "postcode": "75001",
            "commune": setup["commune"].pk,
            "phone": "12",
            "siret": "73282932000075",
            "opening_hours": "du lundi au vendredi",
            "update_frequency": "yearly",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "ne correspond pas à Montreuil" in errors["postcode"][0]
    assert "clé de contrôle" in errors["siret"][0]
    assert "OpenStreetMap" in errors["opening_hours"][0]
    assert "phone" in errors


def test_partner_cannot_create_or_delete_organisations(client, setup):
    client.force_login(setup["member_a"])
    assert client.get(reverse("directory_organisation:add")).status_code in {302, 403}
    own = setup["org_a"]
    assert client.get(reverse("directory_organisation:delete", args=[own.pk])).status_code in {
        302,
        403,
    }


def test_partner_admin_shows_only_what_they_can_use(client, setup):
    client.force_login(setup["member_a"])
    html = client.get(reverse("wagtailadmin_home")).text
    assert "Annuaire" in html
    assert "Fiches à valider" not in html
    for hidden in ("/admin/snippets/", "/admin/users/", "/admin/settings/", "/admin/images/"):
        assert f'"url": "{hidden}' not in html and f'href="{hidden}' not in html


def test_residences_scoped_to_own_landlord(client):
    landlord_a = OrganisationFactory(name="Bailleur A", kind=OrganisationKind.LANDLORD)
    landlord_b = OrganisationFactory(name="Bailleur B", kind=OrganisationKind.LANDLORD)
    mine = ResidenceFactory(landlord=landlord_a, name="Résidence Les Tilleuls")
    theirs = ResidenceFactory(landlord=landlord_b, name="Résidence Les Peupliers")
    manager = MembershipFactory(organisation=landlord_a, role="admin").user
    gardien_b = MembershipFactory(organisation=landlord_b, role="gardien").user
    client.force_login(manager)
    listing = client.get(reverse("directory_residence:index")).text
    assert "Les Tilleuls" in listing and "Les Peupliers" not in listing
    assert client.get(reverse("directory_residence:edit", args=[theirs.pk])).status_code == 404
    form = client.get(reverse("directory_residence:edit", args=[mine.pk])).context["form"]
    assert list(form.fields["landlord"].queryset) == [landlord_a]
    # Other landlords' staff are not offered as gardiens.
    assert gardien_b not in form.fields["gardiens"].queryset


def test_moderator_sees_territory_queue_only(client, setup):
    moderator = UserFactory(moderated_departements=["93"])
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    elsewhere = CommuneFactory(insee_code="75056", name="Paris", departement_code="75")
    submitted_93 = ServiceFactory(organisation=setup["org_b"], name="À valider 93")
    submitted_75 = ServiceFactory(
        organisation=OrganisationFactory(commune=elsewhere, postcode="75056"), name="À valider 75"
    )
    Service.objects.filter(pk__in=[submitted_93.pk, submitted_75.pk]).update(
        status=Status.SUBMITTED
    )
    client.force_login(moderator)
    queue = client.get(reverse("directory_moderation_queue"))  # the one queue, old address
    assert "À valider 93" in queue.text
    assert "À valider 75" not in queue.text
    listing = client.get(reverse("directory_service:index")).text
    assert "Brouillon secret de B" in listing and "À valider 75" not in listing
    # A partner has no queue.
    client.force_login(setup["member_a"])
    assert client.get(reverse("moderation_queue")).status_code in {302, 403}
