"""A re-import never overwrites what someone edited since the last import without showing
it: the entry is kept and the report lists the differing fields."""

from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from demo.directory import load_communes
from directory.imports.models import ImportedValues, ImportKind, ImportRun, ImportStatus
from directory.imports.report import report_csv
from directory.imports.runner import execute
from directory.models import Organisation, Service
from search import indexing

FIXTURES = Path(__file__).parent / "fixtures"
FINESS_FILE = FIXTURES / "finess_etalab_93.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def communes():
    load_communes()


def finess_run(content: bytes | None = None) -> ImportRun:
    run = ImportRun.objects.create(kind=ImportKind.FINESS, filename="finess.csv")
    return execute(run, content if content is not None else FINESS_FILE.read_bytes())


def edit_as_partner(source_id: str, **values) -> Organisation:
    """What the partner's admin form does: change fields and save the entry."""
    entry = Organisation.objects.get(source="finess", source_id=source_id)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    return entry


def test_a_partner_edited_entry_is_not_overwritten_and_the_report_shows_the_fields():
    finess_run()
    edit_as_partner("930000011", phone="01 49 00 00 00", description="Permanence le mardi.")
    changed = (
        FINESS_FILE.read_bytes()
        .replace(b"0148131313", b"0148131399")
        .replace(b"EHPAD Les Tilleuls", b"EHPAD Les Grands Tilleuls")
    )

    run = finess_run(changed)

    assert run.status == ImportStatus.SUCCEEDED
    assert (run.updated_count, run.conflict_count, run.unchanged_count) == (1, 1, 2)
    ssiad = Organisation.objects.get(source_id="930000011")
    assert (ssiad.phone, ssiad.description) == ("+33149000000", "Permanence le mardi.")
    row = next(row for row in run.report if row["source_id"] == "930000011")
    assert row["outcome"] == "conflict"
    assert row["message"] == "Fiche modifiée depuis le dernier import : elle n'est pas écrasée."
    differences = {
        difference["field"]: (difference["label"], difference["imported"], difference["current"])
        for difference in row["differences"]
    }
    assert differences["phone"] == ("téléphone", "+33148131399", "+33149000000")
    assert differences["description"] == ("présentation", "", "Permanence le mardi.")
    assert "name" not in differences  # the same in the file and in the entry

    lines = report_csv(run.report).splitlines()
    line = next(line for line in lines if "930000011" in line)
    assert ";modifiée depuis le dernier import;" in line
    assert "téléphone : importé « +33148131399 », actuel « +33149000000 »" in line

    # The same file again: still reported, still not overwritten.
    again = finess_run(changed)
    assert again.conflict_count == 1
    assert Organisation.objects.get(source_id="930000011").phone == "+33149000000"


def test_an_unedited_entry_is_updated():
    finess_run()
    run = finess_run(
        FINESS_FILE.read_bytes().replace(b"EHPAD Les Tilleuls", b"EHPAD Les Grands Tilleuls")
    )
    assert (run.updated_count, run.conflict_count) == (1, 0)
    ehpad = Organisation.objects.get(source_id="930000060")
    assert ehpad.name == "EHPAD Les Grands Tilleuls"
    assert ImportedValues.objects.get(organisation=ehpad).values["name"] == ehpad.name


def test_moderation_and_geocoding_are_not_edits():
    finess_run()
    Organisation.objects.filter(source_id="930000011").update(
        status="archived", latitude=48.9, longitude=2.35
    )
    run = finess_run(FINESS_FILE.read_bytes().replace(b"0148131313", b"0148131399"))
    assert (run.updated_count, run.conflict_count) == (1, 0)
    assert Organisation.objects.get(source_id="930000011").phone == "+33148131399"


def test_when_the_partner_and_the_file_agree_the_entry_is_tracked_again():
    finess_run()
    edit_as_partner("930000011", phone="01 48 13 13 99")
    changed = FINESS_FILE.read_bytes().replace(b"0148131313", b"0148131399")
    assert finess_run(changed).conflict_count == 0
    edit_as_partner("930000011", email="accueil@ssiad.example")
    assert finess_run(changed).conflict_count == 1


def test_entries_imported_before_the_record_existed_are_updated_and_recorded():
    finess_run()
    ImportedValues.objects.all().delete()
    run = finess_run(FINESS_FILE.read_bytes().replace(b"0148131313", b"0148131399"))
    assert (run.updated_count, run.conflict_count) == (1, 0)
    assert ImportedValues.objects.count() == 4


def test_a_partner_edited_service_is_not_overwritten(tmp_path):
    content = (
        "Identifiant;Nom;Commune;Adresse;Service;Description du service\n"
        "asso-1;Voisins Solidaires;93010;12 rue Jules Guesde;Visites;Visites à domicile\n"
    )
    path = tmp_path / "annuaire.csv"
    path.write_text(content, encoding="utf-8")
    call_command("import_csv", str(path), "--source", "asso")
    service = Service.objects.get(source="asso")
    service.description = "Visites le mercredi après-midi."
    service.save()

    path.write_text(content.replace("Visites à domicile", "Visites chaque semaine"), "utf-8")
    call_command("import_csv", str(path), "--source", "asso")

    run = ImportRun.objects.latest("pk")
    assert run.conflict_count == 1
    service.refresh_from_db()
    assert service.description == "Visites le mercredi après-midi."
    row = next(row for row in run.report if row["entity"] == "service")
    assert row["differences"] == [
        {
            "field": "description",
            "label": "description",
            "imported": "Visites chaque semaine",
            "current": "Visites le mercredi après-midi.",
        }
    ]


def test_the_run_page_shows_the_conflicting_fields(client):
    finess_run()
    edit_as_partner("930000011", phone="01 49 00 00 00")
    run = finess_run()
    client.force_login(User.objects.create_superuser("admin@example.org", "motdepasse-solide"))
    page = client.get(reverse("directory_imports_detail", args=[run.pk])).content.decode()
    assert "1 fiche(s) modifiée(s) depuis le dernier import (non écrasées)" in page
    assert '<th scope="row">téléphone</th>' in page
    assert "<td>+33148131313</td>" in page and "<td>+33149000000</td>" in page


def test_an_import_indexes_each_changed_entry_once(monkeypatch, django_capture_on_commit_callbacks):
    calls: list[tuple[str, list]] = []
    real = indexing._index_ids
    monkeypatch.setattr(
        indexing, "_index_ids", lambda kind, ids: calls.append((kind, ids)) or real(kind, ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        finess_run()
    indexed = Counter(pk for kind, ids in calls if kind == "organisation" for pk in ids)
    created = set(Organisation.objects.filter(source="finess").values_list("pk", flat=True))
    assert set(indexed) == created
    assert set(indexed.values()) == {1}
