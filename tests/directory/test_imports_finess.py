"""FINESS at scale: the etalab CSV in both published layouts, the FiNESS+ JSON flow of the ANS
read as a stream, closed establishments archived, from the runner, the command and the admin."""

import json
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from demo.directory import load_communes
from directory.imports import finess, finess_plus
from directory.imports.models import ImportKind, ImportRun, ImportStatus
from directory.imports.runner import execute
from directory.models import Organisation
from directory.vocabularies import Status, Typology
from search.models import SearchDocument
from tests.directory.test_imports_admin import admin_access_group

FIXTURES = Path(__file__).parent / "fixtures"
JSON_FILE = FIXTURES / "finess_plus.json"
TODAY = date(2026, 12, 7)


# --- etalab CSV: both layouts --------------------------------------------------------------------
def test_both_etalab_layouts_and_a_trailing_separator_give_the_same_records():
    older = finess.parse((FIXTURES / "finess_31.csv").read_bytes(), departements={"93"})
    with (FIXTURES / "finess_32.csv").open("rb") as stream:  # read as a stream
        current = finess.parse(stream, departements={"93"})

    assert older.errors == current.errors == []
    assert older.skipped == current.skipped == 1  # the Paris establishment
    assert [asdict(r) for r in older.organisations] == [asdict(r) for r in current.organisations]
    by_number = {record.source_id: record for record in current.organisations}
    assert set(by_number) == {"930001019", "930001035", "930001050", "930001076"}
    assert by_number["930001019"].typology == Typology.EHPAD  # category 500
    assert by_number["930001035"].typology == Typology.RESIDENCE_AUTONOMIE  # 202
    assert by_number["930001050"].typology == Typology.CHRS  # 214
    assert by_number["930001050"].address == "27 B Boulevard LENINE"  # BP dropped
    cmpp = by_number["930001076"]  # 189: none of our typologies, its label kept
    assert cmpp.typology == ""
    assert cmpp.category_label == "Centre Médico-Psycho-Pédagogique (C.M.P.P.)"
    ehpad = by_number["930001019"]
    assert ehpad.siret == "26930114900002"
    assert 48.8 < ehpad.latitude < 49.0 and 2.4 < ehpad.longitude < 2.5


def test_an_etalab_line_of_another_length_is_still_reported():
    content = (FIXTURES / "finess_32.csv").read_bytes().replace(b";0931234A;", b";0931234A;X;")
    parsed = finess.parse(content, departements={"93"})
    assert [error.reason for error in parsed.errors] == [
        "33 champs au lieu de 32 pour une ligne structureet."  # trailing separator not counted
    ]
    assert parsed.errors[0].source_id == "930001019"


# --- FiNESS+ JSON: parsing ----------------------------------------------------------------------
def test_finess_plus_flow_gives_legal_entities_establishments_and_closed_ones():
    with JSON_FILE.open("rb") as stream:
        parsed = finess_plus.parse(stream, departements={"93"}, today=TODAY)

    by_number = {record.source_id: record for record in parsed.organisations}
    # Two legal entities (EJ) and their two open establishments (ET) of the 93.
    assert set(by_number) == {"930001027", "930001019", "930001043", "930001035"}
    assert parsed.skipped == 2  # the Paris EJ and its ET

    ehpad = by_number["930001019"]
    assert ehpad.name == "EHPAD La Seigneurie"
    assert ehpad.typology == Typology.EHPAD
    assert ehpad.finess == "930001019"
    assert ehpad.siret == "77567135700009"
    assert ehpad.insee_code == "93010"
    assert ehpad.postcode == "93140"
    assert ehpad.address == "12 Rue DE LA REPUBLIQUE"
    assert ehpad.phone == "+33148471010"
    assert ehpad.email == "accueil@ehpad-seigneurie.example.org"
    assert (ehpad.latitude, ehpad.longitude) == (48.902207, 2.482611)  # as published (WGS84)
    assert ehpad.updated_on == date(2025, 2, 3)
    # The schema's spelling (codings as objects) is read as well as the files' one.
    residence = by_number["930001035"]
    assert residence.typology == Typology.RESIDENCE_AUTONOMIE
    assert residence.latitude is None  # no coordinates: the geocoder places it
    assert by_number["930001043"].name == "Centre communal d'action sociale de Bagnolet"

    # Closed: an inactive SSIAD, a legal entity closed with its CHRS.
    assert {record.source_id for record in parsed.closed} == {
        "930002017",
        "930001068",
        "930001050",
    }
    # The establishment with a truncated FINESS number is reported, the rest goes on.
    assert len(parsed.errors) == 1
    assert parsed.errors[0].reason == "N° FINESS « 93000301 » invalide."
    assert parsed.errors[0].name == "Foyer au numéro tronqué"


