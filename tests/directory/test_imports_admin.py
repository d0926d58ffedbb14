"""The admin import screens: upload, progress (run by the real Celery worker), report."""

import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from demo.directory import load_communes
from directory.imports.models import ImportKind, ImportRun, ImportStatus
from directory.models import Organisation

FIXTURES = Path(__file__).parent / "fixtures"


def admin_access_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


@pytest.fixture
def moderator(db):
    user = User.objects.create_user(
        "moderatrice@example.org", "motdepasse-solide", moderated_departements=["93"]
    )
    user.groups.add(admin_access_group(MODERATORS_GROUP))
    return user


@pytest.fixture
def partner(db):
    user = User.objects.create_user("partenaire@example.org", "motdepasse-solide")
    user.groups.add(admin_access_group("Partenaires"))
    return user


def upload(name: str, kind: str = ImportKind.FINESS) -> dict:
    return {
        "kind": kind,
        "file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes()),
        "source": "",
        "departements": "93",
    }


def refused(response) -> bool:
    """Wagtail turns PermissionDenied in the admin into a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_partners_cannot_import(client, partner):
    client.force_login(partner)
    assert refused(client.get(reverse("directory_imports")))
    assert refused(client.post(reverse("directory_imports"), upload("finess_etalab_93.csv")))
    assert ImportRun.objects.count() == 0
    run = ImportRun.objects.create(kind=ImportKind.FINESS)
    # A run they may not read does not exist for them.
    assert client.get(reverse("directory_imports_detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("directory_imports_report", args=[run.pk])).status_code == 404
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("directory_imports") not in home


@pytest.mark.django_db
def test_menu_and_form_errors_for_moderators(client, moderator):
    client.force_login(moderator)
    assert reverse("directory_imports") in client.get(reverse("wagtailadmin_home")).content.decode()

    response = client.post(
        reverse("directory_imports"), upload("generic_93.csv", kind=ImportKind.DATA_INCLUSION)
    )
    assert response.status_code == 200
    assert "Extension attendue pour ce format : .json." in response.content.decode()
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_progress_page_updates_itself_until_finished(client, moderator):
    client.force_login(moderator)
    run = ImportRun.objects.create(
        kind=ImportKind.FINESS,
        status=ImportStatus.RUNNING,
        total=200,
        processed=50,
        user=moderator,
        territory=["93"],
    )
    page = client.get(reverse("directory_imports_detail", args=[run.pk])).content.decode()
    # Updated in place by static/js/status-poll.js, not by a timed refresh (WCAG 2.2.1).
    assert 'data-status-poll="3"' in page and "js/status-poll" in page
    assert "http-equiv" not in page
    assert '<progress id="import-progress" max="100" value="25">' in page
    assert "50 enregistrement(s) traité(s) sur 200." in page

    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.SUCCEEDED)
    page = client.get(reverse("directory_imports_detail", args=[run.pk])).content.decode()
    assert "data-status-poll" not in page and "js/status-poll" not in page
    assert reverse("directory_imports_report", args=[run.pk]) in page


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_upload_runs_in_the_worker_and_offers_the_report(client, celery_worker):
    # The worker reads the uploaded file from the MEDIA_ROOT both processes share.
    load_communes()
    user = User.objects.create_user(
        "moderatrice@example.org", "motdepasse-solide", moderated_departements=["93"]
    )
    user.groups.add(admin_access_group(MODERATORS_GROUP))
    client.force_login(user)

    response = client.post(reverse("directory_imports"), upload("finess_etalab_93.csv"))
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directory_imports_detail", args=[run.pk])
    assert run.user == user
    assert run.territory == ["93"]
    assert run.filename == "finess_etalab_93.csv"

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            break
        time.sleep(0.2)
    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert (run.created_count, run.error_count, run.skipped_count) == (4, 1, 1)
    assert Organisation.objects.filter(source="finess").count() == 4

    page = client.get(reverse("directory_imports_detail", args=[run.pk])).content.decode()
    assert "4 créé(s), 0 mis à jour, 0 inchangé(s)" in page
    assert "9 champs au lieu de 32" in page

    report = client.get(reverse("directory_imports_report", args=[run.pk]))
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="rapport-import-{run.pk}.csv"' in report["Content-Disposition"]
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "ligne;type;identifiant;nom;résultat;message"
    assert "2;organisation;930000011;SSIAD de l'Amicale de Saint-Denis;créé;" in lines
    assert len(lines) == 1 + 5
