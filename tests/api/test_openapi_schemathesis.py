"""Property-based run of the whole API against its own OpenAPI document (Schemathesis,
stateless, positive and negative examples): never a 5xx, and every response (status,
content type, headers, body) conforms to the document."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 10


# Loaded at collection: the OpenAPI document needs no database. The real WSGI handler
# closes the database connection after each request, which would end each test's
# transaction: `keep_connection` keeps it open, as Django's test client does.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_connection(db):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_openapi_document(case, keep_connection, directory):
    response = case.call()
    case.validate_response(response, checks=CHECKS)


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
