"""Imports against the real database: counts, idempotence, row savepoints, batch rollback."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from demo.directory import load_communes
from directory.imports import finess, loading
from directory.imports.models import ImportKind, ImportRun, ImportStatus
from directory.imports.runner import execute
from directory.models import Organisation, Service
from directory.vocabularies import Status, Typology

FIXTURES = Path(__file__).parent / "fixtures"
FINESS_FILE = FIXTURES / "finess_etalab_93.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def communes():
    load_communes()


def finess_run(content: bytes | None = None) -> ImportRun:
    run = ImportRun.objects.create(kind=ImportKind.FINESS, filename="finess.csv")
    return execute(run, content if content is not None else FINESS_FILE.read_bytes())


def test_finess_import_creates_published_organisations():
    run = finess_run()

    assert run.status == ImportStatus.SUCCEEDED
    assert (run.created_count, run.updated_count, run.error_count, run.skipped_count) == (
        4,
        0,
        1,
        1,
    )
    assert run.processed == run.total == 5
    organisations = Organisation.objects.filter(source="finess")
    assert organisations.count() == 4
    assert set(organisations.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert all(o.published_at is not None for o in organisations)

    ssiad = Organisation.objects.get(source="finess", source_id="930000011")
    assert ssiad.typology == Typology.SSIAD
    assert ssiad.finess == "930000011"
    assert ssiad.commune.insee_code == "93066"
    assert ssiad.phone == "+33148131313"
    assert ssiad.latitude == pytest.approx(48.9371, abs=1e-4)
    assert ssiad.geocoding_precision is None  # the source's own coordinates

    ehpad = Organisation.objects.get(source_id="930000060")
    assert ehpad.typology == Typology.EHPAD  # category 500 is one of our typologies
    assert list(ehpad.tags.names()) == []
    cmp_ = Organisation.objects.get(source_id="930000045")
    assert cmp_.postcode == ""  # the CEDEX postcode is not Montreuil's

    report = {(row["line"], row["source_id"]): row for row in run.report}
    assert report[(7, "930000086")]["outcome"] == "error"
    assert "9 champs au lieu de 32" in report[(7, "930000086")]["message"]
    assert "CEDEX" in report[(4, "930000045")]["message"]
    assert report[(2, "930000011")]["outcome"] == "created"


def test_reimport_updates_in_place_and_never_duplicates():
    finess_run()
    again = finess_run()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
    assert Organisation.objects.filter(source="finess").count() == 4

    changed = (
        FINESS_FILE.read_bytes()
        .replace(b"0148131313", b"0148131399")
        .replace(b"EHPAD Les Tilleuls", b"EHPAD Les Grands Tilleuls")
    )
    third = finess_run(changed)
    assert (third.created_count, third.updated_count, third.unchanged_count) == (0, 2, 2)
    assert Organisation.objects.filter(source="finess").count() == 4
    assert Organisation.objects.get(source_id="930000011").phone == "+33148131399"
    ehpad = Organisation.objects.get(source_id="930000060")
    assert ehpad.name == "EHPAD Les Grands Tilleuls"
    assert ehpad.slug == "ehpad-les-tilleuls"  # URLs stay stable


def test_reimport_keeps_moderation_decisions():
    finess_run()
    Organisation.objects.filter(source_id="930000011").update(status=Status.ARCHIVED)
    finess_run(FINESS_FILE.read_bytes().replace(b"0148131313", b"0148131399"))
    assert Organisation.objects.get(source_id="930000011").status == Status.ARCHIVED


def _trigger(name: str, condition: str, errcode: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE FUNCTION {name}() RETURNS trigger AS $$
            BEGIN
                IF {condition} THEN
                    RAISE EXCEPTION 'refused by test trigger' USING ERRCODE = '{errcode}';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON directory_organisation
                FOR EACH ROW EXECUTE FUNCTION {name}();
            """
        )


def test_a_row_refused_by_the_database_does_not_poison_its_batch():
    # A check violation is a row-level error: its savepoint is rolled back, the rest kept.
    _trigger("refuse_saad", "NEW.source_id = '930000029'", "check_violation")
    result = loading.load(
        finess.parse(FINESS_FILE.read_bytes(), departements={"93"}), status="published"
    )

    assert not result.failure
    assert set(Organisation.objects.values_list("source_id", flat=True)) == {
        "930000011",
        "930000045",
        "930000060",
    }
    refused = [row for row in result.rows if row.source_id == "930000029"]
    assert refused[0].outcome == "error"
    assert "refused by test trigger" in refused[0].message


