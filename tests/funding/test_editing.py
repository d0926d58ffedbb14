"""Calls for projects are proposed and edited in the front office (moderators of their
territory publish at once, partners' calls wait for moderation) and in the Wagtail admin,
scoped to the moderator's territory."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import MembershipRole, OrganisationKind
from funding.models import CallForProjects, CallKind, Status
from tests.feedback.factories import moderator_of
from tests.offers.factories import OrganisationFactory, member_of

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    deadline = timezone.localtime() + timedelta(days=40)
    data = {
        "kind": CallKind.AMI,
        "title": "AMI tiers-lieux solidaires",
        "funder": "Département de la Seine-Saint-Denis",
        "summary": "Ouvrir des tiers-lieux au pied des immeubles.",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "eligible_kinds": [OrganisationKind.ESS],
        "themes": ["lien-social"],
        "departement": "93",
        "communes": ["93048"],
        "amount_min": "5000",
        "amount_max": "20000",
        "amount_total": "",
        "link": "https://www.seinesaintdenis.fr/ami-tiers-lieux",
        "organisation": "",
    }
    data.update(overrides)
    return data


def test_a_partner_proposes_a_call_which_waits_for_the_moderators_of_its_departement(
    client, montreuil, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Fondation du quartier", commune=montreuil)
    client.force_login(member_of(organisation))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("funding:create"), form_data(organisation=str(organisation.pk))
        )

    call = CallForProjects.objects.get()
    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    assert call.status == Status.SUBMITTED and call.organisation == organisation
    assert call.communes == ["93048"] and call.themes == ["lien-social"]
    assert call.announced_at is None
    # Its proposer reads it with its status; the public does not see it yet.
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Soumis à validation" in page and "Modifier cet appel" in page
    assert "AMI tiers-lieux" in client.get(reverse("funding:mine")).content.decode()
    client.logout()
    assert client.get(call.get_absolute_url()).status_code == 404
    assert "AMI tiers-lieux" not in client.get(reverse("funding:list")).content.decode()


def test_a_partner_must_name_its_organisation_and_cannot_name_another(client, montreuil):
    own = OrganisationFactory(name="Fondation du quartier", commune=montreuil)
    other = OrganisationFactory(name="Autre fondation", commune=montreuil)
    client.force_login(member_of(own))

    for organisation in ("", str(other.pk)):
        response = client.post(reverse("funding:create"), form_data(organisation=organisation))
        assert response.status_code == 200
    assert not CallForProjects.objects.exists()


def test_a_moderator_publishes_a_call_of_their_territory_at_once_and_it_is_announced(
    client, montreuil, django_capture_on_commit_callbacks, settings
):
    settings.MAILLAGE_DEPARTEMENTS = ["93", "94"]
    moderator = moderator_of("93")
    client.force_login(moderator)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("funding:create"), form_data())
    call = CallForProjects.objects.get()
    assert response.status_code == 302
    assert call.status == Status.PUBLISHED and call.organisation is None
    assert len(callbacks) >= 1  # the announcement is queued once the publication commits

    # Another territory: refused with a clear error, nothing saved.
    response = client.post(reverse("funding:create"), form_data(departement="94", communes=[]))
    assert response.status_code == 200
    assert "Vous ne modérez pas ce département" in response.content.decode()
    assert CallForProjects.objects.count() == 1

    # The moderator edits it; it stays online.
    response = client.post(
        reverse("funding:edit", args=[call.pk]), form_data(title="AMI tiers-lieux 2027")
    )
    call.refresh_from_db()
    assert response.status_code == 302
    assert call.title == "AMI tiers-lieux 2027" and call.status == Status.PUBLISHED


def test_the_form_says_clearly_what_is_wrong(client, montreuil, settings):
    settings.MAILLAGE_DEPARTEMENTS = ["93", "94"]
    client.force_login(moderator_of("93", "94"))
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("funding:create"),
        form_data(deadline=past, departement="94", amount_min="30000", link="pas un lien"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "La date limite doit être dans le futur." in page
    assert "Choisissez des communes du département de l&#x27;appel." in page
    assert "Saisissez une URL valide." in page
    assert not CallForProjects.objects.exists()

    response = client.post(reverse("funding:create"), form_data(amount_min="30000"))
    assert "Le montant maximum doit être supérieur au minimum." in response.content.decode()


def test_only_its_organisation_and_the_moderators_of_its_territory_edit_a_call(client, montreuil):
    organisation = OrganisationFactory(name="Fondation du quartier", commune=montreuil)
    call = CallFactory(organisation=organisation, status=Status.SUBMITTED)
    url = reverse("funding:edit", args=[call.pk])

    client.force_login(member_of(OrganisationFactory(name="Autre", commune=montreuil)))
    assert client.get(url).status_code == 404
    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(moderator_of("94"))
    assert client.get(url).status_code == 404
    client.force_login(moderator_of("93"))
    assert client.get(url).status_code == 200
    client.force_login(member_of(organisation, email="membre@exemple.org"))
    assert client.get(url).status_code == 200


def test_a_gardien_is_told_who_may_propose_a_call(client, montreuil):
    landlord = OrganisationFactory(kind=OrganisationKind.LANDLORD, commune=montreuil)
    client.force_login(member_of(landlord, role=MembershipRole.GARDIEN))
    response = client.post(reverse("funding:create"), form_data(), follow=True)
    assert "Seuls les modérateurs et les membres" in response.content.decode()
    assert not CallForProjects.objects.exists()


# --- The Wagtail admin -------------------------------------------------------------------------


def test_the_admin_lists_and_edits_only_the_calls_of_the_moderators_territory(
    client, montreuil, django_capture_on_commit_callbacks
):
    ours = CallFactory(title="Appel du 93", departement="93", status=Status.SUBMITTED)
    theirs = CallFactory(title="Appel du 94", departement="94", status=Status.PUBLISHED)
    client.force_login(moderator_of("93"))

    page = client.get(reverse("funding_call:index")).content.decode()
    assert "Appel du 93" in page and "Appel du 94" not in page
    assert client.get(reverse("funding_call:edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("funding_call:edit", args=[ours.pk])).status_code == 200

    # Saved by a moderator of its territory: published, and announced after the commit.
    deadline = timezone.localtime() + timedelta(days=20)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("funding_call:edit", args=[ours.pk]),
            {
                "kind": CallKind.FUND,
                "title": "Appel du 93 (modifié)",
                "funder": ours.funder,
                "summary": ours.summary,
                "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
                "link": ours.link,
                "departement": "93",
                "communes": "",
                "eligible_kinds": [],
                "themes": [],
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    ours.refresh_from_db()
    assert ours.title == "Appel du 93 (modifié)" and ours.status == Status.PUBLISHED
    assert callbacks

    # The département list offers only the moderator's own.
    page = client.get(reverse("funding_call:add")).content.decode()
    assert 'value="93"' in page and 'value="94"' not in page


def test_partners_do_not_enter_the_calls_admin(client, montreuil):
    partner = member_of(OrganisationFactory(commune=montreuil))
    client.force_login(partner)
    response = client.get(reverse("funding_call:index"))
    assert response.status_code in (302, 403)
    assert "Appel" not in response.content.decode()
