"""The portal serves another département than the 93: with MAILLAGE_DEPARTEMENTS=["69"] and
the communes imported from INSEE's COG and La Poste's file, the Rhône's directory, search,
"Qui appeler ?", moderation and imports work, and the 93 is left out."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from core import moderation
from directory.communes_import import import_communes
from directory.imports.models import ImportKind, ImportRun, ImportStatus
from directory.imports.runner import default_departements, execute
from directory.models import Commune, Organisation
from directory.moderation import can_moderate
from directory.vocabularies import Status
from offers.models import ServiceOffer
from orientation.models import Situation
from tests.directory.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "directory" / "fixtures"


@pytest.fixture(autouse=True)
def rhone():
    """The portal of the Rhône, with the communes of the 69 and of the 93 in the database."""
    with override_settings(MAILLAGE_DEPARTEMENTS=["69"]):
        import_communes(
            FIXTURES / "v_commune_2025_extrait.csv",
            FIXTURES / "laposte_hexasmal_extrait.csv",
            FIXTURES / "epci_extrait.csv",
            departements={"69", "93", "974"},
        )
        yield


@pytest.fixture
def villeurbanne():
    return Commune.objects.get(insee_code="69266")


@pytest.fixture
def montreuil():
    return Commune.objects.get(insee_code="93048")


def situation_service(situation, commune, name, **kwargs):
    """A published service answering `situation`, in `commune`, for its département."""
    organisation = OrganisationFactory(
        name=f"Structure {name}", typology=situation.primary_typologies[0], commune=commune
    )
    return ServiceFactory(
        organisation=organisation,
        name=name,
        thematiques=situation.thematiques[:1],
        categories=[],
        publics=["tous-publics"],
        eligibility_zone=[],
        **kwargs,
    )


@pytest.fixture
def situation():
    return Situation.objects.get(slug="souffrance-psychique")


@pytest.fixture
def service(villeurbanne, situation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # indexed for the search
        return situation_service(situation, villeurbanne, "Écoute psychologique Villeurbanne")


def moderator_of(*departements: str) -> User:
    user = User.objects.create_user(
        f"moderation-{'-'.join(departements)}@example.org",
        "motdepasse-solide",
        moderated_departements=list(departements),
    )
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


def test_the_directory_home_names_the_rhone_and_lists_only_its_communes(client):
    html = client.get("/annuaire/").content.decode()

    assert "Département : Rhône." in html
    assert "Seine-Saint-Denis" not in html
    assert "Villeurbanne" in html and "Métropole de Lyon" in html
    assert "Montreuil" not in html


def test_the_commune_page_of_villeurbanne_lists_its_service(client, service, villeurbanne):
    response = client.get(villeurbanne.get_absolute_url())

    assert response.status_code == 200
    assert "Écoute psychologique Villeurbanne" in response.content.decode()


def test_a_search_by_commune_finds_the_service_of_villeurbanne(client, service):
    html = client.get("/recherche/", {"commune": "69266"}).content.decode()

    assert "Écoute psychologique Villeurbanne" in html


def test_qui_appeler_for_a_commune_of_the_rhone_proposes_its_service(
    client, service, situation, montreuil
):
    situation_service(situation, montreuil, "Écoute psychologique Montreuil")

    response = client.get("/orientation/", {"situation": situation.slug, "commune": "Villeurbanne"})

    names = [result.service.name for result in response.context["results"]]
    assert names == ["Écoute psychologique Villeurbanne"]
    # The same page for Vénissieux, in the same département: the service covers it too.
    response = client.get("/orientation/", {"situation": situation.slug, "commune": "69259"})
    assert [result.service.name for result in response.context["results"]] == names


def test_a_moderator_of_the_69_moderates_it_and_one_of_the_93_cannot(villeurbanne):
    organisation = OrganisationFactory(
        name="Accueil de jour Villeurbanne", commune=villeurbanne, status=Status.SUBMITTED
    )
    rhone, seine_saint_denis = moderator_of("69"), moderator_of("93")

    assert can_moderate(rhone, organisation)
    assert not can_moderate(seine_saint_denis, organisation)
    assert organisation in moderation.in_territory(Organisation.objects.all(), rhone)
    assert organisation not in moderation.in_territory(
        Organisation.objects.all(), seine_saint_denis
    )


def test_imports_and_offers_default_to_the_rhone(villeurbanne):
    lines = (FIXTURES / "finess_etalab_93.csv").read_text(encoding="iso-8859-1").splitlines()
    saint_denis = next(line for line in lines if line.startswith("structureet;930000011;"))
    fields = saint_denis.split(";")
    # The same establishment moved to Villeurbanne (commune 266 of the 69).
    fields[1:5] = ["690000011", "690000003", "SSIAD VILLEURBANNE", "SSIAD de Villeurbanne"]
    fields[12:16] = ["266", "69", "RHONE", "69100 VILLEURBANNE"]
    content = "\n".join([lines[0], saint_denis, ";".join(fields)]) + "\n"
    run = ImportRun.objects.create(kind=ImportKind.FINESS, filename="finess.csv")

    run = execute(run, content.encode("iso-8859-1"))

    assert default_departements() == {"69"}
    assert run.status == ImportStatus.SUCCEEDED
    assert (run.created_count, run.skipped_count) == (1, 1)
    assert Organisation.objects.get().commune == villeurbanne
    field = ServiceOffer._meta.get_field("coverage_departement")
    assert field.get_default() == "69"


def test_qui_appeler_for_saint_denis_means_the_one_of_the_served_departement(
    client, situation, settings
):
    settings.MAILLAGE_DEPARTEMENTS = ["93"]
    saint_denis = Commune.objects.get(insee_code="93066")
    situation_service(situation, saint_denis, "Écoute psychologique Saint-Denis")

    response = client.get("/orientation/", {"situation": situation.slug, "commune": "Saint-Denis"})

    assert response.context["form"].cleaned_data["place_commune"] == saint_denis
    names = [result.service.name for result in response.context["results"]]
    assert names == ["Écoute psychologique Saint-Denis"]
    # Served nowhere, the two Saint-Denis are both proposed.
    settings.MAILLAGE_DEPARTEMENTS = ["69"]
    html = client.get(
        "/orientation/", {"situation": situation.slug, "commune": "Saint-Denis"}
    ).content.decode()
    assert "Plusieurs communes correspondent" in html
