"""Imports run in the importer's territory, and import runs are read only by their author,
the moderators of the same territory and site admins."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from demo.directory import load_communes
from directory.imports.models import ImportKind, ImportRun, ImportStatus
from directory.imports.report import report_csv
from directory.imports.runner import execute
from directory.imports.tasks import run_import
from directory.models import Commune, Organisation, Service
from tests.directory.factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = "Identifiant;Nom;Commune;Adresse;Service;Description du service\n"
ROWS = (
    "paris-1;Accueil Paris Centre;75056;1 rue de Rivoli;Permanence;Accueil sans rendez-vous\n"
    "bondy-1;Voisins Solidaires Bondy;93010;12 rue Jules Guesde;Visites;Visites à domicile\n"
)


@pytest.fixture(autouse=True)
def communes():
    load_communes()
    CommuneFactory(insee_code="75056", name="Paris", postcodes=["75001"], departement_code="75")


def admin_access_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


def moderator_of(*departements: str, email: str = "") -> User:
    user = User.objects.create_user(
        email or f"moderation-{'-'.join(departements) or 'aucun'}@example.org",
        "motdepasse-solide",
        moderated_departements=list(departements),
    )
    user.groups.add(admin_access_group(MODERATORS_GROUP))
    return user


def csv_run(territory, content: str = HEADER + ROWS, user=None) -> ImportRun:
    run = ImportRun.objects.create(
        kind=ImportKind.CSV, source="asso", filename="annuaire.csv", territory=territory, user=user
    )
    return execute(run, content.encode())


def rows_by_id(run: ImportRun) -> dict[tuple[str, str], dict]:
    return {(row["entity"], row["source_id"]): row for row in run.report}


def test_a_moderator_of_the_75_cannot_import_rows_of_the_93():
    run = csv_run(["75"])

    assert run.status == ImportStatus.SUCCEEDED
    assert (run.created_count, run.refused_count, run.error_count) == (2, 2, 0)
    rows = rows_by_id(run)
    bondy = rows[("organisation", "bondy-1")]
    assert bondy["outcome"] == "refused"
    assert bondy["message"] == ("Hors de votre territoire : Bondy est dans le département 93.")
    # Its service goes with it, and says why.
    assert rows[("service", "bondy-1--visites")]["outcome"] == "refused"
    assert "structure « bondy-1 »" in rows[("service", "bondy-1--visites")]["message"]
    assert not Organisation.objects.filter(commune__departement_code="93").exists()
    assert not Service.objects.filter(organisation__commune__departement_code="93").exists()
    assert Organisation.objects.get(source_id="paris-1").commune.insee_code == "75056"
    assert "hors de votre territoire;Hors de votre territoire : Bondy" in report_csv(run.report)


def test_a_moderator_of_the_75_cannot_change_an_entry_of_the_93_by_importing_it():
    bondy = Commune.objects.get(insee_code="93010")
    entry = OrganisationFactory(
        name="Voisins Solidaires Bondy", commune=bondy, source="asso", source_id="bondy-1"
    )
    moved = HEADER + "bondy-1;Voisins Solidaires (Paris);75056;1 rue de Rivoli;;\n"

    run = csv_run(["75"], moved)

    row = rows_by_id(run)[("organisation", "bondy-1")]
    assert row["outcome"] == "refused"
    assert "Bondy est dans le département 93" in row["message"]
    entry.refresh_from_db()
    assert (entry.name, entry.commune_id) == ("Voisins Solidaires Bondy", bondy.pk)


def test_the_moderator_of_the_93_and_admins_import_in_the_93():
    run = csv_run(["93"])
    assert rows_by_id(run)[("organisation", "bondy-1")]["outcome"] == "created"
    assert rows_by_id(run)[("organisation", "paris-1")]["outcome"] == "refused"

    everywhere = csv_run(None)  # a site admin's run, or a management command's
    assert everywhere.refused_count == 0
    assert rows_by_id(everywhere)[("organisation", "paris-1")]["outcome"] == "created"


def test_an_entry_without_commune_is_for_site_admins_only():
    content = "Identifiant;Nom;Commune;Adresse\nx-1;Sans commune;;1 rue Haute\n"
    moderated = csv_run(["93"], content)
    assert moderated.error_count == 1  # the generic CSV requires a commune
    # An existing entry without commune cannot be overwritten by a moderator either.
    OrganisationFactory(name="Sans commune", commune=None, source="asso", source_id="x-1")
    run = csv_run(["93"], "Identifiant;Nom;Commune;Adresse\nx-1;Sans commune;93010;1 rue\n")
    row = rows_by_id(run)[("organisation", "x-1")]
    assert row["outcome"] == "refused"
    assert "fiche sans commune" in row["message"]


def test_the_upload_runs_in_the_moderators_territory(client):
    moderator = moderator_of("75")
    client.force_login(moderator)
    page = client.get(reverse("directory_imports")).content.decode()
    assert "L'import n'écrit que dans votre territoire (75)" in page

    form = {
        "kind": ImportKind.CSV,
        "file": SimpleUploadedFile("annuaire.csv", (HEADER + ROWS).encode()),
        "source": "asso",
        "departements": "93",
    }
    response = client.post(reverse("directory_imports"), form)
    assert response.status_code == 200
    assert "Hors de votre territoire : 93. Vous modérez : 75." in response.content.decode()
    assert not ImportRun.objects.exists()

    form["file"] = SimpleUploadedFile("annuaire.csv", (HEADER + ROWS).encode())
    form["departements"] = ""
    response = client.post(reverse("directory_imports"), form)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert run.territory == ["75"]

    run_import(run.pk)  # the Celery task's body, here in the test's transaction
    run.refresh_from_db()
    assert (run.created_count, run.refused_count) == (2, 2)
    assert not Organisation.objects.filter(source_id="bondy-1").exists()
    page = client.get(reverse("directory_imports_detail", args=[run.pk])).content.decode()
    assert "2 ligne(s) hors de votre territoire (non chargées)" in page
    assert "Hors de votre territoire : Bondy est dans le département 93." in page


def test_a_moderator_without_territory_cannot_start_an_import(client):
    client.force_login(moderator_of())
    page = client.get(reverse("directory_imports"))
    assert page.status_code == 200
    assert "Vous ne modérez aucun département" in page.content.decode()
    assert 'enctype="multipart/form-data"' not in page.content.decode()

    form = {
        "kind": ImportKind.CSV,
        "file": SimpleUploadedFile("annuaire.csv", (HEADER + ROWS).encode()),
        "source": "asso",
    }
    response = client.post(reverse("directory_imports"), form)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not ImportRun.objects.exists()


def run_pages(run: ImportRun) -> list[str]:
    """Detail (also the address the progress poll asks) and report."""
    return [
        reverse("directory_imports_detail", args=[run.pk]),
        reverse("directory_imports_report", args=[run.pk]),
    ]


def test_a_moderator_of_the_75_cannot_see_the_runs_of_a_93_moderator(client):
    author = moderator_of("93", email="auteur-93@example.org")
    run = csv_run(["93"], user=author)
    run.filename = "import-du-93.csv"
    run.save()
    in_progress = ImportRun.objects.create(
        kind=ImportKind.CSV,
        filename="en-cours-93.csv",
        territory=["93"],
        user=author,
        status=ImportStatus.RUNNING,
        total=10,
    )

    client.force_login(moderator_of("75"))
    assert "import-du-93.csv" not in client.get(reverse("directory_imports")).content.decode()
    for address in run_pages(run) + run_pages(in_progress):
        assert client.get(address).status_code == 404, address

    for viewer in (author, moderator_of("93", email="collegue-93@example.org")):
        client.force_login(viewer)
        listing = client.get(reverse("directory_imports")).content.decode()
        assert "import-du-93.csv" in listing and "en-cours-93.csv" in listing
        for address in run_pages(run) + run_pages(in_progress):
            assert client.get(address).status_code == 200, address
        assert 'data-status-poll="3"' in client.get(run_pages(in_progress)[0]).content.decode()


def test_site_admins_see_every_run_and_moderators_only_runs_of_their_whole_territory(client):
    admin_run = ImportRun.objects.create(kind=ImportKind.FINESS, filename="national.csv")
    both = ImportRun.objects.create(
        kind=ImportKind.CSV, filename="75-et-93.csv", territory=["75", "93"]
    )
    only_93 = ImportRun.objects.create(kind=ImportKind.CSV, filename="93.csv", territory=["93"])

    client.force_login(moderator_of("93"))
    listing = client.get(reverse("directory_imports")).content.decode()
    assert "93.csv" in listing and "national.csv" not in listing and "75-et-93.csv" not in listing
    for run in (admin_run, both):
        for address in run_pages(run):
            assert client.get(address).status_code == 404, address

    client.force_login(moderator_of("75", "93"))
    for run in (both, only_93):
        assert client.get(run_pages(run)[0]).status_code == 200
    assert client.get(run_pages(admin_run)[0]).status_code == 404

    client.force_login(User.objects.create_superuser("admin@example.org", "motdepasse-solide"))
    listing = client.get(reverse("directory_imports")).content.decode()
    assert all(name in listing for name in ("national.csv", "75-et-93.csv", "93.csv"))
    for run in (admin_run, both, only_93):
        for address in run_pages(run):
            assert client.get(address).status_code == 200, address
