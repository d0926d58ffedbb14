"""What the two Schemathesis runs share (`/api/v1/` against its own OpenAPI document, `/api/hsds/`
against HSDS 3.0's): the Hypothesis settings of a run (their `keep_connection` fixture is in
conftest.py)."""

from hypothesis import HealthCheck, settings

EXAMPLES_PER_OPERATION = 10

conformance_settings = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
