"""The OpenAPI document and the documentation page, served by this server alone."""

import re
import typing

import pytest
from django.test import Client
from pydantic import BaseModel

from multifactory.api.errors import ERROR_STATUSES


@pytest.fixture
def schema(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_is_openapi_3_1(schema):
    assert schema["openapi"].startswith("3.1")
    assert schema["paths"]


def test_every_operation_documents_the_one_error_format(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ERROR_STATUSES:
                content = operation["responses"][str(status)]["content"]
                assert content["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorOut"
                }, (method, path, status)


def test_public_operations_allow_no_credentials(schema):
    directory = schema["paths"]["/api/v1/m/{slug}/companies"]["get"]
    assert {} in directory["security"]
    me = schema["paths"]["/api/v1/me"]["get"]
    assert {} not in me["security"]
    assert "Visitor" not in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_the_docs_page_loads_swagger_from_this_server_with_the_csp_nonce():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    scripts = re.findall(r"<script nonce=\"([^\"]+)\" src=\"([^\"]+)\"", html)
    assert scripts
    for script_nonce, src in scripts:
        assert script_nonce == nonce
        assert src.startswith("/static/")
    assert "cdn" not in html.lower()
    assert "http://" not in html and "https://" not in html


@pytest.mark.django_db
def test_the_swagger_files_are_served_locally():
    response = Client().get("/static/ninja/swagger-ui-bundle.js")
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_unknown_api_address_answers_404_in_the_error_format():
    response = Client().get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"


def _models(annotation):
    """The pydantic models named in a type annotation, however nested."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models(argument)


def test_no_two_schemas_share_a_name_in_the_document():
    """ninja keys OpenAPI components by class name: two apps' `RuleOut` would
    silently replace each other. Name schemas after their app's things instead."""
    from multifactory.site.api_urls import api

    owners: dict[str, set[str]] = {}
    seen: set[type] = set()
    todo: list[type] = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    todo.extend(_models(model))
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        if not model.__module__.startswith(("ninja", "pydantic")):
            owners.setdefault(model.__name__, set()).add(
                f"{model.__module__}.{model.__qualname__}"
            )
        for field in model.model_fields.values():
            todo.extend(_models(field.annotation))
    clashes = {name: where for name, where in owners.items() if len(where) > 1}
    assert not clashes, f"Rename one of each: {clashes}"
