"""The data·inclusion v1 export: every record validates with the national pydantic models,
every record not exported completely is reported with its reason."""

import io
import json
from datetime import date, datetime, timedelta

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command
from django.utils import timezone

from directory import data_inclusion_export as di
from directory import freshness
from directory.models import Organisation, Service
from tests.directory.factories import OrganisationFactory, ServiceFactory

from .conftest import load_demo


@pytest.mark.django_db
def test_the_whole_demo_directory_exports_and_validates(tmp_path):
    load_demo()
    # A few organisations with a known SIRET, one pasted with spaces.
    with_siret = list(Organisation.objects.public().exclude(source="data-inclusion")[:3])
    sirets = ["732 829 320 00074", "13003013300016", "35600000000048"]
    for organisation, siret in zip(with_siret, sirets, strict=True):
        Organisation.objects.filter(pk=organisation.pk).update(siret=siret)
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

    # No record advertises a mode of mobilisation whose contact it does not carry.
    for record in services:
        for mode, contact in di.MODE_CONTACT_FIELDS.items():
            if mode in (record["modes_mobilisation"] or []):
                assert record[contact], (record["id"], mode)
    withheld_modes = [e for e in report if any("Mode de mobilisation" in r for r in e["reasons"])]
    assert withheld_modes  # the demo has professional-only services that say "telephoner"

    # SIRET where known, as 14 digits.
    by_id = {r["id"]: r for r in structures}
    assert by_id[di.structure_id(with_siret[0].pk)]["siret"] == "73282932000074"
    assert by_id[di.structure_id(with_siret[1].pk)]["siret"] == "13003013300016"
    assert by_id[di.structure_id(with_siret[2].pk)]["siret"] == "35600000000048"

    # date_maj is each entry's own last verification date, in ISO format.
    dates = {o.pk: o.verified_on for o in Organisation.objects.all()}
    for record in structures:
        assert record["date_maj"] == dates[int(record["id"].rsplit("-", 1)[1])].isoformat()
    dates = {s.pk: s.verified_on for s in Service.objects.all()}
    for record in services:
        assert record["date_maj"] == dates[int(record["id"].rsplit("-", 1)[1])].isoformat()


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


@pytest.mark.django_db
def test_a_professional_only_contact_takes_its_modes_of_mobilisation_out_of_the_export(
    organisation,
):
    hidden = ServiceFactory(
        organisation=organisation,
        contact_is_professional_only=True,
        mobilisation_modes=["telephoner", "envoyer-un-courriel", "se-presenter"],
    )
    only_phone = ServiceFactory(
        organisation=organisation,
        contact_is_professional_only=True,
        mobilisation_modes=["telephoner"],
    )
    public = ServiceFactory(
        organisation=organisation, mobilisation_modes=["telephoner", "utiliser-lien-mobilisation"]
    )
    result = di.export_services([hidden, only_phone, public])
    records = {r["id"]: r for r in result.records}

    record = records[di.service_id(hidden.pk)]
    assert record["modes_mobilisation"] == ["se-presenter"]
    assert record["telephone"] is None and record["courriel"] is None
    assert record["mobilisable_par"]  # who may mobilise the service is still said
    assert records[di.service_id(only_phone.pk)]["modes_mobilisation"] is None
    # A public contact keeps its mode; a link mode without a link is left out.
    record = records[di.service_id(public.pk)]
    assert record["modes_mobilisation"] == ["telephoner"] and record["telephone"]

    reasons = {entry.id: " ".join(entry.reasons) for entry in result.report}
    assert "« telephoner » non exporté" in reasons[hidden.pk]
    assert "« envoyer-un-courriel » non exporté" in reasons[hidden.pk]
    assert "« utiliser-lien-mobilisation » non exporté" in reasons[public.pk]


@pytest.mark.django_db
def test_an_email_refused_by_the_schema_takes_the_email_mode_with_it(organisation):
    service = ServiceFactory(
        organisation=organisation,
        email="contact@ccas-.example",
        mobilisation_modes=["envoyer-un-courriel", "telephoner"],
    )
    (record,) = di.export_services([service]).records
    assert record["courriel"] is None and record["modes_mobilisation"] == ["telephoner"]


@pytest.mark.django_db
def test_the_structure_carries_its_siret_when_known_and_a_wrong_one_is_reported(saint_denis):
    pasted = OrganisationFactory(commune=saint_denis)
    wrong = OrganisationFactory(commune=saint_denis)
    unknown = OrganisationFactory(commune=saint_denis, siret="")
    # Stored as typed by an older import or the shell (clean() would have compacted it).
    Organisation.objects.filter(pk=pasted.pk).update(siret="732 829 320 00074")
    Organisation.objects.filter(pk=wrong.pk).update(siret="73282932000075")

    result = di.export_structures(
        Organisation.objects.filter(pk__in=[pasted.pk, wrong.pk, unknown.pk])
    )
    records = {r["id"]: r for r in result.records}
    assert records[di.structure_id(pasted.pk)]["siret"] == "73282932000074"
    assert records[di.structure_id(wrong.pk)]["siret"] is None
    assert records[di.structure_id(unknown.pk)]["siret"] is None
    (entry,) = result.report
    assert entry.id == wrong.pk and "SIRET non exporté" in entry.reasons[0]


@pytest.mark.django_db
def test_date_maj_is_the_entry_s_last_verification_not_its_last_edit(organisation):
    checked = timezone.make_aware(datetime(2024, 3, 15, 10))
    service = ServiceFactory(organisation=organisation)
    Service.objects.filter(pk=service.pk).update(verified_at=checked)
    Organisation.objects.filter(pk=organisation.pk).update(verified_at=checked)
    organisation.refresh_from_db()
    service.refresh_from_db()
    # A typo fix since then is an edit, not a verification.
    service.name += " (corrigé)"
    service.save()
    organisation.save()

    (structure,) = di.export_structures([organisation]).records
    (record,) = di.export_services([service]).records
    assert structure["date_maj"] == "2024-03-15" and record["date_maj"] == "2024-03-15"

    # An imported entry never verified here: the source's own date (set by the import).
    imported = ServiceFactory(organisation=organisation, source="dora", source_id="s-1")
    Service.objects.filter(pk=imported.pk).update(
        verified_at=freshness.source_verified_at(date(2023, 11, 2)), verified_by=None
    )
    imported.refresh_from_db()
    (record,) = di.export_services([imported]).records
    assert record["date_maj"] == "2023-11-02"

    # A date in the future would make the schema refuse the record: brought back, and said.
    Service.objects.filter(pk=service.pk).update(verified_at=timezone.now() + timedelta(days=30))
    service.refresh_from_db()
    result = di.export_services([service])
    (record,) = result.records
    assert record["date_maj"] <= date.today().isoformat()
    assert "dans le futur" in result.report[0].reasons[0]