def test_a_database_failure_rolls_the_whole_batch_back():
    # Any other database error aborts the batch: the rows written before it in the same
    # batch disappear, earlier batches stay, and the import stops there.
    _trigger("fail_ehpad", "NEW.source_id = '930000060'", "P0001")
    parsed = finess.parse(FINESS_FILE.read_bytes(), departements={"93"})
    assert [r.source_id for r in parsed.organisations] == [
        "930000011",
        "930000029",
        "930000045",
        "930000060",
    ]
    result = loading.load(parsed, status="published", batch_size=2)

    assert result.failure.startswith("Lot annulé")
    assert set(Organisation.objects.values_list("source_id", flat=True)) == {
        "930000011",
        "930000029",
    }
    by_id = {row.source_id: row for row in result.rows}
    assert by_id["930000045"].outcome == "error"  # written, then rolled back with its batch
    assert by_id["930000060"].outcome == "error"
    assert by_id["930000011"].outcome == "created"


def test_failed_import_is_reported_as_failed():
    _trigger("fail_all", "TRUE", "P0001")
    run = finess_run()
    assert run.status == ImportStatus.FAILED
    assert "Lot annulé" in run.message
    assert Organisation.objects.count() == 0


def test_data_inclusion_import_with_services(tmp_path):
    report = tmp_path / "rapport.csv"
    call_command(
        "import_data_inclusion", str(FIXTURES / "data_inclusion_93.json"), "--report", str(report)
    )
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.SUCCEEDED
    assert (run.created_count, run.error_count, run.skipped_count) == (4, 3, 2)

    ccas = Organisation.objects.get(source="data-inclusion", source_id="dora--ccas-saint-denis")
    assert ccas.status == Status.PUBLISHED
    assert ccas.typology == Typology.CCAS
    assert ccas.reseaux_porteurs == ["ccas-cias"]
    assert ccas.website == "https://ville-saint-denis.fr/ccas"
    service = Service.objects.get(source_id="dora--ccas-saint-denis--domiciliation")
    assert service.organisation == ccas
    assert service.mobilisation_modes == ["se-presenter", "telephoner"]
    assert service.eligibility_zone == ["93066"]
    assert service.status == Status.PUBLISHED
    assert Service.objects.get(source_id="soliguide--epicerie-montreuil--colis").fees == "payant"

    text = report.read_text(encoding="utf-8")
    assert text.startswith("\ufeffligne;type;identifiant;nom;résultat;message")
    assert '3;organisation;dora--x;AB;erreur;"structure n° 3 — nom' in text

    call_command("import_data_inclusion", str(FIXTURES / "data_inclusion_93.json"))
    assert ImportRun.objects.latest("pk").unchanged_count == 4
    assert Organisation.objects.count() == 2 and Service.objects.count() == 2


def test_generic_csv_waits_for_moderation_unless_published():
    call_command("import_csv", str(FIXTURES / "generic_93.csv"), "--source", "asso93")
    run = ImportRun.objects.get()
    assert (run.created_count, run.error_count) == (5, 2)  # 3 organisations + 2 services
    bondy = Organisation.objects.get(source="asso93", source_id="asso-1")
    assert bondy.status == Status.SUBMITTED
    assert bondy.typology == Typology.ASSOCIATION
    assert bondy.services.get().reception_modes == ["a-domicile", "en-presentiel"]
    assert list(Organisation.objects.get(source_id="asso-2").tags.names()) == [
        "Plateforme de répit des aidants"
    ]

    call_command("import_csv", str(FIXTURES / "generic_93.csv"), "--source", "other", "--publish")
    assert Organisation.objects.get(source="other", source_id="asso-1").status == Status.PUBLISHED
    assert Organisation.objects.filter(source_id="asso-1").count() == 2  # two sources


def test_unreadable_file_fails_cleanly():
    run = ImportRun.objects.create(kind=ImportKind.DATA_INCLUSION, filename="x.json")
    run = execute(run, b"not json at all")
    assert run.status == ImportStatus.FAILED
    assert "JSON illisible" in run.message
