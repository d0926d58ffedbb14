"""The data·inclusion v1 export: every record validates with the national pydantic models,
every record not exported completely is reported with its reason."""

import io
import json

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command

from directory import data_inclusion_export as di
from directory.models import Organisation, Service
from tests.directory.factories import OrganisationFactory, ServiceFactory

from .conftest import load_demo


@pytest.mark.django_db
def test_the_whole_demo_directory_exports_and_validates(tmp_path):
    load_demo()
    output = io.StringIO()
    call_command("export_data_inclusion", output=str(tmp_path), stdout=output)

    structures = json.loads((tmp_path / "structures.json").read_text(encoding="utf-8"))
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    report = json.loads((tmp_path / "rapport.json").read_text(encoding="utf-8"))

    # Every written record validates again with the national models (as the validator would).
    for record in structures:
        v1.Structure.model_validate(record)
    for record in services:
        v1.Service.model_validate(record)

    # Nothing disappears: each public entry is exported or reported as skipped.
    skipped = {(e["kind"], e["id"]) for e in report if e["status"] == di.SKIPPED}
    exported_structures = {int(r["id"].rsplit("-", 1)[1]) for r in structures}
    exported_services = {int(r["id"].rsplit("-", 1)[1]) for r in services}
    for pk in Organisation.objects.public().values_list("pk", flat=True):
        assert pk in exported_structures or ("structure", pk) in skipped
    for pk in Service.objects.public().values_list("pk", flat=True):
        assert pk in exported_services or ("service", pk) in skipped
    assert len(structures) >= 150 and len(services) >= 300

    # Every service points at an exported structure.
    structure_ids = {r["id"] for r in structures}
    assert {r["structure_id"] for r in services} <= structure_ids
    # Every report entry has a reason, and the command printed each one.
    assert all(entry["reasons"] for entry in report)
    printed = output.getvalue()
    for entry in report:
        assert f"{entry['kind']} {entry['id']} " in printed

    # Our extra categories became national thematiques; "à domicile" became en-presentiel.
    assert all(r["thematiques"] for r in services)
    at_home = Service.objects.public().filter(reception_modes__contains=["a-domicile"]).first()
    record = next(r for r in services if r["id"] == di.service_id(at_home.pk))
    assert "en-presentiel" in record["modes_accueil"]
    # Professional-only contacts never leave the portal.
    hidden = Service.objects.public().filter(contact_is_professional_only=True)
    for service in hidden:
        record = next((r for r in services if r["id"] == di.service_id(service.pk)), None)
        if record is not None:
            assert record["telephone"] is None and record["courriel"] is None


@pytest.mark.django_db
def test_categories_are_mapped_onto_national_thematiques(organisation):
    service = ServiceFactory(
        organisation=organisation,
        categories=["adaptation-logement", "repit-aidants"],
        thematiques=[],
        reception_modes=["a-domicile"],
    )
    result = di.export_services([service])
    (record,) = result.records
    assert set(record["thematiques"]) == {
        v1.Thematique.LOGEMENT_HEBERGEMENT__SE_MAINTENIR_DANS_LE_LOGEMENT.value,
        v1.Thematique.FAMILLE__SOUTIEN_AIDANTS.value,
    }
    assert record["modes_accueil"] == ["en-presentiel"]
    assert record["structure_id"] == di.structure_id(organisation.pk)
    # Zone defaults to the organisation's département.
    assert record["zone_eligibilite"] == ["93"]
    assert result.report == []


@pytest.mark.django_db
def test_unmappable_values_are_reported_not_dropped_silently(organisation):
    service = ServiceFactory(
        organisation=organisation,
        types=["accompagnement", "atelier"],
        publics=["tous-publics", "seniors"],
        categories=[],
        thematiques=[],
        email="contact@ccas-.example",  # a label ending with "-": the schema refuses it
    )
    result = di.export_services([service])
    (record,) = result.records
    (entry,) = result.report
    assert entry.status == di.PARTIAL and entry.id == service.pk
    reasons = " ".join(entry.reasons)
    assert "Plusieurs types" in reasons and record["type"] == "accompagnement"
    assert "Tous publics" in reasons and record["publics"] == ["seniors"]
    assert "Aucune thématique" in reasons
    assert "courriel non exporté" in reasons and record["courriel"] is None


@pytest.mark.django_db
def test_records_that_cannot_be_exported_are_skipped_with_the_reason(saint_denis):
    imported = OrganisationFactory(
        name="Structure importée", source="data-inclusion", source_id="dora--42"
    )
    service = ServiceFactory(organisation=imported)
    too_short = OrganisationFactory(name="AB", commune=saint_denis)

    structures = di.export_structures([imported, too_short])
    services = di.export_services([service])

    assert structures.records == []
    by_id = {entry.id: entry for entry in structures.report}
    assert by_id[imported.pk].status == di.SKIPPED
    assert "dora--42" in by_id[imported.pk].reasons[0]
    assert by_id[too_short.pk].status == di.SKIPPED
    assert "nom" in by_id[too_short.pk].reasons[0]
    assert services.records == []
    assert services.report[0].status == di.SKIPPED
    assert services.report[0].reasons == ["Sa structure n'a pas pu être exportée."]


@pytest.mark.django_db
def test_export_endpoints_page_through_and_report(client, directory):
    response = client.get("/api/v1/data-inclusion/services", {"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3 and len(body["results"]) == 2
    for record in body["results"]:
        v1.Service.model_validate(record)
    second = client.get(body["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    # The professional-only service is in the page report, its contact withheld.
    hidden = directory["services"][1]
    pages = body["rapport"] + second["rapport"]
    assert any(e["id"] == hidden.pk and e["status"] == "partiel" for e in pages)

    structures = client.get("/api/v1/data-inclusion/structures").json()
    for record in structures["results"]:
        v1.Structure.model_validate(record)
    assert structures["total"] == 2

    report = client.get("/api/v1/data-inclusion/rapport").json()
    assert report["services_exportes"] == 3 and report["structures_exportees"] == 2
    assert any(e["id"] == hidden.pk for e in report["rapport"])
