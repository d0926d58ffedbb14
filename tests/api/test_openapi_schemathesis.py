"""Property-based run of the whole API against its own OpenAPI document (Schemathesis,
stateless, positive and negative examples): never a 5xx, and every response (status,
content type, headers, body) conforms to the document."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis import GenerationMode

from api.pagination import encode_cursor
from tests.api.conformance import conformance_settings

# Loaded at collection: the OpenAPI document needs no database. The real WSGI handler
# closes the database connection after each request, which would end each test's
# transaction: `keep_connection` keeps it open, as Django's test client does.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# `--checks all`: every built-in check (positive_data_acceptance, negative_data_rejection,
# use_after_free, ensure_resource_availability, ignored_auth…) runs on every response.
schema.config.checks.update(included_check_names=["all"])


@schema.parametrize()
@conformance_settings
def test_api_conforms_to_its_openapi_document(case, keep_connection, directory):
    # A cursor is opaque: valid ones come from a response's `next_cursor`, which no schema
    # can describe. A positive case pages on from one the API gives; a negative one keeps
    # what it generated.
    if case.meta.generation.mode == GenerationMode.POSITIVE and case.query.get("cursor"):
        case.query["cursor"] = encode_cursor(1)
    response = case.call()
    case.validate_response(response)


@pytest.mark.django_db
def test_openapi_document_lists_every_resource(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    for resource in ("organisations", "services", "offres", "locaux", "evenements"):
        assert f"/api/v1/{resource}" in paths
        assert f"/api/v1/{resource}.csv" in paths
    assert {"/api/v1/communes", "/api/v1/data-inclusion/structures"} <= paths
    assert {"/api/v1/data-inclusion/services", "/api/v1/data-inclusion/rapport"} <= paths
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"openapi.json" in docs.content
    # Swagger UI comes from our own static files: the CSP allows no CDN.
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content
    assert b"cdn.jsdelivr.net" not in docs.content