def test_finess_plus_closing_date_still_to_come_keeps_the_establishment_listed():
    parsed = finess_plus.parse(JSON_FILE.read_bytes(), departements={"93"}, today=date(2025, 1, 1))
    # Inactive state closes whatever the date; a future closing date alone does not.
    assert "930002017" in {record.source_id for record in parsed.closed}
    document = json.loads(JSON_FILE.read_text())
    ssiad = document["pmej"][0]["ege"][1]
    ssiad["etatObjet"] = "A"
    parsed = finess_plus.parse(
        json.dumps(document).encode(), departements={"93"}, today=date(2025, 1, 1)
    )
    assert "930002017" in {record.source_id for record in parsed.organisations}


def test_finess_plus_unreadable_or_foreign_json_is_refused():
    with pytest.raises(finess_plus.UnreadableFile, match="JSON invalide"):
        finess_plus.parse(JSON_FILE.read_bytes()[:5000])
    with pytest.raises(finess_plus.UnreadableFile, match="pmej"):
        finess_plus.parse(b'{"structures": []}')


# --- FiNESS+ JSON: import -----------------------------------------------------------------------
@pytest.fixture
def communes(db):
    load_communes()


def json_run(content: bytes | None = None, **fields) -> ImportRun:
    run = ImportRun.objects.create(
        kind=ImportKind.FINESS_PLUS, filename="finess-structures.json", **fields
    )
    if content is not None:
        return execute(run, content)
    with JSON_FILE.open("rb") as stream:
        return execute(run, stream)


def with_ssiad_open() -> bytes:
    document = json.loads(JSON_FILE.read_text())
    ssiad = document["pmej"][0]["ege"][1]
    ssiad["etatObjet"] = "A"
    ssiad["informationsGeneralesEGE"]["dateFermeture"] = None
    return json.dumps(document).encode()


def test_finess_plus_import_lists_open_entities_and_creates_no_closed_one(communes):
    run = json_run()

    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert (run.created_count, run.error_count, run.skipped_count, run.closed_count) == (
        4,
        1,
        2,
        3,
    )
    assert run.processed == run.total == 8
    listed = Organisation.objects.filter(source="finess")
    assert set(listed.values_list("source_id", flat=True)) == {
        "930001027",
        "930001019",
        "930001043",
        "930001035",
    }
    assert set(listed.values_list("status", flat=True)) == {Status.PUBLISHED}
    ehpad = listed.get(source_id="930001019")
    assert ehpad.typology == Typology.EHPAD
    assert ehpad.commune.insee_code == "93010"
    assert (float(ehpad.latitude), float(ehpad.longitude)) == (48.902207, 2.482611)
    assert listed.get(source_id="930001035").typology == Typology.RESIDENCE_AUTONOMIE

    rows = {row["source_id"]: row for row in run.report if row["source_id"]}
    assert rows["930002017"]["outcome"] == "closed"
    assert rows["930002017"]["message"] == "Fermé à la source : fiche non créée."
    error = next(row for row in run.report if row["outcome"] == "error")
    assert error["message"] == "N° FINESS « 93000301 » invalide."
    assert error["line"] == 6


def test_an_establishment_closed_since_the_last_import_is_archived_with_a_log_entry(communes):
    json_run(with_ssiad_open())
    ssiad = Organisation.objects.get(source="finess", source_id="930002017")
    assert ssiad.status == Status.PUBLISHED

    run = json_run()

    ssiad.refresh_from_db()
    assert ssiad.status == Status.ARCHIVED
    row = next(row for row in run.report if row["source_id"] == "930002017")
    assert (row["outcome"], row["message"]) == ("archived", "Fermé à la source : fiche archivée.")
    log = ModelLogEntry.objects.get(object_id=str(ssiad.pk), action="moderation.archive")
    assert log.user is None
    assert log.data == {"reason": "Fermé selon FINESS."}
    assert run.closed_count == 3

    again = json_run()  # already archived: left as it is, nothing logged twice
    assert next(r for r in again.report if r["source_id"] == "930002017")["outcome"] == "unchanged"
    assert ModelLogEntry.objects.filter(object_id=str(ssiad.pk), action=log.action).count() == 1


