"""schemathesis over the whole OpenAPI document: whatever a client sends, the API
answers without a server error and as its document promises.

Generic over the schema: every router added to /api/v1/ is fuzzed too. The calls are
authenticated with a personal token of the founder of the `world` multifactory (who
may do the most) and, in a second run, of a representative of a member company (who
reaches the company's own operations and the refusals of the rest); tenant-scoped
operations are aimed at that multifactory so the fuzzing reaches the services instead
of stopping at a 404.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from multifactory.api.services import api_token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Path parameters that name the world's own rows.
KNOWN = {"slug": "r84-test", "mf": "r84-test", "org": "atelier-uno"}


@pytest.fixture(params=["founder", "owner"], ids=["founder", "representative"])
def token(request, world):
    _api_token, token = api_token_create(by=getattr(world, request.param), name="fuzz")
    # Requests go through the real WSGI handler, which closes the database connection
    # after each response; the test's transaction must survive that, as the Django
    # test client ensures for its own requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield token
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_promises_whatever_it_is_sent(case, token):
    for name, value in KNOWN.items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    # Each call in its own savepoint: a statement the database refused (and the API
    # answered with a client error) must not poison the calls that follow.
    with transaction.atomic():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
        )
