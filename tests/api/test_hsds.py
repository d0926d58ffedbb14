"""The HSDS 3.0 API (`/api/hsds/`): every answer validates against Open Referral's official
JSON schemas (tests/fixtures/hsds), on the whole demo directory; HSDS paging, search,
`modified_after`, filters; unknown ids answer 404 and bad parameters a clear 4xx."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema_rs import Draft202012Validator

from api.hsds import records
from api.hsds.ids import Kind, object_id
from api.hsds.taxonomy import TAXONOMY_ID, term_id
from directory.models import Organisation, Service
from directory.vocabularies import Status
from tests.directory.factories import OrganisationFactory, ServiceFactory

from .conftest import load_demo
from .hsds_schemas import errors, page_schema, retrieve

BASE = "/api/hsds"
ROOT = Path(__file__).resolve().parents[2]
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def get(client, path: str, **params):
    response = client.get(BASE + path, params)
    assert response.status_code == 200, (path, params, response.content[:500])
    return response.json()


def every_page(client, path: str, item_schema: str, **params) -> list[dict]:
    """All the contents of a list, page by page, each page and item checked against the
    official schemas."""
    page_validator = Draft202012Validator(page_schema(), validate_formats=True)
    contents, number = [], 1
    while True:
        body = get(client, path, page=number, per_page=200, **params)
        assert set(body) == PAGE_KEYS
        assert page_validator.is_valid(body)
        for item in body["contents"]:
            assert not errors(item_schema, item), (path, item["id"], errors(item_schema, item))
        contents += body["contents"]
        if body["last_page"]:
            assert body["total_items"] == len(contents)
            return contents
        number += 1


def assert_valid(schema: str, instance) -> None:
    assert not errors(schema, instance), errors(schema, instance)


# --- The whole demo directory -------------------------------------------------------------------
@pytest.mark.django_db
def test_every_hsds_answer_on_the_whole_demo_directory_follows_the_official_schemas(client):
    load_demo()
    organisations = Organisation.objects.public()
    services = Service.objects.public()
    assert organisations.count() >= 150 and services.count() >= 300

    root = get(client, "/")
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/api/hsds/openapi.json")

    listed = every_page(client, "/organizations", "compiled/organization_list.json")
    assert {o["id"] for o in listed} == {
        object_id(Kind.ORGANIZATION, pk) for pk in organisations.values_list("pk", flat=True)
    }
    full = every_page(
        client, "/organizations", "compiled/organization.json", full="true", full_service="true"
    )
    assert sum(len(o["services"]) for o in full) == services.count()
    for organisation in listed:
        detail = get(client, f"/organizations/{organisation['id']}")
        assert_valid("compiled/organization.json", detail)

    listed = every_page(client, "/services", "compiled/service_list.json")
    assert len(listed) == services.count()
    every_page(client, "/services", "compiled/service.json", full="true")
    every_page(client, "/services", "compiled/service_list.json", minimal="true")
    for service in listed:
        assert_valid("compiled/service.json", get(client, f"/services/{service['id']}"))

    at_locations = every_page(
        client, "/service_at_locations", "compiled/service_at_location_list.json"
    )
    every_page(client, "/service_at_locations", "compiled/service_at_location.json", full="true")
    for entry in at_locations:
        detail = get(client, f"/service_at_locations/{entry['id']}")
        assert_valid("compiled/service_at_location.json", detail)

    locations = every_page(client, "/locations", "location.json")
    assert len({location["id"] for location in locations}) == len(locations)
    for location in locations:
        assert_valid("location.json", get(client, f"/locations/{location['id']}"))
    # Every service at a location points at a listed location.
    assert {entry["location_id"] for entry in at_locations} <= {lo["id"] for lo in locations}

    (taxonomy,) = every_page(client, "/taxonomies", "taxonomy.json")
    assert_valid("taxonomy.json", get(client, f"/taxonomies/{taxonomy['id']}"))
    terms = every_page(client, "/taxonomy_terms", "taxonomy_term.json")
    for term in terms:
        assert_valid("taxonomy_term.json", get(client, f"/taxonomy_terms/{term['id']}"))
    # The demo's services are classified with terms the API lists.
    used = {
        attribute["taxonomy_term_id"]
        for service in every_page(client, "/services", "compiled/service.json", full="true")
        for attribute in service["attributes"]
    }
    assert used and used <= {term["id"] for term in terms}


# --- Mapping -------------------------------------------------------------------------------------
@pytest.fixture
def mapped(saint_denis, montreuil):
    organisation = OrganisationFactory(
        name="CCAS de Saint-Denis",
        commune=saint_denis,
        siret="21930066500017",
        finess="930000001",
        accessibility="Entrée de plain-pied, boucle magnétique à l'accueil.",
    )
    service = ServiceFactory(
        organisation=organisation,
        name="Écoute psychologique",
        opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00; PH off",
        fees="gratuit",
        fees_details="Sans avance de frais.",
        access_conditions="Sur rendez-vous.",
        eligibility_zone=[saint_denis.insee_code, montreuil.insee_code],
        categories=[],
        thematiques=["sante--sante-mentale"],
        mobilisation_link="https://rdv.example/ecoute",
        phone="01 48 22 22 22",
    )
    closed = ServiceFactory(
        organisation=organisation,
        name="Permanence logement",
        closed_from=timezone.localdate() - timedelta(days=1),
        closed_until=timezone.localdate() + timedelta(days=5),
        closure_message="Travaux : permanence à la mairie annexe.",
    )
    return organisation, service, closed


@pytest.mark.django_db
def test_an_organisation_is_published_with_its_siret_and_finess_identifiers(client, mapped):
    organisation, _service, _closed = mapped
    body = get(client, f"/organizations/{object_id(Kind.ORGANIZATION, organisation.pk)}")
    assert_valid("compiled/organization.json", body)
    identifiers = {i["identifier_type"]: i for i in body["organization_identifiers"]}
    assert identifiers["SIRET"]["identifier"] == "21930066500017"
    assert identifiers["SIRET"]["identifier_scheme"] == "FR-INSEE"
    assert identifiers["FINESS"]["identifier"] == "930000001"
    (location,) = body["locations"]
    assert location["addresses"][0]["city"] == "Saint-Denis"
    assert location["addresses"][0]["state_province"] == "Seine-Saint-Denis"
    assert location["accessibility"][0]["description"].startswith("Entrée de plain-pied")
    assert {s["name"] for s in body["services"]} == {"Écoute psychologique", "Permanence logement"}
    assert "phones" not in body["services"][0]  # one-to-one fields unless full_service
    full = get(
        client,
        f"/organizations/{object_id(Kind.ORGANIZATION, organisation.pk)}",
        full_service="true",
    )
    assert all("schedules" in s for s in full["services"])


@pytest.mark.django_db
def test_a_service_says_its_hours_fees_eligibility_areas_and_thematiques_in_hsds(client, mapped):
    _organisation, service, _closed = mapped
    body = get(client, f"/services/{object_id(Kind.SERVICE, service.pk)}")
    assert_valid("compiled/service.json", body)
    assert body["status"] == "active"
    assert body["fees_description"] == "Gratuit\nSans avance de frais."
    assert "Sur rendez-vous." in body["eligibility_description"]
    assert "https://rdv.example/ecoute" in body["application_process"]
    assert body["assured_date"] == service.verified_on.isoformat()
    assert body["phones"][0]["number"] == "+33148222222"
    assert sorted(area["name"] for area in body["service_areas"]) == ["Montreuil", "Saint-Denis"]
    # Schedules from the OSM hours, the original string kept in the notes.
    weekly = {(s["byday"], s["opens_at"], s["closes_at"]) for s in body["schedules"]}
    assert weekly == {
        ("MO,TU,WE,TH,FR", "09:00", "12:00"),
        ("MO,TU,WE,TH,FR", "14:00", "17:00"),
        ("SA", "10:00", "12:00"),
    }
    assert all(s["freq"] == "WEEKLY" for s in body["schedules"])
    assert {s["notes"] for s in body["schedules"]} == {service.opening_hours}
    assert "fermé les jours fériés" in body["schedules"][0]["description"]
    # Thematiques as taxonomy terms of the data·inclusion taxonomy.
    (attribute,) = body["attributes"]
    assert attribute["taxonomy_term_id"] == term_id("sante--sante-mentale")
    term = get(client, f"/taxonomy_terms/{attribute['taxonomy_term_id']}")
    assert term["code"] == "sante--sante-mentale" and term["parent_id"] == term_id("sante")
    assert term["taxonomy_id"] == TAXONOMY_ID


@pytest.mark.django_db
def test_a_temporary_closure_makes_the_service_temporarily_closed_with_an_alert(client, mapped):
    _organisation, _service, closed = mapped
    body = get(client, f"/services/{object_id(Kind.SERVICE, closed.pk)}")
    assert body["status"] == "temporarily closed"
    assert body["alert"].startswith("Fermé temporairement jusqu'au")
    assert "Travaux : permanence à la mairie annexe." in body["alert"]


@pytest.mark.django_db
def test_contacts_reserved_to_professionals_are_never_in_hsds(client, organisation):
    reserved = ServiceFactory(
        organisation=organisation,
        contact_is_professional_only=True,
        phone="+33148999999",
        email="equipe@reserve.example",
    )
    body = get(client, f"/services/{object_id(Kind.SERVICE, reserved.pk)}")
    assert body["phones"] == [] and "email" not in body
    assert b"+33148999999" not in client.get(BASE + "/services", {"full": "true"}).content
    sal = get(client, f"/service_at_locations/{object_id(Kind.SERVICE_AT_LOCATION, reserved.pk)}")
    assert sal["phones"] == []


@pytest.mark.django_db
def test_only_published_entries_are_in_hsds(client, directory):
    draft = ServiceFactory(organisation=directory["organisations"][0], status=Status.DRAFT)
    hidden_organisation = OrganisationFactory(status=Status.DRAFT)
    ids = {s["id"] for s in get(client, "/services", per_page=200)["contents"]}
    assert object_id(Kind.SERVICE, draft.pk) not in ids
    assert ids == {object_id(Kind.SERVICE, s.pk) for s in directory["services"]}
    organisations = {o["id"] for o in get(client, "/organizations")["contents"]}
    assert object_id(Kind.ORGANIZATION, hidden_organisation.pk) not in organisations
    assert client.get(f"{BASE}/services/{object_id(Kind.SERVICE, draft.pk)}").status_code == 404


# --- Paging, search, filters --------------------------------------------------------------------
@pytest.mark.django_db
def test_services_are_paged_the_hsds_way(client, directory):
    first = get(client, "/services", per_page=2)
    assert {k: first[k] for k in PAGE_KEYS - {"contents"}} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    second = get(client, "/services", per_page=2, page=2)
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    beyond = get(client, "/services", per_page=2, page=3)
    assert beyond["contents"] == [] and beyond["empty"] and beyond["last_page"]
    ids = [s["id"] for s in first["contents"] + second["contents"]]
    assert sorted(ids) == sorted(object_id(Kind.SERVICE, s.pk) for s in directory["services"])


@pytest.mark.django_db
def test_the_whole_list_comes_as_ndjson_without_paging(client, directory):
    response = client.get(BASE + "/services", {"format": "ndjson", "per_page": 1})
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 3


@pytest.mark.django_db
def test_modified_after_keeps_the_services_changed_since(client, directory):
    old = datetime(2024, 1, 1, tzinfo=UTC)
    Service.objects.update(updated_at=old)
    changed = directory["services"][1]
    Service.objects.filter(pk=changed.pk).update(updated_at=datetime(2026, 3, 2, tzinfo=UTC))
    body = get(client, "/services", modified_after="2026-03-01T00:00:00+01:00")
    assert [s["id"] for s in body["contents"]] == [object_id(Kind.SERVICE, changed.pk)]
    body = get(client, "/service_at_locations", modified_after="2026-03-01")
    assert [s["service_id"] for s in body["contents"]] == [object_id(Kind.SERVICE, changed.pk)]
    assert get(client, "/services", modified_after="2023-12-31")["total_items"] == 3


@pytest.mark.django_db
def test_search_finds_services_and_organisations_by_their_words_without_accents(client, directory):
    body = get(client, "/services", search="ecoute PSYCHOLOGIQUE")
    assert [s["name"] for s in body["contents"]] == ["Écoute psychologique"]
    body = get(client, "/services", search="voisins")  # the organisation's name
    assert [s["name"] for s in body["contents"]] == ["Café des aidants"]
    body = get(client, "/organizations", search="montreuil")
    assert [o["name"] for o in body["contents"]] == ["Association Voisins de Montreuil"]
    assert get(client, "/taxonomy_terms", search="sante mentale")["total_items"] == 1


@pytest.mark.django_db
def test_services_are_filtered_by_taxonomy_term_organization_and_postcode(
    client, directory, saint_denis, montreuil
):
    mental = term_id("sante--sante-mentale")
    body = get(client, "/services", taxonomy_term_id=mental)
    assert [s["name"] for s in body["contents"]] == ["Écoute psychologique"]
    # A category stands for its thematiques.
    assert get(client, "/services", taxonomy_term_id=term_id("sante"))["total_items"] == 1
    assert get(client, "/services", taxonomy_term_id=str(uuid.uuid4()))["total_items"] == 0
    assert get(client, "/services", taxonomy_id=TAXONOMY_ID)["total_items"] == 3
    other = directory["organisations"][1]
    body = get(client, "/services", organization_id=object_id(Kind.ORGANIZATION, other.pk))
    assert [s["name"] for s in body["contents"]] == ["Café des aidants"]
    # Covering a postcode: the Saint-Denis service limited to its commune.
    Service.objects.filter(name="Aide à domicile").update(eligibility_zone=[saint_denis.insee_code])
    montreuil_postcode = montreuil.postcodes[0]
    names = {
        s["service"]["name"]
        for s in get(client, "/service_at_locations", postcode=montreuil_postcode, full="true")[
            "contents"
        ]
    }
    assert "Aide à domicile" not in names and "Café des aidants" in names
    near = get(
        client, "/service_at_locations", postcode=montreuil_postcode, proximity=3000, full="true"
    )
    assert {s["service"]["name"] for s in near["contents"]} == {"Café des aidants"}


@pytest.mark.django_db
def test_taxonomy_terms_list_the_categories_then_their_thematiques(client):
    top = get(client, "/taxonomy_terms", top_only="true", per_page=200)["contents"]
    assert all("parent_id" not in term for term in top) and len(top) == 16
    children = get(client, "/taxonomy_terms", parent_id=term_id("famille"))["contents"]
    assert {term["code"] for term in children} >= {"famille--garde-denfants"}
    assert all(term["parent_id"] == term_id("famille") for term in children)
    other = get(client, "/taxonomy_terms", taxonomy_id=str(uuid.uuid4()))
    assert other["total_items"] == 0 and other["empty"]


# --- Errors --------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_unknown_ids_answer_404(client, directory):
    service = directory["services"][0]
    organisation = directory["organisations"][0]
    for path in (
        f"/services/{uuid.uuid4()}",
        "/services/pas-un-uuid",
        f"/services/{object_id(Kind.SERVICE, 999_999)}",
        # Another kind's id is not a service's.
        f"/services/{object_id(Kind.ORGANIZATION, organisation.pk)}",
        f"/organizations/{object_id(Kind.SERVICE, service.pk)}",
        f"/service_at_locations/{object_id(Kind.SERVICE, service.pk)}",
        f"/locations/{object_id(Kind.ORGANIZATION, organisation.pk)}",
        f"/taxonomies/{uuid.uuid4()}",
        f"/taxonomy_terms/{TAXONOMY_ID}",
    ):
        response = client.get(BASE + path)
        assert response.status_code == 404, path
        assert response.json()["detail"] == "Identifiant inconnu, ou fiche non publiée."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/services", {"per_page": "0"}, "per_page"),
        ("/services", {"per_page": "201"}, "per_page"),
        ("/services", {"page": "deux"}, "page"),
        ("/services", {"page": "10000000000000000000000"}, "page"),
        ("/services", {"modified_after": "hier"}, "modified_after"),
        ("/services", {"format": "xml"}, "format"),
        ("/organizations", {"full": "peut-etre"}, "full"),
        ("/service_at_locations", {"proximity": "-3"}, "proximity"),
    ],
)
def test_bad_parameters_answer_422_naming_the_parameter(client, path, params, parameter):
    response = client.get(BASE + path, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Paramètres non valides."
    assert [e["parametre"] for e in body["erreurs"]] == [parameter]


@pytest.mark.django_db
def test_proximity_without_a_postcode_answers_400(client):
    response = client.get(BASE + "/service_at_locations", {"proximity": "500"})
    assert response.status_code == 400
    assert response.json()["erreurs"][0]["parametre"] == "proximity"


@pytest.mark.django_db
def test_the_openapi_document_is_open_referrals_with_the_locations_extension(client):
    document = client.get(BASE + "/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert document["jsonSchemaDialect"] == "https://json-schema.org/draft/2020-12/schema"
    assert {
        "/api/hsds/services",
        "/api/hsds/services/{id}",
        "/api/hsds/organizations",
        "/api/hsds/service_at_locations/{id}",
        "/api/hsds/taxonomy_terms",
        "/api/hsds/locations/{id}",
    } <= set(document["paths"])
    sal = document["paths"]["/api/hsds/service_at_locations/{id}"]["get"]["responses"]["200"]
    assert sal["content"]["application/json"]["schema"]["$ref"].endswith(
        "compiled/service_at_location.json"
    )


def test_the_proposed_events_extension_schema_is_valid_and_reuses_the_hsds_schemas():
    schema = json.loads((ROOT / "docs" / "hsds-event.schema.json").read_text(encoding="utf-8"))
    event = {
        "id": str(uuid.uuid4()),
        "name": "Réunion d'information sur l'aide aux aidants",
        "status": "scheduled",
        "is_free": False,
        "cost_options": [{"id": str(uuid.uuid4()), "amount": 5, "currency": "EUR"}],
        "location": {"id": str(uuid.uuid4()), "location_type": "physical"},
        "occurrences": [
            {
                "id": str(uuid.uuid4()),
                "start": "2027-03-02T14:00:00+01:00",
                "end": "2027-03-02T16:00:00+01:00",
            }
        ],
    }
    validator = Draft202012Validator(schema, validate_formats=True, retriever=retrieve)
    assert validator.is_valid(event)
    # The nested location is checked by the official schema: a location without its type is not.
    del event["location"]["location_type"]
    assert not validator.is_valid(event)


def test_hours_without_one_weekly_rhythm_give_one_schedule_in_words_with_the_osm_string():
    expression = "Jan-Jun Mo-Fr 09:00-12:00; Jul-Dec Mo-We 14:00-17:00"
    (schedule,) = records.schedules(expression, "service_id", str(uuid.uuid4()))
    assert schedule["notes"] == expression
    assert schedule["description"] == "variables selon la période, à confirmer auprès du service"
    assert "byday" not in schedule and "opens_at" not in schedule
    assert not errors("schedule.json", schedule)
    # A range up to midnight closes at 24:00; no hours, no schedule.
    (late,) = records.schedules("Fr 20:00-24:00", "service_id", str(uuid.uuid4()))
    assert (late["byday"], late["opens_at"], late["closes_at"]) == ("FR", "20:00", "24:00")
    assert records.schedules("", "service_id", str(uuid.uuid4())) == []