def test_imported_entries_are_searchable_and_an_archived_one_leaves_the_search(
    communes, django_capture_on_commit_callbacks
):
    def indexed() -> set[str]:
        documents = SearchDocument.objects.filter(kind="organisation")
        return set(documents.values_list("object_id", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        json_run(with_ssiad_open())
    listed = Organisation.objects.filter(source="finess").values_list("pk", flat=True)
    assert indexed() == {str(pk) for pk in listed}
    ssiad = Organisation.objects.get(source="finess", source_id="930002017")
    assert str(ssiad.pk) in indexed()

    with django_capture_on_commit_callbacks(execute=True):
        json_run()
    assert str(ssiad.pk) not in indexed()


def test_a_moderator_import_does_not_archive_outside_the_territory(communes):
    json_run(with_ssiad_open())
    run = json_run(territory=["75"])
    row = next(row for row in run.report if row["source_id"] == "930002017")
    assert row["outcome"] == "refused"
    ssiad = Organisation.objects.get(source="finess", source_id="930002017")
    assert ssiad.status == Status.PUBLISHED


def test_finess_plus_reimport_changes_nothing(communes):
    json_run()
    before = {o.pk: o.updated_at for o in Organisation.objects.filter(source="finess")}

    again = json_run()

    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
    assert {o.pk: o.updated_at for o in Organisation.objects.filter(source="finess")} == before


def test_csv_and_json_update_the_same_establishment(communes):
    json_run()
    with (FIXTURES / "finess_32.csv").open("rb") as stream:
        run = execute(ImportRun.objects.create(kind=ImportKind.FINESS), stream)
    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert Organisation.objects.filter(source="finess", source_id="930001019").count() == 1
    assert "930001019" not in {
        row["source_id"] for row in run.report if row["outcome"] == "created"
    }


def test_import_finess_command_reads_the_json_flow(communes, capsys):
    call_command("import_finess", str(JSON_FILE), "--format", "json", "--departements", "93")

    out = capsys.readouterr().out
    assert "4 créé(s)" in out
    assert "3 fermé(s) à la source" in out
    assert "N° FINESS « 93000301 » invalide." in out
    run = ImportRun.objects.get()
    assert run.kind == ImportKind.FINESS_PLUS
    assert Organisation.objects.filter(source="finess").count() == 4


def test_import_finess_command_reads_the_older_csv_layout(communes, capsys):
    call_command("import_finess", str(FIXTURES / "finess_31.csv"), "--departements", "93")
    assert ImportRun.objects.get().kind == ImportKind.FINESS
    assert Organisation.objects.filter(source="finess").count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_moderator_uploads_the_finess_plus_flow_in_the_admin(client, celery_worker):
    load_communes()
    user = User.objects.create_user(
        "moderatrice@example.org", "motdepasse-solide", moderated_departements=["93"]
    )
    user.groups.add(admin_access_group(MODERATORS_GROUP))
    client.force_login(user)

    response = client.post(
        reverse("directory_imports"),
        {
            "kind": ImportKind.FINESS_PLUS,
            "file": SimpleUploadedFile("finess-structures.json", JSON_FILE.read_bytes()),
            "source": "",
            "departements": "93",
        },
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            break
        time.sleep(0.2)
    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert (run.created_count, run.error_count, run.closed_count) == (4, 1, 3)

    page = client.get(reverse("directory_imports_detail", args=[run.pk])).content.decode()
    assert "3 établissement(s) fermé(s) à la source (archivé(s), ou non créé(s))." in page
    assert "N° FINESS « 93000301 » invalide." in page


def test_the_admin_form_wants_a_json_file_for_finess_plus(client, communes):
    user = User.objects.create_user(
        "moderatrice@example.org", "motdepasse-solide", moderated_departements=["93"]
    )
    user.groups.add(admin_access_group(MODERATORS_GROUP))
    client.force_login(user)
    response = client.post(
        reverse("directory_imports"),
        {
            "kind": ImportKind.FINESS_PLUS,
            "file": SimpleUploadedFile("finess.csv", b"finess;etalab"),
            "departements": "93",
        },
    )
    assert response.status_code == 200
    assert "Extension attendue pour ce format : .json." in response.content.decode()
    assert not ImportRun.objects.exists()
