"""Property-based run of `/api/hsds/` against its OpenAPI document — Open Referral's HSDS 3.0
OpenAPI as the API serves it — with the official response schemas bundled from the fixtures
(no network): never a 5xx, and every response (status, content type, headers, body)
conforms to the document (Schemathesis, stateless, positive and negative examples)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from schemathesis import GenerationMode

from tests.api.conformance import conformance_settings
from tests.directory.factories import OrganisationFactory, ServiceFactory

from .hsds_schemas import bundled_openapi


def load_schema():
    # The document needs no database; Django's test client fetches it at collection.
    document = Client().get("/api/hsds/openapi.json").json()
    schema = schemathesis.openapi.from_dict(bundled_openapi(document))
    schema.app = get_wsgi_application()
    return schema


schema = load_schema()
schema.config.checks.update(included_check_names=["all"])


@pytest.fixture
def hsds_directory(saint_denis):
    organisation = OrganisationFactory(name="CCAS de Saint-Denis", commune=saint_denis)
    service = ServiceFactory(organisation=organisation, thematiques=["sante--sante-mentale"])
    return organisation, service


@schema.parametrize()
@conformance_settings
def test_hsds_api_conforms_to_the_hsds_openapi_document(case, keep_connection, hsds_directory):
    # `proximity` is measured from a postcode's centre: alone, it is refused (400), which the
    # document cannot express; a positive case sends the postcode with it.
    positive = case.meta.generation.mode == GenerationMode.POSITIVE
    if positive and case.query and case.query.get("proximity") is not None:
        case.query.setdefault("postcode", "93200")
    response = case.call()
    case.validate_response(response)
