"""One error format for everything, and never a server error for bad input."""

import re

import pytest
from django.test import Client

from multifactory.api import errors
from multifactory.api.testing import ApiClient, error_of
from multifactory.community import services as community

from .helpers import MF


@pytest.mark.django_db
class TestErrorFormat:
    def test_request_validation_answers_422_with_fields(self, world):
        response = ApiClient(world.founder).post(
            "/api/v1/multifactories", {"name": 42, "is_public": "maybe"}
        )
        assert response.status_code == 422
        error = error_of(response)
        assert error["code"] == "invalid"
        assert error["message"] == str(errors.INVALID_REQUEST)
        assert set(error["fields"]) == {"name", "is_public"}

    def test_a_missing_field_is_named(self, world):
        response = ApiClient(world.founder).post("/api/v1/multifactories", {})
        assert error_of(response)["fields"]["name"]

    def test_query_parameters_are_validated_too(self, world):
        response = ApiClient(world.member).get(f"{MF}/companies", limit=1000)
        assert response.status_code == 422
        assert "limit" in error_of(response)["fields"]

    def test_a_service_validation_error_answers_422_with_its_field(self, world):
        response = ApiClient(world.founder).post(
            "/api/v1/multifactories", {"name": "Other", "slug": "r84-test"}
        )
        assert response.status_code == 422
        assert error_of(response)["fields"]["slug"] == [str(community.SLUG_TAKEN)]

    def test_permission_denied_answers_403_with_the_reason(self, world):
        response = ApiClient(world.outsider).get(f"{MF}/people")
        assert response.status_code == 403
        error = error_of(response)
        assert error["code"] == "permission_denied"
        assert "Only people of the member companies" in error["message"]

    def test_not_found_answers_404_with_the_reason(self, world):
        response = ApiClient(world.member).get("/api/v1/m/nowhere")
        assert response.status_code == 404
        assert error_of(response)["message"] == "No multifactory lives at this address."

    def test_a_body_that_is_not_json_answers_400_in_the_format(self, world):
        api = ApiClient(world.founder)
        response = api.client.post(
            "/api/v1/multifactories",
            data="{not json",
            content_type="application/json",
            headers=api.headers,
        )
        assert response.status_code == 400
        assert error_of(response)["code"] == "bad_request"

    def test_a_wrong_method_is_refused_politely(self, world):
        response = ApiClient(world.founder).delete("/api/v1/me")
        assert response.status_code == 405


@pytest.mark.django_db
class TestNoServerErrorForBadInput:
    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/m/%00",
            "/api/v1/m/r84-test/companies/%00",
            "/api/v1/m/r84-test/people/99999999999999999999999",
            "/api/v1/m/r84-test/people/-1",
            "/api/v1/m/r84-test/companies?search=%00",
            "/api/v1/m/r84-test/audit?action=%00",
            "/api/v1/m/r84-test/companies?offset=99999999999999",
        ],
    )
    def test_odd_addresses_get_a_client_error(self, world, path):
        response = ApiClient(world.member).get(path)
        assert 400 <= response.status_code < 500 or response.status_code == 200
        assert response["Content-Type"].startswith("application/json")

    def test_a_nul_character_in_a_body_is_refused_not_crashed_on(self, world):
        response = ApiClient(world.founder).post(
            "/api/v1/multifactories", {"name": "Nul\x00Factory", "slug": "nul"}
        )
        assert response.status_code in {201, 422}

    def test_a_visitor_may_use_head_and_options_without_a_crash(self, world):
        assert Client().head(f"{MF}/companies").status_code < 500


@pytest.mark.django_db
def test_errors_speak_the_language_the_client_asks_for(world):
    response = Client().get("/api/v1/me", headers={"Accept-Language": "it"})
    assert response.status_code == 401
    assert error_of(response)["message"].startswith("Accedi, oppure invia un token")


@pytest.mark.django_db
class TestNumbersOutOfRange:
    def test_huge_ids_in_a_body_are_not_a_server_error(self, world):
        response = ApiClient(world.member).post(
            "/api/v1/notifications/read", {"ids": [2**70, -(2**70), 1]}
        )
        assert response.status_code in {200, 422}

    def test_a_huge_person_filter_is_not_a_server_error(self, world):
        response = ApiClient(world.member).get(f"{MF}/mandates", person_id=str(2**70))
        assert response.status_code in {404, 422}

    def test_a_huge_membership_id_is_not_found(self, world):
        response = ApiClient(world.owner).delete(
            f"{MF}/companies/atelier-uno/memberships/{2**70}"
        )
        assert response.status_code in {404, 422}


@pytest.mark.django_db
def test_after_a_refused_value_the_next_request_still_works(world):
    api = ApiClient(world.member)
    assert api.get("/api/v1/m/%00").status_code in {404, 422}
    assert api.get(f"{MF}/companies", search="\x00").status_code in {200, 422}
    assert api.get(f"{MF}/companies").status_code == 200


# A request body that is JSON but not an object (finding 7 of issue 7): ninja's
# schemas read attributes of whatever they are given, so "AAA" once reported an
# incident titled "Aaa" and revoked a mandate.
NOT_OBJECTS = ['"AAA"', "5", "-1.5", "[]", "[1, 2]", '[{"name": "x"}]', "null", "true"]


def _json_body_operations(world) -> list[tuple[str, str]]:
    document = ApiClient(world.member).get("/api/v1/openapi.json").json()
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            # The door access check authenticates a device first: 401 without one.
            if "application/json" in content and "access-check" not in path:
                address = path.replace("{slug}", "r84-test")
                address = address.replace("{org}", "atelier-uno")
                operations.append((method, re.sub(r"\{\w+\}", "1", address)))
    return operations


@pytest.mark.django_db
def test_a_body_that_is_not_an_object_is_refused_by_every_operation(world):
    api = ApiClient(world.founder)
    operations = _json_body_operations(world)
    assert len(operations) > 40  # the whole document, not a handful
    for method, path in operations:
        for body in NOT_OBJECTS:
            response = getattr(api.client, method)(
                path, data=body, content_type="application/json", headers=api.headers
            )

            assert response.status_code == 400, (method, path, body)
            error = error_of(response)
            assert error["code"] == "bad_request"
            assert error["message"] == str(errors.BODY_NOT_AN_OBJECT)


@pytest.mark.django_db
def test_an_incident_is_not_reported_from_a_bare_string(world):
    api = ApiClient(world.founder)
    response = api.client.post(
        f"{MF}/place/incidents",
        data='"AAA"',
        content_type="application/json",
        headers=api.headers,
    )

    assert response.status_code == 400
    assert not world.multifactory.incidents.exists()


@pytest.mark.django_db
def test_a_body_that_is_not_json_says_so(world):
    api = ApiClient(world.founder)
    response = api.client.post(
        "/api/v1/notifications/read",
        data="AAA",
        content_type="application/json",
        headers=api.headers,
    )

    assert response.status_code == 400
    assert error_of(response)["message"] == str(errors.BODY_NOT_JSON)
